"""Reads of the notifications app."""
from __future__ import annotations

from .models import Notification


def unread_count(user) -> int:
    """The navigation badge: one COUNT on the partial unread index."""
    return Notification.objects.visible_to(user).unread().count()


def notification_list(*, user):
    return Notification.objects.visible_to(user).select_related("content_type")
