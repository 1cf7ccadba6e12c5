"""The partnerships app's figures of the annual report (the ``report_figures`` hook of core/registry.py).

Every figure is as of the report's year (``ReportYear.as_of``): an agreement counts if its dates
cover the year and it was in force by the status it held then (its recorded transitions; one
activated only later was not), a project by the status it had then, a certification if it was
granted by then, a hire if it was recorded by then. Records dated in the year but entered later
(a backfilled agreement) count for their year.
"""
from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Organization
from core.hosts import AnnualSection, ReportYear, Section, status_as_of

from .choices import AgreementKind, AgreementStatus, EnrollmentStatus, HiringOutcome, ProjectStatus
from .models import Agreement, AgreementCommitment, Enrollment, Enterprise, IndustryProject
from .selectors import collect_metrics

# An agreement that reached one of these was in force (superseded ones were replaced by their amendment).
IN_FORCE = [AgreementStatus.ACTIVE, AgreementStatus.EXPIRED, AgreementStatus.TERMINATED]


def _pct(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def agreements_in_force(period: ReportYear):
    return (Agreement.objects.filter(start_date__lte=period.end, end_date__gte=period.start)
            .annotate(status_then=status_as_of(Agreement, period.as_of)).filter(status_then__in=IN_FORCE))


def projects_started(period: ReportYear):
    return (IndustryProject.objects.filter(start_date__year=period.year)
            .annotate(status_then=status_as_of(IndustryProject, period.as_of))
            .exclude(status_then=ProjectStatus.DRAFT))


def participating_enterprises(period: ReportYear) -> set[int]:
    """Enterprises party to an agreement in force during the year, or running a project started in it."""
    ids = set(Organization.objects.enterprises().filter(agreements__in=agreements_in_force(period))
              .values_list("pk", flat=True))
    ids |= set(projects_started(period).values_list("enterprise_id", flat=True))
    return ids


def competency_demand(period: ReportYear) -> dict[int, int]:
    """Competencies the industry projects started in the year asked for."""
    rows = IndustryProject.competencies.through.objects.filter(industryproject__in=projects_started(period))
    return dict(rows.order_by().values_list("competency_id").annotate(n=Count("*")).values_list("competency_id", "n"))


def _commitments_kept(in_force, period: ReportYear) -> tuple[int, int]:
    rows = list(AgreementCommitment.objects.filter(agreement__in=in_force)
                .values_list("agreement_id", "kind", "amount"))
    parties: dict[int, set[int]] = {}
    for a_id, org_id in Agreement.parties.through.objects.filter(
            agreement_id__in={r[0] for r in rows}).values_list("agreement_id", "organization_id"):
        parties.setdefault(a_id, set()).add(org_id)
    metrics = collect_metrics(set().union(*parties.values()) if parties else [], start=period.start, end=period.end)
    kept = 0
    for a_id, kind, amount in rows:
        actual = sum((metrics.get(o, {}).get(kind, 0) for o in parties.get(a_id, ())), Decimal("0"))
        kept += actual >= (amount or 0)
    return kept, len(rows)


def _certified(period: ReportYear) -> int:
    """Participants certified as integration enterprises by the end of the year.

    A withdrawn certification is not dated, so the current flag narrows only the current year.
    """
    qs = Enterprise.objects.filter(pk__in=period.participants, certified_on__lte=period.end)
    if period.year >= timezone.localdate().year:
        qs = qs.filter(is_certified_iei=True)
    return qs.count()


def partnerships(period: ReportYear) -> Section:
    s = Section("partnerships", gettext("Pathway 2 · School–enterprise collaboration"))
    in_force = agreements_in_force(period)
    counts = dict(in_force.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    s.rows.append((gettext("Agreements in force during the year"), sum(counts.values())))
    s.rows.append((gettext("Agreements starting this year"), in_force.filter(start_date__gte=period.start).count()))
    for k, label in AgreementKind.choices:
        s.rows.append((gettext("Agreements: %(kind)s") % {"kind": label}, counts.get(k, 0)))
    s.chart_title = gettext("Agreements by kind")
    s.chart = [(str(label), float(counts.get(k, 0))) for k, label in AgreementKind.choices if counts.get(k)]
    kept, promised = _commitments_kept(in_force, period)
    s.rows.append((gettext("Commitments kept"), f"{kept} / {promised}"))
    s.rows.append((gettext("Participating enterprises"), len(period.participants)))
    s.rows.append((gettext("of which certified integration enterprises"), _certified(period)))
    s.rows.append((gettext("Industry projects started this year"), projects_started(period).count()))
    s.rows.append((gettext("Enterprise investment (CNY)"), _enterprise_investment(period)))
    graduates = Enrollment.objects.filter(order_class__graduation_date__range=(period.start, period.end),
                                          status=EnrollmentStatus.GRADUATED)
    hired = graduates.filter(Q(outcome_recorded_at__isnull=True) | Q(outcome_recorded_at__lte=period.as_of),
                             outcome=HiringOutcome.HIRED)
    graduated = graduates.count()
    s.rows.append((gettext("Order-class graduates this year"), graduated))
    s.rows.append((gettext("Order-class hiring rate (%)"), _pct(hired.count(), graduated)))
    return s


def _enterprise_investment(period: ReportYear) -> Decimal:
    """Every app's measure of investment in the year (the funding app's metrics plug-in: confirmed cash and
    in-kind investment received in it)."""
    ids = list(Organization.objects.enterprises().values_list("pk", flat=True))
    metrics = collect_metrics(ids, start=period.start, end=period.end)
    total = sum((Decimal(str(m.get("investment_cny", 0))) for m in metrics.values()), Decimal("0"))
    return total.quantize(Decimal("0.01"))


ANNUAL_SECTIONS = [AnnualSection("partnerships", _("Pathway 2 · School–enterprise collaboration"), partnerships)]

