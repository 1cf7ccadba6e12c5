"""Notifications as a host of domain events: the people an application step concerns hear of it at once.

The audience comes from internships/recipients.py; the delivery (once per event and user, never to
the actor, nothing for a rolled-back step) from notifications/subscribers.py.
"""
import pytest
from django.db import transaction

from accounts.choices import Role
from core import tasks
from core.events import Event, subscriptions
from internships import services
from notifications.choices import NotificationKind
from notifications.models import Notification
from notifications.subscribers import HANDLER, notify_event
from tests.accounts.factories import make_member
from tests.internships.factories import ApplicationFactory, PostingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(monkeypatch):
    """What the dispatcher hands to Celery after the commit: (event payload, subscriber path)."""
    sent = []
    monkeypatch.setattr(tasks.deliver_event, "delay", lambda payload, path: sent.append((payload, path)))
    # the worker splits an event for several subscribers (core.tasks.fan_out_event): run that part here
    monkeypatch.setattr(tasks.fan_out_event, "delay",
                        lambda payload, handlers: tasks.fan_out_event(payload, handlers))
    return sent


def run_notifications(queued) -> None:
    """What the worker does with the queued notification tasks."""
    for payload, path in queued:
        if path == HANDLER:
            tasks.deliver_event(payload, path)


@pytest.fixture
def posting(enterprise_org):
    return PostingFactory(enterprise=enterprise_org)


def test_the_subscriber_is_registered_for_the_events_the_apps_name():
    subscribed = {s.pattern for s in subscriptions() if s.handler == HANDLER}
    assert {"internships.application.created", "internships.application.offered", "internships.application.rejected",
            "internships.application.accepted", "internships.application.declined"} <= subscribed


def test_a_committed_offer_notifies_the_student_once_even_if_the_subscriber_runs_twice(
        posting, student, enterprise_user, queued, django_capture_on_commit_callbacks):
    application = ApplicationFactory(posting=posting, student=student)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(application=application, action="offer", by=enterprise_user)
    [(payload, _path)] = [q for q in queued if q[1] == HANDLER]
    assert payload["name"] == "internships.application.offered"
    run_notifications(queued)
    run_notifications(queued)  # the task redelivered, or a second worker on the same message
    assert notify_event(Event.from_dict(payload)) == 0
    n = Notification.objects.get()
    assert n.recipient == student and n.kind == NotificationKind.APPLICATION_DECIDED
    assert posting.title in n.title and n.target == application
    assert not Notification.objects.filter(recipient=enterprise_user).exists()  # the actor


def test_a_rolled_back_step_notifies_nobody(posting, student, enterprise_user, queued,
                                            django_capture_on_commit_callbacks):
    application = ApplicationFactory(posting=posting, student=student)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.application_move(application=application, action="offer", by=enterprise_user)
            raise RuntimeError("a later part of the same request failed")
    assert callbacks == [] and queued == []
    run_notifications(queued)
    assert not Notification.objects.exists()


def test_a_new_application_notifies_the_enterprise_not_the_student(
        posting, student, enterprise_user, other_enterprise_user, enterprise_org, queued,
        django_capture_on_commit_callbacks):
    colleague = make_member(Role.ENTERPRISE, enterprise_org, username="colleague")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_create(posting=posting, student=student)
    run_notifications(queued)
    rows = Notification.objects.filter(kind=NotificationKind.APPLICATION_RECEIVED)
    assert {n.recipient_id for n in rows} == {enterprise_user.pk, colleague.pk}
    assert not Notification.objects.filter(recipient__in=[student, other_enterprise_user]).exists()


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_the_students_answer_notifies_the_enterprise(posting, student, enterprise_user, queued, action,
                                                     django_capture_on_commit_callbacks):
    application = ApplicationFactory(posting=posting, student=student, status="offered")
    with django_capture_on_commit_callbacks(execute=True):
        if action == "accept":
            services.application_accept(application=application, by=student)
        else:
            services.application_move(application=application, action="decline", by=student)
    run_notifications(queued)
    n = Notification.objects.get(kind=NotificationKind.OFFER_ANSWERED)
    assert n.recipient == enterprise_user
    assert not Notification.objects.filter(recipient=student).exists()


def test_the_actor_is_never_told_of_their_own_action(posting, student, enterprise_user, enterprise_org):
    colleague = make_member(Role.ENTERPRISE, enterprise_org, username="colleague")
    application = ApplicationFactory(posting=posting, student=student)
    # an enterprise user who also stands in the audience (here: of a new application) is left out
    event = Event(name="internships.application.created", model="internships.application",
                  object_id=application.pk, actor_id=enterprise_user.pk)
    assert notify_event(event) == 1
    assert Notification.objects.get().recipient == colleague


def test_a_rejection_tells_the_student(posting, student, enterprise_user):
    application = ApplicationFactory(posting=posting, student=student)
    event = Event(name="internships.application.rejected", model="internships.application",
                  object_id=application.pk, actor_id=enterprise_user.pk)
    assert notify_event(event) == 1
    n = Notification.objects.get()
    assert n.recipient == student and n.kind == NotificationKind.APPLICATION_DECIDED


def test_an_enterprise_whose_membership_is_not_in_force_hears_nothing(posting, student, enterprise_user,
                                                                      enterprise_org):
    from accounts.models import Organization

    Organization.objects.filter(pk=enterprise_org.pk).update(is_active=False)
    application = ApplicationFactory(posting=posting, student=student)
    event = Event(name="internships.application.created", model="internships.application",
                  object_id=application.pk, actor_id=student.pk)
    assert notify_event(event) == 0
