"""Reads of attendance: day states, rates, sheets, today's board and visit coverage.

A day of a placement is *present* with a check-in that counts (not rejected), *on leave* with an
approved full-day leave, *absent* when it is a working day that is over with neither (a half day of
leave still wants a check-in), a *rest* day outside the working week or on a public holiday, *open*
while it is today and nothing is recorded yet. The attendance rate is present days over the working
days that are over, leave days left out. The same rule closes days into ``Absence`` rows
(attendance/daily.py); pages compute it live, so a late check-in or leave shows at once.
"""
from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Membership, Organization
from accounts.policy import access_for
from core.search import SCOPE_IDS, any_of, ids_up_to
from internships.choices import PlacementStatus
from internships.models import Placement

from .calendar import WorkWeek, calendar_map
from .choices import CheckKind, DayState, FlagStatus, HalfDay, LeaveStatus
from .models import CheckIn, LeaveRequest, SupervisionVisit, Workplace

# Placements that ran at some point (a pending one has no days yet).
RAN = (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED, PlacementStatus.TERMINATED)


@dataclass
class Attendance:
    """The days of one placement in a period, with the figures of a sheet row."""

    placement: Placement
    days: dict[datetime.date, str] = field(default_factory=dict)
    working: int = 0
    present: int = 0
    leave: Decimal = Decimal("0")
    absent: int = 0

    @property
    def rate(self) -> Decimal | None:
        """Present days over the working days that are over, leave left out; None without such a day."""
        base = Decimal(self.present + self.absent)
        if not base:
            return None
        return (Decimal(self.present) * 100 / base).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def department_name_subquery(student_ref: str = "student_id") -> Subquery:
    """The department (二级学院) the student studies in: their student membership's organisation."""
    return Subquery(Membership.objects.in_force().filter(user_id=OuterRef(student_ref), role=Role.STUDENT)
                    .order_by("pk").values("organization__name")[:1])


def in_department(department_id: int, student_ref: str = "student_id") -> Exists:
    return Exists(Membership.objects.in_force().filter(user_id=OuterRef(student_ref), role=Role.STUDENT,
                                                       organization_id=department_id))


def attendance_of(placements: list[Placement], start: datetime.date, end: datetime.date,
                  today: datetime.date | None = None) -> list[Attendance]:
    """Day states and figures of each placement from ``start`` to ``end``, in three queries for all of them."""
    today = today or timezone.localdate()
    cal = calendar_map()
    ids = [p.pk for p in placements]
    present: set[tuple[int, datetime.date]] = set(
        CheckIn.objects.filter(placement_id__in=ids, kind=CheckKind.IN, date__gte=start, date__lte=end)
        .exclude(flag_status=FlagStatus.REJECTED).values_list("placement_id", "date"))
    leave: dict[int, list[tuple[datetime.date, datetime.date, str]]] = defaultdict(list)
    for pid, first, last, half in LeaveRequest.objects.filter(
            placement_id__in=ids, status=LeaveStatus.APPROVED, start_date__lte=end, end_date__gte=start,
    ).values_list("placement_id", "start_date", "end_date", "half_day"):
        leave[pid].append((first, last, half))
    out = []
    for placement in placements:
        week = WorkWeek.of(Workplace.for_placement(placement))
        row = Attendance(placement)
        last_day = placement.ended_at.date() if placement.ended_at else placement.end_date
        day = start
        while day <= end:
            row.days[day] = state = _state(placement, week, cal, day, today, last_day, present, leave[placement.pk])
            if state == DayState.PRESENT:
                row.present += 1
                row.working += 1
            elif state == DayState.ABSENT:
                row.absent += 1
                row.working += 1
            elif state == DayState.LEAVE:
                row.leave += 1
                row.working += 1
            day += datetime.timedelta(days=1)
        for first, _last, half in leave[placement.pk]:
            if half != HalfDay.FULL and start <= first <= end and week.is_working_day(first, cal):
                row.leave += Decimal("0.5")
        out.append(row)
    return out


def _state(placement, week: WorkWeek, cal, day, today, last_day, present, leaves) -> str:
    if day < placement.start_date or day > last_day or placement.status not in RAN:
        return DayState.OUTSIDE
    if not week.is_working_day(day, cal):
        return DayState.REST
    if (placement.pk, day) in present:
        return DayState.PRESENT
    if any(first <= day <= last and half == HalfDay.FULL for first, last, half in leaves):
        return DayState.LEAVE
    if day >= today:
        return DayState.OPEN
    return DayState.ABSENT


def month_bounds(month: datetime.date) -> tuple[datetime.date, datetime.date]:
    first = month.replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return first, following - datetime.timedelta(days=1)


