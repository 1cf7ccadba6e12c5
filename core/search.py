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
"""
from __future__ import annotations

from functools import reduce
from operator import or_

from django.db.models import Q
from rest_framework.filters import SearchFilter


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


def search_q(model, fields, term: str, lookup: str | None = None) -> Q:
    """Q matching rows of ``model`` where any of ``fields`` contains ``term``, ignoring case.

    A term without cased letters (a Chinese name, a number) is searched with a plain ``LIKE``:
    the result is the same, and PostgreSQL skips ``UPPER()`` on every row it reads (three times
    faster over 600,000 weekly-log texts).

    Lookups through forward foreign keys become ``fk__in=<subquery of the related model>``, the
    lookups sharing a relation grouped into one subquery; other fields are filtered directly.
    """
    if lookup is None:
        lookup = "contains" if case_free(term) else "icontains"
    local: list[Q] = []
    by_relation: dict[str, list[str]] = {}
    for path in fields:
        head, _, rest = path.partition("__")
        if rest and _forward_relation(model, head) is not None:
            by_relation.setdefault(head, []).append(rest)
        else:
            local.append(Q(**{f"{path}__{lookup}": term}))
    for head, rests in by_relation.items():
        related = _forward_relation(model, head)
        inner = search_q(related, rests, term, lookup)
        local.append(Q(**{f"{head}__in": related._base_manager.filter(inner).values("pk")}))
    return reduce(or_, local) if local else Q()


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
        for term in terms:
            queryset = queryset.filter(search_q(queryset.model, fields, term))
        return queryset
