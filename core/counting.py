"""Totals and summaries over large tables: exact, but an expensive one is kept for a short while.

Every list answers its exact total (the API's ``count``, the pages' "N results"). Counting is the only
part of a page whose cost grows with the table instead of the page: at province scale the ``COUNT(*)``
of six million weekly logs is about 150 ms while the page of 50 rows takes under a millisecond. The
same holds for the grouped figures beside some lists and on the dashboards (achievements per
programme, the demand for each competency over every published posting).

So a result that took the database longer than ``COUNT_CACHE_MIN_MS`` is kept in the cache for
``COUNT_CACHE_SECONDS`` under the exact SQL of its query (the user's scope and filters are part of
it, so no user ever reads a figure over rows they cannot see), and any save or delete of a row of
the query's model, or a change of a many-to-many relation stored in it, drops it at once. Cheap
queries, which is every one at the size of a college but the few that scan a large table, run on
every request and are never kept.

What can leave a kept result behind for at most ``COUNT_CACHE_SECONDS``: a bulk ``QuerySet.update()``
or a raw write (no signal), or a write to another table the query reads (a name matched by search, a
posting's status in a grouped count of its requirements).
"""
from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import F, QuerySet
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.functional import cached_property

from .replica import use_replica

log = logging.getLogger(__name__)

T = TypeVar("T")
VERSION_KEY = "count:version:{}"


def _version_key(model) -> str:
    return VERSION_KEY.format(model._meta.label_lower)


def _result_key(kind: str, queryset: QuerySet, version, extra: str = "", statement=None) -> str | None:
    if statement is None:
        try:
            statement = queryset.query.sql_with_params()
        except Exception:  # an empty result set (``.none()``) has no SQL; running it is free anyway
            return None
    sql, params = statement
    digest = hashlib.sha256(f"{queryset.db}\0{sql}\0{params!r}\0{extra}".encode()).hexdigest()
    return f"{kind}:{queryset.model._meta.label_lower}:{version}:{digest}"


# Models that have had a slow query in this process. Only their queries look in the cache: a model
# whose queries are always cheap (nearly all of them) pays neither the SQL digest nor a cache round trip.
_slow_models: set[str] = set()


def kept(kind: str, queryset: QuerySet, compute: Callable[[], T], extra: str = "", statement=None,
         min_ms: float | None = None) -> T:
    """``compute()`` (which runs ``queryset``, or answers for its rows), kept when it was expensive (module
    docstring); ``extra`` names what ``compute`` adds to the queryset's own SQL (an aggregate's expressions).
    ``statement``, the (sql, params) ``compute`` runs when the caller has it, keys the result instead of compiling
    the queryset. ``min_ms`` replaces ``COUNT_CACHE_MIN_MS`` as what "expensive" means (0: keep every result)."""
    if settings.COUNT_CACHE_MIN_MS is None:
        return compute()
    min_ms = settings.COUNT_CACHE_MIN_MS if min_ms is None else min_ms
    label = queryset.model._meta.label_lower
    key = None
    if label in _slow_models:
        try:
            version = cache.get(_version_key(queryset.model), 0)
            key = _result_key(kind, queryset, version, extra, statement)
            cached = cache.get(key) if key else None
        except Exception:  # a cache outage costs time, never the page
            log.warning("result cache unavailable", exc_info=True)
            return compute()
        if cached is not None:
            return cached
    started = time.perf_counter()
    result = compute()
    if ((time.perf_counter() - started) * 1000 < min_ms or connections[queryset.db].in_atomic_block
            or use_replica()):
        # Cheap, or read inside a transaction whose rows may yet be rolled back, or read on a replica
        # that may not yet have the write that just bumped the version (core/replica.py): not kept.
        return result
    try:
        if key is None:
            _slow_models.add(label)
            version = cache.get(_version_key(queryset.model), 0)
            key = _result_key(kind, queryset, version, extra, statement)
        if key:
            cache.set(key, result, settings.COUNT_CACHE_SECONDS)
            cache.add(_version_key(queryset.model), version, None)
    except Exception:
        log.warning("result cache unavailable", exc_info=True)
    return result


