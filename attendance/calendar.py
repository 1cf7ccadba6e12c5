"""Which days a placement works: its working week, bent by the college calendar (holidays and 调休).

The calendar and the college's rules are read on every check-in, so each process keeps them for a
minute (``TTL``) and forgets them at once when it saves or deletes a row itself; another process
sees an admin's edit within the minute. Both tables are tiny.
"""
from __future__ import annotations

import datetime
import time
from dataclasses import dataclass

from .choices import CalendarDayKind

TTL = 60.0
_kept: dict[str, tuple[float, object]] = {}


def forget(*_args, **_kwargs) -> None:
    _kept.clear()


def _kept_value(key: str, load):
    now = time.monotonic()
    hit = _kept.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = load()
    _kept[key] = (now + TTL, value)
    return value


def cached_rules():
    from .models import AttendanceRules

    return _kept_value("rules", lambda: AttendanceRules.objects.get_or_create(pk=1)[0])


def calendar_map() -> dict[datetime.date, str]:
    """{date: "holiday" | "workday"} of every calendar day the college keeps."""
    from .models import CalendarDay

    return _kept_value("calendar", lambda: dict(CalendarDay.objects.values_list("date", "kind")))


@dataclass(frozen=True)
class WorkWeek:
    """A placement's working week: ISO weekdays as digits ("12345") and whether public holidays apply."""

    weekdays: str = "12345"
    follows_public_calendar: bool = True

    @classmethod
    def of(cls, workplace) -> WorkWeek:
        return cls(workplace.weekdays, workplace.follows_public_calendar)

    def is_working_day(self, day: datetime.date, cal: dict | None = None) -> bool:
        if self.follows_public_calendar:
            kind = (calendar_map() if cal is None else cal).get(day)
            if kind == CalendarDayKind.HOLIDAY:
                return False
            if kind == CalendarDayKind.WORKDAY:
                return True
        return str(day.isoweekday()) in self.weekdays

    def working_days(self, start: datetime.date, end: datetime.date, cal: dict | None = None) -> list[datetime.date]:
        cal = calendar_map() if cal is None else cal
        days, day = [], start
        while day <= end:
            if self.is_working_day(day, cal):
                days.append(day)
            day += datetime.timedelta(days=1)
        return days

    def previous_working_day(self, day: datetime.date, cal: dict | None = None,
                             limit: int = 31) -> datetime.date | None:
        """The last working day before ``day`` (within ``limit`` days: a long holiday is at most nine)."""
        cal = calendar_map() if cal is None else cal
        for back in range(1, limit + 1):
            earlier = day - datetime.timedelta(days=back)
            if self.is_working_day(earlier, cal):
                return earlier
        return None


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def term_of(day: datetime.date) -> tuple[str, datetime.date, datetime.date]:
    """The college term a day falls in: autumn (August to January) is term 1, spring (February to July) term 2.

    Returns the label in the faculty app's form ("2025-2026-2") and the first and last day.
    """
    if day.month >= 8:
        return f"{day.year}-{day.year + 1}-1", datetime.date(day.year, 8, 1), datetime.date(day.year + 1, 1, 31)
    if day.month == 1:
        return f"{day.year - 1}-{day.year}-1", datetime.date(day.year - 1, 8, 1), datetime.date(day.year, 1, 31)
    return f"{day.year - 1}-{day.year}-2", datetime.date(day.year, 2, 1), datetime.date(day.year, 7, 31)


def parse_term(label: str) -> tuple[datetime.date, datetime.date] | None:
    """First and last day of a term label such as 2025-2026-1; None when it is not one."""
    parts = label.split("-")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        return None
    first, second, term = int(parts[0]), int(parts[1]), parts[2]
    if second != first + 1 or term not in ("1", "2") or not 2000 <= first <= 2100:
        return None
    if term == "1":
        return datetime.date(first, 8, 1), datetime.date(second, 1, 31)
    return datetime.date(second, 2, 1), datetime.date(second, 7, 31)
