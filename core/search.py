"""Text search that stays fast on large tables.

``icontains`` over a joined column (``student__display_name``) makes PostgreSQL join the whole
table before it can filter: a search over 100,000 applications joined to their students and
postings was a 270 ms sequential scan, and its page count another. The same search written as
``student__in=<users whose name matches>`` filters the small related table first and probes the
large one with a hashed set, so the page is an index walk in the list's order that stops after one
page of matches (bench/, docs/PERFORMANCE.md "Search").

No trigram or full-text index is used: the embedded PostgreSQL has no contrib extensions, and the
names searched here are two or three Chinese characters, often searched by one (below the three
characters a trigram needs).

Long texts (the 6 million weekly-log texts of a province) have their own index instead: the
characters and character pairs of the text ("grams"), kept by PostgreSQL in a generated column
(``gram_field``, SQL function ``iei_grams`` of migration core 0003) with a GIN index. A term's grams
must all be in a text that contains it, so ``grams @> iei_grams(term)`` finds the few candidate rows
through the index and the usual ``LIKE`` beside it keeps the result exactly what the ``LIKE`` alone
gives (``search_q`` writes both whenever a field has such a column).
"""
from __future__ import annotations

import time
from contextlib import contextmanager
from functools import cache, reduce
from operator import or_

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import OperationalError, connections, models, router, transaction
from django.db.models import F, Func, Lookup, Q, Value
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat
from rest_framework.filters import SearchFilter

GRAMS_FUNCTION = "iei_grams"


def _forward_relation(model, name):
    """The model a forward many-to-one / one-to-one field points to, else None."""
    try:
        field = model._meta.get_field(name)
    except Exception:  # noqa: BLE001 - not a model field (an annotation, a typo): leave it to the ORM
        return None
    if getattr(field, "many_to_one", False) or (getattr(field, "one_to_one", False) and field.concrete):
        return field.related_model
    return None


def case_free(term: str) -> bool:
    """True when ``term`` has no letter with a case (Chinese, digits, most punctuation)."""
    return term.upper() == term.lower()


def _grams(expression):
    return Func(expression, function=GRAMS_FUNCTION, output_field=ArrayField(models.IntegerField()))


def gram_field(*sources: str, verbose_name=None) -> models.GeneratedField:
    """A column PostgreSQL keeps for the text field(s) ``sources``: the codes of their characters and character
    pairs.

    ``iei_grams(text)`` (migration core 0003) upper-cases the text and codes each character as its code
    point and each pair of neighbours as a negative number mixed from both; characters next to white
    space pair with nothing (a search term never holds white space). Give the column a ``GinIndex``.
    Being generated, it is written by every path that writes the text: the ORM, ``bulk_create``, COPY,
    raw SQL. Defer it in the model's manager (``DefersGrams``): nobody but the search reads it.

    Several short fields of one model searched together (a posting's title, post and location) share one
    column, their texts joined by a space (which pairs with nothing, so no pair spans two fields): one GIN
    index and one ``@>`` per term instead of one per field, and ``search_q`` ORs the fields' ``LIKE`` under it.
    """
    if not sources:
        raise TypeError("gram_field() needs at least one source field")
    text = F(sources[0]) if len(sources) == 1 else Concat(*_spaced(sources), output_field=models.TextField())
    return models.GeneratedField(expression=_grams(text), output_field=ArrayField(models.IntegerField()),
                                 db_persist=True, verbose_name=verbose_name)


def _spaced(sources):
    for i, name in enumerate(sources):
        if i:
            yield Value(" ")
        yield F(name)


def _sources(expression) -> list[str]:
    """The field names an expression reads, in order (``F`` leaves of its tree)."""
    if isinstance(expression, F):
        return [expression.name]
    return [name for child in expression.get_source_expressions() for name in _sources(child)]


@cache
def gram_columns(model) -> dict[str, tuple[str, ...]]:
    """``{column: source fields}`` of the gram columns (``gram_field``) of ``model``."""
    columns = {}
    for field in model._meta.concrete_fields:
        expression = getattr(field, "expression", None)
        if (isinstance(field, models.GeneratedField) and isinstance(expression, Func)
                and expression.extra.get("function", expression.function) == GRAMS_FUNCTION):
            columns[field.name] = tuple(_sources(expression))
    return columns


