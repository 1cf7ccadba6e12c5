"""The funding section of an enterprise's page: its investment and, if certified, the surcharge credit."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.policy import access_for
from core.formatting import money
from core.registry import Card

from .services import enterprise_investment_summary, surcharge_credit


def enterprise_panels(request, org) -> list[Card]:
    """Only viewers who may see the enterprise's investment records get the card (admin, the enterprise)."""
    acc = access_for(request.user)
    if not (acc.is_college_admin or org.pk in acc.enterprise_ids):
        return []
    return [investment_card(acc, org, enterprise_investment_summary(org=org)["investment_cny"])]


def investment_card(acc, org, investment: Decimal, this_year: Decimal | None = None) -> Card:
    """The card of an enterprise's confirmed investment (on its page and on its users' dashboard, which
    reads the figures of all its enterprises in one query and adds this year's)."""
    investment = investment or Decimal("0")
    rows = [(_("Recorded investment"), money(investment))]
    if this_year is not None:
        rows.append((_("Recorded investment this year"), money(this_year)))
    profile = getattr(org, "enterprise", None)
    if profile is not None and profile.is_certified_iei:
        rate = Decimal(settings.IEI["EDUCATION_SURCHARGE_CREDIT_RATE"])
        rows.append((_("Estimated education-surcharge credit"), money(surcharge_credit(investment))))
        detail = _("Certified industry–education integration enterprise: %(rate)s%% of the investment may be "
                   "credited against education surcharges.") % {"rate": f"{rate * 100:.0f}"}
    else:
        detail = _("Not certified as an industry–education integration enterprise: no surcharge credit.")
    url = reverse("funding:investment") if org.pk in acc.enterprise_ids else (
        reverse("funding:source_list") + f"?funder={org.pk}")
    return Card(title=_("Investment in education"), value=money(investment), url=url,
                detail=detail, rows=rows, order=50, key="investment_in_education")
