"""Competency demand: the records of each app that ask for a competency (the 岗 side of the coverage analysis).

Curriculum is the base of the domain apps and imports none of the apps above it. Each app whose records
ask for competencies says which of them count, in its own ``<app>/competency.py`` (the ``competency``
hook of core/registry.py): ``demand_sources() -> list[DemandSource]``. Curriculum's own job posts come
through the same hook, from this module.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db import models

from core.registry import app_modules

from .models import JobPostCompetency

# The demand columns of the coverage analysis (selectors.CoverageRow, the API and the exports), in order.
DEMAND_COLUMNS = ("job_posts", "postings", "projects")


@dataclass(frozen=True)
class DemandSource:
    """One kind of record that asks for competencies.

    ``requirements``: one row per asking record and competency, with a ``competency_id``, holding only the
    records that count as demand now (a published posting, an open project); ``enterprise_field``: the path
    from such a row to the id of the enterprise that asks; ``model``: the asking records' model, whose
    ``competencies`` relation the demo data fills from their titles (None: the app seeds its own).
    """

    column: str
    requirements: models.QuerySet
    enterprise_field: str
    model: type[models.Model] | None = None


def demand_sources() -> list[DemandSource]:
    """Curriculum's own demand: the competencies current job posts require (the demo seeds them with levels);
    an archived post is no longer in the catalogue, so it is no demand either."""
    return [DemandSource("job_posts", JobPostCompetency.objects.filter(job_post__is_current=True,
                                                                       job_post__archived_at__isnull=True),
                         "job_post__enterprise_id")]


def all_demand_sources() -> list[DemandSource]:
    """Every app's demand sources, in ``settings.DOMAIN_APPS`` order."""
    sources = [source for mod in app_modules("competency") for source in mod.demand_sources()]
    for source in sources:
        if source.column not in DEMAND_COLUMNS:
            raise ImproperlyConfigured(f"competency demand of {source.requirements.model.__name__} counts in "
                                       f"{source.column!r}, which is none of {DEMAND_COLUMNS}")
    return sources
