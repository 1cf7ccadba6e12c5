import datetime
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from accounts.choices import Role
from notifications import reminders, services
from notifications.choices import NotificationKind
from notifications.models import Notification, ReminderLog
from partnerships.choices import AgreementStatus
from tests.accounts.factories import make_member

from .factories import AgreementFactory

TODAY = datetime.date(2026, 11, 29)


def run(today=TODAY):
    return reminders.run_rule("agreement_expiring", today=today)


def ends_in(days, **kw):
    return AgreementFactory(end_date=TODAY + datetime.timedelta(days=days), **kw)


@pytest.fixture
def people(admin_user, enterprise_user, other_enterprise_user, teacher):
    return admin_user, enterprise_user, other_enterprise_user, teacher


@pytest.mark.django_db
def test_fires_at_60_days_to_admins_and_the_partner_only(people, enterprise_org):
    admin, ent, other_ent, teacher = people
    a = ends_in(60, parties=[enterprise_org])
    assert run() == 2
    rows = Notification.objects.filter(kind=NotificationKind.AGREEMENT_EXPIRING)
    assert {n.recipient_id for n in rows} == {admin.pk, ent.pk}
    n = rows.get(recipient=ent)
    assert a.code in n.title and "60" in n.title and n.target == a
    assert ReminderLog.objects.get().key == f"agreement_expiring:60:agreement:{a.pk}:{a.end_date.isoformat()}"


@pytest.mark.django_db
def test_not_before_the_first_threshold(people, enterprise_org):
    ends_in(61, parties=[enterprise_org])
    assert run() == 0 and not Notification.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", [AgreementStatus.DRAFT, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED])
def test_only_active_agreements(people, enterprise_org, status):
    ends_in(7, parties=[enterprise_org], status=status)
    assert run() == 0


@pytest.mark.django_db
def test_ended_agreements_are_left_alone(people, enterprise_org):
    ends_in(-1, parties=[enterprise_org])
    assert run() == 0


@pytest.mark.django_db
def test_each_threshold_once_and_running_twice_sends_nothing_more(people, enterprise_org):
    admin = people[0]
    a = ends_in(60, parties=[enterprise_org])
    assert run() == 2
    assert run() == 0
    assert run(TODAY + datetime.timedelta(days=15)) == 0  # 45 days left: still the 60-day period
    assert run(TODAY + datetime.timedelta(days=30)) == 2  # 30 days left
    assert run(TODAY + datetime.timedelta(days=31)) == 0
    assert run(TODAY + datetime.timedelta(days=53)) == 2  # 7 days left
    assert run(TODAY + datetime.timedelta(days=53)) == 0
    titles = sorted(Notification.objects.filter(recipient=admin).values_list("title", flat=True))
    assert len(titles) == 3 and all(a.code in t for t in titles)


@pytest.mark.django_db
def test_a_late_first_sight_sends_only_the_tightest_threshold(people, enterprise_org):
    a = ends_in(5, parties=[enterprise_org])
    assert run() == 2
    assert set(ReminderLog.objects.values_list("key", flat=True)) == {
        f"agreement_expiring:7:agreement:{a.pk}:{a.end_date.isoformat()}"
    }


@pytest.mark.django_db
def test_an_extended_end_date_arms_the_reminders_again(people, enterprise_org):
    a = ends_in(7, parties=[enterprise_org])
    assert run() == 2
    a.end_date = TODAY + datetime.timedelta(days=6)  # renegotiated: new end date, new period
    a.save()
    assert run() == 2


@pytest.mark.django_db
def test_thresholds_come_from_settings(settings, people, enterprise_org):
    settings.IEI_REMINDERS = {"AGREEMENT_EXPIRY_DAYS": [90, 14]}
    ends_in(80, parties=[enterprise_org])
    assert run() == 2
    assert ReminderLog.objects.get().key.startswith("agreement_expiring:90:")


@pytest.mark.django_db
def test_every_party_is_told(people, enterprise_org, other_enterprise_org):
    admin, ent, other_ent, _ = people
    ends_in(30, parties=[enterprise_org, other_enterprise_org])
    assert run() == 3
    assert set(Notification.objects.values_list("recipient_id", flat=True)) == {admin.pk, ent.pk, other_ent.pk}


