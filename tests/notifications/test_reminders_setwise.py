"""The weekly-log reminders written set-wise (issue 22 item 4): one INSERT ... SELECT per rule.

``services.deliver_query`` must do in SQL exactly what ``services.deliver`` does in Python (keys claimed
once, inactive users left out, preferences, language, link, e-mail hand-off); the parity test compares
the two paths row for row. The rule tests check the weekly-log rules themselves: texts, preferences,
idempotence, a statement count that does not grow with the logs, and runs at once on real PostgreSQL.
"""
import datetime
import threading

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core import mail
from django.db import connection
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Mod, NullIf
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.hosts import Notice, NoticeQuery, object_url, object_url_pattern
from internships.choices import LogStatus, PlacementStatus
from internships.models import Placement, WeeklyLog
from notifications import reminders, services
from notifications.choices import EmailFrequency, EmailState, NotificationKind
from notifications.models import Notification, NotificationPreference, ReminderLog
from tests.accounts.factories import make_member
from tests.notifications.querycount import queries_of

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)  # a Sunday; a placement from Nov 2 has finished weeks 1-3 (+1 day's grace)
START = datetime.date(2026, 11, 2)
FIELDS = ("recipient_id", "kind", "title", "body", "url", "content_type_id", "object_id", "key", "in_app",
          "email_state")


@pytest.fixture(autouse=True)
def content_types_known():
    """The rules look their content type up once per process (cached): count the work, not that lookup."""
    ContentType.objects.get_for_models(Placement, WeeklyLog, get_user_model())


def run(name, today=TODAY):
    return reminders.run_rule(name, today=today)


def rows():
    return sorted(Notification.objects.values_list(*FIELDS))


# --- the set-wise path is the Python path, row for row --------------------------------------------------

@pytest.fixture
def people(department):
    """Every case the delivery distinguishes: language, e-mail, active, each preference."""
    User = get_user_model()
    made = {}
    for name, extra in {
        "zh_default": {"language": ""}, "zh": {"language": "zh-hans"}, "en": {"language": "en"},
        "no_email": {"email": "", "language": "en"}, "inactive": {"is_active": False},
        "muted": {}, "email_only": {"language": "en"}, "immediate": {}, "no_email_pref": {},
        "tricky": {"display_name": "50% {week} %s %1$s 张三", "language": "en"},
    }.items():
        user = make_member(Role.TEACHER, department, username=f"p_{name}")
        User.objects.filter(pk=user.pk).update(**extra)
        made[name] = user.pk
    return made


def set_preferences(people, kind):
    NotificationPreference.objects.bulk_create([
        NotificationPreference(user_id=people["muted"], kind=kind, in_app=False, email=False),
        NotificationPreference(user_id=people["email_only"], kind=kind, in_app=False, email=True),
        NotificationPreference(user_id=people["immediate"], kind=kind, email_frequency=EmailFrequency.IMMEDIATE),
        NotificationPreference(user_id=people["no_email_pref"], kind=kind, email=False),
    ])


TITLE = _("Review the week {week} log of {student}")  # translated, its fields in another order in Chinese
BODY = _("This log has been waiting for your review for more than {days} days.")


def python_path(ids, kind):
    ct = ContentType.objects.get_for_model(get_user_model()).pk
    users = get_user_model().objects.filter(pk__in=ids)
    return services.deliver([
        Notice(recipients=[u.pk], kind=kind, rule="parity", key=f"parity:user:{u.pk}",
               title=format_lazy(TITLE, week=u.pk % 7, student=u.display_name or u.username),
               body=format_lazy(BODY, days=5), url=object_url("internships:log_detail", u.pk), obj=(ct, u.pk))
        for u in users
    ])


def sql_path(ids, kind):
    ct = ContentType.objects.get_for_model(get_user_model()).pk
    created, _after = services.deliver_query(NoticeQuery(
        rows=get_user_model().objects.filter(pk__in=ids), recipient="id", object_id="id",
        fields={"week": Mod("id", 7), "student": Coalesce(NullIf("display_name", Value("")), F("username")),
                "days": Value(5)},
        kind=kind, rule="parity", key="parity:user:{object_id}", title=TITLE, body=BODY,
        url=object_url_pattern("internships:log_detail"), content_type=ct,
    ))
    return created


