"""A query a hot path runs again and again with other ids: compiled once, run with the ids put in.

Building a queryset and compiling it to SQL is most of the Python cost of a small query: the active placement
of a check-in (``select_related`` over three tables) is about 4,000 function calls of building and compiling
for one row, and the signed-in user with their roles (an array subquery and an EXISTS per device class) a
third of the Python calls of a small API request. ``Prepared`` compiles the queryset once per process and
``key`` with marker values where the ids go, checks that each marker is a parameter of its own, and then runs
the SQL with the ids in their places. Its rows become instances as the ORM's own ``ModelIterable`` makes
them: the same converters, the same ``select_related`` population, each annotation set on the instance
under its name. The SQL is the ORM's, so scopes, filters, annotations and ordering are the queryset's;
tests compare the instances with the ORM's (tests/platform/test_prepared.py, and the users of ``Prepared``:
tests/attendance/test_check_ins.py, tests/accounts/test_backends.py).

``key`` is for SQL that holds a value of the moment, such as today's date (``in_force`` compares with it):
the caller passes that value (``key=timezone.localdate()``) and a call with another key compiles again, so
the first call after midnight runs the new day's statement. The key is read before the queryset is built,
so a statement is never older than its key.

Each call asks the database router where to read, as the queryset would when it runs (core/replica.py sends a
read to the replica only inside ``replica_reads()``), unless the queryset names its database (``using``). The
SQL is compiled once for the default database: the aliases a router picks for a model are copies of one
PostgreSQL database (the primary and its replica), and one SQL serves them all.

For a few hot queries only: a prepared query is not a queryset (no further filters, instances only).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import QuerySet
from django.db.models.query import ModelIterable, get_related_populators


@dataclass(frozen=True)
class _Compiled:
    key: object
    db: str | None  # the queryset's own ``using``; None: the router picks per call
    hints: dict
    routed: type  # the queryset's model, which the router is asked about
    model: type
    sql: str
    params: tuple
    positions: tuple[int, ...]
    compiler: object
    init_list: list[str]
    start: int
    end: int
    populators: dict[str, list]  # per alias: a related populator makes its instances with the alias read from
    annotations: tuple[tuple[str, int], ...]


class Prepared:
    """``Prepared(build, *marks)``: ``build(*marks)`` returns the queryset; ``prepared(*ids, key=...)`` its rows.

    ``marks`` are values no row has (e.g. a negative id), one per argument, each used once by ``build``.
    """

    def __init__(self, build: Callable[..., QuerySet], *marks) -> None:
        self._build = build
        self._marks = marks
        self._compiled: _Compiled | None = None

    def _compile(self, key) -> _Compiled:
        hit = self._compiled
        if hit is not None and hit.key == key:
            return hit
        queryset = self._build(*self._marks)
        # values() and the like make no instances, and known related objects (a related manager's queryset)
        # are set from Python, not read from the row: neither is what __call__ makes.
        if queryset._iterable_class is not ModelIterable or queryset._known_related_objects:
            raise ValueError("a prepared query makes model instances and takes no known related objects")
        db = queryset._db or DEFAULT_DB_ALIAS
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()  # also sets select, klass_info and annotation_col_map, as ModelIterable
        positions = []
        for mark in self._marks:
            found = [i for i, value in enumerate(params) if value == mark]
            if len(found) != 1:
                raise ValueError(f"{mark!r} is not one parameter of its own in the prepared query")
            positions.append(found[0])
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        compiled = _Compiled(
            key=key, db=queryset._db, hints=dict(queryset._hints), routed=queryset.model, model=klass_info["model"],
            sql=sql, params=tuple(params), positions=tuple(positions), compiler=compiler,
            init_list=[col[0].target.attname for col in select[start:end]], start=start, end=end,
            populators={db: get_related_populators(klass_info, select, db)},
            annotations=tuple(compiler.annotation_col_map.items()))
        self._compiled = compiled  # one key at a time: the day's statement replaces the day before's
        return compiled

    def __call__(self, *values, key=None) -> list:
        c = self._compile(key)
        params = list(c.params)
        for position, value in zip(c.positions, values, strict=True):
            params[position] = value
        db = c.db or router.db_for_read(c.routed, **c.hints)  # as QuerySet.db, on every run
        with connections[db].cursor() as cursor:
            cursor.execute(c.sql, params)
            rows = cursor.fetchall()
        populators = c.populators.get(db)
        if populators is None:
            populators = c.populators[db] = get_related_populators(c.compiler.klass_info, c.compiler.select, db)
        objects = []
        for row in c.compiler.results_iter(results=[rows]):
            obj = c.model.from_db(db, c.init_list, row[c.start:c.end])
            for populator in populators:
                populator.populate(row, obj)
            for name, position in c.annotations:  # as ModelIterable: each annotation under its name
                setattr(obj, name, row[position])
            objects.append(obj)
        return objects
