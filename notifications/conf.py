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
    # a student is reminded of the last finished placement week this many days after it ended without a log
    "WEEKLY_LOG_MISSING_DAYS": 1,
    # the school mentor is reminded of a submitted log not reviewed after this many days
    "WEEKLY_LOG_REVIEW_DAYS": 3,
    # the enterprise is reminded of an application it has not moved for this many days
    "APPLICATION_WAIT_DAYS": 7,
    # a pending placement starting within this many days without agreement or insurance is flagged
    "PLACEMENT_COMPLIANCE_DAYS": 7,
    # an enterprise mentor is reminded of a requested evaluation every this many days until it is submitted
    "EVALUATION_REMINDER_DAYS": 5,
    # rows handled per transaction by every job; each batch costs a constant number of queries
    "BATCH_SIZE": 1000,
}


def reminder_setting(name: str) -> Any:
    overrides = getattr(settings, "IEI_REMINDERS", {}) or {}
    return overrides.get(name, DEFAULTS[name])
