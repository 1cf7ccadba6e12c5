"""The funding section of an enterprise's page: its investment and, if certified, the surcharge credit."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.policy import access_for
from core.registry import Card

from .services import enterprise_investment_summary


def enterprise_panels(request, org) -> list[Card]:
    """Only viewers who may see the enterprise's investment records get the card (admin, the enterprise)."""
    acc = access_for(request.user)
    if not (acc.is_college_admin or org.pk in acc.enterprise_ids):
        return []
    summary = enterprise_investment_summary(org=org)
    rows = [(_("Recorded investment"), f"¥{summary['investment_cny']:,.2f}")]
    if summary["is_certified"]:
        rows.append((_("Estimated education-surcharge credit"), f"¥{summary['credit_cny']:,.2f}"))
        detail = _("Certified industry–education integration enterprise: %(rate)s%% of the investment may be "
                   "credited against education surcharges.") % {"rate": f"{summary['credit_rate'] * 100:.0f}"}
    else:
        detail = _("Not certified as an industry–education integration enterprise: no surcharge credit.")
    url = reverse("funding:investment") if org.pk in acc.enterprise_ids else (
        reverse("funding:source_list") + f"?funder={org.pk}")
    return [Card(title=_("Investment in education"), value=f"¥{summary['investment_cny']:,.2f}", url=url,
                 detail=detail, rows=rows, order=50)]
