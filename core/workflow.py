"""Explicit status transitions, shared by every app's services (CONVENTIONS.md rule 5).

A service declares its state machine as a mapping ``{action: (allowed sources, target)}`` and
calls ``transition``. The row is locked, the current status checked, the change saved and
recorded in ``StatusChange`` with who and when, all in the caller's transaction; the domain event
``<app>.<model>.<target>`` is emitted after that transaction commits (core/events.py).
"""
from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.domain import TransitionNotAllowed

from .events import emit, transition_event_name
from .models import StatusChange


def record_status_change(obj: models.Model, *, from_status: str, to_status: str, by=None, note: str = "",
                         field: str = "status") -> StatusChange:
    return StatusChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=True),
        object_id=obj.pk,
        field=field,
        from_status=from_status or "",
        to_status=to_status,
        by=by if getattr(by, "is_authenticated", False) else None,
        note=note,
    )


@transaction.atomic
def transition(obj: models.Model, *, sources: Iterable[str], target: str, by=None, note: str = "",
               field: str = "status", extra_updates: dict | None = None, lock: bool = True) -> models.Model:
    """Move ``obj.<field>`` to ``target`` if its current value is one of ``sources``; else 409."""
    model = type(obj)
    if lock:
        current = model._default_manager.select_for_update().only("pk", field).get(pk=obj.pk)
        setattr(obj, field, getattr(current, field))
    current_value = getattr(obj, field)
    if current_value not in set(sources):
        get_display = getattr(obj, f"get_{field}_display", None)
        shown = get_display() if get_display else current_value
        raise TransitionNotAllowed(_("Not allowed while the status is “%(status)s”.") % {"status": shown})
    setattr(obj, field, target)
    update_fields = [field]
    for name, value in (extra_updates or {}).items():
        setattr(obj, name, value)
        update_fields.append(name)
    if hasattr(obj, "updated_at"):
        update_fields.append("updated_at")
    obj.save(update_fields=update_fields)
    record_status_change(obj, from_status=current_value, to_status=target, by=by, note=note, field=field)
    if field == "status":
        # Every move of a declared state machine is announced once its transaction commits.
        emit(transition_event_name(obj, target), obj, actor=by, from_status=current_value)
    return obj


def history_for(obj: models.Model):
    """Transitions of ``obj``, newest first, with the actor loaded."""
    ct = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    return StatusChange.objects.filter(content_type=ct, object_id=obj.pk).select_related("by")
