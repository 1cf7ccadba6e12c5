"""The platform's own subscribers to domain events."""
from __future__ import annotations

from django.utils.dateparse import parse_datetime

from .events import Event


def journal(event: Event) -> None:
    """Keep every event in ``EventRecord``; a redelivered event (same id) is written once."""
    from .models import EventRecord

    EventRecord.objects.get_or_create(
        id=event.id,
        defaults={"name": event.name, "model": event.model, "object_id": event.object_id,
                  "actor_id": event.actor_id, "at": parse_datetime(event.at), "data": event.data},
    )
