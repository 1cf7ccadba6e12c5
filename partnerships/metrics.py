"""What happened with each enterprise in a period, from this app (see accounts/registry.py)."""
from __future__ import annotations

from datetime import date

from django.db.models import Count

from .choices import ProjectStatus
from .models import ContactLog, IndustryProject


def enterprise_metrics(org_ids, *, start: date, end: date) -> dict[int, dict[str, int]]:
    """``projects``: projects published in the period; ``contacts``: contacts logged in it. Two queries."""
    org_ids = list(org_ids)
    out: dict[int, dict[str, int]] = {oid: {"projects": 0, "contacts": 0} for oid in org_ids}
    projects = (
        IndustryProject.objects.filter(enterprise_id__in=org_ids, published_at__date__range=(start, end))
        .exclude(status=ProjectStatus.DRAFT)
        .values("enterprise_id").annotate(n=Count("id")).order_by()
    )
    for row in projects:
        out[row["enterprise_id"]]["projects"] = row["n"]
    contacts = (
        ContactLog.objects.filter(enterprise_id__in=org_ids, occurred_on__range=(start, end))
        .values("enterprise_id").annotate(n=Count("id")).order_by()
    )
    for row in contacts:
        out[row["enterprise_id"]]["contacts"] = row["n"]
    return out
