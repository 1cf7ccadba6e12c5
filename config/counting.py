"""Totals of paginated lists: exact, but an expensive one is remembered for a short while.

Every list answers its exact total (the API's ``count``, the pages' "N results"). Counting is the only
part of a page whose cost grows with the table instead of the page: at province scale the ``COUNT(*)``
of six million weekly logs is about 150 ms while the page of 50 rows takes under a millisecond. So a
total that took the database longer than ``COUNT_CACHE_MIN_MS`` to count is kept in the cache for
``COUNT_CACHE_SECONDS`` under the exact SQL of the count (the user's scope and filters are part of
it, so no user ever reads a total of rows they cannot see), and any save or delete of a row of that
model drops it at once. Cheap totals, which is every total at the size of a college but the few that
scan a large table, are counted on every request and never cached.

What can leave a kept total behind for at most ``COUNT_CACHE_SECONDS``: a bulk ``QuerySet.update()``
or a raw write (no signal), or a write to another table the filter reads (a name matched by search).
"""
from __future__ import annotations

import hashlib
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils.functional import cached_property

log = logging.getLogger(__name__)

VERSION_KEY = "count:version:{}"


def _version_key(model) -> str:
    return VERSION_KEY.format(model._meta.label_lower)


def _count_key(queryset: QuerySet, version) -> str | None:
    try:
        sql, params = queryset.query.sql_with_params()
    except Exception:  # an empty result set (``.none()``) has no SQL; counting it is free anyway
        return None
    digest = hashlib.sha256(f"{queryset.db}\0{sql}\0{params!r}".encode()).hexdigest()
    return f"count:{queryset.model._meta.label_lower}:{version}:{digest}"


# Models that have had a slow count in this process. Only their counts look in the cache: a list whose
# totals are always cheap (nearly all of them) pays neither the SQL digest nor a cache round trip.
_slow_models: set[str] = set()


def exact_count(queryset) -> int:
    """The number of rows of ``queryset``; an expensive count is served from the cache (module docstring)."""
    if not isinstance(queryset, QuerySet):
        return len(queryset)
    min_ms = settings.COUNT_CACHE_MIN_MS
    if min_ms is None:
        return queryset.count()
    label = queryset.model._meta.label_lower
    key = None
    if label in _slow_models:
        try:
            version = cache.get(_version_key(queryset.model), 0)
            key = _count_key(queryset, version)
            cached = cache.get(key) if key else None
        except Exception:  # a cache outage costs time, never the page
            log.warning("count cache unavailable", exc_info=True)
            return queryset.count()
        if cached is not None:
            return cached
    started = time.perf_counter()
    total = queryset.count()
    if (time.perf_counter() - started) * 1000 < min_ms or connections[queryset.db].in_atomic_block:
        # Cheap, or counted inside a transaction whose rows may yet be rolled back: not kept.
        return total
    try:
        if key is None:
            _slow_models.add(label)
            version = cache.get(_version_key(queryset.model), 0)
            key = _count_key(queryset, version)
        if key:
            cache.set(key, total, settings.COUNT_CACHE_SECONDS)
            cache.add(_version_key(queryset.model), version, None)
    except Exception:
        log.warning("count cache unavailable", exc_info=True)
    return total


class CountCachingPaginator(Paginator):
    """Django's paginator with the total from ``exact_count`` (used by the API and the HTML lists)."""

    @cached_property
    def count(self) -> int:
        return exact_count(self.object_list)

    def page(self, number):
        """Django cuts the last page at ``count``; a kept total may trail the table by a few rows, so the
        page reads a whole page's worth and shows whatever is there."""
        if self.orphans:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom:bottom + self.per_page], number, self)


def forget_counts(sender, **kwargs) -> None:
    """A row was written: the kept totals of its model no longer hold."""
    try:
        cache.incr(_version_key(sender))
    except ValueError:  # no total of this model was ever kept: nothing to forget
        pass
    except Exception:
        log.warning("count cache unavailable", exc_info=True)


def connect_signals() -> None:
    """Called by an app's ready(), so that writes of the web processes and the workers alike forget totals."""
    post_save.connect(forget_counts, dispatch_uid="config.counting.save")
    post_delete.connect(forget_counts, dispatch_uid="config.counting.delete")
