"""Sections of the enterprise page that this app owns: the enterprise's postings and interns."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.registry import Card

from .models import Placement, Posting

PANEL_ROWS = 8


def enterprise_panels(request, org) -> list:
    postings = list(Posting.objects.visible_to(request.user).filter(enterprise=org)
                    .only("title", "status", "slots", "accepted_count")[:PANEL_ROWS])
    placements = list(Placement.objects.visible_to(request.user).filter(enterprise=org).select_related("student")
                      .only("post", "status", "student__display_name", "student__username",
                            "student__first_name", "student__last_name")[:PANEL_ROWS])
    return [
        Card(title=_("Internship postings"), value=len(postings),
             url=reverse("internships:posting_list") + f"?enterprise={org.pk}", order=20,
             rows=[(p.title, f"{p.get_status_display()} · {p.accepted_count}/{p.slots}") for p in postings]),
        Card(title=_("Interns"), value=len(placements),
             url=reverse("internships:placement_list") + f"?enterprise={org.pk}", order=21,
             rows=[(str(p.student), f"{p.post} · {p.get_status_display()}") for p in placements]),
    ]