def _gram_column(model, name: str) -> str | None:
    """The generated gram column of ``model`` made from (or with) its field ``name``, if any."""
    return next((column for column, sources in gram_columns(model).items() if name in sources), None)


def without_related_grams(queryset):
    """``queryset`` with the gram columns of the models it joins (``select_related``) deferred: a list of
    applications with their postings and students read 50 arrays of a posting's grams and three of each person's,
    parsed into Python lists nobody reads. (``DefersGrams`` serves the model's own rows; a join reads the related
    model's columns without its manager.)"""
    tree = queryset.query.select_related
    if not isinstance(tree, dict) or not tree or queryset._fields is not None:
        return queryset
    paths = list(_related_gram_paths(queryset.model, tree, ""))
    return queryset.defer(*paths) if paths else queryset


def _related_gram_paths(model, tree: dict, prefix: str):
    fields = {field.name: field for field in model._meta.get_fields()}
    for name, below in tree.items():
        # A name that is no relation of the model is left to the ORM, which says so when it runs the query.
        related = getattr(fields.get(name), "related_model", None)
        if related is None:
            continue
        for column in gram_columns(related):
            yield f"{prefix}{name}__{column}"
        if below:
            yield from _related_gram_paths(related, below, f"{prefix}{name}__")


class DefersGrams:
    """Manager mixin: the model's gram columns (hundreds of bytes a row, read by no page, job or export, only by
    the search's WHERE) are deferred from every query of the manager, its related managers included.
    ``class PostingManager(DefersGrams, models.Manager.from_queryset(PostingQuerySet))``."""

    def get_queryset(self):
        queryset = super().get_queryset()
        columns = gram_columns(self.model)
        return queryset.defer(*columns) if columns else queryset


class _GramsContain(Lookup):
    """``grams @> iei_grams(term)``: the gram index's condition, a class of its own so that a paginator can
    tell a queryset that searches long texts (``searches_grams``) and leave it out of a page read in the
    list's order (``walking_search``)."""

    lookup_name = "grams_contain"
    prepare_rhs = False
    # True on the copies in a clone of a query that is walked in the list's order (``_without_gram_conditions``)
    left_out = False

    def as_sql(self, compiler, connection):
        if self.left_out:
            # The page is walked in the list's order: the LIKE beside this condition decides alone, and
            # without it nothing on the table invites a bitmap scan.
            return "TRUE", ()
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} @> {rhs}", (*lhs_params, *rhs_params)


def _gram_places(where):
    """``(node, index)`` of each gram condition in the tree of conditions ``where``: those on the query's own
    table (the conditions of its subqueries, such as the names', are not in the tree)."""
    pending = [where]
    while pending:
        node = pending.pop()
        for index, child in enumerate(getattr(node, "children", None) or ()):
            if isinstance(child, _GramsContain):
                yield node, index
            else:
                pending.append(child)


def _gram_conditions(queryset) -> list:
    """The gram conditions on ``queryset``'s own table (not those of its subqueries, such as the names')."""
    where = getattr(getattr(queryset, "query", None), "where", None)
    return [node.children[index] for node, index in _gram_places(where)]


def searches_grams(queryset) -> bool:
    """Whether ``queryset`` filters through a gram index (``search_q`` on a field with a ``gram_field``)."""
    return bool(_gram_conditions(queryset))


def _without_gram_conditions(queryset):
    """A clone of ``queryset`` (sliced or not) whose own gram conditions are left out: written ``TRUE``, so the
    LIKE beside each decides alone (a page read in the list's order, ``walking_search``, or a count probe,
    ``probed_count``). Cloning a query copies its tree of conditions but shares the lookups in it, so the
    clone's gram lookups are replaced by flagged copies: ``queryset`` itself keeps its conditions."""
    clone = queryset.all()
    for node, index in list(_gram_places(clone.query.where)):
        condition = node.children[index].copy()
        condition.left_out = True
        node.children[index] = condition
    return clone


@contextmanager
def _planner_settings(using: str, **values: str):
    """Inside a transaction (a savepoint if one is open), the planner ``values`` for the statements run in the
    block, put back as they were when it ends: a ``SET LOCAL`` would outlive a savepoint and hold for the rest
    of an enclosing transaction."""
    names = list(values)
    with transaction.atomic(using=using):
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT current_setting(n) FROM unnest(%s::text[]) AS n", [names])
            before = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names)),
                           [x for name in names for x in (name, values[name])])
        yield
        with connections[using].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(["set_config(%s, %s, true)"] * len(names)),
                           [x for pair in zip(names, before, strict=True) for x in pair])


