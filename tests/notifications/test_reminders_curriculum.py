import datetime

import pytest

from accounts.choices import Role
from curriculum.models import Course, CourseRevision
from notifications import reminders
from notifications.choices import NotificationKind
from notifications.models import Notification
from tests.accounts.factories import make_member
from tests.notifications.querycount import queries_of

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)
CUTOFF = datetime.date(2025, 11, 29)  # COURSE_STALE_MONTHS = 12: content of this day is still fresh


def run(today=TODAY):
    return reminders.run_rule("course_stale", today=today)


def course(code, owner, content_since):
    return Course.objects.create(code=code, name="AIGC影像创作", owner=owner, content_since=content_since)


def test_stale_course_reminds_its_owner_once_a_month(teacher, teacher2, admin_user):
    c = course("AIGC101", teacher, CUTOFF - datetime.timedelta(days=1))
    course("AIGC102", teacher2, CUTOFF)  # exactly twelve months: not yet
    assert run() == 1
    n = Notification.objects.get()
    assert n.recipient == teacher and n.kind == NotificationKind.COURSE_STALE and "AIGC101" in n.title
    assert n.key == f"course_stale:course:{c.pk}:2026-11" and n.url == f"/curriculum/courses/{c.pk}/"
    assert run() == 0
    assert run(datetime.date(2026, 11, 30)) == 1  # AIGC102 turned stale; AIGC101 was told this month
    assert run(datetime.date(2026, 11, 30)) == 0
    assert run(datetime.date(2026, 12, 1)) == 2  # December: each is reminded again


def test_a_recent_revision_makes_the_course_fresh(teacher):
    c = course("AIGC101", teacher, datetime.date(2020, 1, 1))
    CourseRevision.objects.create(course=c, revised_on=TODAY - datetime.timedelta(days=30), summary="加入可灵与Sora")
    assert run() == 0
    CourseRevision.objects.all().update(revised_on=CUTOFF - datetime.timedelta(days=1))
    assert run() == 1
    assert CUTOFF.replace(day=28).isoformat() in Notification.objects.get().body


def test_courses_without_an_active_owner_are_skipped(teacher):
    course("AIGC101", None, datetime.date(2020, 1, 1))
    course("AIGC102", teacher, datetime.date(2020, 1, 1))
    teacher.is_active = False
    teacher.save()
    assert run() == 0


def test_queries_per_batch_do_not_grow_with_courses(department):
    def courses(n, start):
        for i in range(n):
            course(f"C{start + i:03d}", make_member(Role.TEACHER, department, username=f"cs{start + i}"),
                   datetime.date(2020, 1, 1))

    courses(2, 0)
    small = queries_of(run)
    courses(18, 2)
    large = queries_of(lambda: run(datetime.date(2026, 12, 1)))
    assert Notification.objects.count() == 22
    assert large == small
