"""What really happened with each enterprise in a period (partnership health adds these up)."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from .services import hosted_metrics


def enterprise_metrics(org_ids: Iterable[int], *, start: date, end: date) -> dict[int, dict[str, int]]:
    """``teachers_hosted`` (distinct teachers) and ``teacher_placement_days`` (days inside the period) from
    placements the enterprise confirmed (or the college counted), in one query."""
    return hosted_metrics(org_ids, start=start, end=end)