@contextmanager
def walking_search(queryset):
    """``queryset``, a page of a search through a gram index that matched many rows, to be evaluated in the
    block walking the list's order: ``with walking_search(rows) as walked: rows = list(walked)``.

    The planner cannot weigh such a search: it takes an ``@>`` of several grams as if each gram were
    independent of the others (one row for ``AIGC``, in 400,000 of six million weekly logs), so for a common
    term it collects every match through the index and sorts them all to keep fifty (one second). The caller
    knows better from the count it has just made in the user's rows (more matches than
    ``SEARCH_COUNT_LIMIT``): the page's rows come early in the list's order. So the table's gram condition is
    left out (the LIKE beside it decides alone, the same rows) and sequential scans are switched off for the
    one statement, which leaves the index of the list's order, walked until the page is full; the names'
    subquery keeps its own gram index. With few matches the planner is left alone: it then reads the index.

    A switched-off kind of scan is not forbidden but priced out (10^10), which passes ``jit_above_cost``: JIT
    is switched off with it (it cost 280 ms of compiling for a query of 60 ms).
    """
    walked = _without_gram_conditions(queryset)
    with _planner_settings(queryset.db, enable_seqscan="off", jit="off"):
        yield walked


def _any_of_alternatives(queryset):
    """Clones of ``queryset`` (sliced or not), one for each OR of a search that has an ``= ANY(<ids read first>)``
    alternative (``_AnyOf``: the placements of the students so named), that OR replaced by the alternative alone.
    Each clone's rows are some of ``queryset``'s: only ORs reached through ANDs, none negated, are replaced."""
    def places(node, path):
        if getattr(node, "negated", False):
            return
        if node.connector == "OR":
            for index, child in enumerate(node.children):
                if isinstance(child, _AnyOf):
                    yield [*path, index]
            return
        for index, child in enumerate(node.children):
            if getattr(child, "children", None) is not None:
                yield from places(child, [*path, index])

    for path in list(places(queryset.query.where, [])):
        clone = queryset.all()  # its tree of conditions is a copy: replacing a node's children leaves queryset's
        node = clone.query.where
        for index in path[:-1]:
            node = node.children[index]
        node.children = [node.children[path[-1]]]
        yield clone


def _count_within(queryset, ms: int, **planner: str) -> int | None:
    """``queryset.count()`` if PostgreSQL finishes it within ``ms`` milliseconds, else None (the statement is
    cancelled by its own ``statement_timeout``: nothing is left running)."""
    try:
        with _planner_settings(queryset.db, jit="off", statement_timeout=str(ms), **planner):
            return queryset.count()
    except OperationalError as exc:
        if getattr(exc, "pgcode", None) != "57014" and getattr(exc.__cause__, "pgcode", None) != "57014":
            raise  # not the time running out (query_canceled)
    return None


def probed_count(bounded) -> int:
    """``bounded.count()`` of a sliced search through a gram index (``CountCachingPaginator``'s bounded count), in
    the order that answers each kind of term soonest.

    1. A search by a surname matches its few thousand students' placements (``_AnyOf``), whose logs are more than
       the bound: those alone, counted through the placement index up to the bound (an index-only scan that stops
       there, 1 ms), already say "more than". Through the OR the index's bitmap holds all 60,000 of their logs
       before the count can stop (100-130 ms at scale 10).
    2. The index, for at most ``SEARCH_INDEX_MS``: a term in few texts (most terms people search) is counted
       in a millisecond or two.
    3. A term in many texts: building the index's bitmap of 400,000 of them before counting 1,000 takes 70-160 ms
       at scale 10, while reading the table until 1,001 texts matched takes a few milliseconds when the term is
       that common. That scan is tried for at most ``SEARCH_PROBE_MS`` (it would read the whole table for a
       term that is neither rare nor common).
    4. The index, without a time limit: the term is neither, and the index is still the quicker of the two.

    A small table (``_small_table``) is counted at once: any plan reads it in less than the probes' round trips.
    """
    if _small_table(bounded.model, bounded.db):
        return bounded.count()  # whatever the term, no probe needed
    bound = bounded.query.high_mark
    if bound is not None and not bounded.query.low_mark:
        for alternative in _any_of_alternatives(bounded):
            if alternative.count() >= bound:
                return bound
    if settings.SEARCH_INDEX_MS:
        found = _count_within(bounded, settings.SEARCH_INDEX_MS)
        if found is not None:
            return found
    # The table's gram condition left out, nothing on it invites the index: a scan that stops at the slice's end
    # (the names' subquery keeps its own index).
    found = _count_within(_without_gram_conditions(bounded), settings.SEARCH_PROBE_MS)
    return bounded.count() if found is None else found


