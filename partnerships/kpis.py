"""Key figures of the partnerships app (the ``kpis`` hook of core/registry.py), stored monthly by the reports app."""
from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from core.hosts import Kpi

from .choices import AgreementStatus
from .models import Agreement, Enterprise

KPIS = [
    Kpi("active_agreements", _("Active agreements"), card=_("Partnerships"), beside="partner_enterprises", order=71),
    Kpi("partner_enterprises", _("Partner enterprises")),
]


def figures(today: date) -> dict[str, int]:
    return {
        "active_agreements": Agreement.objects.filter(status=AgreementStatus.ACTIVE).count(),
        "partner_enterprises": Enterprise.objects.count(),
    }
