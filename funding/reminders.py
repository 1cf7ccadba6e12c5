"""Reminder rules of the funding app, run by the notifications host (core/hosts.py ``ReminderRule``)."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.audiences import college_admin_ids
from core.formatting import money
from core.hosts import Notice, ReminderKit, ReminderRule, list_url, object_url

from .choices import BookingStatus, BudgetStatus
from .models import Booking, BudgetLine, rate


def booking_tomorrow(today: date, kit: ReminderKit) -> Iterator[list[Notice]]:
    """An approved booking of a training room or equipment that starts tomorrow → the person who booked it."""
    start = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    qs = Booking.objects.filter(
        status=BookingStatus.APPROVED, starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
    ).values("id", "booked_by_id", "starts_at", "ends_at", "purpose", "base__name", "equipment__name")
    ct_id = ContentType.objects.get_for_model(Booking).pk
    url = list_url("funding:booking_list")
    for batch in kit.batches(qs):
        yield [
            Notice(
                recipients=[b["booked_by_id"]], kind="booking_tomorrow", rule="booking_tomorrow",
                key=f"booking_tomorrow:booking:{b['id']}:{timezone.localtime(b['starts_at']).isoformat()}",
                title=format_lazy(_("Tomorrow {start}: {resource}"),
                                  start=timezone.localtime(b["starts_at"]).strftime("%H:%M"),
                                  resource=b["equipment__name"] or b["base__name"]),
                body=format_lazy(_("Your booking “{purpose}” runs until {end}."), purpose=b["purpose"],
                                 end=timezone.localtime(b["ends_at"]).strftime("%H:%M")),
                url=url, obj=(ct_id, b["id"]),
            )
            for b in batch
        ]


def budget_line_alert(today: date, kit: ReminderKit) -> Iterator[list[Notice]]:
    """A line of an approved budget near its limit, or behind schedule → college admins, once per condition a month.

    Execution is ``funding.models.rate(spent, amount)`` (percent, as on the budget page). *Near its
    limit*: execution ≥ ``BUDGET_NEAR_LIMIT_PERCENT``. *Behind schedule*: execution trails the share
    of the budget's calendar year already elapsed by more than ``BUDGET_BEHIND_MARGIN_PERCENT`` points.
    """
    near = Decimal(str(kit.setting("BUDGET_NEAR_LIMIT_PERCENT")))
    margin = Decimal(str(kit.setting("BUDGET_BEHIND_MARGIN_PERCENT")))
    qs = BudgetLine.objects.filter(budget__status=BudgetStatus.APPROVED, amount__gt=0).values(
        "id", "name", "amount", "spent", "budget_id", "budget__year", "budget__title")
    admins = college_admin_ids()
    if not admins:
        return
    ct_id = ContentType.objects.get_for_model(BudgetLine).pk
    month = f"{today:%Y-%m}"
    for batch in kit.batches(qs):
        notices = []
        for line in batch:
            execution = rate(line["spent"], line["amount"])
            elapsed = elapsed_percent(line["budget__year"], today)
            if execution >= near:
                condition = "near_limit"
                title = format_lazy(_("Budget line “{line}” is {rate} spent"), line=line["name"],
                                    rate=f"{execution}%")
                body = format_lazy(
                    _("{budget}: {spent} of {amount} spent, {left} left. Plan the remaining spending or "
                      "adjust the budget."),
                    budget=f"{line['budget__year']} {line['budget__title']}", spent=money(line["spent"]),
                    amount=money(line["amount"]), left=money(line["amount"] - line["spent"]),
                )
            elif elapsed - execution > margin:
                condition = "behind_schedule"
                title = format_lazy(_("Budget line “{line}” is behind schedule"), line=line["name"])
                body = format_lazy(
                    _("{budget}: {rate} spent while {elapsed} of the budget year has passed ({spent} of "
                      "{amount})."),
                    budget=f"{line['budget__year']} {line['budget__title']}", rate=f"{execution}%",
                    elapsed=f"{elapsed}%",
                    spent=money(line["spent"]), amount=money(line["amount"]),
                )
            else:
                continue
            notices.append(Notice(
                recipients=admins, kind="budget_alert", rule="budget_line_alert",
                key=f"budget_line_alert:{condition}:budgetline:{line['id']}:{month}",
                title=title, body=body, url=object_url("funding:budget_detail", line["budget_id"]),
                obj=(ct_id, line["id"]),
            ))
        yield notices


def elapsed_percent(year: int, today: date) -> Decimal:
    """Share of the calendar year ``year`` that has passed by the end of ``today``, in percent (0–100)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    total = (end - start).days + 1
    passed = min(max((today - start).days + 1, 0), total)
    return (Decimal(passed) * 100 / Decimal(total)).quantize(Decimal("0.01"))


REMINDER_RULES = [
    ReminderRule("booking_tomorrow", booking_tomorrow),
    ReminderRule("budget_line_alert", budget_line_alert, settings={
        # a budget line is "near its limit" from this execution rate (percent of its amount spent)
        "BUDGET_NEAR_LIMIT_PERCENT": 90,
        # a budget line is "behind schedule" when its execution rate trails the elapsed share of the budget
        # year (both in percent) by more than this many points
        "BUDGET_BEHIND_MARGIN_PERCENT": 25,
    }),
]