class _AnyOf(Lookup):
    """``lhs = ANY(<array of ids>)``: unlike ``IN (subquery)``, an index scan can serve it inside an OR.

    ``a OR pk IN (subquery)`` leaves PostgreSQL one plan, a scan of the whole table testing every row
    against the subquery's hash; with ``= ANY(array)`` both sides of the OR are index scans whose row
    sets are OR-ed (BitmapOr), which the gram index needs to be of any use beside a related name. The
    array is a constant (``search_q`` reads the ids first): the planner then knows how many rows it
    stands for, and PostgreSQL hashes a constant array once instead of scanning it for every row.
    """

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        # The array is cast to the column's own type (bigint for a BigAutoField key): with int = bigint across
        # types PostgreSQL cannot hash the array and scans it for every row (20 times slower for 6,000 ids).
        element = self.lhs.output_field.cast_db_type(connection)
        # Only ``any_of`` makes this lookup, always with ``_Ids``: its literal is the one parameter.
        return f"{lhs} = ANY(%s::{element}[])", (*lhs_params, self.rhs.literal)


# Beyond this many related rows (a term in the names of a tenth of a province's students), ``search_q`` leaves
# them as a subquery: an array constant that long costs more to send and plan than the index saves.
ANY_OF_LIMIT = 50_000


class _Ids(Value):
    """A constant array of ids sent as one array literal (``'{8,200008,...}'``), not the driver's ``ARRAY[8, 200008,
    ...]``: PostgreSQL parses the constructor's elements one by one before folding them, 2-3 ms of planning for a
    surname's 2,906 placements in each statement that carries them, against 0.3-1.2 ms for the literal.

    The literal is written once: a search's array is compiled into several statements (the bounded count, the
    index's count, the probe, the page), and writing 2,906 ids each time took 4 ms of a request."""

    def __init__(self, ids):
        ids = list(ids)
        super().__init__(ids, output_field=ArrayField(models.BigIntegerField()))
        self.literal = "{" + ",".join(map(str, map(int, ids))) + "}"


def any_of(field: str, ids) -> Q:
    """``field = ANY(<ids as a constant array>)``: rows whose ``field`` is one of ``ids`` read first (``_AnyOf``)."""
    return Q(_AnyOf(F(field), _Ids(ids)))


# At most this many rows of a user's scope (a teacher's or a student's placements) are read first for a list and given
# as a constant array (``ids_up_to``, ``any_of``; the models' ``visible_to(as_ids=...)``). An enterprise's thousands
# keep the join: PostgreSQL weighs each element of a constant array while planning (19,000 ids cost about 100 ms a
# request), and the join serves its page and texts as well.
SCOPE_IDS = 5_000


# The planner's row estimates of the tables searched (``_estimated_rows``), per process: a table's size changes
# slowly, and its estimate is a statement each search would otherwise repeat.
_ESTIMATES: dict[tuple[str, str], tuple[float, float]] = {}
ESTIMATE_SECONDS = 60


def _estimated_rows(model, using: str) -> float:
    """How many rows ``model``'s table holds by its statistics, scaled to its current size as the planner does (the
    rows per page of the last ``ANALYZE`` times the pages there are now); a table without such statistics is taken
    as 100 rows a page (an empty one has no page). Read from the catalogue, not with ``EXPLAIN``: after an
    ``EXPLAIN`` of the weekly logs, the session's next parallel statement over them ran 1.7 times as long (median
    of 8: 58 against 33 ms at scale 10, in psql alone), which a catalogue read does not do."""
    key = (using, model._meta.db_table)
    now = time.monotonic()
    kept = _ESTIMATES.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT c.reltuples, c.relpages, pg_relation_size(c.oid) / current_setting('block_size')::int"
                       " FROM pg_class c WHERE c.oid = %s::regclass", [model._meta.db_table])
        tuples, pages_then, pages_now = cursor.fetchone()
    per_page = tuples / pages_then if tuples >= 0 and pages_then > 0 else 100  # no statistics of its pages yet
    rows = float(per_page * pages_now)
    _ESTIMATES[key] = (now + ESTIMATE_SECONDS, rows)
    return rows


