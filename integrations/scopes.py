"""Whose a record is: the domain apps' ``WEBHOOK_SCOPES`` (``<app>/webhooks.py``, core/registry.py).

The integrations host imports no domain app: it reads the record through the paths each app declares.
An event about a model without a declared scope reaches college endpoints and college-wide channels
only; an enterprise endpoint hears only of records that name its enterprise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import NoReverseMatch, reverse

from accounts.choices import OrganizationKind, Role
from accounts.models import Membership
from core.events import Event
from core.hosts import RecordScope
from core.registry import app_modules


@cache
def scopes() -> dict[str, RecordScope]:
    found: dict[str, RecordScope] = {}
    for mod in app_modules("webhooks"):
        found.update(getattr(mod, "WEBHOOK_SCOPES", {}))
    return found


@dataclass
class Concern:
    """What the fan-out needs to know about an event's record, read once per event."""

    exists: bool = False
    enterprise_ids: set[int] = field(default_factory=set)
    department_id: int | None = None
    person_id: int | None = None
    api_url: str = ""


def mask_name(name: str) -> str:
    """``张三`` -> ``张*``: a group chat shows who, never the whole name."""
    name = (name or "").strip()
    return f"{name[0]}*" if name else ""


def person_name(user_id: int | None) -> str:
    if not user_id:
        return ""
    user = get_user_model().objects.filter(pk=user_id).only("display_name", "first_name", "last_name",
                                                             "username").first()
    return mask_name(str(user)) if user else ""


def _department_of(user_id: int) -> int | None:
    return (Membership.objects.in_force()
            .filter(user_id=user_id, organization__kind=OrganizationKind.DEPARTMENT,
                    role__in=[Role.STUDENT, Role.TEACHER])
            .order_by("id").values_list("organization_id", flat=True).first())


def concern(event: Event) -> Concern:
    try:
        model = apps.get_model(event.model)
    except LookupError:
        return Concern()
    scope = scopes().get(event.model, RecordScope())
    paths = [*scope.enterprises, *([scope.person] if scope.person else []),
             *([scope.department] if scope.department else [])]
    rows = list(model._base_manager.filter(pk=event.object_id).values_list("pk", *paths))
    if not rows:
        return Concern()
    found = Concern(exists=True)
    n = len(scope.enterprises)
    for row in rows:
        found.enterprise_ids.update(v for v in row[1:1 + n] if v is not None)
    at = 1 + n
    if scope.person:
        found.person_id = rows[0][at]
        at += 1
    if scope.department:
        found.department_id = rows[0][at]
    elif found.person_id:
        found.department_id = _department_of(found.person_id)
    if scope.api:
        try:
            found.api_url = settings.SITE_URL.rstrip("/") + reverse(scope.api, kwargs={"pk": event.object_id})
        except NoReverseMatch:
            found.api_url = ""
    return found