@pytest.mark.django_db
def test_inactive_partner_membership_is_not_told(people, enterprise_org):
    ent = people[1]
    ent.memberships.update(is_active=False)
    ends_in(30, parties=[enterprise_org])
    assert run() == 1


@pytest.mark.django_db
def test_titles_follow_the_recipients_language(people, enterprise_org):
    admin, ent = people[0], people[1]
    ent.language = "en"
    ent.save()
    a = ends_in(30, parties=[enterprise_org])
    run()
    assert Notification.objects.get(recipient=ent).title == f"Agreement {a.code} expires in 30 days"
    assert "30" in Notification.objects.get(recipient=admin).title


@pytest.mark.django_db
def test_job_queries_do_not_grow_with_agreements(people, enterprise_org, other_enterprise_org,
                                                 django_assert_max_num_queries):
    for _ in range(3):
        ends_in(30, parties=[enterprise_org])
    ContentType.objects.get_for_model(Notification)
    with django_assert_max_num_queries(16) as first:
        run()
    for _ in range(20):
        ends_in(30, parties=[enterprise_org, other_enterprise_org])
    with django_assert_max_num_queries(len(first.captured_queries)):
        run()
    assert Notification.objects.count() == 3 * 2 + 20 * 3


@pytest.mark.django_db
def test_batches_cost_a_constant_number_of_queries(settings, people, enterprise_org):
    """Batches of 5: 5, 10 and 20 agreements take 1, 2 and 4 batches, and each batch costs the same."""
    from django.test.utils import CaptureQueriesContext

    settings.IEI_REMINDERS = {"BATCH_SIZE": 5}
    ContentType.objects.get_for_model(Notification)
    counts = []
    for total in (5, 10, 20):
        Notification.objects.all().delete()
        ReminderLog.objects.all().delete()
        while AgreementFactory._meta.model.objects.count() < total:
            ends_in(30, parties=[enterprise_org])
        with CaptureQueriesContext(connection) as ctx:
            assert run() == total * 2
        counts.append(len(ctx))
    per_batch = counts[1] - counts[0]
    assert per_batch <= 12
    assert counts[2] - counts[1] == 2 * per_batch


@pytest.mark.django_db
def test_interrupted_run_then_rerun_leaves_no_duplicates(settings, people, enterprise_org, monkeypatch):
    """A crash in the middle (after the first batch committed) and a re-run: every reminder exactly once."""
    settings.IEI_REMINDERS = {"BATCH_SIZE": 4}
    agreements = [ends_in(30, parties=[enterprise_org]) for _ in range(10)]
    real = services.deliver
    calls = {"n": 0}

    def crash_on_second_batch(messages):
        calls["n"] += 1
        if calls["n"] == 2:
            real(messages[:2])  # part of the batch is written inside the batch's transaction ...
            raise RuntimeError("worker killed")  # ... and rolled back with it
        return real(messages)

    monkeypatch.setattr(reminders, "deliver", crash_on_second_batch)
    with pytest.raises(RuntimeError):
        run()
    assert Notification.objects.count() == 4 * 2  # only the first batch survived
    monkeypatch.setattr(reminders, "deliver", real)
    assert run() == 6 * 2
    assert run() == 0
    assert Notification.objects.count() == len(agreements) * 2
    assert ReminderLog.objects.count() == len(agreements)


@pytest.mark.django_db(transaction=True)
def test_parallel_runs_send_each_reminder_once(college, enterprise_org):
    admin = make_member(Role.COLLEGE_ADMIN, college, username="admin_par")
    ent = make_member(Role.ENTERPRISE, enterprise_org, username="ent_par")
    for _ in range(30):
        ends_in(30, parties=[enterprise_org])
    errors = []
    barrier = threading.Barrier(4)

    def worker():
        try:
            barrier.wait()
            run()
        except Exception as exc:  # noqa: BLE001 - reported to the main thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert Notification.objects.filter(recipient=admin).count() == 30
    assert Notification.objects.filter(recipient=ent).count() == 30
    assert ReminderLog.objects.count() == 30
