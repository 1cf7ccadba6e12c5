"""The college's key figures at one moment; stored monthly as KpiSnapshot so dashboards draw trends."""
from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.counting import kept_aggregate

from .sources import model, safe

# Teacher placements the enterprise has confirmed (and the college then counted) are practice done.
PRACTICE_DONE = ["confirmed", "counted"]

# key -> label, in the order dashboards show them
KPI_LABELS = {
    "active_agreements": _("Active agreements"),
    "partner_enterprises": _("Partner enterprises"),
    "published_postings": _("Published postings"),
    "open_slots": _("Open internship slots"),
    "active_placements": _("Students in placements"),
    "teachers": _("Teachers"),
    "dual_qualified_ratio": _("Dual-qualified ratio (%)"),
    "teacher_placement_days": _("Teacher placement days this year"),
    "funding_received_cny": _("Funding received this year (CNY)"),
    "budget_execution": _("Budget execution this year (%)"),
}


def _pct(part, whole) -> float | None:
    if part is None or not whole:
        return None
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1")))


def compute_kpis(today=None) -> dict[str, float | int | None]:
    today = today or timezone.localdate()
    year = today.year
    out: dict[str, float | int | None] = {}

    agreement = model("partnerships.Agreement", "status")
    out["active_agreements"] = safe(lambda: agreement.objects.filter(status="active").count()) if agreement else None
    enterprise = model("partnerships.Enterprise")
    out["partner_enterprises"] = safe(lambda: enterprise.objects.count()) if enterprise else None

    posting = model("internships.Posting", "status", "slots")
    if posting:
        def postings():
            fields = {f.name for f in posting._meta.get_fields()}
            qs = posting.objects.filter(status="published")
            agg = kept_aggregate(qs, n=Count("pk"), slots=Sum("slots"),
                                 taken=Sum("accepted_count") if "accepted_count" in fields else Sum(0))
            return agg["n"], (agg["slots"] or 0) - (agg["taken"] or 0)

        out["published_postings"], out["open_slots"] = safe(postings, (None, None))
    else:
        out["published_postings"] = out["open_slots"] = None

    placement = model("internships.Placement", "status")
    out["active_placements"] = safe(lambda: placement.objects.filter(status="active").count()) if placement else None

    fig = teacher_figures(year)
    out["teachers"] = fig["teachers"]
    out["dual_qualified_ratio"] = _pct(fig["dual_qualified"], fig["teachers"])
    out["teacher_placement_days"] = fig["placement_days"]

    source = model("funding.FundingSource", "amount", "received_on")
    out["funding_received_cny"] = safe(
        lambda: float(source.objects.filter(received_on__year=year).aggregate(s=Sum("amount"))["s"] or 0)
    ) if source else None
    out["budget_execution"] = budget_execution(year)
    return out


def teacher_figures(year: int) -> dict[str, int | None]:
    """Teachers, how many are dual-qualified (by the faculty app's own rule), placement days in the year."""
    out: dict[str, int | None] = {"teachers": None, "dual_qualified": None, "placement_days": None}
    profile = model("faculty.TeacherProfile")
    if profile:
        out["teachers"] = safe(lambda: profile.objects.count())
        out["dual_qualified"] = safe(lambda: _dual_qualified_count(profile))
    tp = model("faculty.TeacherPlacement", "days", "start_date", "status")
    if tp:
        out["placement_days"] = safe(
            lambda: int(tp.objects.filter(status__in=PRACTICE_DONE, start_date__year=year)
                        .aggregate(s=Sum("days"))["s"] or 0)
        )
    return out


def _dual_qualified_count(profile) -> int | None:
    """Asks the faculty app (its rule, not a copy of it); None when it has no such rule yet."""
    try:
        from faculty.summary import college_summary
    except ImportError:
        return None
    return college_summary().qualified


def budget_execution(year: int) -> float | None:
    line = model("funding.BudgetLine", "amount", "spent", "budget")
    if not line:
        return None

    def compute():
        agg = line.objects.filter(budget__year=year).aggregate(a=Sum("amount"), s=Sum("spent"))
        return _pct(agg["s"] or 0, agg["a"])

    return safe(compute)


def series(snapshots, key: str) -> list[tuple[str, float]]:
    """(month label, value) pairs of one KPI, oldest first, skipping months without the figure."""
    pts = []
    for s in sorted(snapshots, key=lambda s: s.period):
        v = (s.figures or {}).get(key)
        if v is not None:
            pts.append((f"{s.period:%Y-%m}", float(v)))
    return pts



