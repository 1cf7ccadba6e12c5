"""An event told to 2,000 people (a notice to every student of a department) is written set-wise and
e-mails each of them at most once, however often it is delivered (issue 19, performance and reliability).

The timing is bench/notifications_fanout.py's job; this test checks the counts and the statement budget.
"""
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.events import Event
from core.hosts import Audience
from notifications import subscribers
from notifications.choices import EmailFrequency, EmailState, NotificationKind
from notifications.models import Notification, NotificationPreference, ReminderLog

pytestmark = pytest.mark.django_db

N = 2000


@pytest.fixture
def students():
    User = get_user_model()
    User.objects.bulk_create([User(username=f"fan{i:04d}", email=f"fan{i:04d}@example.edu", language="en")
                              for i in range(N)])
    return list(User.objects.filter(username__startswith="fan").values_list("pk", flat=True))


@pytest.fixture
def to_everyone(monkeypatch, students):
    def everyone(event):
        return [Audience(user_ids=tuple(students), kind=NotificationKind.PLACEMENT_CHANGED, title="Department notice")]
    monkeypatch.setattr(subscribers, "audiences", lambda: {"internships.placement.active": [everyone]})


def test_two_thousand_recipients_are_written_set_wise_and_once(students, to_everyone, placement_event):
    with CaptureQueriesContext(connection) as ctx:
        assert subscribers.notify_event(placement_event) == N
    inserts = [q for q in ctx.captured_queries if q["sql"].startswith('INSERT INTO "notifications_notification"')]
    assert len(inserts) == 2  # batches of 1,000, not one statement per recipient
    assert len(ctx.captured_queries) <= 12
    assert Notification.objects.count() == N
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == set(students)
    # the task redelivered: the key is claimed, nothing more is written
    assert subscribers.notify_event(placement_event) == 0
    assert Notification.objects.count() == N and ReminderLog.objects.count() == 1


def test_two_thousand_immediate_e_mails_are_one_per_recipient(students, to_everyone, placement_event, eager_celery,
                                                             django_capture_on_commit_callbacks):
    NotificationPreference.objects.bulk_create([
        NotificationPreference(user_id=pk, kind=NotificationKind.PLACEMENT_CHANGED,
                               email_frequency=EmailFrequency.IMMEDIATE) for pk in students])
    with django_capture_on_commit_callbacks(execute=True):
        subscribers.notify_event(placement_event)
    with django_capture_on_commit_callbacks(execute=True):
        subscribers.notify_event(placement_event)  # redelivered
    assert len(mail.outbox) == N
    assert sorted(m.to[0] for m in mail.outbox) == sorted(f"fan{i:04d}@example.edu" for i in range(N))
    assert not Notification.objects.exclude(email_state=EmailState.SENT).exists()


@pytest.fixture
def placement_event(db):
    return Event(name="internships.placement.active", model="internships.placement", object_id=1, actor_id=None)
