"""Tolerant access to other apps' models for reports and KPIs.

The reports read every pathway app. A figure whose table is missing in a database that lags behind
its migrations is reported as ``None`` ("not available") instead of breaking the whole report; a
programming error (a wrong field name, a type error) is not hidden: it fails the job and its tests.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import DatabaseError, transaction

log = logging.getLogger(__name__)


def model(label: str, *fields: str):
    """The model if it is installed and has every named field, else None."""
    try:
        m = apps.get_model(label)
    except LookupError:
        return None
    for f in fields:
        try:
            m._meta.get_field(f)
        except FieldDoesNotExist:
            return None
    return m


def safe(fn: Callable[[], Any], default: Any = None) -> Any:
    """Runs one figure's queries in a savepoint; a missing table yields ``default``."""
    try:
        with transaction.atomic():
            return fn()
    except DatabaseError as exc:
        log.warning("report figure not available: %s", exc)
        return default
