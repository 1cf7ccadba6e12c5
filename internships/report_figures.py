"""The internships app's figures for the reports app (the ``report_figures`` hook of core/registry.py).

The annual report's section, the enterprises and competencies of the year, and the charts of the
role dashboards. Every annual figure is as of the report's year (``ReportYear.as_of``): a posting
or placement counts by the status it held then (its recorded transitions), not by today's.
"""
from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Sum
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.hosts import AnnualSection, ChartCard, ReportYear, Section, status_as_of

from .choices import LogStatus, OutcomeKind, PostingStatus
from .models import STARTED_PLACEMENT_STATES, Application, EmploymentOutcome, Placement, Posting

NOT_YET_OFFERED = [PostingStatus.DRAFT, PostingStatus.PENDING_APPROVAL]


def _pct(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


def postings_of(period: ReportYear, *, exclude=(PostingStatus.DRAFT,)):
    """Postings starting in the year, by the status they held at its end."""
    return (Posting.objects.filter(start_date__year=period.year)
            .annotate(status_then=status_as_of(Posting, period.as_of)).exclude(status_then__in=list(exclude)))


def participating_enterprises(period: ReportYear) -> set[int]:
    """Enterprises that offered internships starting in the year."""
    return set(postings_of(period).values_list("enterprise_id", flat=True))


def competency_demand(period: ReportYear) -> dict[int, int]:
    """Competencies the postings offered for the year asked for."""
    rows = Posting.competencies.through.objects.filter(posting__in=postings_of(period, exclude=NOT_YET_OFFERED))
    return dict(rows.order_by().values_list("competency_id").annotate(n=Count("*")).values_list("competency_id", "n"))


def internships(period: ReportYear) -> Section:
    s = Section("internships", gettext("Internships, compliance and employment"))
    agg = postings_of(period, exclude=NOT_YET_OFFERED).aggregate(n=Count("pk"), slots=Sum("slots"))
    s.rows.append((gettext("Postings this year"), agg["n"]))
    s.rows.append((gettext("Internship slots offered"), agg["slots"] or 0))
    started = (Placement.objects.filter(start_date__range=(period.start, period.end))
               .annotate(status_then=status_as_of(Placement, period.as_of))
               .filter(status_then__in=STARTED_PLACEMENT_STATES))
    compliant = started.filter(agreement_signed_on__isnull=False, agreement_signed_on__lte=F("start_date"),
                               insurance_start__lte=F("start_date"), insurance_end__gte=F("end_date"),
                               night_shift=False, overtime=False)
    n_started = started.count()
    s.rows.append((gettext("Placements started this year"), n_started))
    s.rows.append((gettext("Compliant placements (%)"), _pct(compliant.count(), n_started)))
    counts = dict(EmploymentOutcome.objects.filter(recorded_on__range=(period.start, period.end))
                  .values_list("kind").annotate(n=Count("pk")).values_list("kind", "n"))
    total = sum(counts.values())
    s.rows.append((gettext("Employment outcomes recorded"), total))
    industry = counts.get(OutcomeKind.HOST_ENTERPRISE, 0) + counts.get(OutcomeKind.OTHER_ENTERPRISE, 0)
    s.rows.append((gettext("Employed in the industry (%)"), _pct(industry, total)))
    s.chart_title = gettext("Employment outcomes")
    s.chart = [(str(label), float(counts.get(k, 0))) for k, label in OutcomeKind.choices]
    return s


ANNUAL_SECTIONS = [AnnualSection("internships", _("Internships, compliance and employment"), internships)]


# --- the role dashboards' charts (reports/dashboard.py) ---------------------------------------------------

def _labels(model) -> dict[str, str]:
    return {k: str(v) for k, v in model._meta.get_field("status").flatchoices}


def role_cards(role: str, user, acc) -> list[ChartCard]:
    """Charts only: the single figures (interns, mentees, logs to review, the student's placement) are
    this app's dashboard cards, and the counts both need are read once (internships/dashboard.py)."""
    from .dashboard import enterprise_applications, student_applications, student_logs

    if role == "enterprise":
        org_ids = list(acc.enterprise_ids)
        # COUNT(*), not of ``id``: the (enterprise, status) index alone answers it (posting_enterprise_status).
        postings = dict(Posting.objects.filter(enterprise_id__in=org_ids).values_list("status")
                        .annotate(n=Count("*")).values_list("status", "n"))
        applications = enterprise_applications(user)
        labels, app_labels = _labels(Posting), _labels(Application)
        return [
            ChartCard(title=gettext("My postings"), value=sum(postings.values()), order=71,
                      chart=[(labels.get(k, k), float(n)) for k, n in postings.items()],
                      chart_title=gettext("Postings by status"), key="postings_by_status"),
            ChartCard(title=gettext("Applicants"), value=sum(applications.values()), order=72,
                      chart=[(app_labels.get(k, k), float(n)) for k, n in applications.items()],
                      chart_title=gettext("Applications by status"), key="applications_by_status"),
        ]
    if role == "student":
        applications = student_applications(user)
        labels = _labels(Application)
        logs: dict[str, int] = {}
        for _placement, _week, status in student_logs(user):
            logs[status] = logs.get(status, 0) + 1
        return [
            ChartCard(title=gettext("My applications"), value=sum(applications.values()), order=71,
                      rows=[(labels.get(k, k), str(n)) for k, n in applications.items()], key="my_applications"),
            ChartCard(title=gettext("My weekly logs"), order=73, value=sum(logs.values()),
                      detail=gettext("%(n)s awaiting review") % {"n": logs.get(LogStatus.SUBMITTED, 0)},
                      key="my_weekly_logs"),
        ]
    return []
