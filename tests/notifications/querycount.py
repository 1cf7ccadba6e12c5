"""Counting the queries of a reminder run, to show the cost grows with batches and not with objects."""
from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_of(fn: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    # savepoints are bookkeeping of the nested atomic blocks, not work; count the statements that read or write
    return sum(1 for q in ctx.captured_queries if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE SAVEPOINT")))
