"""Celery tasks of the partnerships app: thin, idempotent wrappers over services."""
from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="partnerships.expire_due_agreements")
def expire_due_agreements() -> int:
    """Daily: active agreements whose end date has passed become expired (a re-run finds nothing to do)."""
    return services.agreements_expire_due()
