import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.choices import Role
from core.workflow import record_status_change
from faculty.choices import PlacementStatus
from faculty.models import TeacherPlacement, TeacherProfile
from notifications import reminders
from notifications.choices import NotificationKind
from notifications.models import Notification
from tests.accounts.factories import make_member
from tests.notifications.querycount import queries_of

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)


def days(n):
    return TODAY + datetime.timedelta(days=n)


def at(date):
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(10)))


def run(name, today=TODAY):
    return reminders.run_rule(name, today=today)


def recipients():
    return set(Notification.objects.values_list("recipient_id", flat=True))


# --- practice standing ---------------------------------------------------------------------------------
# Defaults (settings.IEI): 180 days in a 5-year window, 36 a year. A teacher employed for the whole
# window is expected to have 180 counted days; one who joined this year, 36.

def profile(user, *, joined=None, specialist=True):
    return TeacherProfile.objects.create(user=user, employed_since=joined, is_specialist=specialist)


def counted(prof, host, n_days, status=PlacementStatus.COUNTED):
    return TeacherPlacement.objects.create(teacher=prof, host=host, start_date=days(-200), end_date=days(-1),
                                           role="AIGC分镜师", days=n_days, status=status)


def test_behind_goes_to_the_teacher_and_the_admins_at_risk_to_the_teacher_only(
        teacher, teacher2, admin_user, enterprise_user):
    profile(teacher)  # 0 of 180 expected: behind
    profile(teacher2, joined=days(-100))  # 0 of 36 expected: at risk
    assert run("teacher_practice_standing") == 3
    mine = Notification.objects.filter(recipient=teacher).get()
    assert mine.kind == NotificationKind.TEACHER_PRACTICE and mine.url == "/faculty/"
    assert "180" in mine.body
    admin_note = Notification.objects.get(recipient=admin_user)
    assert teacher.display_name in admin_note.title
    assert Notification.objects.filter(recipient=teacher2).count() == 1
    assert enterprise_user.pk not in recipients()
    assert run("teacher_practice_standing") == 0


def test_the_threshold_is_faculty_own_standing(teacher, enterprise_org):
    prof = profile(teacher, joined=days(-100))
    placement = counted(prof, enterprise_org, 36)  # exactly the expected days: on track
    assert run("teacher_practice_standing") == 0
    TeacherPlacement.objects.filter(pk=placement.pk).update(days=35)  # one day short: at risk
    assert run("teacher_practice_standing") == 1
    assert Notification.objects.get().key == f"teacher_practice_standing:at_risk:teacherprofile:{prof.pk}:2026-11"


def test_only_counted_placements_count(teacher, enterprise_org):
    prof = profile(teacher, joined=days(-100))
    counted(prof, enterprise_org, 60, status=PlacementStatus.SUBMITTED)
    assert run("teacher_practice_standing") == 1
    assert "60" in Notification.objects.get().body  # shown as waiting for confirmation


def test_non_specialists_and_inactive_teachers_are_left_alone(teacher, teacher2):
    profile(teacher, specialist=False)
    profile(teacher2)
    teacher2.is_active = False
    teacher2.save()
    assert run("teacher_practice_standing") == 0


def test_once_per_standing_and_month(teacher, admin_user, enterprise_org):
    prof = profile(teacher, joined=days(-100))
    assert run("teacher_practice_standing") == 1  # at risk
    assert run("teacher_practice_standing", today=days(1)) == 0  # 30 November: same month
    # a year later with still nothing counted, the same teacher is behind: a new standing
    TeacherProfile.objects.filter(pk=prof.pk).update(employed_since=days(-500))
    assert run("teacher_practice_standing", today=days(1)) == 2  # teacher and admin
    assert run("teacher_practice_standing", today=days(2)) == 2  # December: reminded again


def test_standings_watched_are_a_setting(settings, teacher, teacher2, admin_user):
    settings.IEI_REMINDERS = {"TEACHER_PRACTICE_STANDINGS": ["behind"]}
    profile(teacher)
    profile(teacher2, joined=days(-100))
    assert run("teacher_practice_standing") == 2
    assert teacher2.pk not in recipients()


def test_standing_queries_per_batch_do_not_grow_with_teachers(department, enterprise_org, admin_user):
    def teachers(n, start):
        for i in range(n):
            prof = profile(make_member(Role.TEACHER, department, username=f"tq{start + i}"))
            counted(prof, enterprise_org, 10)

    teachers(2, 0)
    small = queries_of(lambda: run("teacher_practice_standing"))
    teachers(18, 2)
    large = queries_of(lambda: run("teacher_practice_standing", today=days(3)))  # December: all 20 again
    assert Notification.objects.filter(recipient=admin_user).count() == 22
    assert large == small


# --- teacher placement waiting for the host ----------------------------------------------------------

@pytest.fixture
def submitted(teacher, enterprise_org):
    prof = profile(teacher, joined=days(-100))
    p = TeacherPlacement.objects.create(teacher=prof, host=enterprise_org, start_date=days(-60), end_date=days(-31),
                                        role="虚拟制片助理", days=20, status=PlacementStatus.SUBMITTED)
    record_status_change(p, from_status=PlacementStatus.DRAFT, to_status=PlacementStatus.SUBMITTED, by=teacher)
    return p


def submitted_on(placement, date):
    from core.models import StatusChange

    StatusChange.objects.filter(object_id=placement.pk, to_status=PlacementStatus.SUBMITTED).update(at=at(date))