def count_statement(queryset: QuerySet, alias: str = "counted") -> tuple[str, tuple]:
    """``(sql, params)`` of ``SELECT COUNT(*)`` over ``queryset``'s rows, from the slimmest form of its query: its
    ids, no ordering, no ``select_related`` columns (``exact_count`` runs it, ``figures`` nests it as one of its
    subqueries). ``alias`` names the counted subquery. ``EmptyResultSet`` when the query can match nothing
    (``.none()``, an empty ``__in``): there is nothing to ask the database."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    return f"SELECT COUNT(*) FROM ({sql}) {alias}", params


def _plain(query) -> bool:
    """A query whose rows its ids and WHERE tell (what ``count_statement`` keeps of it): not sliced, combined,
    annotated, grouped or distinct."""
    return not (query.is_sliced or query.combinator or query.annotations or query.group_by is not None
                or query.distinct)


def exact_count(queryset, statement=None) -> int:
    """The number of rows of ``queryset``; an expensive count is served from the cache.

    A plain list's count is compiled once, from the slimmest form of the query (its ids, no ordering, no
    ``select_related`` columns), and that one statement both keys the kept result and counts: compiling the
    list's full query for the key and Django's count query to run made a sixth of a placements page's Python.
    Grouped, annotated, sliced or combined querysets are counted by Django (``count()``). ``statement``: that slim
    statement when the caller has compiled it already (``CountCachingPaginator``).
    """
    if not isinstance(queryset, QuerySet):
        return len(queryset)
    if not _plain(queryset.query):
        return kept("count", queryset, queryset.count)
    if statement is None:
        try:
            statement = count_statement(queryset)
        except EmptyResultSet:  # ``.none()``, an empty ``__in``: nothing to count
            return 0

    def count() -> int:
        with connections[queryset.db].cursor() as cursor:
            cursor.execute(*statement)
            return cursor.fetchone()[0]

    return kept("count", queryset, count, statement=statement)


def kept_rows(queryset: QuerySet) -> list:
    """The rows of a grouped ``values()`` query as a list; an expensive one is served from the cache."""
    return kept("rows", queryset, lambda: list(queryset))


def kept_aggregate(queryset: QuerySet, **expressions) -> dict:
    """``queryset.aggregate(**expressions)``; an expensive one is served from the cache."""
    extra = repr(sorted((name, repr(expr)) for name, expr in expressions.items()))
    return kept("aggregate", queryset, lambda: queryset.aggregate(**expressions), extra)


# The query parameters of a free-text search: the list's own ``q`` filter and DRF's ``search``.
SEARCH_PARAMS = ("q", "search")


def count_limit_for(params) -> int | None:
    """``SEARCH_COUNT_LIMIT`` when the request searches free text (``CountCachingPaginator``), else None."""
    if any((params.get(name) or "").strip() for name in SEARCH_PARAMS):
        return settings.SEARCH_COUNT_LIMIT
    return None


def bounded_count(queryset: QuerySet, limit: int) -> int:
    """The number of rows of ``queryset``, counted no further than ``limit`` (so at most ``limit``).

    The rows are counted in no order: an ``ORDER BY`` under the ``LIMIT`` would make PostgreSQL find and
    sort every match before it could stop. Kept like ``exact_count`` when expensive.
    """
    bounded = queryset.order_by()[:limit]
    from .search import probed_count, searches_grams

    if searches_grams(queryset):
        return kept("count", bounded, lambda: probed_count(bounded))
    return kept("count", bounded, bounded.count)


class CountCachingPaginator(Paginator):
    """Django's paginator with the total from ``exact_count`` (used by the API and the HTML lists).

    With ``count_limit`` (a free-text search, whose matches only the rows themselves can tell), the total is
    counted up to the larger of ``count_limit`` and the end of the page asked for, plus one row: a search that
    matches more says "more than N" (``count_exact`` False, ``shown_count`` N) and still offers the next page.
    Counting every match of a common word among six million weekly logs means reading each of them (seconds);
    knowing that there are more than a thousand, and which fifty come first, does not.
    """

    def __init__(self, object_list, per_page, orphans=0, allow_empty_first_page=True, count_limit=None,
                 known_total=None):
        super().__init__(object_list, per_page, orphans, allow_empty_first_page)
        self.count_limit = count_limit
        # A callable answering the total without counting the rows, or None when it cannot (FilterSet.known_total).
        self.known_total = known_total
        self.count_exact = True
        self._asked = 1

    def validate_number(self, number):
        # The page asked for decides how far a bounded count goes, and validating reads the count: note it first.
        try:
            self._asked = max(1, int(number))
        except (TypeError, ValueError):
            pass
        return super().validate_number(number)

    @cached_property
    def count(self) -> int:
        if self.known_total is not None:
            # A kept total (a tally the database keeps) is a few milliseconds for a college's tens of thousands of
            # tally rows: kept like a count, under the list's own SQL and forgotten by any write of its rows, so a
            # list nobody writes reads it from the cache and a list everyone writes sums the tally, not the rows.
            known = (kept("known", self.object_list, self.known_total, min_ms=0, statement=self._rows_statement)
                     if isinstance(self.object_list, QuerySet) else self.known_total())
            if known is not None:
                return known
        if not self.count_limit or not isinstance(self.object_list, QuerySet):
            return exact_count(self.object_list, statement=self._rows_statement)
        limit = max(self.count_limit, self._asked * self.per_page)
        counted = bounded_count(self.object_list, limit + 1)
        if counted > limit:
            self.count_exact = False
            self.shown_count = limit
        return counted

    @cached_property
    def _rows_statement(self):
        """What names the list's rows for the kept total's key, and counts them when nothing keeps the total: the slim
        count statement (ids, no ordering, no ``select_related`` columns) of a plain list, compiled once and in a tenth
        of the time of the page's full query (a placements page compiled its 41 columns and two joins once more for
        the key alone); None (the full query; ``exact_count`` then compiles its own) for any other."""
        if not isinstance(self.object_list, QuerySet) or not _plain(self.object_list.query):
            return None
        try:
            return count_statement(self.object_list)
        except EmptyResultSet:
            return None

    @property
    def shown_count(self) -> int:
        """The total to show: exact, or the N of "more than N" (``count_exact`` False)."""
        return self.__dict__.get("_shown_count", self.count)

    @shown_count.setter
    def shown_count(self, value: int) -> None:
        self.__dict__["_shown_count"] = value

    @property
    def shown_pages(self) -> int:
        """The pages to show: ``num_pages``, or the N of "more than N pages"."""
        return self.num_pages if self.count_exact else self.shown_count // self.per_page

    def page(self, number):
        """Django cuts the last page at ``count``; a kept total may trail the table by a few rows, so the
        page reads a whole page's worth and shows whatever is there.

        A search of long texts that matched more rows than it counted reads its page walking the list's order
        (``core.search.walking_search``): its first rows come early in that order, where the planner, unable
        to weigh the gram index, would collect and sort every match.
        """
        if self.orphans:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = self.object_list
        if isinstance(rows, QuerySet):
            from .search import without_related_grams

            rows = without_related_grams(rows)  # the joined rows' search grams: read by nobody
        rows = rows[bottom:bottom + self.per_page]
        if not self.count_exact and isinstance(rows, QuerySet):
            from .search import searches_grams, walking_search

            if searches_grams(rows):
                with walking_search(rows) as walked:
                    rows = list(walked)  # with its prefetches, inside the transaction
        return self._get_page(rows, number, self)


def forget_counts(sender, **kwargs) -> None:
    """A row was written: the kept results of its model no longer hold."""
    if kwargs.get("action", "post_").startswith("pre_"):
        return  # m2m_changed: act once, after the change
    try:
        cache.incr(_version_key(sender))
    except ValueError:  # no result of this model was ever kept: nothing to forget
        pass
    except Exception:
        log.warning("result cache unavailable", exc_info=True)


def connect_signals() -> None:
    """Called by an app's ready(), so that writes of the web processes and the workers alike forget results."""
    post_save.connect(forget_counts, dispatch_uid="core.counting.save")
    post_delete.connect(forget_counts, dispatch_uid="core.counting.delete")
    # The sender of m2m_changed is the relation's through model: the table a grouped count of it reads.
    m2m_changed.connect(forget_counts, dispatch_uid="core.counting.m2m")


