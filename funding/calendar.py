"""The bookings calendar: a week or a month of bookings, per room / equipment item or of the user's own.

Reads only; one query for the bookings of the period whatever their number. Scope: a booking the user
may see in the bookings list (``Booking.objects.visible_to``) is shown with its purpose, booker and
status; the other bookings that hold a slot of the chosen room or item (pending or approved) are shown
as "taken", with their times only. That is what "conflicts visible before booking" needs and no more:
whether a slot is free is already told by the booking service to anyone who tries it (an Overlap),
while who booked it and why stays inside the bookings list's scope.
"""
from __future__ import annotations

import calendar as stdlib_calendar
import datetime
from dataclasses import dataclass, field

from django.db.models import BooleanField, Exists, OuterRef, Q, Value
from django.utils import timezone

from .choices import HOLDING_BOOKING_STATUSES
from .models import Booking, Equipment, TrainingBase

WEEK = "week"
MONTH = "month"
DAY_START_HOUR = 7  # the week grid shows 07:00-22:00, widened when a booking falls outside
DAY_END_HOUR = 22
MONTH_CELL_LIMIT = 4  # bookings listed in a month cell; the rest are counted ("+3") and shown by the week


@dataclass
class Segment:
    """The part of one booking that falls on one day (a booking over midnight has two)."""

    booking: Booking
    day: datetime.date
    start: datetime.datetime  # local time, clipped to the day
    end: datetime.datetime
    visible: bool  # in the user's bookings scope: details may be shown
    mine: bool
    conflict: bool = False  # overlaps the slot the user is asking for (the booking form)

    @property
    def first_hour(self) -> int:
        return self.start.hour

    @property
    def last_hour(self) -> int:
        """The last hour the segment touches (an end at 11:00 sharp does not touch 11:00-12:00)."""
        end = self.end - datetime.timedelta(microseconds=1)
        return 23 if end.date() > self.day else end.hour


@dataclass
class Cell:
    day: datetime.date
    in_month: bool = True
    today: bool = False
    segments: list[Segment] = field(default_factory=list)

    @property
    def shown(self) -> list[Segment]:
        return self.segments[:MONTH_CELL_LIMIT]

    @property
    def more(self) -> int:
        return max(0, len(self.segments) - MONTH_CELL_LIMIT)


@dataclass
class HourRow:
    hour: int
    cells: list[list[tuple[Segment, bool]]]  # per day: (segment, starts in this hour)


@dataclass
class Calendar:
    view: str
    anchor: datetime.date
    first: datetime.date
    last: datetime.date
    days: list[datetime.date]
    weeks: list[list[Cell]]  # month view: rows of 7 cells; week view: one row
    hours: list[HourRow]  # week view only
    count: int

    @property
    def previous(self) -> datetime.date:
        if self.view == MONTH:
            return (self.first - datetime.timedelta(days=1)).replace(day=1)
        return self.first - datetime.timedelta(days=7)

    @property
    def next(self) -> datetime.date:
        if self.view == MONTH:
            return (self.anchor.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        return self.first + datetime.timedelta(days=7)


def period(view: str, anchor: datetime.date) -> tuple[datetime.date, datetime.date, datetime.date, datetime.date]:
    """(first day, last day) of the month or week containing ``anchor`` and the grid's (Monday, Sunday)."""
    if view == MONTH:
        first = anchor.replace(day=1)
        last = anchor.replace(day=stdlib_calendar.monthrange(anchor.year, anchor.month)[1])
    else:
        first = anchor - datetime.timedelta(days=anchor.weekday())
        last = first + datetime.timedelta(days=6)
    grid_first = first - datetime.timedelta(days=first.weekday())
    grid_last = last + datetime.timedelta(days=6 - last.weekday())
    return first, last, grid_first, grid_last


def _local_midnight(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def bookings_for(*, user, resource: TrainingBase | Equipment | None, start: datetime.datetime,
                 end: datetime.datetime):
    """The bookings shown between ``start`` and ``end``: one query, each marked ``visible`` (in the scope).

    ``resource`` None: the user's own bookings (that hold a slot). A room: its whole-room bookings; an
    item: its bookings (the two exclusion constraints of ``Booking`` are the same split).
    """
    overlapping = Q(starts_at__lt=end, ends_at__gt=start, status__in=HOLDING_BOOKING_STATUSES)
    if resource is None:
        return (Booking.objects.visible_to(user).filter(overlapping, booked_by=user)
                .select_related("base", "equipment", "booked_by").order_by("starts_at", "pk")
                .annotate(in_scope=Value(True, output_field=BooleanField())))
    if isinstance(resource, Equipment):
        target = Q(equipment=resource)
    else:
        target = Q(base=resource, equipment__isnull=True)
    return (Booking.objects.filter(overlapping, target)
            .select_related("base", "equipment", "booked_by").order_by("starts_at", "pk")
            .annotate(in_scope=Exists(Booking.objects.visible_to(user).filter(pk=OuterRef("pk")))))


def build(*, user, view: str, anchor: datetime.date, resource=None,
          asked: tuple[datetime.datetime, datetime.datetime] | None = None) -> Calendar:
    """The grid of ``view`` around ``anchor``; ``asked`` (a slot the user wants) marks the bookings in its way."""
    first, last, grid_first, grid_last = period(view, anchor)
    start, end = _local_midnight(grid_first), _local_midnight(grid_last + datetime.timedelta(days=1))
    days = [grid_first + datetime.timedelta(days=i) for i in range((grid_last - grid_first).days + 1)]
    today = timezone.localdate()
    cells = {d: Cell(day=d, in_month=first <= d <= last, today=d == today) for d in days}
    bookings = list(bookings_for(user=user, resource=resource, start=start, end=end))
    for b in bookings:
        b_start, b_end = timezone.localtime(b.starts_at), timezone.localtime(b.ends_at)
        conflict = bool(asked) and b.starts_at < asked[1] and b.ends_at > asked[0]
        day = max(b_start.date(), grid_first)
        while day <= min(b_end.date(), grid_last):
            midnight = timezone.localtime(_local_midnight(day))
            seg_start = max(b_start, midnight)
            seg_end = min(b_end, timezone.localtime(_local_midnight(day + datetime.timedelta(days=1))))
            if seg_end > seg_start:
                cells[day].segments.append(Segment(booking=b, day=day, start=seg_start, end=seg_end,
                                                   visible=b.in_scope, mine=b.booked_by_id == user.pk,
                                                   conflict=conflict))
            day += datetime.timedelta(days=1)
    weeks = [[cells[d] for d in days[i:i + 7]] for i in range(0, len(days), 7)]
    hours: list[HourRow] = []
    if view == WEEK:
        segments = [s for d in days for s in cells[d].segments]
        low = min([DAY_START_HOUR, *(s.first_hour for s in segments)])
        high = max([DAY_END_HOUR, *(s.last_hour for s in segments)])
        for hour in range(low, high + 1):
            row = [[(s, s.first_hour == hour or hour == low) for s in cells[d].segments
                    if s.first_hour <= hour <= s.last_hour] for d in days]
            hours.append(HourRow(hour=hour, cells=row))
    return Calendar(view=view, anchor=anchor, first=first, last=last, days=days, weeks=weeks, hours=hours,
                    count=len(bookings))
