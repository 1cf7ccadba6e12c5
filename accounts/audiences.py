"""Who holds a role now, as user ids: the people reminders and event notices go to.

Every app that tells people something asks here, so "a college admin" and "the users of an
enterprise" mean the same everywhere: a membership in force (``Membership.objects.in_force()``) of
an active user.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .choices import Role
from .models import Membership


def college_admin_ids() -> list[int]:
    return list(
        Membership.objects.in_force().filter(role=Role.COLLEGE_ADMIN, user__is_active=True)
        .order_by("user_id").values_list("user_id", flat=True).distinct()
    )


def enterprise_users_by_org(org_ids: Iterable[int]) -> dict[int, list[int]]:
    """The enterprise-role users of each organisation; one query."""
    by_org: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.in_force().filter(
        organization_id__in=set(org_ids), role=Role.ENTERPRISE, user__is_active=True
    ).values_list("organization_id", "user_id")
    for org_id, user_id in rows:
        by_org[org_id].append(user_id)
    return by_org


def enterprise_users_with_email(org_ids: Iterable[int]) -> tuple[dict[int, list[int]], dict[int, set[str]]]:
    """The enterprise-role users of each organisation and their e-mail addresses (lower case); one query."""
    users: dict[int, list[int]] = defaultdict(list)
    emails: dict[int, set[str]] = defaultdict(set)
    for org_id, user_id, email in Membership.objects.in_force().filter(
        organization_id__in=set(org_ids), role=Role.ENTERPRISE, user__is_active=True,
    ).values_list("organization_id", "user_id", "user__email"):
        users[org_id].append(user_id)
        if email:
            emails[org_id].add(email.lower())
    return users, emails
