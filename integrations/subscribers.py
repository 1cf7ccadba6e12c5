"""The integrations host's one subscriber: every committed event, in a Celery task, never in the request.

It writes one delivery per endpoint and channel the event concerns (unique per target and event id, so a
redelivered event writes nothing more) and queues each on the ``webhooks`` queue.
"""
from __future__ import annotations

from django.db import transaction

from core.events import Event

from . import services


def on_event(event: Event) -> None:
    ids = services.fan_out(event)
    if ids:
        transaction.on_commit(lambda: services.queue(ids))
