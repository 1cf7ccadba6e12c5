"""Key figures of the funding app (the ``kpis`` hook of core/registry.py), stored monthly by the reports app."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from core.hosts import Kpi

from .models import BudgetLine, FundingSource

KPIS = [
    Kpi("funding_received_cny", _("Funding received this year (CNY)")),
    Kpi("budget_execution", _("Budget execution this year (%)"), card=_("Funding"), beside="funding_received_cny",
        order=74),
]


def figures(today: date) -> dict[str, float | None]:
    received = FundingSource.objects.filter(received_on__year=today.year).aggregate(s=Sum("amount"))["s"] or 0
    agg = BudgetLine.objects.filter(budget__year=today.year).aggregate(a=Sum("amount"), s=Sum("spent"))
    execution = None
    if agg["a"]:
        execution = float((Decimal(agg["s"] or 0) * 100 / Decimal(agg["a"])).quantize(Decimal("0.1")))
    return {"funding_received_cny": float(received), "budget_execution": execution}
