"""The funding app's figures for the reports app (the ``report_figures`` hook of core/registry.py).

Every annual figure is as of the report's year (``ReportYear.as_of``): money received and spent on
dates in the year (a payment voided later still counted if it stood then), a budget line's amount as
its history had it then, the bases set up by then, bookings by the status they held then.
"""
from __future__ import annotations

from decimal import Decimal

from django.db.models import Exists, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.hosts import AnnualSection, ReportYear, Section, status_as_of

from .choices import BookingStatus, ExpenditureStatus, SourceKind
from .models import Booking, BudgetLine, Expenditure, FundingSource, ProgramEvaluation, TrainingBase


def _pct(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def budget_then(period: ReportYear) -> tuple[Decimal | None, Decimal]:
    """(budgeted, spent) of the year's budgets as they stood at its end.

    A line's amount is the one its history held then (a line without history: its amount); a line
    added after the year is left out. Spent is the payments dated in the year that were not voided by then.
    """
    history = BudgetLine.history.model.objects.filter(id=OuterRef("pk"))
    then = history.filter(history_date__lte=period.as_of).order_by("-history_date", "-history_id").values("amount")[:1]
    lines = (BudgetLine.objects.filter(budget__year=period.year)
             .exclude(Exists(history.filter(history_type="+", history_date__gt=period.as_of)))
             .annotate(amount_then=Coalesce(Subquery(then), "amount")))
    budgeted = lines.aggregate(a=Sum("amount_then"))["a"]
    spent = (Expenditure.objects.filter(line__in=lines.values("pk"), spent_on__lte=period.end)
             .annotate(status_then=status_as_of(Expenditure, period.as_of))
             .filter(status_then=ExpenditureStatus.RECORDED).aggregate(s=Sum("amount"))["s"] or Decimal("0")
             ) if budgeted is not None else None
    return budgeted, spent


def funding(period: ReportYear) -> Section:
    s = Section("funding", gettext("Pathway 4 · Support mechanisms"))
    sums = dict(FundingSource.objects.filter(received_on__range=(period.start, period.end)).values_list("kind")
                .annotate(t=Sum("amount")).values_list("kind", "t"))
    s.rows.append((gettext("Funding received (CNY)"), sum(sums.values(), Decimal("0"))))
    for k, label in SourceKind.choices:
        if sums.get(k):
            s.rows.append((gettext("Funding: %(kind)s (CNY)") % {"kind": label}, sums[k]))
    s.chart_title = gettext("Funding by source (CNY)")
    s.chart = [(str(label), float(sums[k])) for k, label in SourceKind.choices if sums.get(k)]
    budgeted, spent = budget_then(period)
    s.rows.append((gettext("Budgeted (CNY)"), budgeted))
    s.rows.append((gettext("Spent (CNY)"), spent))
    s.rows.append((gettext("Budget execution (%)"), _pct(spent, budgeted)))
    # Closing a base is not dated, so whether it is still active narrows only the current year.
    bases = TrainingBase.objects.filter(created_at__lte=period.as_of)
    if period.year >= timezone.localdate().year:
        bases = bases.filter(is_active=True)
    s.rows.append((gettext("Active training bases"), bases.count()))
    bookings = (Booking.objects.filter(starts_at__year=period.year)
                .annotate(status_then=status_as_of(Booking, period.as_of))
                .exclude(status_then__in=[BookingStatus.CANCELLED, BookingStatus.REJECTED]))
    s.rows.append((gettext("Training-base bookings this year"), bookings.count()))
    s.rows.append((gettext("Multi-party programme evaluations"),
                   ProgramEvaluation.objects.filter(submitted_at__year=period.year).count()))
    return s


ANNUAL_SECTIONS = [AnnualSection("funding", _("Pathway 4 · Support mechanisms"), funding)]

