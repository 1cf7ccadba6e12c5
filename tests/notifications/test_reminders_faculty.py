import datetime

import pytest
from django.core import mail
from django.utils import timezone

from accounts.choices import Role
from core.workflow import record_status_change
from faculty.choices import PlacementStatus
from faculty.models import TeacherPlacement, TeacherProfile
from notifications import reminders
from notifications.choices import EmailState, NotificationKind
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


DIGEST_KEY = "teacher_practice_standing:behind:admins:{}"


def english(*users):
    """Texts are rendered in each reader's language (the default is Chinese): these tests read the English."""
    for user in users:
        user.language = "en"
        user.save(update_fields=["language"])


def digests(user):
    return Notification.objects.filter(recipient=user, key__startswith="teacher_practice_standing:behind:admins:")


def behind_by(department, host, short, name):
    """A teacher employed for the whole window (180 expected) who is ``short`` days short: behind from 37 on."""
    prof = profile(make_member(Role.TEACHER, department, display_name=name))
    if short < 180:
        counted(prof, host, 180 - short)
    return prof


def test_behind_goes_to_the_teacher_and_a_digest_to_the_admins_at_risk_to_the_teacher_only(
        teacher, teacher2, admin_user, enterprise_user):
    english(admin_user)
    profile(teacher)  # 0 of 180 expected: behind
    profile(teacher2, joined=days(-100))  # 0 of 36 expected: at risk
    assert run("teacher_practice_standing") == 3
    mine = Notification.objects.filter(recipient=teacher).get()
    assert mine.kind == NotificationKind.TEACHER_PRACTICE and mine.url == "/faculty/"
    assert "180" in mine.body
    admin_note = Notification.objects.get(recipient=admin_user)
    assert admin_note.kind == NotificationKind.TEACHER_PRACTICE
    assert admin_note.key == DIGEST_KEY.format("2026-11")
    assert admin_note.title == "Industry practice: 1 teacher is behind"
    assert admin_note.body == (f"As of 2026-11-29, most days short first: {teacher.display_name} (180 days short). "
                               "The faculty overview shows who is behind now.")
    assert admin_note.url == "/faculty/overview/?standing=behind"
    assert admin_note.object_id is None  # about many teachers, not one
    assert Notification.objects.filter(recipient=teacher2).count() == 1
    assert enterprise_user.pk not in recipients()
    assert run("teacher_practice_standing") == 0


def test_the_teachers_own_notice_is_unchanged(teacher, admin_user):
    english(teacher)
    prof = profile(teacher)
    run("teacher_practice_standing")
    mine = Notification.objects.get(recipient=teacher)
    assert mine.key == f"teacher_practice_standing:behind:teacherprofile:{prof.pk}:2026-11"
    assert mine.title == "Your industry practice: Behind"
    assert mine.body == ("0 practice days are counted in 2021-11-30 – 2026-11-29; 180 are expected by now "
                         "(180 in the whole window). 0 more days are waiting for confirmation. "
                         "Plan an enterprise placement and have it confirmed.")
    assert (mine.content_type.model, mine.object_id) == ("teacherprofile", prof.pk)


def test_one_digest_per_admin_counts_everyone_behind_and_names_the_most_days_short(
        college, department, enterprise_org, admin_user):
    other_admin = make_member(Role.COLLEGE_ADMIN, college, username="admin_2")
    english(admin_user, other_admin)
    # 12 teachers behind, 180 down to 70 days short, created in an order that is not the digest's
    for short in (70, 180, 90, 170, 80, 160, 150, 140, 130, 120, 110, 100):
        behind_by(department, enterprise_org, short, f"教师{short:03d}")
    behind_by(department, enterprise_org, 100, "教师099")  # a tie at 100 days short: by name
    behind_by(department, enterprise_org, 30, "风险教师")  # at risk (30 short): the teacher only
    assert run("teacher_practice_standing") == 14 + 2
    for admin in (admin_user, other_admin):
        note = digests(admin).get()
        assert note.title == "Industry practice: 13 teachers are behind"
    body = digests(admin_user).get().body
    named = ("教师180 (180 days short), 教师170 (170 days short), 教师160 (160 days short), "
             "教师150 (150 days short), 教师140 (140 days short), 教师130 (130 days short), "
             "教师120 (120 days short), 教师110 (110 days short), 教师099 (100 days short), "
             "教师100 (100 days short)")
    assert body == (f"As of 2026-11-29, most days short first: {named} and 3 more. "
                    "The faculty overview shows who is behind now.")
    assert "风险教师" not in body
    assert Notification.objects.filter(recipient__in=[admin_user, other_admin]).count() == 2