def sheet_placements(user, start: datetime.date, end: datetime.date, *, department: int | None = None,
                     enterprise: int | None = None) -> QuerySet:
    """The placements of a monthly sheet: those the user sees that ran during the period, by student.

    For the first page PostgreSQL walks the enterprises in name order, probing each one's placements, and stops
    at the fiftieth: right for a college admin's sheet (a province's 100,000 placements of the month), but an
    enterprise's or a teacher's few thousand sit at one or a few enterprises, and the walk went through all
    10,000 (340 ms at scale 10). So the sheet's placements are read first and, when there are at most
    ``SCOPE_IDS``, given as a constant array and ordered by their enterprise's name read per row, which no index
    walks: PostgreSQL reads and sorts those few thousand (same order, same rows). A college admin's placements
    are spread over every enterprise, the case the walk is right for (a college's 3,000 of the month read and
    sorted took twice as long as the walk).
    """
    qs = Placement.objects.visible_to(user).filter(status__in=RAN, start_date__lte=end, end_date__gte=start)
    if department:
        qs = qs.filter(in_department(department))
    if enterprise:
        qs = qs.filter(enterprise_id=enterprise)
    enterprise_name = F("enterprise__name")
    ids = None if access_for(user).is_college_admin else ids_up_to(qs, SCOPE_IDS)
    if ids is not None:
        # The ids are the scoped rows themselves (the scope's OR beside them made the planner guess again).
        qs = Placement.objects.filter(any_of("id", ids))
        enterprise_name = Subquery(Organization.objects.filter(pk=OuterRef("enterprise_id")).order_by().values("name"))
    return (qs.select_related("student", "enterprise", "workplace", "school_mentor")
            .annotate(department_name=department_name_subquery())
            .order_by(enterprise_name, "student__student_no", "student__username", "pk"))


def today_board(user, day: datetime.date | None = None) -> QuerySet:
    """Active placements the user sees, with the day's check-in and check-out times (None when missing)."""
    day = day or timezone.localdate()

    def at(kind: str) -> Subquery:
        return Subquery(CheckIn.objects.filter(placement_id=OuterRef("pk"), date=day, kind=kind).values("at")[:1])

    def flag(kind: str) -> Subquery:
        return Subquery(CheckIn.objects.filter(placement_id=OuterRef("pk"), date=day, kind=kind)
                        .values("flag_status")[:1])

    on_leave = Exists(LeaveRequest.objects.filter(placement_id=OuterRef("pk"), status=LeaveStatus.APPROVED,
                                                  start_date__lte=day, end_date__gte=day))
    return (Placement.objects.visible_to(user).filter(status=PlacementStatus.ACTIVE)
            .select_related("student", "enterprise", "workplace")
            .annotate(in_at=at(CheckKind.IN), out_at=at(CheckKind.OUT), in_flag=flag(CheckKind.IN),
                      on_leave=on_leave)
            .order_by("enterprise__name", "student__username", "pk"))


@dataclass
class Coverage:
    term: str
    start: datetime.date
    end: datetime.date
    required: int
    total: int
    covered: int
    by_mentor: list[dict]

    @property
    def percent(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(self.covered) * 100 / self.total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def coverage_placements(user, start: datetime.date, end: datetime.date) -> QuerySet:
    """Placements the user sees that ran during the term, with their number of visits in it."""
    visits = Count("supervision_visits", filter=Q(supervision_visits__visited_on__gte=start,
                                                  supervision_visits__visited_on__lte=end), distinct=True)
    return (Placement.objects.visible_to(user).filter(status__in=RAN, start_date__lte=end, end_date__gte=start)
            .annotate(visits=visits))


def visit_coverage(user, term: str, start: datetime.date, end: datetime.date, required: int) -> Coverage:
    """Coverage of a term: how many placements had their visits, overall and per school mentor."""
    rows = (coverage_placements(user, start, end).values("school_mentor_id", "school_mentor__display_name",
                                                         "school_mentor__username", "visits"))
    per: dict[int | None, dict] = {}
    total = covered = 0
    for r in rows:
        mentor = per.setdefault(r["school_mentor_id"], {
            "mentor_id": r["school_mentor_id"],
            "mentor": r["school_mentor__display_name"] or r["school_mentor__username"] or "",
            "total": 0, "covered": 0})
        done = r["visits"] >= required
        mentor["total"] += 1
        mentor["covered"] += done
        total += 1
        covered += done
    return Coverage(term, start, end, required, total, covered,
                    sorted(per.values(), key=lambda m: (m["covered"] - m["total"], m["mentor"])))


def visits_for(user) -> QuerySet:
    return (SupervisionVisit.objects.visible_to(user).select_related("teacher", "enterprise")
            .annotate(interns=Count("placements", distinct=True)))
