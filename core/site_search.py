"""The search box of the top bar: one term across the records a user may see, grouped by kind.

Each domain app lists what it offers in ``<app>/search.py`` as ``SEARCH_SOURCES`` (``SearchSource``), so
core imports no app. A source's rows always start from the model's ``visible_to(user)``; the term is
matched with ``core.search.search_q`` (a plain ``contains``/``icontains`` on the named columns) and each
kind costs one query of at most ``PER_KIND + 1`` rows (the extra row only says "more"), so the page
runs a constant number of queries whatever the tables hold.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.urls import reverse

from .registry import app_modules
from .search import search_q

PER_KIND = 8
MAX_TERM = 100


@dataclass(frozen=True)
class SearchSource:
    key: str  # stable name of the kind ("students")
    label: str  # what the group is called on the page
    model: str  # "app_label.Model"
    fields: tuple[str, ...]  # the columns the term is looked for in
    url_name: str  # the row's page, reversed with its pk
    order: int = 100
    narrow: Callable | None = None  # fn(queryset) -> queryset: the rows of the kind (students among users)
    ordering: tuple[str, ...] = ("pk",)
    select_related: tuple[str, ...] = ()
    detail: Callable | None = None  # fn(obj) -> str shown under the name (a code, an enterprise)
    # the roles the kind is offered to (empty: everyone); a person's page is the college admin's alone
    roles: tuple[str, ...] = ()


@cache
def sources() -> list[SearchSource]:
    found = [s for m in app_modules("search") for s in getattr(m, "SEARCH_SOURCES", [])]
    return sorted(found, key=lambda s: s.order)


@dataclass
class Group:
    source: SearchSource
    hits: list[dict]
    more: bool


def search(user, term: str) -> list[Group]:
    """The groups with at least one hit, in the sources' order."""
    term = " ".join(term.split())[:MAX_TERM]
    if not term:
        return []
    from .access import access_for

    acc = access_for(user)
    groups = []
    for source in sources():
        if source.roles and not acc.has_role(*source.roles):
            continue
        model = apps.get_model(source.model)
        qs = model.objects.visible_to(user)
        if source.narrow is not None:
            qs = source.narrow(qs)
        qs = qs.filter(search_q(model, source.fields, term))
        if source.select_related:
            qs = qs.select_related(*source.select_related)
        rows = list(qs.order_by(*source.ordering)[:PER_KIND + 1])
        if not rows:
            continue
        hits = [{"name": str(obj), "detail": source.detail(obj) if source.detail else "",
                 "url": reverse(source.url_name, args=[obj.pk])} for obj in rows[:PER_KIND]]
        groups.append(Group(source, hits, len(rows) > PER_KIND))
    return groups
