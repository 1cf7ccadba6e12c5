"""Dashboard cards per role, with server-rendered SVG charts; each role's cards use a fixed number of queries.

A college admin sees the key figures (``kpi.py``) with their trends; the other roles see the charts the
domain apps offer for them (``role_cards`` in ``<app>/report_figures.py``), drawn here.
"""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from accounts.policy import access_for
from core.registry import Card, app_modules

from .charts import bar_chart, line_chart
from .kpi import KPI_LABELS, card_kpis, compute_kpis, series
from .models import KpiSnapshot, ReportJob
from .sources import safe

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
        out += _role_cards("enterprise", user, acc)
    elif acc.is_teacher:
        out += _role_cards("teacher", user, acc)
    elif acc.is_student:
        out += _role_cards("student", user, acc)
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

    return [card(str(k.card), k.key, k.beside or None, k.order) for k in card_kpis()]


def _role_cards(role: str, user, acc) -> list[Card]:
    """The charts of each domain app for one role (``role_cards`` of ``<app>/report_figures.py``), drawn here."""
    out: list[Card] = []
    for mod in app_modules("report_figures"):
        fn = getattr(mod, "role_cards", None)
        if fn is None:
            continue
        for c in safe(lambda fn=fn: fn(role, user, acc), []) or []:
            svg = bar_chart(c.chart, title=c.chart_title) if c.chart_title else ""
            out.append(Card(title=c.title, value=_v(c.value), detail=c.detail, order=c.order, rows=c.rows, svg=svg))
    return out
