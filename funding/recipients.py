"""Who a funding event concerns, and what to tell them (the ``recipients`` hook of core/registry.py)."""
from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.audiences import college_admin_ids, enterprise_users_by_org
from core.events import Event
from core.formatting import money
from core.hosts import Audience, tells

from .models import Booking, Expenditure, Incentive


@tells("booking_decided", _("the requester"))
def booking_decided(event: Event) -> list[Audience]:
    """A booking approved, rejected or cancelled → the user who requested it."""
    b = Booking.objects.select_related("base", "equipment").filter(pk=event.object_id).first()
    if b is None:
        return []
    what = event.name.rsplit(".", 1)[1]
    titles = {
        "approved": _("Your booking of {what} was approved"),
        "rejected": _("Your booking of {what} was rejected"),
        "cancelled": _("Your booking of {what} was cancelled"),
    }
    return [Audience(user_ids=(b.booked_by_id,), kind="booking_decided", title=format_lazy(titles[what], what=str(b)),
                     url=reverse("funding:booking_list"))]


@tells("incentive_decided", _("the applicant (the person, or the users of the enterprise)"))
def incentive_decided(event: Event) -> list[Audience]:
    """An incentive approved, rejected or awarded → the person it is for, or the users of its enterprise."""
    i = Incentive.objects.filter(pk=event.object_id).first()
    if i is None:
        return []
    users: tuple[int, ...] = (i.recipient_user_id,) if i.recipient_user_id else ()
    if i.recipient_org_id:
        users += tuple(enterprise_users_by_org([i.recipient_org_id]).get(i.recipient_org_id, []))
    what = event.name.rsplit(".", 1)[1]
    titles = {
        "approved": _("The incentive “{title}” was approved"),
        "rejected": _("The incentive “{title}” was rejected"),
        "awarded": _("The incentive “{title}” was awarded"),
    }
    return [Audience(user_ids=users, kind="incentive_decided", title=format_lazy(titles[what], title=i.title),
                     url=reverse("funding:incentive_list"))]


@tells("overspend_override", _("the college admins"))
def overspend_override(event: Event) -> list[Audience]:
    """An expenditure recorded beyond its budget line on an override → the college admins."""
    e = Expenditure.objects.select_related("line__budget").filter(pk=event.object_id).first()
    if e is None:
        return []
    return [Audience(
        user_ids=tuple(college_admin_ids()), kind="overspend_override",
        title=format_lazy(_("Overspend override on “{line}”: {amount} beyond the line"), line=e.line.name,
                          amount=money(event.data.get("override_amount", ""))),
        body=str(e),
        url=reverse("funding:budget_detail", args=[e.line.budget_id]),
    )]


EVENT_RECIPIENTS = {
    "funding.booking.approved": booking_decided,
    "funding.booking.rejected": booking_decided,
    "funding.booking.cancelled": booking_decided,
    "funding.incentive.approved": incentive_decided,
    "funding.incentive.rejected": incentive_decided,
    "funding.incentive.awarded": incentive_decided,
    "funding.expenditure.overspend_override": overspend_override,
}
