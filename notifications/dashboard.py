"""Dashboard card: the user's unread notifications and the latest few titles."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core import formatting
from core.registry import Card


def cards(request) -> list[Card]:
    from .selectors import latest_unread

    latest, total = latest_unread(request.user, 3)
    if not latest:
        return []
    rows = [(n.title, formatting.day(n.created_at, short=True)) for n in latest]
    return [Card(
        title=_("Unread notifications"),
        value=total,
        url=reverse("notifications:list") + "?unread=true",
        detail=_("Open the notification centre to read them all.") if total > len(latest) else "",
        rows=rows, order=5, key="unread_notifications",
    )]
