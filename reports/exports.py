"""Exports of the platform's lists: the host of the specs the domain apps register, and two streaming writers.

Each app lists its exportable lists in ``<app>/exports.py`` as ``EXPORT_SPECS`` (``core.hosts.ExportSpec``,
found through the registry). A spec names the rows a user may see (always built on the model's
``visible_to``), the FilterSet of the list page (so the page's querystring narrows the export exactly
like the table), and the columns a user can pick.

Exports never widen silently: every spec is loaded and checked when the app starts (``load_specs``:
its model, its FilterSet, every column's lookup), so a FilterSet that cannot be imported stops the
start instead of turning into an unfiltered export; and a filter value the FilterSet refuses is a 400
naming the filter when the export is requested (``check_query``), never an export of every row.

Rows are read with ``values()`` and ``iterator(chunk_size=...)`` and written row by row (CSV, or
xlsxwriter in constant-memory mode), so memory stays flat however many rows there are.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from types import SimpleNamespace

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured, ValidationError
from django.db import models
from django.http import QueryDict
from django.utils.module_loading import import_string

from core.hosts import ExportSpec
from core.registry import app_modules

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class LoadedSpec:
    spec: ExportSpec
    model: type[models.Model]
    filterset: type | None
    orderings: frozenset[str]  # the column lookups an export may be ordered by


def _field_at(model: type[models.Model], path: str) -> models.Field:
    """The field a ``values()`` lookup ends on; raises FieldDoesNotExist for a lookup that does not exist."""
    parts = path.split("__")
    for i, part in enumerate(parts):
        field = model._meta.get_field(part)
        if i == len(parts) - 1:
            return field
        if not field.is_relation or field.related_model is None:
            raise FieldDoesNotExist(f"{model._meta.label}.{part} is not a relation, so {path!r} cannot follow it")
        model = field.related_model
    raise FieldDoesNotExist(path)


def _check(spec: ExportSpec) -> LoadedSpec:
    """Every part of ``spec`` resolved, or ImproperlyConfigured saying which part of which spec is wrong."""
    where = f"export spec {spec.name!r}"
    try:
        model = spec.model_class()
    except (LookupError, ValueError) as exc:
        raise ImproperlyConfigured(f"{where}: no model {spec.model!r}") from exc
    if not hasattr(model.objects, "visible_to"):
        raise ImproperlyConfigured(f"{where}: {spec.model} has no visible_to(user) scope to export through")
    fs_class = None
    if spec.filterset:
        try:
            fs_class = import_string(spec.filterset)
        except ImportError as exc:
            raise ImproperlyConfigured(f"{where}: its FilterSet {spec.filterset!r} cannot be loaded ({exc})") from exc
        fs_model = getattr(getattr(fs_class, "_meta", None), "model", None)
        if fs_model is None or not issubclass(model, fs_model):
            raise ImproperlyConfigured(f"{where}: {spec.filterset} does not filter {spec.model}")
    if not spec.columns or len({c.key for c in spec.columns}) != len(spec.columns):
        raise ImproperlyConfigured(f"{where}: needs columns with distinct keys")
    for col in spec.columns:
        try:
            _field_at(model, col.path)
            choice_of = getattr(col.display, "choice_of", None)
            if choice_of:
                from django.apps import apps

                if not apps.get_model(choice_of[0])._meta.get_field(choice_of[1]).flatchoices:
                    raise FieldDoesNotExist(f"{choice_of[0]}.{choice_of[1]} has no choices to display")
        except (FieldDoesNotExist, LookupError) as exc:
            raise ImproperlyConfigured(f"{where}: column {col.key!r}: {exc}") from exc
    return LoadedSpec(spec, model, fs_class, frozenset(c.path for c in spec.columns))


@cache
def load_specs() -> dict[str, LoadedSpec]:
    """Every app's export specs, checked; called when the reports app starts (ReportsConfig.ready)."""
    loaded: dict[str, LoadedSpec] = {}
    for mod in app_modules("exports"):
        for spec in getattr(mod, "EXPORT_SPECS", ()):
            if spec.name in loaded:
                raise ImproperlyConfigured(f"export spec {spec.name!r} is registered twice")
            loaded[spec.name] = _check(spec)
    return loaded


