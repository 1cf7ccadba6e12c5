"""Reminder thresholds: defaults here, overridable by ``settings.IEI_REMINDERS`` (a dict of the same keys).

The project settings belong to the shell, so this app carries its own defaults and reads the
override at call time (tests and deployments may change it without a restart of the module).
Between the two sits the ``IEI_REMINDERS`` environment variable, a JSON object of the same keys,
so one worker process can be run with other values (a batch size of 1 in the kill-and-rerun test)
without a settings module of its own. ``settings.IEI_REMINDERS`` wins over the environment.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

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
    # a teacher whose practice standing (faculty.services) is at risk or behind is told once per standing and month
    "TEACHER_PRACTICE_STANDINGS": ["at_risk", "behind"],
    # the host enterprise is reminded of a submitted teacher placement every this many days until it answers
    "TEACHER_PLACEMENT_CONFIRM_DAYS": 7,
    # a budget line is "near its limit" from this execution rate (percent of its amount spent)
    "BUDGET_NEAR_LIMIT_PERCENT": 90,
    # a budget line is "behind schedule" when its execution rate trails the elapsed share of the budget year
    # (both in percent) by more than this many points
    "BUDGET_BEHIND_MARGIN_PERCENT": 25,
    # rows handled per transaction by every job; each batch costs a constant number of queries
    "BATCH_SIZE": 1000,
}


@lru_cache(maxsize=4)
def _from_environment(raw: str) -> dict[str, Any]:
    try:
        values = json.loads(raw) if raw.strip() else {}
    except json.JSONDecodeError as exc:
        raise ImproperlyConfigured(f"IEI_REMINDERS is not valid JSON: {exc}") from exc
    if not isinstance(values, dict):
        raise ImproperlyConfigured("IEI_REMINDERS must be a JSON object of reminder settings")
    unknown = set(values) - set(DEFAULTS)
    if unknown:
        raise ImproperlyConfigured(f"IEI_REMINDERS names unknown settings: {', '.join(sorted(unknown))}")
    return values


def reminder_setting(name: str) -> Any:
    overrides = getattr(settings, "IEI_REMINDERS", {}) or {}
    if name in overrides:
        return overrides[name]
    return _from_environment(os.environ.get("IEI_REMINDERS", "")).get(name, DEFAULTS[name])