def _small_table(model, using: str) -> bool:
    """Whether PostgreSQL expects ``model``'s table to hold at most ``SEARCH_SMALL_ROWS`` rows (a
    college's safety incidents, or none yet): its search is then counted at once. The probes of ``probed_count``
    cost five round trips and two statements with time limits, more than the count of a few hundred rows."""
    limit = settings.SEARCH_SMALL_ROWS
    return bool(limit) and _estimated_rows(model, using) <= limit


def ids_up_to(queryset, limit: int) -> list | None:
    """The ids of ``queryset``'s rows (in no order) when there are at most ``limit``, else None: what a caller
    gives as ``any_of`` so that PostgreSQL knows how many rows a scope or a search stands for."""
    ids = list(queryset.order_by().values_list("pk", flat=True)[:limit + 1])
    return ids if len(ids) <= limit else None


def _name_table(model, rests):
    """``(table model, path)`` when ``model`` names a table of grams for one of the paths ``rests``
    (``search_tables``: ``Placement.search_tables = {"student__display_name": "internships.PlacementStudentName"}``),
    else None. Such a table has ``gram``, ``name`` and the related row's id (its ``search_key``), indexed on
    ``(gram, id) INCLUDE (name)``, and is kept by PostgreSQL from the path's texts."""
    from django.apps import apps

    for path in rests:
        label = getattr(model, "search_tables", {}).get(path)
        if label:
            return apps.get_model(label), path
    return None


def _through_table(model, rests, table, term: str, lookup: str) -> list:
    """Querysets of the ids of ``model``'s rows where any of ``rests`` contains ``term``: first the path of the names'
    table, read from its index alone (the rows of the term's first gram, a pair of characters when it has two, the
    rarest kind, whose name holds the term), then the other paths (a username) if any, as before."""
    side, path = table
    first_gram = RawSQL(f"({GRAMS_FUNCTION}(%s))[1]", (term,))
    found = side._base_manager.filter(gram=first_gram, **{f"name__{lookup}": term}).order_by()
    parts = [found.values_list(side.search_key, flat=True)]
    others = [rest for rest in rests if rest != path]
    if others:
        condition, _ = _search_q(model, others, term, lookup, None, read=False)
        parts.append(model._base_manager.filter(condition).order_by().values_list("pk", flat=True))
    return parts


def _ids_through_table(parts, limit: int) -> list | None:
    """The ids of ``_through_table``'s querysets, read in one statement (``UNION ALL``), at most ``limit`` of them,
    else None."""
    found = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    ids = list(found[:limit + 1])
    if len(ids) > limit:
        return None
    return list(dict.fromkeys(ids)) if len(parts) > 1 else ids  # a row found by both paths once


def search_q(model, fields, term: str, lookup: str | None = None, scopes: dict | None = None) -> Q:
    """Q matching rows of ``model`` where any of ``fields`` contains ``term``, ignoring case.

    A term without cased letters (a Chinese name, a number) is searched with a plain ``LIKE``:
    the result is the same, and PostgreSQL skips ``UPPER()`` on every row it reads (three times
    faster over 600,000 weekly-log texts).

    Lookups through forward foreign keys become ``fk__in=<subquery of the related model>``, the
    lookups sharing a relation grouped into one subquery; other fields are filtered directly. A field
    with a gram column (``gram_field``) is also required to hold the term's grams, which its GIN index
    answers. Related rows found through a gram index (people's names, at any depth: a check-in's placement's
    student) are read at once, one query through the related table's own indexes, and become
    ``fk = ANY(<those ids>)`` (``_AnyOf``): beside a gram condition of the model's own the OR of the two stays
    an index scan, and in every case the planner sees how many rows the names stand for. As a subquery it
    could not: it takes a LIKE beside a gram condition for a handful of rows (21 students for ``王``, who are
    2,125 at scale 10), joined the few "matches" to walk each one's check-ins, and sorted the 350,000 it found
    to keep fifty (22 s); told the 2,906 placements it walks the list's index until the page is full.

    ``scopes`` names, per relation, the related rows the caller already restricts ``model`` to (a view's own
    scope: ``{"placement": Placement.objects.visible_to(user)}``): the related ids are then read from those
    only. The result is the same (the rows outside that scope are filtered out anyway), but an enterprise's
    search by a surname holds the few hundred placements of its own students so named instead of the
    province's thousands.
    """
    return _search_q(model, fields, term, lookup, scopes, read=True)[0]


