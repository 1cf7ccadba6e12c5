"""Reminder thresholds: defaults here, overridable by ``settings.IEI_REMINDERS`` (a dict of the same keys).

The project settings belong to the shell, so this app carries its own defaults and reads the
override at call time (tests and deployments may change it without a restart of the module).
"""
from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    # days before an active agreement's end date; each threshold fires once per agreement and end date
    "AGREEMENT_EXPIRY_DAYS": [60, 30, 7],
    # rows handled per transaction by every job; each batch costs a constant number of queries
    "BATCH_SIZE": 1000,
}


def reminder_setting(name: str) -> Any:
    overrides = getattr(settings, "IEI_REMINDERS", {}) or {}
    return overrides.get(name, DEFAULTS[name])
