import datetime

import pytest
from django.utils import timezone

from funding.choices import BaseKind, BookingStatus
from funding.models import Booking, TrainingBase
from notifications import reminders
from notifications.models import Notification

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 29)


def at(day_offset, hour):
    d = TODAY + datetime.timedelta(days=day_offset)
    return timezone.make_aware(datetime.datetime.combine(d, datetime.time(hour)))


@pytest.fixture
def base():
    return TrainingBase.objects.create(name="LED虚拟拍摄棚", kind=BaseKind.ON_CAMPUS)


def book(base, user, day_offset, hour, status=BookingStatus.APPROVED):
    return Booking.objects.create(base=base, booked_by=user, starts_at=at(day_offset, hour),
                                  ends_at=at(day_offset, hour + 2), purpose="AIGC短片虚拟拍摄", status=status)


def test_booking_tomorrow_reminds_the_booker_once(base, student, teacher):
    book(base, student, 1, 9)
    book(base, teacher, 2, 9)  # the day after tomorrow: not yet
    book(base, teacher, 0, 15)  # today: too late for a "tomorrow" reminder
    assert reminders.run_rule("booking_tomorrow", today=TODAY) == 1
    n = Notification.objects.get()
    assert n.recipient == student and "09:00" in n.title and "LED虚拟拍摄棚" in n.title
    assert reminders.run_rule("booking_tomorrow", today=TODAY) == 0


@pytest.mark.parametrize("status", [BookingStatus.PENDING, BookingStatus.REJECTED, BookingStatus.CANCELLED])
def test_only_approved_bookings(base, student, status):
    book(base, student, 1, 9, status=status)
    assert reminders.run_rule("booking_tomorrow", today=TODAY) == 0
