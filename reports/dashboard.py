"""Dashboard cards per role, with server-rendered SVG charts; each role's cards use a fixed number of queries."""
from __future__ import annotations

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from accounts.policy import access_for
from core.counting import kept_rows
from core.registry import Card

from .charts import bar_chart, line_chart
from .kpi import KPI_LABELS, compute_kpis, series
from .models import KpiSnapshot, ReportJob
from .sources import model, safe

NA = "—"


def _v(value) -> str | int:
    if value is None:
        return NA
    return value


def cards(request) -> list[Card]:
    user = request.user
    acc = access_for(user)
    if not acc.is_authenticated:
        return []
    out: list[Card] = []
    running = ReportJob.objects.visible_to(user).filter(requested_by=user, status__in=["queued", "running"]).count()
    if running:
        out.append(Card(title=gettext("Reports being prepared"), value=running, url=reverse("reports:job_list"),
                        order=79))
    if acc.is_college_admin:
        out += _admin_cards(user)
    elif acc.is_enterprise:
        out += _enterprise_cards(acc)
    elif acc.is_teacher:
        out += _teacher_cards(user)
    elif acc.is_student:
        out += _student_cards(user)
    return out


def _admin_cards(user) -> list[Card]:
    snaps = list(KpiSnapshot.objects.visible_to(user).order_by("-period")[:12])
    now = compute_kpis()
    trends = reverse("reports:kpi_trends")

    def card(title: str, key: str, extra_key: str | None, order: int) -> Card:
        rows = [(str(KPI_LABELS[extra_key]), str(_v(now.get(extra_key))))] if extra_key else []
        pts = series(snaps, key)
        return Card(title=title, value=_v(now.get(key)), detail=str(KPI_LABELS[key]), url=trends, order=order,
                    rows=rows, svg=line_chart(pts, title=str(KPI_LABELS[key])) if pts else "")

    return [
        card(gettext("Partnerships"), "active_agreements", "partner_enterprises", 71),
        card(gettext("Internships"), "active_placements", "open_slots", 72),
        card(gettext("Faculty"), "dual_qualified_ratio", "teacher_placement_days", 73),
        card(gettext("Funding"), "budget_execution", "funding_received_cny", 74),
    ]


def _enterprise_cards(acc) -> list[Card]:
    org_ids = list(acc.enterprise_ids)
    out: list[Card] = []
    posting = model("internships.Posting", "status", "enterprise")
    if posting:
        counts = safe(lambda: dict(posting.objects.filter(enterprise_id__in=org_ids).values_list("status")
                                   .annotate(n=Count("pk")).values_list("status", "n")), {}) or {}
        labels = {k: str(v) for k, v in posting._meta.get_field("status").flatchoices}
        out.append(Card(title=gettext("My postings"), value=sum(counts.values()), order=71,
                        svg=bar_chart([(labels.get(k, k), float(n)) for k, n in counts.items()],
                                      title=gettext("Postings by status"))))
    application = model("internships.Application", "posting", "status")
    if application:
        # Counting the indexed status column, not pk, lets PostgreSQL answer from the (posting, status)
        # index alone: the busiest enterprise of a province has 60,000 applications.
        counts = safe(lambda: dict(kept_rows(application.objects.filter(posting__enterprise_id__in=org_ids)
                                             .values_list("status").annotate(n=Count("status"))
                                             .values_list("status", "n"))), {}) or {}
        labels = {k: str(v) for k, v in application._meta.get_field("status").flatchoices}
        out.append(Card(title=gettext("Applicants"), value=sum(counts.values()), order=72,
                        svg=bar_chart([(labels.get(k, k), float(n)) for k, n in counts.items()],
                                      title=gettext("Applications by status"))))
    placement = model("internships.Placement", "enterprise", "status")
    if placement:
        out.append(Card(title=gettext("Interns now"), order=73, value=_v(safe(
            lambda: placement.objects.filter(enterprise_id__in=org_ids, status="active").count()))))
    project = model("partnerships.IndustryProject", "enterprise", "status")
    if project:
        out.append(Card(title=gettext("Industry projects"), order=74, value=_v(safe(
            lambda: project.objects.filter(enterprise_id__in=org_ids).exclude(status="closed").count()))))
    investment = safe(lambda: _investment_this_year(org_ids))
    if investment is not None:
        out.append(Card(title=gettext("Recorded investment this year (CNY)"), order=75, value=investment))
    return out


