"""Scenario: one event told to 2,000 students (a notice to every student of a department).

Issue 19 asks that it be written in under 5 s and send no more than one e-mail per recipient. The
lead's benchmark run times ``run()`` (the subscriber's whole work: audience, preferences, set-wise
insert, e-mail hand-off); ``setup()`` creates the students once. Nothing here measures by itself.

    python manage.py shell -c "from bench import notifications_fanout as b; b.setup(); b.run()"
"""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from core.events import Event
from core.hosts import Audience

N = 2000
PREFIX = "bench-fanout-"


def setup(n: int = N) -> list[int]:
    """The n students (idempotent); returns their ids."""
    User = get_user_model()
    User.objects.bulk_create([User(username=f"{PREFIX}{i:05d}", email=f"{PREFIX}{i:05d}@example.edu")
                              for i in range(n)], ignore_conflicts=True)
    return list(User.objects.filter(username__startswith=PREFIX).order_by("pk").values_list("pk", flat=True)[:n])


def run(n: int = N) -> dict[str, int]:
    """Deliver one fresh event to the n students through the notifications host; returns the counts."""
    from notifications import subscribers
    from notifications.models import Notification

    ids = tuple(setup(n))
    event = Event(name="bench.notice.department", model="accounts.user", object_id=ids[0])
    audience = [Audience(user_ids=ids, kind="general", title="Department notice", body="Benchmark fan-out")]
    real = subscribers.audiences
    subscribers.audiences = lambda: {event.name: [lambda _e: audience]}
    try:
        with transaction.atomic():
            written = subscribers.notify_event(event)
    finally:
        subscribers.audiences = real
    rows = Notification.objects.filter(key=subscribers.event_key(event))
    return {"written": written, "rows": rows.count(),
            "recipients": rows.values("recipient_id").distinct().count()}