@pytest.mark.parametrize("kind", [NotificationKind.WEEKLY_LOG_UNREVIEWED, NotificationKind.SAFETY_INCIDENT_SERIOUS])
def test_set_wise_delivery_writes_what_the_python_path_writes(people, kind):
    set_preferences(people, kind)
    ids = list(people.values())
    python_path(ids, kind)
    expected = rows()
    expected_log = sorted(ReminderLog.objects.values_list("key", "rule", "recipients"))
    Notification.objects.all().delete()
    ReminderLog.objects.all().delete()

    created = sql_path(ids, kind)

    assert rows() == expected
    assert created == len(expected)
    assert sorted(ReminderLog.objects.values_list("key", "rule", "recipients")) == expected_log
    by_user = {r[0]: r for r in expected}
    assert people["inactive"] not in by_user  # nobody inactive is told
    if kind == NotificationKind.WEEKLY_LOG_UNREVIEWED:
        assert people["muted"] not in by_user
        assert by_user[people["email_only"]][8] is False  # not in the centre, e-mailed
        assert by_user[people["immediate"]][9] == EmailState.PENDING
        assert by_user[people["no_email"]][9] == EmailState.NONE
    else:  # an urgent kind ignores every preference
        assert by_user[people["muted"]][8:] == (True, EmailState.PENDING)
    tricky = by_user[people["tricky"]][2]
    assert tricky == f"Review the week {people['tricky'] % 7} log of 50% {{week}} %s %1$s 张三"
    assert sql_path(ids, kind) == 0  # every key is claimed: nothing twice
    assert rows() == expected


def test_a_template_field_that_is_not_selected_is_refused(people):
    with pytest.raises(ValueError, match="nowhere"):
        services.deliver_query(NoticeQuery(
            rows=get_user_model().objects.all(), recipient="id", kind=NotificationKind.GENERAL, rule="x",
            key="x:{object_id}", title="{nowhere}"))


def test_batches_never_split_the_recipients_of_one_object(department, other_department, settings):
    """An object told to several people (the users of an organisation) lands whole in one batch."""
    settings.IEI_REMINDERS = {"QUERY_BATCH_SIZE": 1}
    members = {org.pk: {make_member(Role.TEACHER, org, username=f"m{org.pk}_{i}").pk for i in range(3)}
               for org in (department, other_department)}
    from accounts.models import Organization

    query = NoticeQuery(rows=Organization.objects.filter(pk__in=members), recipient="memberships__user_id",
                        kind=NotificationKind.GENERAL, rule="orgs", key="orgs:{object_id}", title="{object_id}")
    assert reminders.deliver_query_in_batches(query) == 6
    for org_id, users in members.items():
        assert set(Notification.objects.filter(key=f"orgs:{org_id}").values_list("recipient_id", flat=True)) == users
    assert dict(ReminderLog.objects.values_list("key", "recipients")) == {f"orgs:{o}": 3 for o in members}
    assert reminders.deliver_query_in_batches(query) == 0


def test_a_rule_in_several_batches_tells_each_log_once(department, enterprise_org, teacher, settings):
    settings.IEI_REMINDERS = {"QUERY_BATCH_SIZE": 7}
    (p,) = placements(1, department, enterprise_org, mentor=teacher)
    logs = waiting_logs(p, 20)
    assert queries_of(lambda: run("weekly_log_unreviewed")) == 3  # 7 + 7 + 6 objects, one statement each
    assert sorted(Notification.objects.values_list("object_id", flat=True)) == [log.pk for log in logs]
    assert run("weekly_log_unreviewed") == 0


def test_missing_logs_in_several_batches(department, enterprise_org, settings):
    settings.IEI_REMINDERS = {"QUERY_BATCH_SIZE": 4}
    late = placements(10, department, enterprise_org)
    WeeklyLog.objects.create(placement=late[5], week_no=3, content="写了。", submitted_at=at(TODAY))
    assert queries_of(lambda: run("weekly_log_missing")) == 3  # 4 + 4 + 1 late placements
    assert sorted(Notification.objects.values_list("object_id", flat=True)) == sorted(
        p.pk for i, p in enumerate(late) if i != 5)
    assert run("weekly_log_missing") == 0