def _investment_this_year(org_ids: list[int]):
    """Summed by the funding app's metrics plug-in, so the rule of what counts as investment stays there."""
    try:
        from funding.metrics import enterprise_metrics
    except ImportError:
        return None
    today = timezone.localdate()
    metrics = enterprise_metrics(org_ids, start=today.replace(month=1, day=1), end=today)
    return sum(m.get("investment_cny", 0) for m in metrics.values())


def _teacher_cards(user) -> list[Card]:
    out: list[Card] = []
    placement = model("internships.Placement", "school_mentor", "status")
    if placement:
        out.append(Card(title=gettext("My mentees"), order=71, value=_v(safe(
            lambda: placement.objects.filter(school_mentor=user, status="active").count()))))
    log = model("internships.WeeklyLog", "placement", "status")
    if log:
        out.append(Card(title=gettext("Logs to review"), order=72, value=_v(safe(
            lambda: log.objects.filter(placement__school_mentor=user, status="submitted").count()))))
    standing = safe(lambda: _practice_standing(user))
    if standing is not None:
        done, need = standing
        years = settings.IEI["TEACHER_PRACTICE_WINDOW_YEARS"]
        out.append(Card(title=gettext("Industry practice standing"), order=73, value=done,
                        detail=gettext("days in the last %(y)s years; %(need)s needed") % {"y": years, "need": need},
                        svg=bar_chart([(gettext("Done"), float(done)), (gettext("Needed"), float(need))],
                                      title=gettext("Practice days"))))
    return out


def _practice_standing(user) -> tuple[int, int] | None:
    """Counted days and the requirement, by the faculty app's own rule (window, partial overlaps)."""
    profile = model("faculty.TeacherProfile", "user")
    if not profile:
        return None
    try:
        from faculty.services import teacher_standings
    except ImportError:
        return None
    mine = list(profile.objects.filter(user=user))
    if not mine:
        return None
    standing = teacher_standings(mine)[mine[0].pk]
    return standing.counted_days, standing.required_days


def _student_cards(user) -> list[Card]:
    out: list[Card] = []
    application = model("internships.Application", "student", "status")
    if application:
        counts = safe(lambda: dict(application.objects.filter(student=user).values_list("status")
                                   .annotate(n=Count("pk")).values_list("status", "n")), {}) or {}
        labels = {k: str(v) for k, v in application._meta.get_field("status").flatchoices}
        out.append(Card(title=gettext("My applications"), value=sum(counts.values()), order=71,
                        rows=[(labels.get(k, k), str(n)) for k, n in counts.items()]))
    placement = model("internships.Placement", "student", "status")
    if placement:
        current = safe(lambda: placement.objects.filter(student=user, status__in=["pending", "active"])
                       .select_related("enterprise").first())
        out.append(Card(title=gettext("My placement"), order=72,
                        value=str(current.enterprise) if current else gettext("None yet"),
                        detail=str(current.get_status_display()) if current else ""))
    log = model("internships.WeeklyLog", "placement", "status")
    if log:
        counts = safe(lambda: dict(log.objects.filter(placement__student=user).values_list("status")
                                   .annotate(n=Count("pk")).values_list("status", "n")), {}) or {}
        out.append(Card(title=gettext("My weekly logs"), order=73, value=sum(counts.values()),
                        detail=gettext("%(n)s awaiting review") % {"n": counts.get("submitted", 0)}))
    return out
