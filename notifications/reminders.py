"""Reminder rules: each finds its candidates in batches and hands keyed messages to ``services.deliver``.

A rule is ``fn(today) -> int`` (notifications created), registered with ``@rule(name)``. Every
batch is one transaction with a constant number of queries (candidates, their people, the key
claim, preferences, the insert), so the cost grows with batches, not objects. The key of each
message names the rule, the object and the period or threshold, so every run is idempotent.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import Membership

from .choices import NotificationKind
from .conf import reminder_setting
from .services import Message, deliver

RULES: dict[str, Callable[[date], int]] = {}


def rule(name: str) -> Callable[[Callable[[date], int]], Callable[[date], int]]:
    def register(fn: Callable[[date], int]) -> Callable[[date], int]:
        RULES[name] = fn
        return fn

    return register


def run_rule(name: str, *, today: date | None = None) -> int:
    if name not in RULES:
        raise KeyError(f"unknown reminder rule {name!r}")
    return RULES[name](today or timezone.localdate())


def batches(qs: QuerySet, size: int | None = None) -> Iterator[list[dict]]:
    """Keyset pagination on the primary key over a ``values()`` queryset: one query per batch."""
    size = size or reminder_setting("BATCH_SIZE")
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1]["id"]


def object_url(url_name: str, pk: int, fallback: str = "") -> str:
    """The detail page of an object of another app, if that app has one (its URLs are still being built)."""
    try:
        return reverse(url_name, kwargs={"pk": pk})
    except NoReverseMatch:
        if fallback:
            try:
                return reverse(fallback)
            except NoReverseMatch:
                return ""
        return ""


def college_admin_ids() -> list[int]:
    return list(
        Membership.objects.filter(role=Role.COLLEGE_ADMIN, is_active=True, user__is_active=True,
                                  organization__is_active=True)
        .order_by("user_id").values_list("user_id", flat=True).distinct()
    )


def enterprise_users_by_org(org_ids: set[int]) -> dict[int, list[int]]:
    by_org: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(
        organization_id__in=org_ids, role=Role.ENTERPRISE, is_active=True, user__is_active=True
    ).values_list("organization_id", "user_id")
    for org_id, user_id in rows:
        by_org[org_id].append(user_id)
    return by_org


# --- partnerships -------------------------------------------------------------------------------

@rule("agreement_expiring")
def agreement_expiring(today: date) -> int:
    """Active agreements ending within a threshold (60/30/7 days by default) → college admins and partners.

    Only the tightest threshold reached is sent, once per agreement, threshold and end date: an
    agreement first seen 5 days before its end gets the 7-day reminder only, and an extended end
    date arms the reminders again.
    """
    from partnerships.choices import AgreementStatus
    from partnerships.models import Agreement

    thresholds = sorted({int(d) for d in reminder_setting("AGREEMENT_EXPIRY_DAYS")})
    if not thresholds:
        return 0
    qs = Agreement.objects.filter(
        status=AgreementStatus.ACTIVE, end_date__gte=today, end_date__lte=today + timedelta(days=thresholds[-1])
    ).values("id", "code", "title", "end_date")
    admins = college_admin_ids()
    ct_id = ContentType.objects.get_for_model(Agreement).pk
    through = Agreement.parties.through
    created = 0
    for batch in batches(qs):
        parties: dict[int, list[int]] = defaultdict(list)
        for agreement_id, org_id in through.objects.filter(
            agreement_id__in=[a["id"] for a in batch]
        ).values_list("agreement_id", "organization_id"):
            parties[agreement_id].append(org_id)
        partners = enterprise_users_by_org({o for orgs in parties.values() for o in orgs})
        messages = []
        for a in batch:
            days = (a["end_date"] - today).days
            threshold = next(t for t in thresholds if days <= t)
            recipients = admins + [u for org in parties[a["id"]] for u in partners.get(org, [])]
            messages.append(Message(
                recipients=recipients, kind=NotificationKind.AGREEMENT_EXPIRING, rule="agreement_expiring",
                key=f"agreement_expiring:{threshold}:agreement:{a['id']}:{a['end_date'].isoformat()}",
                title=format_lazy(_("Agreement {code} expires in {days} days"), code=a["code"], days=days),
                body=format_lazy(
                    _("The agreement “{title}” ends on {end}. Renew it or plan its closing in time."),
                    title=a["title"], end=a["end_date"].isoformat(),
                ),
                url=object_url("partnerships:agreement_detail", a["id"], "partnerships:agreement_list"),
                obj=(ct_id, a["id"]),
            ))
        with transaction.atomic():  # a batch lands whole or not at all
            created += len(deliver(messages))
    return created
