"""Key figures of the faculty app (the ``kpis`` hook of core/registry.py), stored monthly by the reports app."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from core.hosts import Kpi

from .choices import PlacementStatus
from .models import TeacherPlacement, TeacherProfile
from .summary import college_summary

# Teacher placements the enterprise has confirmed (and the college then counted) are practice done.
PRACTICE_DONE = [PlacementStatus.CONFIRMED, PlacementStatus.COUNTED]

KPIS = [
    Kpi("teachers", _("Teachers")),
    Kpi("dual_qualified_ratio", _("Dual-qualified ratio (%)"), card=_("Faculty"), beside="teacher_placement_days",
        order=73),
    Kpi("teacher_placement_days", _("Teacher placement days this year")),
]


def percent(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def figures(today: date) -> dict[str, float | int | None]:
    teachers = TeacherProfile.objects.count()
    # The dual-qualified rule is this app's own (services.dual_statuses), cached college-wide by summary.py.
    ratio = percent(college_summary().qualified, teachers)
    days = (TeacherPlacement.objects.filter(status__in=PRACTICE_DONE, start_date__year=today.year)
            .aggregate(s=Sum("days"))["s"] or 0)
    return {"teachers": teachers, "dual_qualified_ratio": float(ratio) if ratio is not None else None,
            "teacher_placement_days": int(days)}
