"""Working time from the clock: night work, more than 8 hours a day or 40 a week, work on rest days."""
import datetime
import uuid

import pytest

from attendance.models import WorkingTimeBreach
from attendance.services import night_minutes, worked
from core import events
from core.events import subscribe

from .conftest import at, near

pytestmark = pytest.mark.django_db
URL = "/api/v1/check-ins/"
SEEN: list = []


def _record(event) -> None:
    SEEN.append(event)


def shift(api, clock, day: str, start: tuple[int, int], end: tuple[int, int], next_day: bool = False):
    clock.set(day, *start)
    assert api.post(URL, {"client_id": str(uuid.uuid4()), **near()}, format="json").status_code == 201
    out_day = datetime.date.fromisoformat(day) + datetime.timedelta(days=1 if next_day else 0)
    clock.set(out_day, *end)
    r = api.post(URL, {"client_id": str(uuid.uuid4()), "kind": "out", **near()}, format="json")
    assert r.status_code == 201, r.json()


def kinds() -> list[tuple[str, str]]:
    return sorted((b.kind, b.date.isoformat()) for b in WorkingTimeBreach.objects.all())


def test_an_ordinary_day_is_no_breach(api_student, placement, clock):
    shift(api_student, clock, "2026-03-09", (9, 0), (18, 0))  # 9 h present, 1 h break: 8 h
    assert kinds() == []


def test_overtime_and_night_work_are_breaches_announced_once(api_student, placement, clock, monkeypatch,
                                                             django_capture_on_commit_callbacks):
    SEEN.clear()
    monkeypatch.setattr(events, "_subscriptions", [])
    subscribe("attendance.workingtimebreach.*", _record, inline=True)
    with django_capture_on_commit_callbacks(execute=True):
        shift(api_student, clock, "2026-03-09", (13, 0), (22, 30))
    assert kinds() == [("daily_hours", "2026-03-09"), ("night", "2026-03-09")]
    night = WorkingTimeBreach.objects.get(kind="night")
    assert night.hours == 0.5 and night.check_in.kind == "out"
    assert [e.name for e in SEEN] == ["attendance.workingtimebreach.created"] * 2


def test_more_than_forty_hours_in_a_week(api_student, placement, clock):
    for day in ("2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12"):
        shift(api_student, clock, day, (8, 0), (17, 30))  # 8.5 h a day: each over 8, 34 h so far
    assert ("weekly_hours", "2026-03-09") not in kinds()
    shift(api_student, clock, "2026-03-13", (8, 0), (17, 30))
    weekly = WorkingTimeBreach.objects.get(kind="weekly_hours")
    assert weekly.date == datetime.date(2026, 3, 9) and weekly.hours == 42.5


def test_work_on_a_rest_day_or_a_holiday(api_student, placement, clock):
    clock.set("2026-04-06", 10)  # Qingming, Monday
    api_student.post(URL, {"client_id": str(uuid.uuid4()), **near()}, format="json")
    clock.set("2026-05-09", 10)  # a make-up Saturday: a working day
    api_student.post(URL, {"client_id": str(uuid.uuid4()), **near()}, format="json")
    assert kinds() == [("rest_day", "2026-04-06")]


def test_clock_arithmetic():
    assert night_minutes(at("2026-03-09", 21, 0), at("2026-03-10", 7, 0)) == 480
    assert night_minutes(at("2026-03-09", 5, 0), at("2026-03-09", 9, 0)) == 60
    assert night_minutes(at("2026-03-09", 9, 0), at("2026-03-09", 21, 59)) == 0
    assert worked(at("2026-03-09", 9, 0), at("2026-03-09", 12, 0), 60) == datetime.timedelta(hours=3)
    assert worked(at("2026-03-09", 9, 0), at("2026-03-09", 18, 0), 60) == datetime.timedelta(hours=8)
