"""Reads of the internships app that are more than a scoped queryset: the employment statistics."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Count, Q, QuerySet

from core.counting import kept_rows

from .choices import EMPLOYED_KINDS, OutcomeKind

EMPLOYED = Q(kind__in=list(EMPLOYED_KINDS))
TENTH = Decimal("0.1")
YUAN = Decimal("1")


def _percent(part: int, whole: int) -> Decimal | None:
    return (Decimal(part) * 100 / whole).quantize(TENTH, rounding=ROUND_HALF_UP) if whole else None


def _yuan(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(YUAN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class OutcomeFigures:
    """Employment figures over a group of outcomes.

    ``employment_rate``: hired by an enterprise of the industry, of all outcomes recorded.
    ``counterpart_rate``: in the field of study, of those hired. ``average_salary``: the mean starting
    monthly salary of the hires whose salary was recorded (yuan, rounded).
    """

    label: str
    total: int
    employed: int
    counterpart: int
    further_study: int
    average_salary: Decimal | None
    key: int | None = None

    @property
    def employment_rate(self) -> Decimal | None:
        return _percent(self.employed, self.total)

    @property
    def counterpart_rate(self) -> Decimal | None:
        return _percent(self.counterpart, self.employed)


@dataclass(frozen=True)
class EmployerFigures:
    """What one enterprise gives its interns and the college's graduates: hires (of its own interns how many),
    counterpart hires, the average salary, and how many of its interns with a recorded outcome it kept."""

    key: int
    label: str
    hires: int
    own_interns_hired: int
    counterpart: int
    average_salary: Decimal | None
    interns_with_outcome: int

    @property
    def counterpart_rate(self) -> Decimal | None:
        return _percent(self.counterpart, self.hires)

    @property
    def retention_rate(self) -> Decimal | None:
        return _percent(self.own_interns_hired, self.interns_with_outcome)


GROUP_FIGURES = {
    "total": Count("pk"),
    "employed": Count("pk", filter=EMPLOYED),
    "counterpart": Count("pk", filter=EMPLOYED & Q(is_counterpart=True)),
    "further_study": Count("pk", filter=Q(kind=OutcomeKind.FURTHER_STUDY)),
    "average_salary": Avg("monthly_salary", filter=EMPLOYED),
}


def _figures(label: str, row: dict, key=None) -> OutcomeFigures:
    return OutcomeFigures(label=label, total=row["total"], employed=row["employed"], counterpart=row["counterpart"],
                          further_study=row["further_study"], average_salary=_yuan(row["average_salary"]), key=key)


def outcome_statistics(outcomes: QuerySet, *, without_programme: str = "",
                       without_employer: str = "") -> tuple[OutcomeFigures, list[OutcomeFigures],
                                                             list[EmployerFigures]]:
    """(all, per programme, per enterprise) over ``outcomes`` (already scoped and filtered), in four grouped
    queries whatever the number of rows, programmes or enterprises."""
    base = outcomes.order_by()
    overall = base.aggregate(**GROUP_FIGURES)
    programmes = kept_rows(base.values("program_id", "program__major", "program__cohort_year", "program__version")
                           .annotate(**GROUP_FIGURES).order_by("program__major", "program__cohort_year",
                                                               "program__version"))
    per_programme = [
        _figures(f"{r['program__major']} {r['program__cohort_year']}" if r["program_id"] else without_programme, r,
                 r["program_id"])
        for r in programmes
    ]
    hires = kept_rows(base.filter(EMPLOYED, employer__isnull=False).values("employer_id", "employer__name").annotate(
        hires=Count("pk"), own=Count("pk", filter=Q(kind=OutcomeKind.HOST_ENTERPRISE)),
        counterpart=Count("pk", filter=Q(is_counterpart=True)), average_salary=Avg("monthly_salary"),
    ).order_by("-hires", "employer__name"))
    interns = dict(kept_rows(base.filter(placement__isnull=False).values("placement__enterprise_id")
                             .annotate(n=Count("pk")).values_list("placement__enterprise_id", "n")))
    per_employer = [
        EmployerFigures(key=r["employer_id"], label=r["employer__name"] or without_employer, hires=r["hires"],
                        own_interns_hired=r["own"], counterpart=r["counterpart"],
                        average_salary=_yuan(r["average_salary"]),
                        interns_with_outcome=interns.get(r["employer_id"], 0))
        for r in hires
    ]
    return _figures("", overall), per_programme, per_employer
