"""Key figures of the internships app (the ``kpis`` hook of core/registry.py), stored monthly by the reports app."""
from __future__ import annotations

from datetime import date

from django.db.models import Count, Sum
from django.utils.translation import gettext_lazy as _

from core.counting import kept_aggregate
from core.hosts import Kpi

from .choices import PlacementStatus, PostingStatus
from .models import Placement, Posting

KPIS = [
    Kpi("published_postings", _("Published postings")),
    Kpi("open_slots", _("Open internship slots")),
    Kpi("active_placements", _("Students in placements"), card=_("Internships"), beside="open_slots", order=72),
]


def figures(today: date) -> dict[str, int]:
    agg = kept_aggregate(Posting.objects.filter(status=PostingStatus.PUBLISHED), n=Count("pk"), slots=Sum("slots"),
                         taken=Sum("accepted_count"))
    return {
        "published_postings": agg["n"],
        "open_slots": (agg["slots"] or 0) - (agg["taken"] or 0),
        "active_placements": Placement.objects.filter(status=PlacementStatus.ACTIVE).count(),
    }
