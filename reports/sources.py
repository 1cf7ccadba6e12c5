"""Tolerance for a database that lags behind its migrations, and nothing more.

The reports read every domain app's figures through the registry. A figure whose table is missing
(a database behind its migrations) is reported as ``None`` ("not available") instead of breaking the
whole report; a programming error (a field that does not exist, a type error) is not a database
error and is not hidden: it fails the job and its tests, so a renamed field never drops a row silently.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.db import DatabaseError, transaction

log = logging.getLogger(__name__)


def safe(fn: Callable[[], Any], default: Any = None) -> Any:
    """Runs one provider's queries in a savepoint; a missing table yields ``default``."""
    try:
        with transaction.atomic():
            return fn()
    except DatabaseError as exc:
        log.warning("report figure not available: %s", exc)
        return default
