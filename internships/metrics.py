"""What really happened with each enterprise in a period, for partnership health (one query)."""
from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count

from .models import Placement


def enterprise_metrics(org_ids: Iterable[int], *, start: datetime.date, end: datetime.date) -> dict[int, dict]:
    ids = list(org_ids)
    rows = (Placement.objects.filter(enterprise_id__in=ids, start_date__lte=end, end_date__gte=start)
            .exclude(status="pending").values("enterprise_id").annotate(n=Count("student_id", distinct=True)))
    counts = {r["enterprise_id"]: r["n"] for r in rows}
    return {org_id: {"interns_hosted": counts.get(org_id, 0)} for org_id in ids}
