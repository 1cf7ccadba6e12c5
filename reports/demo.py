"""Demo data of the reports app: a year of monthly KPI snapshots and a few finished report jobs."""
from __future__ import annotations

from datetime import date

from django.utils import timezone

from .choices import FileFormat, JobKind
from .kpi import compute_kpis
from .models import KpiSnapshot, ReportJob

# A plausible year for a film/TV/AIGC college growing its partnerships (oldest month first).
TREND = {
    "active_agreements": [14, 15, 15, 16, 18, 18, 19, 21, 22, 22, 24, 25],
    "partner_enterprises": [9, 9, 10, 10, 11, 12, 12, 13, 13, 14, 15, 15],
    "published_postings": [6, 8, 11, 9, 7, 12, 15, 14, 10, 9, 13, 16],
    "open_slots": [18, 25, 31, 22, 15, 34, 40, 36, 21, 19, 30, 38],
    "active_placements": [22, 24, 30, 41, 45, 46, 38, 35, 52, 58, 60, 61],
    "teachers": [86, 86, 87, 87, 88, 88, 90, 90, 91, 91, 92, 92],
    "dual_qualified_ratio": [52.3, 52.3, 53.0, 54.0, 54.5, 55.7, 56.7, 57.8, 58.2, 59.3, 60.9, 62.0],
    "teacher_placement_days": [0, 40, 95, 160, 210, 380, 620, 700, 760, 820, 905, 960],
    "funding_received_cny": [0, 120000, 350000, 350000, 800000, 950000, 1200000, 1250000, 1600000, 1800000,
                             2100000, 2350000],
    "budget_execution": [2.1, 6.5, 12.0, 19.4, 26.8, 33.0, 41.2, 49.5, 57.1, 66.0, 74.3, 81.9],
}


def _months_back(today: date, n: int) -> date:
    y, m = today.year, today.month - n
    while m <= 0:
        m += 12
        y -= 1
    return date(y, m, 1)


# Figures that count from the 1st of January (they fall back to zero each new year, not each month).
YEAR_TO_DATE = {"teacher_placement_days", "funding_received_cny", "budget_execution"}


def history(live: dict, today: date) -> list[tuple[date, dict]]:
    """Twelve monthly snapshots ending with this month's live figures, the months before following
    TREND's shape scaled to them, so no trend line jumps or falls to zero where history meets today."""
    months = []
    for i in range(12):
        period = _months_back(today, 11 - i)
        figures = {}
        for key, value in live.items():
            if value is None:
                continue
            if i == 11:
                figures[key] = value
                continue
            if key in YEAR_TO_DATE:
                share = period.month / (today.month if period.year == today.year else 12)
                scaled = value * share if period.year == today.year else value * share * 0.9
            elif key in TREND and TREND[key][-1]:
                scaled = value * TREND[key][i] / TREND[key][-1]
            else:
                scaled = value
            figures[key] = round(scaled, 1) if isinstance(value, float) else int(round(scaled))
        months.append((period, figures))
    return months


def seed(ctx) -> None:
    today = timezone.localdate()
    # The last month is what the seeded data shows today; the history leads up to it.
    for period, figures in history(compute_kpis(), today):
        KpiSnapshot.objects.update_or_create(period=period, defaults={"figures": figures})

    admin = ctx.users.get("admin")
    if admin is None or ReportJob.objects.filter(requested_by=admin, params__demo=True).exists():
        return
    from .services import job_run

    jobs = [
        ReportJob(kind=JobKind.EXPORT, requested_by=admin, file_format=FileFormat.XLSX, language="zh-hans",
                  params={"spec": "enterprises", "columns": [], "query": "", "demo": True}),
        ReportJob(kind=JobKind.EXPORT, requested_by=admin, file_format=FileFormat.CSV, language="zh-hans",
                  params={"spec": "organizations", "columns": ["name", "kind", "is_active"], "query": "kind=enterprise",
                          "demo": True}),
        ReportJob(kind=JobKind.ANNUAL_REPORT, requested_by=admin, file_format=FileFormat.PDF, language="zh-hans",
                  params={"year": today.year - 1, "demo": True}),
        ReportJob(kind=JobKind.ANNUAL_REPORT, requested_by=admin, file_format=FileFormat.XLSX, language="en",
                  params={"year": today.year - 1, "demo": True}),
    ]
    for job in jobs:
        job.save()
        # Seeding is not a web request, so the job runs here directly instead of through the broker.
        job_run(job.pk)
    enterprise_user = ctx.users.get("enterprise")
    if enterprise_user is not None:
        job = ReportJob.objects.create(
            kind=JobKind.EXPORT, requested_by=enterprise_user, file_format=FileFormat.XLSX, language="zh-hans",
            params={"spec": "organizations", "columns": [], "query": "", "demo": True},
        )
        job_run(job.pk)
