"""Dashboard cards per role, with server-rendered SVG charts; each role's cards use a fixed number of queries.

A college admin's key figures (``kpi.py``) are shown by the apps that own them, each on its own card
(``Card.key`` is the KPI's key); here their trends are drawn from the stored monthly snapshots and
added to those cards as supplements (core/dashboard.py merges them), so a figure is neither shown nor
computed twice. The other roles see the charts the domain apps offer for them (``role_cards`` in
``<app>/report_figures.py``), drawn here.
"""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext

from accounts.policy import access_for
from core.registry import Card, app_modules

from .charts import bar_chart, line_chart
from .kpi import KPI_LABELS, card_kpis, series
from .models import KpiSnapshot, ReportJob

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
                        order=79, key="reports_being_prepared"))
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
    """The trend of each key figure that heads a card, from the snapshots; the figure of today is the app's
    card of the same key. Without such a card the latest snapshot's value stands in, said as such."""
    snaps = list(KpiSnapshot.objects.visible_to(user).order_by("-period")[:12])
    trends = reverse("reports:kpi_trends")
    out = []
    for k in card_kpis():
        pts = series(snaps, k.key)
        latest = next((s for s in snaps if (s.figures or {}).get(k.key) is not None), None)
        value = _v((latest.figures or {}).get(k.key)) if latest else NA
        detail = gettext("As of %(month)s") % {"month": f"{latest.period:%Y-%m}"} if latest else ""
        out.append(Card(title=str(k.card), value=value, detail=detail, url=trends, order=k.order, key=k.key,
                        svg=line_chart(pts, title=str(KPI_LABELS[k.key])) if pts else "", supplement=True))
    return out


def _role_cards(role: str, user, acc) -> list[Card]:
    """The charts of each domain app for one role (``role_cards`` of ``<app>/report_figures.py``), drawn here."""
    out: list[Card] = []
    for mod in app_modules("report_figures"):
        fn = getattr(mod, "role_cards", None)
        if fn is None:
            continue
        # No savepoint per app (sources.safe): a dashboard's figures are read like any page's, and a missing
        # table is a deployment error, not a figure to show as "not available".
        for c in fn(role, user, acc):
            svg = bar_chart(c.chart, title=c.chart_title) if c.chart_title else ""
            out.append(Card(title=c.title, value=_v(c.value), detail=c.detail, order=c.order, rows=c.rows, svg=svg,
                            key=c.key))
    return out
