"""Fixtures of the attendance tests: a fixed clock, an active placement with its workplace, its people.

The clock stands on Wednesday 11 March 2026, 09:05 in Shanghai: an ordinary working week (the
2026 calendar seeded by the migration has no holiday near it), so each test states the days it
means instead of depending on the day the suite runs.
"""
import datetime
import importlib
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from attendance.calendar import forget
from attendance.models import Workplace
from tests.internships.factories import PlacementFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
SEEDED = importlib.import_module("attendance.migrations.0002_calendar_2026_rules_and_schedule")
# The workplace: a studio in Beijing's Chaoyang district (WGS-84).
WORK_LAT, WORK_LON = Decimal("39.908722"), Decimal("116.397499")


def at(day: datetime.date | str, hh: int = 9, mm: int = 0) -> datetime.datetime:
    if isinstance(day, str):
        day = datetime.date.fromisoformat(day)
    return datetime.datetime.combine(day, datetime.time(hh, mm), SHANGHAI)


class Clock:
    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch
        self.now = at("2026-03-11", 9, 5)
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def set(self, day, hh: int = 9, mm: int = 0) -> datetime.datetime:
        self.now = at(day, hh, mm) if not isinstance(day, datetime.datetime) else day
        return self.now

    @property
    def today(self) -> datetime.date:
        return timezone.localtime(self.now).date()


@pytest.fixture(autouse=True)
def fresh_rules(request):
    """The rules and the calendar each process keeps for a minute outlive a test's rolled-back writes.

    The 2026 calendar comes from a data migration; a transactional test anywhere in the suite flushes
    the tables, so the calendar is put back here for every test that uses the database.
    """
    forget()
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames \
            or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db" if "transactional_db" not in request.fixturenames else "transactional_db")
        from attendance.models import AttendanceRules, CalendarDay

        AttendanceRules.objects.get_or_create(pk=1)
        for day, kind, name in SEEDED.calendar_days():
            CalendarDay.objects.get_or_create(date=day, defaults={"kind": kind, "name": name})
    forget()
    yield
    forget()


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


@pytest.fixture
def placement(clock, enterprise_org, student, teacher, enterprise_user):
    """An active placement of ``student`` at enterprise A, mentored by ``teacher`` and ``enterprise_user``."""
    p = PlacementFactory(enterprise=enterprise_org, student=student, school_mentor=teacher,
                         enterprise_mentor=enterprise_user, status="active",
                         start_date=datetime.date(2026, 2, 2), end_date=datetime.date(2026, 7, 31))
    Workplace.objects.create(placement=p, address="北京市朝阳区光华路 1 号", latitude=WORK_LAT, longitude=WORK_LON)
    return p


@pytest.fixture
def other_placement(clock, other_enterprise_org, student2, teacher2, other_enterprise_user):
    """The same on side B: ``student2`` at enterprise B, mentored by ``teacher2``."""
    p = PlacementFactory(enterprise=other_enterprise_org, student=student2, school_mentor=teacher2,
                         enterprise_mentor=other_enterprise_user, status="active",
                         start_date=datetime.date(2026, 2, 2), end_date=datetime.date(2026, 7, 31))
    Workplace.objects.create(placement=p, latitude=Decimal("31.230416"), longitude=Decimal("121.473701"))
    return p


def near(metres_north: float = 0.0) -> dict:
    """A position about ``metres_north`` north of the workplace (1 degree of latitude is ~111.2 km)."""
    return {"latitude": float(WORK_LAT) + metres_north / 111_195, "longitude": float(WORK_LON), "accuracy_m": 15}
