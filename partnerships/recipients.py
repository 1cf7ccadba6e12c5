"""Who a partnerships event concerns, and what to tell them (the ``recipients`` hook of core/registry.py)."""
from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.audiences import college_admin_ids, enterprise_users_by_org
from core.events import Event
from core.hosts import Audience, tells

from .models import Agreement


@tells("agreement_changed", _("both parties: the college admins and the users of the partner enterprises"))
def agreement_changed(event: Event) -> list[Audience]:
    """An agreement submitted, returned, approved or expired → the college admins and the partners' users."""
    a = Agreement.objects.filter(pk=event.object_id).first()
    if a is None:
        return []
    party_ids = list(a.parties.values_list("pk", flat=True))
    partners = [u for users in enterprise_users_by_org(party_ids).values() for u in users]
    what = event.name.rsplit(".", 1)[1]
    titles = {
        "under_review": _("Agreement “{title}” was submitted for review"),
        "draft": _("Agreement “{title}” was returned for changes"),
        "active": _("Agreement “{title}” was approved"),
        "expired": _("Agreement “{title}” has expired"),
    }
    return [Audience(user_ids=(*college_admin_ids(), *partners), kind="agreement_changed",
                     title=format_lazy(titles[what], title=a.title),
                     url=reverse("partnerships:agreement_detail", args=[a.pk]))]


EVENT_RECIPIENTS = {
    "partnerships.agreement.under_review": agreement_changed,
    "partnerships.agreement.draft": agreement_changed,
    "partnerships.agreement.active": agreement_changed,
    "partnerships.agreement.expired": agreement_changed,
}
