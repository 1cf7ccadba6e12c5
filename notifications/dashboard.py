"""Dashboard card: the user's unread notifications and the latest few titles."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.registry import Card


def cards(request) -> list[Card]:
    from .models import Notification

    latest = list(Notification.objects.visible_to(request.user).unread().only("title", "created_at")[:4])
    if not latest:
        return []
    shown = latest[:3]
    more = len(latest) > 3
    rows = [(n.created_at.strftime("%m-%d"), n.title) for n in shown]
    return [Card(
        title=_("Unread notifications"),
        value=f"{len(shown)}+" if more else len(shown),
        url=reverse("notifications:list") + "?unread=true",
        detail=_("Open the notification centre to read them all.") if more else "",
        rows=rows, order=5,
    )]