def available_specs() -> list[ExportSpec]:
    return [s.spec for s in load_specs().values()]


def get_spec(name: str) -> ExportSpec | None:
    found = load_specs().get(name)
    return found.spec if found else None


def _as_request(user):
    # A FilterSet's choices may depend on who asks (the enterprise filter offers the enterprises the
    # user may see): without the user every such choice would be refused as not one of the options.
    return SimpleNamespace(user=user)


def check_query(spec: ExportSpec, query: str, user=None) -> None:
    """Refuse a query the list page's FilterSet refuses: a ValidationError naming each filter and why.

    The HTML filter form submits an unused filter as an empty value, so an empty value is no filter
    (as on the list page); a value given twice, or one the filter cannot read, is an error.
    """
    found = load_specs()[spec.name]
    if not query or found.filterset is None:
        return
    _raise_if_invalid(found.filterset(QueryDict(query), queryset=found.model._default_manager.none(),
                                      request=_as_request(user)))


def _raise_if_invalid(fs) -> None:
    if not fs.is_valid():
        raise ValidationError({"query" if name == "__all__" else name: list(errors)
                               for name, errors in fs.form.errors.items()})


def queryset_for(spec: ExportSpec, user, query: str = ""):
    """The rows ``user`` may see, narrowed by ``query`` exactly like the list page; an invalid query raises."""
    found = load_specs()[spec.name]
    qs = found.model.objects.visible_to(user)
    if query and found.filterset is not None:
        fs = found.filterset(QueryDict(query), queryset=qs, request=_as_request(user))
        _raise_if_invalid(fs)
        qs = fs.qs
    order = QueryDict(query).get("ordering", "") if query else ""
    # Ordering changes no row, so an unknown one is ignored (as on the list page); only a column orders.
    if order and order.lstrip("-") in found.orderings:
        qs = qs.order_by(order)
    return qs


def row_values(spec: ExportSpec, qs, keys: list[str]) -> Iterator[list]:
    """Plain values for the chosen columns, read in chunks (no model instances are built)."""
    cols = [spec.column_map()[k] for k in keys]
    paths = list(dict.fromkeys(c.path for c in cols))
    for row in qs.values(*paths).iterator(chunk_size=CHUNK_SIZE):
        yield [c.display(row[c.path]) if c.display else row[c.path] for c in cols]


def _cell(value):
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return value


def write_csv(fh, header: list[str], rows: Iterable[list], on_row: Callable[[int], None] | None = None) -> int:
    """Writes UTF-8 with a BOM (Excel opens Chinese text correctly only with it) to a binary file."""
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    n = 0
    for n, row in enumerate(rows, start=1):
        writer.writerow([_cell(v) for v in row])
        if on_row:
            on_row(n)
    text.flush()
    text.detach()
    return n


def write_xlsx(path: str, title: str, header: list[str], rows: Iterable[list],
               on_row: Callable[[int], None] | None = None) -> int:
    """One sheet, streamed: xlsxwriter's constant-memory mode flushes each row as it is written.

    It is several times faster than openpyxl's write-only mode on 100,000 rows, and with the string
    conversions off, a cell that starts with "=" stays text (no formula injection from user data).
    """
    import xlsxwriter

    wb = xlsxwriter.Workbook(path, {
        "constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
        "strings_to_urls": False, "default_date_format": "yyyy-mm-dd",
    })
    ws = wb.add_worksheet(title[:31] or "Sheet1")
    ws.write_row(0, 0, header)
    n = 0
    for n, row in enumerate(rows, start=1):
        ws.write_row(n, 0, [_cell(v) for v in row])
        if on_row:
            on_row(n)
    wb.close()
    return n
