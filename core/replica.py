"""Read replicas: heavy reads that tolerate a few seconds of lag go to ``replica``, all else to ``default``.

A read goes to the replica only when all of these hold:

1. the code asked for it: ``with replica_reads(): ...`` (or ``@replica_reads()``). Only builders of
   figures that may be a few seconds old opt in (export and annual-report jobs, KPI snapshots, the
   dashboards' kept figures); nothing else ever reads from the replica, so no page shows a row it has
   just written as missing;
2. ``DATABASES`` has a ``replica`` alias (``DATABASE_REPLICA_URL`` is set);
3. no transaction is open on ``default`` (a read in a transaction must see the transaction's writes
   and its locks);
4. the current request (or Celery task) has not written yet: its own write may not have reached the
   replica. Writes are noticed in ``db_for_write``; the flag is cleared when a request or task starts;
5. the replica answers and lags less than ``DATABASE_REPLICA_MAX_LAG`` seconds (default 10). The check
   is cached for ``_CHECK_TTL`` seconds per process so a page of many queries asks once.

When any of these fails the read goes to the primary, without an error; ``replica_status()`` gives the
health endpoint its line ("ok", "lagging 12s", "down (reads on primary)").
"""
from __future__ import annotations

import contextvars
import logging
import threading
import time
from contextlib import ContextDecorator

from django.conf import settings
from django.core.signals import request_started
from django.db import connections

log = logging.getLogger(__name__)

PRIMARY = "default"
REPLICA = "replica"
_CHECK_TTL = 1.5

_opted_in: contextvars.ContextVar[int] = contextvars.ContextVar("iei_replica_opt_in", default=0)
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("iei_replica_wrote", default=False)


class replica_reads(ContextDecorator):  # noqa: N801 - used like a function: ``with replica_reads():``
    """Let the reads inside go to the replica when it is safe (see the module's rules).

    ``fresh=True`` forgets the writes made before the block in this thread: for a job runner whose
    earlier writes (claiming its job row) are bookkeeping the reads inside never look at.
    """

    def __init__(self, *, fresh: bool = False):
        self.fresh = fresh
        self._tokens: list = []

    def __enter__(self):
        if self.fresh:
            self._tokens.append((_wrote, _wrote.set(False)))
        self._tokens.append((_opted_in, _opted_in.set(_opted_in.get() + 1)))
        return self

    def __exit__(self, *exc):
        while self._tokens:
            var, token = self._tokens.pop()
            var.reset(token)
        return False


def forget_writes(**_kwargs) -> None:
    """A new request or task starts: the last one's writes no longer pin reads to the primary."""
    _wrote.set(False)


request_started.connect(forget_writes, dispatch_uid="iei_replica_forget_writes")
try:  # Celery workers run many tasks per thread; each is its own unit of work.
    from celery.signals import task_prerun

    task_prerun.connect(forget_writes, dispatch_uid="iei_replica_forget_writes", weak=False)
except ImportError:  # pragma: no cover - celery is a dependency; the web process works without it
    pass


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def max_lag() -> float:
    return float(getattr(settings, "DATABASE_REPLICA_MAX_LAG", 10))


_lock = threading.Lock()
_last: tuple[float, str, float | None] = (0.0, "", None)  # (checked at, state, lag seconds)


def _measure() -> tuple[str, float | None]:
    """("ok"|"lagging"|"down", lag in seconds). Never raises."""
    conn = connections[REPLICA]
    try:
        with conn.cursor() as cur:
            # An idle primary sends no WAL, so "now - last replayed commit" grows without any lag:
            # when everything received is replayed the replica is current.
            cur.execute(
                "SELECT pg_is_in_recovery(),"
                " pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn(),"
                " EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())"
            )
            in_recovery, caught_up, lag = cur.fetchone()
    except Exception:  # noqa: BLE001 - any failure means "read from the primary"
        log.warning("read replica unavailable; reads go to the primary", exc_info=True)
        try:
            conn.close()  # a broken connection must not be reused by the next check
        except Exception:  # noqa: BLE001 - already broken; the next check opens a new one
            log.debug("closing the broken replica connection failed", exc_info=True)
        return "down", None
    if not in_recovery:
        # A promoted replica is a second primary that no longer follows ours: never read from it.
        return "down", None
    lag = 0.0 if caught_up or lag is None else max(0.0, float(lag))
    return ("ok" if lag <= max_lag() else "lagging"), lag


def replica_state(*, refresh: bool = False) -> tuple[str, float | None]:
    """The replica's state, checked at most every ``_CHECK_TTL`` seconds in this process."""
    global _last
    if not replica_configured():
        return "off", None
    now = time.monotonic()
    checked_at, state, lag = _last
    if refresh or not state or now - checked_at > _CHECK_TTL:
        with _lock:
            state, lag = _measure()
            _last = (time.monotonic(), state, lag)
    return state, lag


def replica_status() -> str | None:
    """The health endpoint's line, or None without a replica."""
    state, lag = replica_state(refresh=True)
    if state == "off":
        return None
    if state == "ok":
        return "ok"
    if state == "lagging":
        return f"lagging {lag:.0f}s (reads on primary)"
    return "down (reads on primary)"


def use_replica() -> bool:
    """Whether a read routed now may go to the replica (the module's five rules)."""
    if not _opted_in.get() or _wrote.get() or not replica_configured():
        return False
    if connections[PRIMARY].in_atomic_block:
        return False
    return replica_state()[0] == "ok"


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry: reads to the replica only when ``use_replica()``; writes to default."""

    def db_for_read(self, model, **hints):
        return REPLICA if use_replica() else PRIMARY

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: an object read there may relate to one read here.
        dbs = {PRIMARY, REPLICA}
        if obj1._state.db in dbs and obj2._state.db in dbs:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica is read-only and receives the schema through replication.
        return db != REPLICA


def reset_check() -> None:
    """Forget the cached replica check (tests; after changing the replica's settings)."""
    global _last
    _last = (0.0, "", None)


__all__ = ["ReplicaRouter", "replica_reads", "replica_status", "replica_state", "forget_writes", "reset_check"]
