"""The daily job: past days closed into absences with streaks, once a day, one notice per person and day."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from attendance import services
from attendance.calendar import WorkWeek, calendar_map
from attendance.daily import close_day, run_daily
from attendance.models import Absence, CheckIn, JobRun, LeaveRequest, Notice
from core import events
from core.events import subscribe
from tests.internships.factories import PlacementFactory

from .conftest import at

pytestmark = pytest.mark.django_db

SEEN: list = []


def _record(event) -> None:
    SEEN.append(event)


@pytest.fixture
def seen(monkeypatch):
    SEEN.clear()
    monkeypatch.setattr(events, "_subscriptions", [])
    subscribe("attendance.*", _record, inline=True)
    yield SEEN
    SEEN.clear()


def check_in(placement, day: str, kind: str = "in", **extra) -> CheckIn:
    d = datetime.date.fromisoformat(day)
    return CheckIn.objects.create(placement=placement, kind=kind, date=d, at=at(d), client_time=at(d),
                                  server_time=at(d), latitude=39.9, longitude=116.4, accuracy_m=10, **extra)


def streaks(placement) -> list[tuple[str, int]]:
    return [(d.isoformat(), s) for d, s in Absence.objects.filter(placement=placement).order_by("date")
            .values_list("date", "streak")]


def test_closing_days_records_absences_and_carries_the_streak_over_rest_days(placement, clock):
    check_in(placement, "2026-03-05")
    for day in ["2026-03-05", "2026-03-06", "2026-03-07", "2026-03-08", "2026-03-09", "2026-03-10"]:
        close_day(datetime.date.fromisoformat(day))
    # Thursday present; Friday absent; the weekend is rest; Monday and Tuesday continue the streak
    assert streaks(placement) == [("2026-03-06", 1), ("2026-03-09", 2), ("2026-03-10", 3)]
    close_day(datetime.date(2026, 3, 10))  # a re-run changes nothing
    assert Absence.objects.count() == 3


def test_leave_and_rejected_check_ins(placement, clock):
    LeaveRequest.objects.create(placement=placement, kind="sick", start_date=datetime.date(2026, 3, 9),
                                end_date=datetime.date(2026, 3, 9), days=1, reason="病", approval_order="school_only",
                                status="approved")
    LeaveRequest.objects.create(placement=placement, kind="personal", start_date=datetime.date(2026, 3, 10),
                                end_date=datetime.date(2026, 3, 10), half_day="am", days=0.5, reason="事",
                                approval_order="school_only", status="approved")
    check_in(placement, "2026-03-06", flag_status="rejected", flags=["outside_radius"])
    for day in ["2026-03-06", "2026-03-09", "2026-03-10"]:
        close_day(datetime.date.fromisoformat(day))
    # a rejected check-in does not count; full-day leave excuses; a half day still wants a check-in
    assert streaks(placement) == [("2026-03-06", 1), ("2026-03-10", 1)]


def test_holidays_and_make_up_workdays(placement, clock):
    for day in ["2026-04-03", "2026-04-06", "2026-05-08", "2026-05-09"]:
        close_day(datetime.date.fromisoformat(day))
    # 6 April is the Qingming holiday (rest); Saturday 9 May is a make-up workday (absent)
    assert streaks(placement) == [("2026-04-03", 1), ("2026-05-08", 1), ("2026-05-09", 2)]


def test_a_placement_with_its_own_week_ignores_the_public_calendar(placement, clock):
    services.workplace_update(placement=placement, by=None, weekdays="234567", follows_public_calendar=False)
    for day in ["2026-04-05", "2026-04-06", "2026-05-09"]:  # Sunday, Qingming Monday, a make-up Saturday
        close_day(datetime.date.fromisoformat(day))
    assert streaks(placement) == [("2026-04-05", 1), ("2026-05-09", 1)]


def test_the_job_runs_once_a_day_after_the_reminder_time(placement, clock):
    clock.set("2026-03-11", 9, 30)
    assert run_daily() is None  # before 10:00: not yet
    clock.set("2026-03-11", 10, 0)
    stats = run_daily()
    assert stats["closed_days"] == ["2026-03-10"] and stats["absences"] == 1
    clock.set("2026-03-11", 10, 10)
    assert run_daily() is None  # the next beat tick finds today's run
    assert JobRun.objects.count() == 1


def test_a_missed_day_is_closed_by_the_next_run(placement, clock):
    JobRun.objects.create(day=datetime.date(2026, 3, 9))
    clock.set("2026-03-12", 10, 0)
    stats = run_daily()
    assert stats["closed_days"] == ["2026-03-09", "2026-03-10", "2026-03-11"]
    assert streaks(placement) == [("2026-03-09", 1), ("2026-03-10", 2), ("2026-03-11", 3)]


def test_one_notice_per_person_and_day(placement, other_placement, teacher, student, clock, seen,
                                       django_capture_on_commit_callbacks):
    # student absent Mon-Tue (streak 2 closed on Tuesday) and not checked in yet on Wednesday;
    # a second mentee of the same teacher, absent too: the teacher still gets one notice
    from tests.accounts.factories import make_member

    other_student = make_member("student", student.memberships.first().organization, username="s3")
    second = PlacementFactory(enterprise=placement.enterprise, student=other_student, school_mentor=teacher,
                              status="active", start_date=placement.start_date, end_date=placement.end_date)
    check_in(other_placement, "2026-03-09")
    check_in(other_placement, "2026-03-10")
    check_in(other_placement, "2026-03-11")
    close_day(datetime.date(2026, 3, 9))
    clock.set("2026-03-11", 10, 0)
    with django_capture_on_commit_callbacks(execute=True):
        run_daily()
    notices = {n.recipient_id: n for n in Notice.objects.all()}
    # no one is absent three days in a row yet, so the college admins hear nothing today
    assert set(notices) == {student.pk, other_student.pk, teacher.pk}
    assert notices[student.pk].kind == "missing_check_in"
    assert notices[teacher.pk].kind == "absence_streak"
    assert sorted(p["placement"] for p in notices[teacher.pk].items[0]["placements"]) == sorted([placement.pk,
                                                                                                 second.pk])
    assert {(e.name, e.data["recipient_id"]) for e in seen} == {
        (f"attendance.notice.{n.kind}", n.recipient_id) for n in notices.values()}
    # the same day again (a second beat, a second worker): nothing more
    clock.set("2026-03-11", 18, 0)
    with django_capture_on_commit_callbacks(execute=True):
        assert run_daily() is None
    assert Notice.objects.count() == 3 and len(seen) == 3


def test_admins_hear_of_three_days_in_a_row(placement, admin_user, clock):
    for day in ["2026-03-06", "2026-03-09"]:
        close_day(datetime.date.fromisoformat(day))
    JobRun.objects.create(day=datetime.date(2026, 3, 10))
    clock.set("2026-03-11", 10, 0)
    run_daily()
    admin_notice = Notice.objects.get(recipient=admin_user)
    assert admin_notice.kind == "long_absence"
    assert admin_notice.items[0]["count"] == 1 and admin_notice.items[0]["placements"][0]["days"] == 3


def test_closing_a_day_is_set_based(placement, clock, enterprise_org, teacher, department):
    """The number of statements does not grow with the number of placements."""
    from tests.accounts.factories import make_member

    def statements() -> int:
        with CaptureQueriesContext(connection) as ctx:
            close_day(datetime.date(2026, 3, 10))
        Absence.objects.all().delete()
        return len(ctx.captured_queries)

    calendar_map()  # kept for a minute: read once, not per run
    few = statements()
    assert few == 2  # the working weeks in use, then one INSERT ... SELECT for the only one
    for i in range(15):
        s = make_member("student", department, username=f"bulk{i}")
        PlacementFactory(enterprise=enterprise_org, student=s, school_mentor=teacher, status="active",
                         start_date=placement.start_date, end_date=placement.end_date)
    assert statements() == few
    close_day(datetime.date(2026, 3, 10))
    assert Absence.objects.count() == 16


def test_work_week_helpers():
    week = WorkWeek("12345", True)
    cal = {datetime.date(2026, 10, 1): "holiday", datetime.date(2026, 10, 10): "workday"}
    assert week.previous_working_day(datetime.date(2026, 10, 12), cal) == datetime.date(2026, 10, 10)
    assert not week.is_working_day(datetime.date(2026, 10, 1), cal)
