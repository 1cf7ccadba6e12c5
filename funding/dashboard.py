"""Dashboard cards of the funding app, each from the viewer's own scope."""
from __future__ import annotations

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import access_for
from core.registry import Card

from .choices import BookingStatus
from .models import Booking, Budget, rate


def cards(request) -> list[Card]:
    acc = access_for(request.user)
    out: list[Card] = []
    if acc.is_college_admin:
        year = timezone.localdate().year
        totals = Budget.objects.visible_to(request.user).filter(year=year).aggregate(
            amount=Sum("lines__amount"), spent=Sum("lines__spent"))
        out.append(Card(
            title=_("Budget execution %(year)s") % {"year": year},
            value=f"{rate(totals['spent'] or 0, totals['amount'] or 0)}%",
            detail=_("¥%(spent)s spent of ¥%(amount)s") % {"spent": f"{totals['spent'] or 0:,.2f}",
                                                          "amount": f"{totals['amount'] or 0:,.2f}"},
            url=reverse("funding:budget_list"), order=50,
        ))
        pending = Booking.objects.visible_to(request.user).filter(status=BookingStatus.PENDING).count()
        out.append(Card(title=_("Bookings awaiting approval"), value=pending,
                        url=reverse("funding:booking_list") + "?status=pending", order=51))
    if acc.is_teacher or acc.is_student:
        upcoming = Booking.objects.filter(booked_by=request.user, ends_at__gte=timezone.now(),
                                          status__in=[BookingStatus.PENDING, BookingStatus.APPROVED]).count()
        out.append(Card(title=_("My upcoming bookings"), value=upcoming, url=reverse("funding:booking_list"),
                        detail=_("Book GPU workstations, render nodes and studios."), order=52))
    if acc.is_enterprise:
        from accounts.models import Organization

        from .panels import enterprise_panels

        for org in Organization.objects.filter(pk__in=acc.enterprise_ids):
            out.extend(enterprise_panels(request, org))
    return out
