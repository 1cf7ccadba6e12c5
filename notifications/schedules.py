"""Default Celery beat schedules (django-celery-beat), installed once and then owned by the college admins.

Existing periodic tasks are never overwritten, so an admin's edit in the admin site survives a
re-install. One beat process (``celery -A config beat``, DatabaseScheduler) reads them.
"""
from __future__ import annotations

import json

from django.conf import settings
from django.db import transaction

from .reminders import RULES


def default_schedules() -> list[tuple[str, str, list, str, str]]:
    """(name, task, args, minute, hour): one per registered reminder rule, the digest and the e-mail sweeper."""
    return [
        *[(f"reminder: {name}", "notifications.run_reminder", [name], "30", "7") for name in RULES],
        ("notifications: daily digest", "notifications.send_daily_digest", [], "0", "8"),
        ("notifications: pending e-mails", "notifications.send_pending_emails", [], "*/10", "*"),
    ]


@transaction.atomic
def install_default_schedules() -> list[str]:
    """Create the missing default periodic tasks; returns the names created."""
    from django_celery_beat.models import CrontabSchedule, PeriodicTask

    created = []
    for name, task, args, minute, hour in default_schedules():
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute, hour=hour, day_of_week="*", day_of_month="*", month_of_year="*",
            timezone=settings.TIME_ZONE,
        )
        _, was_created = PeriodicTask.objects.get_or_create(
            name=name, defaults={"task": task, "crontab": crontab, "args": json.dumps(args)}
        )
        if was_created:
            created.append(name)
    return created
