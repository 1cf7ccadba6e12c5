"""A query a hot path runs again and again with other ids: compiled once, run with the ids put in.

Building a queryset and compiling it to SQL is most of the Python cost of a small query: the active placement
of a check-in (``select_related`` over three tables) is about 4,000 function calls of building and compiling
for one row. ``Prepared`` compiles the queryset once per process (and per ``key``, for SQL that holds a value
of the day, such as today's date) with marker values where the ids go, checks that each marker is a parameter
of its own, and then runs the SQL with the ids in their places. Its rows become instances as the ORM's own
``ModelIterable`` makes them: the same converters, the same ``select_related`` population. The SQL is the
ORM's, so scopes, filters and ordering are the queryset's; a test compares the instances with the ORM's.

For a few hot queries only: a prepared query is not a queryset (no further filters, no annotations).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import connections
from django.db.models import QuerySet
from django.db.models.query import get_related_populators


@dataclass(frozen=True)
class _Compiled:
    key: object
    db: str
    model: type
    sql: str
    params: tuple
    positions: tuple[int, ...]
    compiler: object
    init_list: list[str]
    start: int
    end: int
    populators: list


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
        compiler = queryset.query.get_compiler(using=queryset.db)
        sql, params = compiler.as_sql()  # also sets compiler.select and klass_info, as ModelIterable reads them
        if compiler.annotation_col_map or queryset._known_related_objects:
            raise ValueError("a prepared query takes no annotations and no known related objects")
        positions = []
        for mark in self._marks:
            found = [i for i, value in enumerate(params) if value == mark]
            if len(found) != 1:
                raise ValueError(f"{mark!r} is not one parameter of its own in the prepared query")
            positions.append(found[0])
        select, klass_info = compiler.select, compiler.klass_info
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        compiled = _Compiled(
            key=key, db=queryset.db, model=klass_info["model"], sql=sql, params=tuple(params),
            positions=tuple(positions), compiler=compiler,
            init_list=[col[0].target.attname for col in select[start:end]], start=start, end=end,
            populators=get_related_populators(klass_info, select, queryset.db))
        self._compiled = compiled  # one key at a time: the day's statement replaces the day before's
        return compiled

    def __call__(self, *values, key=None) -> list:
        c = self._compile(key)
        params = list(c.params)
        for position, value in zip(c.positions, values, strict=True):
            params[position] = value
        with connections[c.db].cursor() as cursor:
            cursor.execute(c.sql, params)
            rows = cursor.fetchall()
        objects = []
        for row in c.compiler.results_iter(results=[rows]):
            obj = c.model.from_db(c.db, c.init_list, row[c.start:c.end])
            for populator in c.populators:
                populator.populate(row, obj)
            objects.append(obj)
        return objects
