"""The college-wide faculty figures of the dashboards, computed once and cached.

The dual-qualified ratio and the practice standing are rules over every teacher (services.py); the
admin dashboard and the KPI card asked for both on every request, 800 teachers at one college and
8,000 in a province (663 ms of the dashboard at that size). The figures are cached under a version
that every write to teachers, certificates or placements moves on, so a change shows on the next
request; the time-to-live bounds what a bulk ``QuerySet.update()`` (which sends no signal) can leave
stale, and the date in the key renews the window at midnight.
"""
from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .choices import Standing

log = logging.getLogger(__name__)

VERSION_KEY = "faculty:data-version"
SUMMARY_TTL = 300


# The overview page names this many of the teachers behind on practice (a province has thousands).
BEHIND_SAMPLE = 50


@dataclass(frozen=True)
class FacultySummary:
    teachers: int
    qualified: int
    behind: int
    at_risk: int = 0
    counted_days: int = 0
    pending_days: int = 0
    # (department name or None, qualified, teachers), by name
    departments: tuple = ()
    # ids of the first BEHIND_SAMPLE teachers behind, by username
    behind_sample: tuple = ()

    @property
    def percent(self) -> Decimal:
        from .services import RatioRow

        return RatioRow("", self.qualified, self.teachers).percent

    def department_rows(self) -> list:
        from django.utils.translation import gettext

        from .services import RatioRow

        rows = [RatioRow(name if name is not None else gettext("No department"), q, t)
                for name, q, t in self.departments]
        return sorted(rows, key=lambda r: r.name)


def _version() -> int:
    try:
        return int(cache.get_or_set(VERSION_KEY, 1, timeout=None))
    except Exception:  # noqa: BLE001 - without a cache every request computes the figures
        log.warning("cache unavailable: faculty figures computed per request", exc_info=True)
        return 0


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet: any value differs from the absent one
        cache.set(VERSION_KEY, 2, timeout=None)
    except Exception:  # noqa: BLE001 - a write must not fail because the cache is down
        log.warning("cache unavailable: faculty figures version not moved", exc_info=True)


def data_changed(**_kwargs) -> None:
    """Signal receiver: now (the writer's own transaction sees it) and again after commit, so a
    request that read the old rows while the write was uncommitted cannot keep its figures."""
    _bump()
    transaction.on_commit(_bump)


def compute(as_of: date, profiles=None) -> FacultySummary:
    """The college's figures by the rules of services.py (three queries: counted days, pending days,
    certificates); of ``profiles`` (a TeacherProfile queryset, e.g. one department's) where given."""
    from .models import TeacherProfile
    from .services import dual_statuses, teacher_standings

    profiles = list(
        # select_related(None) first: a caller's joins would clash with only() below.
        (TeacherProfile.objects.all() if profiles is None else profiles)
        .select_related(None).select_related("department")
        .order_by("user__username", "pk")
        .only("id", "is_specialist", "employed_since", "industry_years", "department__name")
    )
    standings = teacher_standings(profiles, as_of)
    statuses = dual_statuses(profiles, as_of,
                             counted_days={pk: s.counted_days for pk, s in standings.items()})
    departments: dict = {}
    for p in profiles:
        # None, not a translated "No department": the cached figures serve every language.
        row = departments.setdefault(p.department.name if p.department_id else None, [0, 0])
        row[0] += int(statuses[p.pk].qualified)
        row[1] += 1
    behind = [p.pk for p in profiles if standings[p.pk].status == Standing.BEHIND]
    return FacultySummary(
        teachers=len(profiles),
        qualified=sum(1 for s in statuses.values() if s.qualified),
        behind=len(behind),
        at_risk=sum(1 for s in standings.values() if s.status == Standing.AT_RISK),
        counted_days=sum(s.counted_days for s in standings.values()),
        pending_days=sum(s.pending_days for s in standings.values()),
        departments=tuple((name, q, t) for name, (q, t) in departments.items()),
        behind_sample=tuple(behind[:BEHIND_SAMPLE]),
    )


def college_summary(as_of: date | None = None) -> FacultySummary:
    """Every teacher of the college: how many, how many dual-qualified, how many behind on practice."""
    as_of = as_of or timezone.localdate()
    version = _version()
    key = f"faculty:summary:{version}:{as_of.isoformat()}"
    if version:
        try:
            hit = cache.get(key)
        except Exception:  # noqa: BLE001
            hit = None
        if hit is not None:
            return FacultySummary(**hit)
    summary = compute(as_of)
    if version:
        try:
            cache.set(key, asdict(summary), SUMMARY_TTL)
        except Exception:  # noqa: BLE001
            log.warning("cache unavailable: faculty figures not kept", exc_info=True)
    return summary
