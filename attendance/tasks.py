"""Celery tasks of attendance: thin wrappers over the daily job (CONVENTIONS.md rule 7)."""
from __future__ import annotations

from celery import shared_task

from .daily import run_daily


@shared_task(name="attendance.run_daily")
def run_daily_task() -> dict | None:
    """Started by beat every ten minutes; works once a day after the college's reminder time (idempotent)."""
    return run_daily()
