"""Dashboard cards of the funding app, each from the viewer's own scope."""
from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import access_for
from core.counting import Total, figures
from core.formatting import money, percent
from core.registry import Card

from .choices import BookingStatus
from .models import Booking, Budget, BudgetLine, rate


def cards(request) -> list[Card]:
    acc = access_for(request.user)
    out: list[Card] = []
    if acc.is_college_admin:
        year = timezone.localdate().year
        lines = BudgetLine.objects.filter(budget__in=Budget.objects.visible_to(request.user).filter(year=year))
        n = figures(amount=Total(lines, "amount"), spent=Total(lines, "spent"),
                    pending=Booking.objects.visible_to(request.user).filter(status=BookingStatus.PENDING))
        amount, spent = n["amount"] or 0, n["spent"] or 0
        out.append(Card(
            title=_("Budget execution %(year)s") % {"year": year},
            value=percent(rate(spent, amount)),
            detail=_("%(spent)s spent of %(amount)s") % {"spent": money(spent), "amount": money(amount)},
            url=reverse("funding:budget_list"), order=50, key="budget_execution",
        ))
        out.append(Card(title=_("Bookings awaiting approval"), value=n["pending"],
                        url=reverse("funding:booking_list") + "?status=pending", order=51,
                        key="bookings_awaiting_approval"))
    if acc.is_teacher or acc.is_student:
        upcoming = Booking.objects.filter(booked_by=request.user, ends_at__gte=timezone.now(),
                                          status__in=[BookingStatus.PENDING, BookingStatus.APPROVED]).count()
        out.append(Card(title=_("My upcoming bookings"), value=upcoming, url=reverse("funding:booking_list"),
                        detail=_("Book GPU workstations, render nodes and studios."), order=52, key="my_bookings"))
    if acc.is_enterprise:
        from accounts.models import Organization

        from .choices import INVESTMENT_KINDS, SourceStatus
        from .models import FundingSource
        from .panels import investment_card

        orgs = list(Organization.objects.filter(pk__in=acc.enterprise_ids).select_related("enterprise"))
        confirmed = FundingSource.objects.filter(kind__in=INVESTMENT_KINDS, status=SourceStatus.CONFIRMED)
        today = timezone.localdate()
        parts = {}
        for org in orgs:
            mine = confirmed.filter(funder=org)
            parts[f"all_{org.pk}"] = Total(mine, "amount")
            parts[f"year_{org.pk}"] = Total(mine.filter(received_on__range=(today.replace(month=1, day=1), today)),
                                            "amount")
        n = figures(**parts)
        for org in orgs:
            card = investment_card(acc, org, n[f"all_{org.pk}"], n[f"year_{org.pk}"] or 0)
            if len(orgs) > 1:  # one card per enterprise the user acts for (usually one)
                card.key, card.title = f"{card.key}:{org.pk}", f"{card.title} · {org}"
            out.append(card)
    return out
