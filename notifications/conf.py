"""Reminder thresholds: defaults declared by the rules, overridable by ``settings.IEI_REMINDERS`` (same keys).

The project settings belong to the shell, so each rule carries its own defaults and the host reads the
override at call time (tests and deployments may change it without a restart of the module).
Between the two sits the ``IEI_REMINDERS`` environment variable, a JSON object of the same keys,
so one worker process can be run with other values (a batch size of 1 in the kill-and-rerun test)
without a settings module of its own. ``settings.IEI_REMINDERS`` wins over the environment.
"""
from __future__ import annotations

import json
import os
from collections.abc import Mapping
from functools import cache, lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from core.registry import app_modules

# The host's own settings; each reminder rule brings its thresholds with their defaults
# (``core.hosts.ReminderRule.settings`` in ``<app>/reminders.py``).
HOST_DEFAULTS: dict[str, Any] = {
    # rows handled per transaction by every job; each batch costs a constant number of queries
    "BATCH_SIZE": 1000,
    # objects per statement (and transaction) of a set-wise rule (core.hosts.NoticeQuery). Each statement
    # evaluates the rule's query again for its window of keys, so the number of statements is what costs:
    # at scale 10 (6 million logs) 10,000 took 33 s and 57 s for the two weekly-log rules, 100,000 takes 4
    # and 9 s (docs/PERFORMANCE.md, seventh round), each statement a few seconds, far below statement_timeout;
    # a run started beside it may wait on its keys up to lock_timeout and then fail and retry, writing nothing
    "QUERY_BATCH_SIZE": 100000,
}


@cache
def _defaults() -> dict[str, Any]:
    values = dict(HOST_DEFAULTS)
    for mod in app_modules("reminders"):
        for rule in getattr(mod, "REMINDER_RULES", ()):
            for name, value in rule.settings.items():
                if name in values:
                    raise ImproperlyConfigured(f"reminder setting {name} is declared twice")
                values[name] = value
    return values


class _Defaults(Mapping):
    """Every reminder setting and its default; read on first use, when every app is loaded."""

    def __getitem__(self, name: str) -> Any:
        return _defaults()[name]

    def __iter__(self):
        return iter(_defaults())

    def __len__(self) -> int:
        return len(_defaults())


DEFAULTS: Mapping[str, Any] = _Defaults()


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
