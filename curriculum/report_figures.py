"""The curriculum app's figures of the annual report (the ``report_figures`` hook of core/registry.py).

Every figure is as of the report's year (``ReportYear.as_of``), never today's state: a programme
counts if it stood approved then (its recorded transitions), a course if its content dates from
then, demand is what was asked for in the year.
"""
from __future__ import annotations

from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.hosts import AnnualSection, ReportYear, Section, status_as_of

from .choices import ModuleKind, ProgramStatus
from .models import Competency, Course, CourseCompetency, JobPostCompetency, Program


def _pct(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def courses_of(period: ReportYear):
    """The catalogue as it stood at the end of the year: courses whose content dates from then or before."""
    return Course.objects.filter(content_since__lte=period.end)


def competency_demand(period: ReportYear) -> dict[int, int]:
    """Job posts that asked for each competency in the year: those recorded by then.

    Whether a post is still current is not dated, so it narrows only the current year; a post retired
    since still counted in the years it was recorded for.
    """
    rows = JobPostCompetency.objects.filter(job_post__created_at__lte=period.as_of)
    if period.year >= timezone.localdate().year:
        rows = rows.filter(job_post__is_current=True)
    return dict(rows.order_by().values_list("competency_id").annotate(n=Count("*")).values_list("competency_id", "n"))


def training(period: ReportYear) -> Section:
    s = Section("training", gettext("Pathway 1 · Training system"))
    approved = (Program.objects.filter(created_at__lte=period.as_of)
                .annotate(status_then=status_as_of(Program, period.as_of))
                .filter(status_then=ProgramStatus.APPROVED).count())
    s.rows.append((gettext("Approved talent-training programmes"), approved))
    counts = dict(courses_of(period).values_list("module__kind").annotate(n=Count("pk"))
                  .values_list("module__kind", "n"))
    s.rows.append((gettext("Courses"), sum(counts.values())))
    s.chart_title = gettext("Courses by module")
    s.chart = [(str(label), float(counts.get(k, 0))) for k, label in ModuleKind.choices]
    # Coverage follows curriculum's rule (selectors.coverage_rows: a competency is covered when a course
    # covers it), over the year's demand and the year's catalogue.
    demanded = {c for c, n in period.competency_demand.items() if n}
    covered = set(CourseCompetency.objects.filter(competency_id__in=demanded, course__in=courses_of(period))
                  .values_list("competency_id", flat=True).distinct())
    s.rows.append((gettext("Competencies in the map"), Competency.objects.count()))
    s.rows.append((gettext("Competencies demanded by industry this year"), len(demanded)))
    s.rows.append((gettext("Competency coverage by courses (%)"), _pct(len(covered), len(demanded))))
    return s


ANNUAL_SECTIONS = [AnnualSection("training", _("Pathway 1 · Training system"), training)]
