"""Internship rules that hang on records of an app below this one (found through core.registry.app_modules).

An app lower in the stack calls these in its own service, inside its transaction, right after it saved
the change: a rule broken here raises a DomainError and the whole change rolls back. The lower app
imports nothing from this one (DESIGN.md §3: no arrow points up).
"""
from __future__ import annotations

from . import services


def enterprise_changed(*, enterprise, by, before: dict, reason: str = "") -> None:
    """partnerships saved ``enterprise``'s profile; ``before`` holds the changed fields' old values.

    The intern caps are a share of the staff count: a drop below what the enterprise's published
    postings and active interns need is refused, or for active interns allowed by a college admin's
    recorded ``reason`` (services.enterprise_staff_changed).
    """
    old = before.get("staff_count")
    if old is not None and old != enterprise.staff_count:
        services.enterprise_staff_changed(enterprise_id=enterprise.pk, by=by, old_staff=old, reason=reason)
