"""Dashboard card of the accounts app: a partner organisation's administrator reaches their colleagues."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from core.counting import figures
from core.registry import Card

from .models import Invitation, Membership
from .policy import access_for


def cards(request) -> list[Card]:
    acc = access_for(request.user)
    if not acc.admin_org_ids or acc.is_college_admin:
        return []  # the college's administrators reach people through the Users page
    n = figures(
        colleagues=Membership.objects.in_force().filter(organization_id__in=acc.admin_org_ids),
        waiting=Invitation.objects.visible_to(request.user).pending(),
    )
    return [Card(_("Colleagues"), n["colleagues"], reverse("accounts:membership_list"),
                 detail=_("%(n)s invitations waiting") % {"n": n["waiting"]}, order=80, key="org_colleagues")]
