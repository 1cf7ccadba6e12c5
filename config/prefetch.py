"""Nested rows of list endpoints, prefetched into plain lists.

``prefetch_related("members")`` stores each row's members in a related manager with a queryset of
its own: for a page of 200 industry projects with members, milestones and competencies Django built
600 managers and 1,800 querysets, a third of the request. ``Prefetch(..., to_attr=...)`` stores a
plain list instead; ``config.serializers`` renders a nested field from that list when it is there
(``prefetched_<field>``) and from the relation otherwise, so detail routes and write responses,
which should see the rows as they are after a change, keep the ordinary prefetch.
"""
from __future__ import annotations

from django.db.models import Prefetch

from config.serializers import PREFETCHED_PREFIX


def prefetched(lookup: str, queryset=None, *, as_list: bool = True) -> Prefetch:
    """``Prefetch(lookup, queryset)`` into a plain list when ``as_list`` (a viewset's list action)."""
    if not as_list:
        return Prefetch(lookup, queryset=queryset)
    return Prefetch(lookup, queryset=queryset, to_attr=PREFETCHED_PREFIX + lookup.rsplit("__", 1)[-1])
