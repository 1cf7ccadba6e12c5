"""Per-enterprise internship figures: what happened in a period (partnership health) and the running totals."""
from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from core.counting import kept, kept_rows

from .choices import ApplicationStatus, PlacementStatus, PostingStatus
from .models import STARTED_PLACEMENT_STATES, ApplicationTally, Placement, Posting


def enterprise_metrics(org_ids: Iterable[int], *, start: datetime.date, end: datetime.date) -> dict[int, dict]:
    ids = list(org_ids)
    # Interns who started (a placement cancelled before its start hosted nobody).
    rows = (Placement.objects.filter(enterprise_id__in=ids, start_date__lte=end, end_date__gte=start,
                                     status__in=STARTED_PLACEMENT_STATES)
            .values("enterprise_id").annotate(n=Count("student_id", distinct=True)))
    counts = {r["enterprise_id"]: r["n"] for r in rows}
    return {org_id: {"interns_hosted": counts.get(org_id, 0)} for org_id in ids}


NUMBER_KEYS = ("postings_open", "applications", "accepted", "interns_active", "interns_total")


def enterprise_numbers(org_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """Running internship totals of the given enterprises, in three grouped queries whatever their number.

    Meant for one page of enterprises: each query reads only those enterprises' rows, the applications from
    their tally (``ApplicationTally``), the postings and placements from the (enterprise, status)
    indexes alone (counting the indexed, non-null ``status`` column rather than ``id``, which would fetch every
    row from the table).
    """
    ids = list(org_ids)
    out = {org_id: dict.fromkeys(NUMBER_KEYS, 0) for org_id in ids}
    if not ids:
        return out
    postings = (Posting.objects.filter(enterprise_id__in=ids, status=PostingStatus.PUBLISHED).order_by()
                .values("enterprise_id").annotate(n=Count("pk")))
    for row in kept_rows(postings):
        out[row["enterprise_id"]]["postings_open"] = row["n"]
    # The Zipf-largest enterprises of a province have 330,000 applications between them: summed from the
    # tally the database keeps per enterprise and status (ApplicationTally), a few rows each.
    applications = (ApplicationTally.rows(ids).order_by()
                    .values("enterprise_id")
                    .annotate(total=Sum("n"), accepted=Sum("n", filter=Q(status=ApplicationStatus.ACCEPTED))))
    for row in applications:
        out[row["enterprise_id"]].update(applications=row["total"], accepted=row["accepted"] or 0)
    placements = (Placement.objects.filter(enterprise_id__in=ids).order_by().values("enterprise_id")
                  .annotate(n=Count("status"), active=Count("status", filter=Q(status=PlacementStatus.ACTIVE))))
    for row in kept_rows(placements):
        out[row["enterprise_id"]].update(interns_total=row["n"], interns_active=row["active"])
    return out


def enterprise_ranking(*, user) -> list[int]:
    """Ids of the enterprises ``user`` sees, most active interns first, then by name.

    Only this sort key is counted for every enterprise (one indexed count each); the other figures are
    grouped counts over a page's enterprises (``enterprise_numbers``). The order of a province's 10,000
    enterprises takes 30 ms, so it is kept like a list total (core.counting).
    """
    from accounts.models import Organization

    active = (Placement.objects.filter(enterprise=OuterRef("pk"), status=PlacementStatus.ACTIVE).order_by()
              .values("enterprise").annotate(n=Count("status")).values("n")[:1])
    orgs = (Organization.objects.visible_to(user).enterprises()
            .annotate(active_sort=Coalesce(Subquery(active), 0)).order_by("-active_sort", "name", "pk"))
    return kept("ranking", orgs, lambda: list(orgs.values_list("pk", flat=True)))
