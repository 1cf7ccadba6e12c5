"""Notifications as a host of domain events: the moment something happens, the people it concerns hear of it.

Each domain app names, in ``<app>/recipients.py`` (``EVENT_RECIPIENTS``), the events that concern
someone and, for each, who and what to tell (``core.hosts.Audience``). ``NotificationsConfig.ready``
subscribes ``notify_event`` to exactly those events; the dispatcher runs it in a Celery task after the
step's transaction committed (core/events.py), so a rolled-back step notifies nobody.

The actor is never told of their own action. Each user is notified once per event: the notices of an
event share the key ``event:<event id>``, claimed in ``ReminderLog`` in the same transaction as the
rows, and a notification is unique per recipient and key (``notif_unique_key``), so a redelivered
event or a subscriber run twice writes nothing more.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from core.events import Event, subscribe
from core.hosts import Audience, Notice
from core.registry import app_modules

from . import services
from .choices import NotificationKind

HANDLER = "notifications.subscribers.notify_event"


@cache
def audiences() -> dict[str, list[Callable[[Event], list[Audience]]]]:
    """Event name -> the apps' functions that say who it concerns."""
    found: dict[str, list[Callable[[Event], list[Audience]]]] = {}
    for mod in app_modules("recipients"):
        for name, fn in getattr(mod, "EVENT_RECIPIENTS", {}).items():
            found.setdefault(name, []).append(fn)
    return found


def subscribe_all() -> None:
    for name in audiences():
        subscribe(name, HANDLER)


def event_key(event: Event) -> str:
    return f"event:{event.id}"


def notify_event(event: Event) -> int:
    """Deliver the in-app notices of one committed event; returns how many notifications it created."""
    app_label, model = event.model.split(".", 1)
    target = (ContentType.objects.get_by_natural_key(app_label, model).pk, event.object_id)
    told: set[int] = {event.actor_id} if event.actor_id else set()
    notices = []
    for fn in audiences().get(event.name, ()):
        for audience in fn(event):
            if audience.kind not in NotificationKind.values:
                raise ValueError(f"{fn.__module__}.{fn.__qualname__} uses unknown notification kind {audience.kind!r}")
            ids = [u for u in dict.fromkeys(audience.user_ids) if u not in told]
            told.update(ids)
            if ids:
                notices.append(Notice(recipients=ids, kind=audience.kind, title=audience.title, body=audience.body,
                                      url=audience.url, obj=target, key=event_key(event), rule=event.name))
    if not notices:
        return 0
    with transaction.atomic():
        return len(services.deliver(notices))
