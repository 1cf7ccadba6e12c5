"""Celery side of the event dispatcher: one task per event and subscriber (core/events.py).

The request queues one message per event: ``deliver_event`` itself when one subscriber wants it,
otherwise ``fan_out_event``, which queues the ``deliver_event`` of each subscriber from the worker.
Publishing costs the request a few milliseconds per message, so an event with three subscribers would
otherwise cost it three (issue 19: an emitting step within 10 % of its time without events).
"""
from __future__ import annotations

from celery import shared_task

from .events import Event, run_subscriber


@shared_task(name="core.deliver_event", acks_late=True, ignore_result=True)
def deliver_event(payload: dict, handler: str) -> None:
    """Run one subscriber on one committed event. Failures are logged by ``run_subscriber``."""
    run_subscriber(handler, Event.from_dict(payload))


@shared_task(name="core.fan_out_event", acks_late=True, ignore_result=True)
def fan_out_event(payload: dict, handlers: list[str]) -> None:
    """Queue one ``deliver_event`` per subscriber; a redelivery queues them again, and every subscriber
    is idempotent on the event id, so nobody is told twice."""
    for handler in handlers:
        deliver_event.delay(payload, handler)