def test_object_url_pattern_is_reverse():
    for pk in (1, 42, 12345678901):
        assert object_url_pattern("internships:log_detail").format(object_id=pk) == reverse(
            "internships:log_detail", kwargs={"pk": pk})
    assert object_url_pattern("no_such:view") == ""


# --- the weekly-log rules -------------------------------------------------------------------------------

def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


def placements(n, department, enterprise_org, mentor=None, start=START, prefix="late"):
    User = get_user_model()
    User.objects.bulk_create([User(username=f"{prefix}{i:04d}", display_name=f"学生{i}",
                                   email=f"{prefix}{i}@example.cn") for i in range(n)])
    students = User.objects.filter(username__startswith=prefix).order_by("username")
    Placement.objects.bulk_create([
        Placement(student=s, enterprise=enterprise_org, post="AIGC分镜师", start_date=start,
                  end_date=datetime.date(2027, 4, 30), status=PlacementStatus.ACTIVE, school_mentor=mentor)
        for s in students])
    return list(Placement.objects.filter(student__in=students).order_by("pk"))


def waiting_logs(placement, n, submitted=datetime.date(2026, 11, 20)):
    WeeklyLog.objects.bulk_create([WeeklyLog(placement=placement, week_no=w + 1, content="虚拟拍摄分镜。",
                                             status=LogStatus.SUBMITTED, submitted_at=at(submitted))
                                   for w in range(n)])
    return list(WeeklyLog.objects.filter(placement=placement).order_by("week_no"))


def test_missing_log_texts_and_link_in_the_students_language(department, enterprise_org):
    zh, en = placements(2, department, enterprise_org)
    get_user_model().objects.filter(pk=en.student_id).update(language="en")
    assert run("weekly_log_missing") == 2
    by_student = {n.recipient_id: n for n in Notification.objects.all()}
    assert by_student[en.student_id].title == "Week 3 log not written yet"
    assert by_student[en.student_id].body == "Write your log of week 3 of your internship at 甲公司 (AIGC分镜师)."
    with translation.override("zh-hans"):
        assert by_student[zh.student_id].title == str(format_lazy(_("Week {week} log not written yet"), week=3))
    n = by_student[zh.student_id]
    assert n.url == reverse("internships:log_create", args=[zh.pk])
    assert (n.content_type, n.object_id, n.key) == (
        ContentType.objects.get_for_model(Placement), zh.pk, f"weekly_log_missing:placement:{zh.pk}:w3")
    assert (n.in_app, n.email_state) == (True, EmailState.DIGEST)


def test_missing_log_due_week_stops_at_the_last_week(department, enterprise_org):
    (p,) = placements(1, department, enterprise_org, start=datetime.date(2026, 10, 1))
    Placement.objects.filter(pk=p.pk).update(end_date=datetime.date(2026, 10, 20))  # 3 weeks, still "active"
    assert run("weekly_log_missing") == 1
    assert Notification.objects.get().key == f"weekly_log_missing:placement:{p.pk}:w3"
    WeeklyLog.objects.create(placement=p, week_no=3, content="写了。", submitted_at=at(TODAY))
    assert run("weekly_log_missing", today=TODAY + datetime.timedelta(days=14)) == 0


def test_unreviewed_log_texts_in_the_mentors_language(department, enterprise_org, teacher):
    get_user_model().objects.filter(pk=teacher.pk).update(language="en")
    (p,) = placements(1, department, enterprise_org, mentor=teacher)
    (log,) = waiting_logs(p, 1)
    assert run("weekly_log_unreviewed") == 1
    n = Notification.objects.get()
    assert (n.recipient_id, n.title) == (teacher.pk, "Review the week 1 log of 学生0")
    assert n.body == "This log has been waiting for your review for more than 3 days."
    assert n.url == reverse("internships:log_detail", args=[log.pk])
    assert n.key == f"weekly_log_unreviewed:3:weeklylog:{log.pk}"
    get_user_model().objects.filter(pk=teacher.pk).update(language="")
    Notification.objects.all().delete()
    ReminderLog.objects.all().delete()
    assert run("weekly_log_unreviewed") == 1
    with translation.override("zh-hans"):
        assert Notification.objects.get().title == str(
            format_lazy(_("Review the week {week} log of {student}"), week=1, student="学生0"))


