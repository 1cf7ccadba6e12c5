"""Domain events: a service says what happened; whoever cares subscribes (CONVENTIONS.md rule 14).

An event is a small, typed, JSON-able record (ids, the actor, the time, a few scalar facts), never a
model instance: it outlives the transaction and crosses into Celery. ``emit`` queues it with
``transaction.on_commit``, so a rolled-back step emits nothing, and hands it to the dispatcher once
the data it names is committed and visible to every other connection.

Event types are declared, not invented at the call site: each app lists its own in
``<app>/events.py`` as ``EVENT_TYPES`` (found through the registry), ``workflow.transition`` emits
``<app>.<model>.<target status>`` for every declared state machine, and ``emit`` refuses a name
that no app declared, so the catalogue in docs/EVENTS.md is complete by construction.

Subscribers register with ``subscribe(pattern, handler, *, inline=False)``: ``pattern`` is an
event name or a prefix ending in ``*``. An inline subscriber runs in the request right after the
commit (cheap, local work: forgetting a cached figure); every other subscriber runs in a Celery
task (``core.tasks.deliver_event``), one per event and subscriber, so fan-out never happens in the
request (the request queues one message per event; ``core.tasks.fan_out_event`` splits it in the
worker). A subscriber's failure is logged and never fails the step that emitted the event.
"""
from __future__ import annotations

import fnmatch
import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime
from functools import cache

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from .registry import app_modules

log = logging.getLogger(__name__)

Scalar = str | int | float | bool | None


@dataclass(frozen=True)
class EventType:
    """One kind of event in the catalogue: its name, a label people read and what it carries."""

    name: str  # "<app>.<model>.<what happened>", e.g. "internships.application.accepted"
    label: str
    description: str = ""


@dataclass(frozen=True)
class Event:
    name: str
    model: str  # "app_label.model_name" of the record the event is about
    object_id: int
    actor_id: int | None = None
    at: str = field(default_factory=lambda: timezone.now().isoformat())
    data: dict[str, Scalar] = field(default_factory=dict)
    id: str = field(default_factory=lambda: uuid.uuid4().hex)

    def as_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, payload: dict) -> Event:
        return cls(**payload)

    @property
    def occurred_at(self) -> datetime:
        return datetime.fromisoformat(self.at)


# ----------------------------------------------------------------------------- catalogue

@cache
def catalogue() -> dict[str, EventType]:
    """Every declared event type by name: the apps' ``EVENT_TYPES`` and their state machines."""
    types: dict[str, EventType] = {}
    for mod in app_modules("events"):
        for et in getattr(mod, "EVENT_TYPES", ()):
            if et.name in types:
                raise ValueError(f"event type {et.name} declared twice")
            types[et.name] = et
    return types


def is_declared(name: str) -> bool:
    return name in catalogue()


# ----------------------------------------------------------------------------- subscribers

@dataclass(frozen=True)
class Subscription:
    pattern: str
    handler: str  # dotted path: a Celery task gets a string, never a function object
    inline: bool = False

    def matches(self, name: str) -> bool:
        return fnmatch.fnmatchcase(name, self.pattern)


_subscriptions: list[Subscription] = []


def subscribe(pattern: str, handler: str | Callable, *, inline: bool = False) -> None:
    """Register ``handler(event)`` for events whose name matches ``pattern`` (``*`` wildcards)."""
    path = handler if isinstance(handler, str) else f"{handler.__module__}.{handler.__qualname__}"
    sub = Subscription(pattern, path, inline)
    if sub not in _subscriptions:
        _subscriptions.append(sub)


def subscriptions() -> list[Subscription]:
    return list(_subscriptions)


@cache
def _handler(path: str) -> Callable[[Event], object]:
    return import_string(path)


def run_subscriber(path: str, event: Event) -> None:
    """Call one subscriber; its failure is logged, never raised into the step or the dispatcher."""
    try:
        _handler(path)(event)
    except Exception:  # noqa: BLE001 - a subscriber must never fail the step that emitted the event
        log.exception("event subscriber %s failed on %s (%s)", path, event.name, event.id)


def dispatch(event: Event) -> None:
    """Hand a committed event to its subscribers: inline ones now, the others through Celery."""
    queued: list[str] = []
    for sub in _subscriptions:
        if not sub.matches(event.name):
            continue
        if sub.inline:
            run_subscriber(sub.handler, event)
        else:
            queued.append(sub.handler)
    if queued:
        from .tasks import deliver_event, fan_out_event

        payload = event.as_dict()
        try:
            # one message per event from the request; the worker fans out to the subscribers (core/tasks.py)
            if len(queued) == 1:
                deliver_event.delay(payload, queued[0])
            else:
                fan_out_event.delay(payload, queued)
        except Exception:  # noqa: BLE001 - a broker outage must not turn a committed step into a 500
            log.exception("could not queue %s for %s (%s)", ", ".join(queued), event.name, event.id)


# ----------------------------------------------------------------------------- emitting

def _label(obj_or_model) -> str:
    meta = obj_or_model._meta
    return f"{meta.app_label}.{meta.model_name}"


def _actor_id(actor) -> int | None:
    if actor is None:
        return None
    if isinstance(actor, int):
        return actor
    return actor.pk if getattr(actor, "is_authenticated", False) else None


def emit(name: str, obj: models.Model, *, actor=None, **data: Scalar) -> Event:
    """Queue event ``name`` about ``obj`` for after the current transaction commits.

    Outside a transaction (autocommit) it is dispatched at once, which is also after the commit.
    With ``settings.IEI_EVENTS_ENABLED`` false nothing is queued (the "events off" half of
    bench/events_emit.py, which measures what events cost a step; never off in a deployment).
    """
    if not is_declared(name):
        raise ValueError(f"undeclared event type {name!r}: add it to the app's events.py EVENT_TYPES")
    event = Event(name=name, model=_label(obj), object_id=int(obj.pk), actor_id=_actor_id(actor), data=dict(data))
    if settings.IEI_EVENTS_ENABLED:
        transaction.on_commit(lambda: dispatch(event), robust=True)
    return event


def emit_created(obj: models.Model, *, actor=None, **data: Scalar) -> Event:
    return emit(f"{_label(obj)}.created", obj, actor=actor, **data)


def transition_event_name(obj: models.Model, target: str) -> str:
    return f"{_label(obj)}.{target}"


def state_events(model: type[models.Model], labels: dict[str, str], *, field_name: str = "status",
                 created: str | None = None, extra: Iterable[EventType] = ()) -> list[EventType]:
    """The event types of a model's state machine: one per status it can reach, plus ``created``.

    ``labels`` maps a status value to what happened ("offered": "Offer made"); a status that the
    model's choices know but ``labels`` does not name gets the choice's own label.
    """
    label = _label(model)
    types: list[EventType] = []
    if created:
        types.append(EventType(f"{label}.created", created))
    choices = dict(model._meta.get_field(field_name).choices or ())
    for value, text in choices.items():
        types.append(EventType(f"{label}.{value}", labels.get(value, text)))
    types.extend(extra)
    return types