# --- several figures of a page in one round trip -----------------------------------------------------------

@dataclass(frozen=True)
class Total:
    """For ``figures``: the ``function`` (SUM, MAX, MIN) of one column (a path such as ``lines__amount``)
    over the rows of ``queryset``; ``None`` when there are no rows."""

    queryset: QuerySet
    column: str
    function: str = "SUM"


_FUNCTIONS = {"SUM", "MAX", "MIN"}


def figures(**parts: QuerySet | Total) -> dict[str, Any]:
    """Several figures over different tables in ONE query: a queryset counts its rows, a ``Total`` reduces
    a column. Each part becomes a scalar subquery of a single SELECT, so a dashboard's eight counts cost
    one round trip instead of eight (each in a transaction of its own, as ``count()`` after ``count()``
    did). The querysets keep their scopes and filters: the SQL of each is Django's own."""
    if not parts:
        return {}
    selects: list[str] = []
    params: list[Any] = []
    index: dict[str, int] = {}
    out: dict[str, Any] = {}
    db = None
    for name, part in parts.items():
        qs = part.queryset if isinstance(part, Total) else part
        db = db or qs.db
        if isinstance(part, Total) and part.function not in _FUNCTIONS:
            raise ValueError(f"unsupported function {part.function!r}")
        try:
            if isinstance(part, Total):
                sql, sql_params = qs.order_by().values(figure_value=F(part.column)).query.sql_with_params()
                sql = f"SELECT {part.function}(f.figure_value) FROM ({sql}) f"
            else:
                sql, sql_params = count_statement(qs, alias="f")
        except EmptyResultSet:  # ``.none()`` or an empty ``__in``: nothing to ask the database
            out[name] = None if isinstance(part, Total) else 0
            continue
        index[name] = len(selects)
        selects.append(f"({sql})")
        params.extend(sql_params)
    if selects:
        with connections[db].cursor() as cur:
            cur.execute("SELECT " + ", ".join(selects), params)
            row = cur.fetchone()
        out.update({name: row[i] for name, i in index.items()})
    return {name: out[name] for name in parts}