def test_a_mentor_who_muted_the_kind_is_not_told_and_not_told_later(department, enterprise_org, teacher):
    NotificationPreference.objects.create(user=teacher, kind=NotificationKind.WEEKLY_LOG_UNREVIEWED, in_app=False,
                                          email=False)
    (p,) = placements(1, department, enterprise_org, mentor=teacher)
    waiting_logs(p, 2)
    assert run("weekly_log_unreviewed") == 0
    assert not Notification.objects.exists()
    assert ReminderLog.objects.count() == 2  # as deliver(): the reminder counts as given
    NotificationPreference.objects.all().delete()
    assert run("weekly_log_unreviewed") == 0


def test_a_mentor_who_wants_e_mail_at_once_gets_one_per_log(department, enterprise_org, teacher, eager_celery,
                                                            django_capture_on_commit_callbacks):
    NotificationPreference.objects.create(user=teacher, kind=NotificationKind.WEEKLY_LOG_UNREVIEWED,
                                          email_frequency=EmailFrequency.IMMEDIATE)
    (p,) = placements(1, department, enterprise_org, mentor=teacher)
    waiting_logs(p, 2)
    with django_capture_on_commit_callbacks(execute=True):
        assert run("weekly_log_unreviewed") == 2
    with django_capture_on_commit_callbacks(execute=True):
        assert run("weekly_log_unreviewed") == 0
    assert len(mail.outbox) == 2 and {m.to[0] for m in mail.outbox} == {teacher.email}
    assert set(Notification.objects.values_list("email_state", flat=True)) == {EmailState.SENT}


def test_an_inactive_mentor_is_not_told(department, enterprise_org, teacher):
    get_user_model().objects.filter(pk=teacher.pk).update(is_active=False)
    (p,) = placements(1, department, enterprise_org, mentor=teacher)
    waiting_logs(p, 1)
    assert run("weekly_log_unreviewed") == 0


def test_unreviewed_queries_do_not_grow_with_the_logs(department, enterprise_org, teacher):
    few, many = placements(2, department, enterprise_org, mentor=teacher)
    waiting_logs(few, 10)
    small = queries_of(lambda: run("weekly_log_unreviewed"))
    assert Notification.objects.count() == 10
    waiting_logs(many, 100)
    large = queries_of(lambda: run("weekly_log_unreviewed"))
    assert Notification.objects.count() == 110
    assert small == large == 1


def test_missing_queries_do_not_grow_with_the_late_students(department, enterprise_org):
    placements(10, department, enterprise_org)
    small = queries_of(lambda: run("weekly_log_missing"))
    assert Notification.objects.count() == 10
    Placement.objects.update(status=PlacementStatus.COMPLETED)
    placements(100, department, enterprise_org, prefix="more")
    large = queries_of(lambda: run("weekly_log_missing"))
    assert Notification.objects.count() == 110
    assert small == large == 1


@pytest.mark.django_db(transaction=True)
def test_runs_at_once_tell_everyone_once(department, enterprise_org):
    """Two workers run each rule at the same moment: every key is written once, nobody deadlocks."""
    mentor = make_member(Role.TEACHER, department, username="mentor_par")
    reviewed, *late = placements(10, department, enterprise_org)
    Placement.objects.filter(pk=reviewed.pk).update(school_mentor=mentor)
    waiting_logs(reviewed, 40)  # its week 3 log is written: only the 9 others are late
    errors, created = [], []
    barrier = threading.Barrier(4)

    def worker(rule):
        try:
            barrier.wait()
            created.append(run(rule))
        except Exception as exc:  # noqa: BLE001 - reported to the main thread
            errors.append(exc)
        finally:
            connection.close()

    rules = ["weekly_log_unreviewed", "weekly_log_missing"] * 2
    threads = [threading.Thread(target=worker, args=(rule,)) for rule in rules]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(created) == [0, 0, 9, 40]
    assert Notification.objects.filter(recipient=mentor, kind=NotificationKind.WEEKLY_LOG_UNREVIEWED).count() == 40
    assert set(Notification.objects.filter(kind=NotificationKind.WEEKLY_LOG_MISSING)
               .values_list("recipient_id", flat=True)) == {p.student_id for p in late}
    assert ReminderLog.objects.count() == 49
