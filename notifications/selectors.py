"""Reads of the notifications app."""
from __future__ import annotations

from django.db.models import Count, Window

from core.dashboard import once

from .models import Notification

UNREAD = "notifications.unread"


def unread_count(user) -> int:
    """The navigation badge: one COUNT on the partial unread index, or the total the dashboard card
    already read with the latest titles in the same request (core.dashboard.once)."""
    return once(user, UNREAD, lambda: Notification.objects.visible_to(user).unread().count())


def latest_unread(user, n: int) -> tuple[list[Notification], int]:
    """The ``n`` newest unread notifications and how many are unread in all, in one query (a window
    count over the same rows); the total is kept for the badge of the same request."""
    rows = list(Notification.objects.visible_to(user).unread().annotate(unread_total=Window(Count("pk")))
                .only("title", "created_at")[:n])
    total = rows[0].unread_total if rows else 0
    once(user, UNREAD, lambda: total)
    return rows, total


def notification_list(*, user):
    return Notification.objects.visible_to(user).select_related("content_type")
