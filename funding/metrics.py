"""What each enterprise really invested in a period, for partnership health (accounts/registry.py)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from .choices import INVESTMENT_KINDS, SourceStatus
from .models import FundingSource


def enterprise_metrics(org_ids, *, start: date, end: date) -> dict[int, dict[str, Decimal]]:
    """Confirmed cash and in-kind investment per enterprise received in [start, end], one query."""
    ids = list(org_ids)
    result = {org_id: {"investment_cny": Decimal("0.00")} for org_id in ids}
    rows = (
        FundingSource.objects.filter(funder_id__in=ids, kind__in=INVESTMENT_KINDS, status=SourceStatus.CONFIRMED,
                                     received_on__gte=start, received_on__lte=end)
        .values("funder_id").annotate(total=Sum("amount")).values_list("funder_id", "total")
    )
    for org_id, total in rows:
        result[org_id]["investment_cny"] = total
    return result
