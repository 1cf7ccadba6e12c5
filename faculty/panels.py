"""The teacher-placement section of an enterprise's page."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.registry import Card

from .choices import PlacementStatus
from .models import TeacherPlacement


def enterprise_panels(request, org) -> list[Card]:
    """Placements hosted by ``org`` as far as the viewer may see them (their scope decides)."""
    qs = (
        TeacherPlacement.objects.visible_to(request.user).filter(host=org)
        .exclude(status=PlacementStatus.DRAFT).select_related("teacher__user").order_by("-start_date")
    )
    rows = list(qs[:10])
    if not rows:
        return []
    return [Card(
        title=_("Teacher placements hosted"),
        value=qs.count(),
        url=reverse("faculty:confirmation_queue"),
        detail=_("Latest teachers practising at this enterprise"),
        order=45,
        rows=[(str(p.teacher), f"{p.start_date:%Y-%m-%d} – {p.end_date:%Y-%m-%d} · {p.get_status_display()}")
              for p in rows],
    )]
