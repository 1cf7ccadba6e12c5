"""The reminder host: runs the reminder rules the domain apps register and delivers what they yield.

Each domain app lists its rules in ``<app>/reminders.py`` as ``REMINDER_RULES`` (``core.hosts.ReminderRule``,
found through the registry); a rule reads its own models and yields, batch by batch, the notices and
e-mails of that batch. This module gives the rule its settings and batching (``Kit``) and writes each
batch in one transaction through ``services.deliver``: a batch costs a constant number of queries
(candidates, their people, the key claim, preferences, the insert), so the cost grows with batches,
not objects. A rule with one notice per row of a large table (a late or unreviewed weekly log)
yields a ``NoticeQuery`` instead, which ``services.deliver_query`` writes with one ``INSERT ... SELECT``
per ``QUERY_BATCH_SIZE`` objects: no row passes through Python. The key of each notice names the rule,
the object and the period or threshold, so every run is idempotent.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import date
from functools import cache

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.hosts import Email, Notice, NoticeQuery, ReminderRule, object_url  # noqa: F401 - object_url: the hosts' link helper
from core.registry import app_modules

from .choices import NotificationKind
from .conf import reminder_setting
from .services import absolute_url, deliver, deliver_external, deliver_query


@cache
def _rules() -> dict[str, ReminderRule]:
    found: dict[str, ReminderRule] = {}
    for mod in app_modules("reminders"):
        for r in getattr(mod, "REMINDER_RULES", ()):
            if r.name in found:
                raise ValueError(f"reminder rule {r.name} registered twice")
            found[r.name] = r
    return found


class _Rules(Mapping):
    """Every registered rule by name; read on first use, when every app is loaded."""

    def __getitem__(self, name: str) -> ReminderRule:
        return _rules()[name]

    def __iter__(self):
        return iter(_rules())

    def __len__(self) -> int:
        return len(_rules())


RULES: Mapping[str, ReminderRule] = _Rules()


def batches(qs: QuerySet, size: int | None = None) -> Iterator[list]:
    """Keyset pagination on the primary key: one query per batch.

    Over a ``values()`` queryset (which must include ``id``) a batch is a list of dicts; over a
    model queryset it is a list of instances, for the rule's own services that take instances.
    """
    size = int(size or reminder_setting("BATCH_SIZE"))
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1]["id"] if isinstance(batch[-1], dict) else batch[-1].pk


class Kit:
    """What a rule may ask of the host (``core.hosts.ReminderKit``)."""

    setting = staticmethod(reminder_setting)
    batches = staticmethod(batches)
    absolute_url = staticmethod(absolute_url)


def run_rule(name: str, *, today: date | None = None) -> int:
    """Run one rule; returns the number of notifications and e-mails it created."""
    if name not in RULES:
        raise KeyError(f"unknown reminder rule {name!r}")
    created = 0
    for items in RULES[name].run(today or timezone.localdate(), Kit()):
        notices = [i for i in items if isinstance(i, Notice)]
        emails = [i for i in items if isinstance(i, Email)]
        queries = [i for i in items if isinstance(i, NoticeQuery)]
        unknown = {n.kind for n in [*notices, *queries]} - set(NotificationKind.values)
        if unknown:
            raise ValueError(f"reminder rule {name} uses unknown notification kinds: {sorted(unknown)}")
        with transaction.atomic():  # a batch lands whole or not at all
            created += len(deliver(notices))
            if emails:
                created += deliver_external(emails)
        for query in queries:  # set-wise: one INSERT ... SELECT per QUERY_BATCH_SIZE objects, each its transaction
            created += deliver_query_in_batches(query)
    return created


def deliver_query_in_batches(query: NoticeQuery) -> int:
    size = int(reminder_setting("QUERY_BATCH_SIZE"))
    created, after = 0, None
    while True:
        made, after = deliver_query(query, after=after, limit=size)
        created += made
        if after is None:
            return created