def test_the_digest_is_sent_once_a_month_and_again_the_next(department, enterprise_org, teacher, admin_user):
    english(admin_user)
    profile(teacher)
    assert run("teacher_practice_standing") == 2  # the teacher and the digest
    late = behind_by(department, enterprise_org, 150, "晚到教师")
    # 30 November: the teacher who fell behind is told, the admins' digest of the month is already sent
    assert run("teacher_practice_standing", today=days(1)) == 1
    assert Notification.objects.filter(recipient=late.user_id).count() == 1
    assert digests(admin_user).count() == 1
    # 1 December: next month's digest counts both
    assert run("teacher_practice_standing", today=days(2)) == 3
    december = digests(admin_user).get(key=DIGEST_KEY.format("2026-12"))
    assert december.title == "Industry practice: 2 teachers are behind"
    assert "晚到教师 (150 days short)" in december.body
    assert run("teacher_practice_standing", today=days(3)) == 0


def test_no_digest_while_nobody_is_behind(teacher, admin_user, enterprise_org):
    prof = profile(teacher, joined=days(-100))  # at risk
    assert run("teacher_practice_standing") == 1
    assert not digests(admin_user).exists()
    # a year later, still in November's last days, the teacher is behind: the month's first run with anyone behind
    TeacherProfile.objects.filter(pk=prof.pk).update(employed_since=days(-500))
    assert run("teacher_practice_standing", today=days(1)) == 2
    assert digests(admin_user).get().key == DIGEST_KEY.format("2026-11")


def test_the_digest_follows_each_admins_preferences(college, teacher, admin_user):
    from notifications.models import NotificationPreference

    immediate = make_member(Role.COLLEGE_ADMIN, college, username="admin_now")
    silent = make_member(Role.COLLEGE_ADMIN, college, username="admin_silent")
    NotificationPreference.objects.create(user=immediate, kind=NotificationKind.TEACHER_PRACTICE,
                                          in_app=True, email=True, email_frequency="immediate")
    NotificationPreference.objects.create(user=silent, kind=NotificationKind.TEACHER_PRACTICE,
                                          in_app=False, email=False)
    profile(teacher)
    run("teacher_practice_standing")
    default = digests(admin_user).get()
    assert default.in_app and default.email_state == EmailState.DIGEST  # no preference: the daily e-mail digest
    assert digests(immediate).get().email_state == EmailState.PENDING
    assert not digests(silent).exists()


def test_no_digest_when_behind_is_not_watched(settings, teacher, admin_user):
    settings.IEI_REMINDERS = {"TEACHER_PRACTICE_STANDINGS": ["at_risk"]}
    profile(teacher)  # behind
    assert run("teacher_practice_standing") == 0
    assert not Notification.objects.exists()


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


def test_non_specialists_and_inactive_teachers_are_left_alone(teacher, teacher2, admin_user):
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


def test_standing_queries_are_constant_per_batch(settings, college, department, enterprise_org, admin_user):
    settings.IEI_REMINDERS = {"BATCH_SIZE": 5}
    english(admin_user, make_member(Role.COLLEGE_ADMIN, college, username="admin_2"))
    made = 0

    def teachers(n):
        nonlocal made
        for _ in range(n):
            made += 1
            prof = profile(make_member(Role.TEACHER, department, username=f"tq{made}"))
            counted(prof, enterprise_org, 10)  # behind

    teachers(5)
    one = queries_of(lambda: run("teacher_practice_standing"))  # one batch
    teachers(5)
    two = queries_of(lambda: run("teacher_practice_standing", today=days(3)))  # December: all 10 again
    teachers(10)
    four = queries_of(lambda: run("teacher_practice_standing", today=days(35)))  # January: all 20
    per_batch = two - one
    assert four - two == 2 * per_batch  # each batch costs the same, whatever its teachers
    assert per_batch <= 8  # the batch, two standing queries, the host's key claim, people, preferences, insert
    # one digest per admin per month, however many batches the teachers came in
    assert [n.title for n in digests(admin_user).order_by("created_at", "id")] == [
        "Industry practice: 5 teachers are behind", "Industry practice: 10 teachers are behind",
        "Industry practice: 20 teachers are behind"]
    assert Notification.objects.count() == 5 + 10 + 20 + 3 * 2


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
    english = Notification.objects.get(recipient=admin_user)
    assert english.title == "Industry practice: 1 teacher is behind"
    assert english.body.startswith(f"As of 2026-11-29, most days short first: {teacher.display_name} (180 days short)")


def test_an_address_the_teacher_typed_is_never_mailed(submitted, enterprise_org, teacher):
    # issue 18 item 7: only the host's registered contact gets a link, and never the teacher's own address
    TeacherPlacement.objects.filter(pk=submitted.pk).update(contact_email="me-as-my-boss@example.com")
    submitted_on(submitted, days(-7))
    run("teacher_placement_unconfirmed")
    assert len(mail.outbox) == 0
    registered_contact(enterprise_org, teacher.email)
    run("teacher_placement_unconfirmed", today=days(7))
    assert len(mail.outbox) == 0
