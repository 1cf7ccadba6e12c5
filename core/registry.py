"""How domain apps plug into the shared shell without editing it.

An app may provide, each optional:
- ``<app>/nav.py``       ``NAV_ITEMS: list[NavItem]`` for the navigation bar;
- ``<app>/dashboard.py`` ``cards(request) -> list[Card]`` for the landing dashboard (composed by
                         core/dashboard.py: one card per ``key``, in the role's order);
- ``<app>/demo.py``      ``seed(ctx: DemoContext) -> None`` called by ``manage.py seed_demo``, and an
                         optional ``seed_links(ctx)`` run after every app's ``seed`` (for links to
                         objects of apps seeded later);
- ``<app>/panels.py``    ``enterprise_panels(request, org) -> list[Card]``: sections of the enterprise
                         page that another app owns (interns, teacher placements, investment);
- ``<app>/metrics.py``   ``enterprise_metrics(org_ids, *, start, end) -> dict[int, dict[str, number]]``:
                         what really happened with each enterprise in a period, in a constant number
                         of queries (partnership health and commitment fulfilment add them up);
- ``<app>/competency.py`` ``demand_sources() -> list[curriculum.competency.DemandSource]``: the records
                         of the app that ask for competencies (job posts, postings, industry projects),
                         counted as demand by curriculum's coverage analysis, which imports no app above it.
- ``<app>/rules.py``    ``enterprise_changed(*, enterprise, by, before, reason="")``: rules of an app above
                         partnerships that hang on an enterprise's profile (internships: the intern caps
                         are a share of the staff count); called inside partnerships' transaction, a
                         DomainError rolls the change back.
- ``<app>/search.py``   ``SEARCH_SOURCES: list[core.site_search.SearchSource]``: the kinds of record the top
                         bar's search looks in (each from the model's ``visible_to``).
What the hosts (notifications, reports, integrations) run for a domain app, in the words of ``core/hosts.py``:
- ``<app>/reminders.py``      ``REMINDER_RULES: list[ReminderRule]``, periodic reminders with their settings;
- ``<app>/recipients.py``     ``EVENT_RECIPIENTS: {event name: fn(event) -> list[Audience]}``: who a domain
                              event concerns and what to tell them (notifications delivers in-app notices);
- ``<app>/exports.py``        ``EXPORT_SPECS: list[ExportSpec]``, exportable lists (checked at start-up);
- ``<app>/webhooks.py``       ``WEBHOOK_SCOPES: {model label: RecordScope}``: whose a record is (enterprises,
                              person, department, API route), so integrations sends an event only to the
                              endpoints and channels it concerns (docs/WEBHOOKS.md);
- ``<app>/imports.py``        ``IMPORT_SPECS: list[ImportSpec]``, records imported in bulk from a spreadsheet;
- ``<app>/kpis.py``           ``KPIS: list[Kpi]`` and ``figures(today) -> {key: value}``, the monthly key figures;
- ``<app>/report_figures.py`` ``ANNUAL_SECTIONS: list[AnnualSection]`` of the annual report (as of its year),
                              optional ``participating_enterprises(period)``, ``competency_demand(period)``
                              and ``role_cards(role, user, acc) -> list[ChartCard]`` for the dashboards.
Apps are visited in ``settings.DOMAIN_APPS`` order.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType

from django.conf import settings
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: tuple[str, ...]  # Role values; a college admin sees an item only if listed
    order: int = 100
    group: str = ""
    # dotted path of a callable(user) -> int shown as a count beside the label (e.g. unread notifications)
    badge: str = ""


@dataclass
class Card:
    """One figure of the landing dashboard (or a section of an enterprise's page).

    ``key`` names the figure, stably (``"active_agreements"``, ``"logs_to_review"``): the dashboard
    shows one card per key and orders them by the role's priority (core/dashboard.py). A
    ``supplement`` (a key figure's trend drawn by reports) only adds its chart, rows or detail to the
    card of the same key, and stands alone only when no app shows that figure.
    """

    title: str
    value: str | int = ""
    url: str = ""
    detail: str = ""
    order: int = 100
    svg: str = ""  # optional server-rendered chart (already escaped markup)
    rows: list[tuple[str, str]] = field(default_factory=list)
    key: str = ""
    supplement: bool = False


@cache
def _module(app: str, name: str) -> ModuleType | None:
    try:
        return importlib.import_module(f"{app}.{name}")
    except ModuleNotFoundError as exc:
        if exc.name == f"{app}.{name}":
            return None
        raise


def app_modules(name: str) -> list[ModuleType]:
    return [m for m in (_module(app, name) for app in settings.DOMAIN_APPS) if m is not None]


# Navigation menus: an item without its own ``group`` goes under its app's menu.
APP_GROUPS = {
    "partnerships": _("Collaboration"),
    "internships": _("Internships"),
    "curriculum": _("Training"),
    "faculty": _("Faculty"),
    "funding": _("Support"),
    "reports": _("Reports"),
    "accounts": _("Administration"),
}


def nav_items() -> list[NavItem]:
    items: list[NavItem] = []
    for mod in app_modules("nav"):
        items.extend(getattr(mod, "NAV_ITEMS", []))
    return sorted(items, key=lambda i: i.order)