def test_waiting_placement_reminds_the_host_after_n_days(submitted, enterprise_user, other_enterprise_user,
                                                         admin_user, teacher):
    submitted_on(submitted, days(-6))
    assert run("teacher_placement_unconfirmed") == 0
    submitted_on(submitted, days(-7))
    assert run("teacher_placement_unconfirmed") == 1
    n = Notification.objects.get()
    assert n.recipient == enterprise_user and n.kind == NotificationKind.TEACHER_PLACEMENT_PENDING
    assert teacher.display_name in n.title
    assert run("teacher_placement_unconfirmed") == 0
    assert len(mail.outbox) == 0  # no contact e-mail: no link


def test_reminded_again_every_n_days_until_answered(submitted, enterprise_user):
    submitted_on(submitted, days(-7))
    assert run("teacher_placement_unconfirmed") == 1
    assert run("teacher_placement_unconfirmed", today=days(6)) == 0
    assert run("teacher_placement_unconfirmed", today=days(7)) == 1
    TeacherPlacement.objects.filter(pk=submitted.pk).update(status=PlacementStatus.CONFIRMED)
    assert run("teacher_placement_unconfirmed", today=days(14)) == 0


def test_waiting_counts_from_the_latest_submission(submitted, enterprise_user):
    submitted_on(submitted, days(-30))
    record_status_change(submitted, from_status=PlacementStatus.RETURNED, to_status=PlacementStatus.SUBMITTED)
    assert run("teacher_placement_unconfirmed") == 0  # resubmitted today


def test_rows_without_a_recorded_submission_use_updated_at(teacher, enterprise_org, enterprise_user):
    prof = profile(teacher, joined=days(-100))
    p = TeacherPlacement.objects.create(teacher=prof, host=enterprise_org, start_date=days(-60), end_date=days(-31),
                                        role="剪辑", days=20, status=PlacementStatus.SUBMITTED)
    TeacherPlacement.objects.filter(pk=p.pk).update(updated_at=at(days(-8)))
    assert run("teacher_placement_unconfirmed") == 1


@pytest.mark.parametrize("status", [PlacementStatus.DRAFT, PlacementStatus.RETURNED, PlacementStatus.CONFIRMED,
                                    PlacementStatus.COUNTED])
def test_only_submitted_placements_wait(submitted, enterprise_user, status):
    submitted_on(submitted, days(-20))
    TeacherPlacement.objects.filter(pk=submitted.pk).update(status=status)
    assert run("teacher_placement_unconfirmed") == 0


def registered_contact(org, email, name="李经理"):
    """The contact the host enterprise registered on its partner profile (the only address a link goes to)."""
    from partnerships.models import Enterprise

    Enterprise.objects.update_or_create(organization=org, defaults={"segment": "film", "contact_name": name,
                                                                    "contact_email": email})


def test_contact_without_account_gets_a_working_one_time_link(submitted, enterprise_user, enterprise_org):
    from faculty.services import placement_from_link

    registered_contact(enterprise_org, "li@xh-film.cn")
    submitted_on(submitted, days(-7))
    assert run("teacher_placement_unconfirmed") == 2  # the partner user in the app, the contact by e-mail
    assert run("teacher_placement_unconfirmed") == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["li@xh-film.cn"]
    token = mail.outbox[0].body.split("/faculty/confirm/")[1].split("/")[0]
    assert placement_from_link(token).pk == submitted.pk


def test_contact_who_is_a_partner_user_is_not_mailed_a_link(submitted, enterprise_user, enterprise_org):
    registered_contact(enterprise_org, enterprise_user.email.upper())
    submitted_on(submitted, days(-7))
    assert run("teacher_placement_unconfirmed") == 1
    assert len(mail.outbox) == 0


def test_placement_queries_per_batch_do_not_grow_with_placements(teacher, department, enterprise_org,
                                                                 other_enterprise_org, enterprise_user,
                                                                 other_enterprise_user):
    registered_contact(enterprise_org, "contact@a.example.cn")
    registered_contact(other_enterprise_org, "contact@b.example.cn")

    def placements(n, start):
        for i in range(n):
            prof = profile(make_member(Role.TEACHER, department, username=f"tp{start + i}"))
            host = enterprise_org if i % 2 else other_enterprise_org
            p = TeacherPlacement.objects.create(
                teacher=prof, host=host, start_date=days(-60), end_date=days(-31), role="剪辑", days=20,
                status=PlacementStatus.SUBMITTED)
            TeacherPlacement.objects.filter(pk=p.pk).update(updated_at=at(days(-8)))

    placements(2, 0)
    small = queries_of(lambda: run("teacher_placement_unconfirmed"))
    placements(18, 2)
    large = queries_of(lambda: run("teacher_placement_unconfirmed", today=days(7)))  # all 20 in a new period
    assert len(mail.outbox) == 22
    assert large == small


def test_texts_are_in_each_recipients_language(teacher, admin_user):
    teacher.language = "zh-hans"
    teacher.save()
    admin_user.language = "en"
    admin_user.save()
    profile(teacher)
    run("teacher_practice_standing")
    assert Notification.objects.get(recipient=teacher).title == "您的企业实践进度：滞后"
    english = Notification.objects.get(recipient=admin_user).title
    assert english == f"Industry practice of {teacher.display_name}: Behind"


def test_an_address_the_teacher_typed_is_never_mailed(submitted, enterprise_org, teacher):
    # issue 18 item 7: only the host's registered contact gets a link, and never the teacher's own address
    TeacherPlacement.objects.filter(pk=submitted.pk).update(contact_email="me-as-my-boss@example.com")
    submitted_on(submitted, days(-7))
    run("teacher_placement_unconfirmed")
    assert len(mail.outbox) == 0
    registered_contact(enterprise_org, teacher.email)
    run("teacher_placement_unconfirmed", today=days(7))
    assert len(mail.outbox) == 0