def _search_q(model, fields, term: str, lookup: str | None, scopes: dict | None, read: bool) -> tuple[Q, bool]:
    """``search_q``'s Q, and whether a gram index serves some of it (on ``model`` or a related table). With
    ``read`` false the related rows stay subqueries: the level above reads its ids through them in one query."""
    if lookup is None:
        lookup = "contains" if case_free(term) else "icontains"
    local: list[Q] = []
    by_relation: dict[str, list[str]] = {}
    # The fields' LIKEs under each gram column (a column may serve several fields: one condition for them all).
    by_column: dict[str, list[Q]] = {}
    indexed = False
    for path in fields:
        head, _, rest = path.partition("__")
        if rest and _forward_relation(model, head) is not None:
            by_relation.setdefault(head, []).append(rest)
            continue
        q = Q(**{f"{path}__{lookup}": term})
        column = _gram_column(model, path) if not rest else None
        if column is not None and term.strip():  # white space alone has no grams: the LIKE alone decides
            by_column.setdefault(column, []).append(q)
        else:
            local.append(q)
    for column, likes in by_column.items():
        # The index narrows, the LIKEs decide: the rows are exactly those of the LIKEs alone.
        local.append(Q(_GramsContain(F(column), _grams(Value(term)))) & reduce(or_, likes))
        indexed = True
    related_indexed = False
    small = None
    for head, rests in by_relation.items():
        related = _forward_relation(model, head)
        # No ORDER BY: an array's order would be kept, and nobody reads it.
        base = scopes[head] if scopes and head in scopes else related._base_manager
        condition, through_grams = _search_q(related, rests, term, lookup, None, read=False)
        inner = base.filter(condition).order_by().values("pk")
        ids = None
        # A table of the related rows' names (a placement's student's) answers without the related rows; a scope
        # of the view's would have to be joined to it, so a scoped relation keeps the rows' own path.
        table = _name_table(related, rests) if not (scopes and head in scopes) and term.strip() else None
        if read and (indexed or through_grams) and small is None:
            small = _small_table(model, router.db_for_read(model))
        if read and (indexed or through_grams) and not small:
            ids = (_ids_through_table(_through_table(related, rests, table, term, lookup), ANY_OF_LIMIT)
                   if table is not None else ids_up_to(inner, ANY_OF_LIMIT))
        if ids is not None:
            local.append(any_of(head, ids))
        elif read and table is not None:
            local.append(reduce(or_, (Q(**{f"{head}__in": part})
                                      for part in _through_table(related, rests, table, term, lookup))))
        else:
            # A small table (``_small_table``) too: PostgreSQL reads it testing each row against the matches,
            # gathered only when it has a row to test, where reading them first would cost what the names match
            # in a province (2,125 people named ``王``) even for an empty list.
            local.append(Q(**{f"{head}__in": inner}))
        related_indexed = related_indexed or through_grams
    return (reduce(or_, local) if local else Q()), indexed or related_indexed


class SubquerySearchFilter(SearchFilter):
    """DRF's ``?search=`` with related fields searched through subqueries (see module docstring).

    Same contract as SearchFilter: whitespace-separated terms, every term must match some field.
    Search fields with a DRF prefix (``^``, ``=``, ``@``, ``$``) keep DRF's own handling.
    """

    def filter_queryset(self, request, queryset, view):
        fields = self.get_search_fields(view, request)
        terms = self.get_search_terms(request)
        if not fields or not terms:
            return queryset
        if any(f[:1] in self.lookup_prefixes for f in fields):
            return super().filter_queryset(request, queryset, view)
        # A view may name the related rows its scope already keeps to (``search_q``'s ``scopes``).
        scopes = view.search_scopes() if hasattr(view, "search_scopes") else None
        for term in terms:
            queryset = queryset.filter(search_q(queryset.model, fields, term, scopes=scopes))
        return queryset
