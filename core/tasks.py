"""Celery side of the event dispatcher: one task per event and subscriber (core/events.py)."""
from __future__ import annotations

from celery import shared_task

from .events import Event, run_subscriber


@shared_task(name="core.deliver_event", acks_late=True, ignore_result=True)
def deliver_event(payload: dict, handler: str) -> None:
    """Run one subscriber on one committed event. Failures are logged by ``run_subscriber``."""
    run_subscriber(handler, Event.from_dict(payload))
