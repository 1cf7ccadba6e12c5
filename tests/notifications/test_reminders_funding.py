import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from funding.choices import BaseKind, BookingStatus, BudgetCategory, BudgetStatus
from funding.models import Booking, Budget, BudgetLine, TrainingBase
from notifications import reminders
from notifications.choices import NotificationKind
from notifications.models import Notification
from tests.notifications.querycount import queries_of

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


# --- budget lines ---------------------------------------------------------------------------------
# On 29 November 2026, 333 of 365 days (91.23 %) of the budget year 2026 have passed.

@pytest.fixture
def budget():
    return Budget.objects.create(year=2026, title="产教融合专项", status=BudgetStatus.APPROVED)


def line(budget, name, spent, amount="1000.00"):
    return BudgetLine.objects.create(budget=budget, category=BudgetCategory.TRAINING_BASE, name=name,
                                     amount=Decimal(amount), spent=Decimal(spent))


def alerts(today=TODAY):
    return reminders.run_rule("budget_line_alert", today=today)


def test_near_limit_alerts_the_college_admins_once_a_month(budget, admin_user, teacher, enterprise_user):
    ln = line(budget, "虚拟拍摄棚建设", "900.00")  # 90 %: at the threshold
    line(budget, "AIGC算力租用", "899.00")  # 89.9 % and not far behind the year: nothing
    assert alerts() == 1
    n = Notification.objects.get()
    assert n.recipient == admin_user and n.kind == NotificationKind.BUDGET_ALERT
    assert "虚拟拍摄棚建设" in n.title and "90.00" in n.title and "100.00" in n.body
    assert n.key == f"budget_line_alert:near_limit:budgetline:{ln.pk}:2026-11"
    assert n.url == f"/funding/budgets/{budget.pk}/"
    assert alerts() == 0
    assert alerts(datetime.date(2026, 12, 1)) == 1  # a new month


def test_behind_schedule_when_execution_trails_the_year_by_more_than_the_margin(budget, admin_user):
    line(budget, "教师企业实践", "662.00")  # 66.2 %: 25.03 points behind 91.23 %
    line(budget, "课程开发", "663.00")  # 66.3 %: 24.93 points, within the margin
    assert alerts() == 1
    n = Notification.objects.get()
    assert "教师企业实践" in n.title and "91.23" in n.body
    assert alerts() == 0


def test_not_behind_early_in_the_year(budget, admin_user):
    line(budget, "教师企业实践", "0.00")
    assert alerts(datetime.date(2026, 3, 31)) == 0  # 24.66 % of the year: within the margin
    assert alerts(datetime.date(2026, 4, 2)) == 1  # 25.21 %


def test_a_line_turning_from_behind_to_near_its_limit_is_a_new_alert(budget, admin_user):
    ln = line(budget, "教师企业实践", "100.00")
    assert alerts() == 1
    BudgetLine.objects.filter(pk=ln.pk).update(spent=Decimal("950.00"))
    assert alerts() == 1
    assert {n.key.split(":")[1] for n in Notification.objects.all()} == {"behind_schedule", "near_limit"}


@pytest.mark.parametrize("status", [BudgetStatus.DRAFT, BudgetStatus.CLOSED])
def test_only_approved_budgets(budget, admin_user, status):
    Budget.objects.filter(pk=budget.pk).update(status=status)
    line(budget, "虚拟拍摄棚建设", "990.00")
    line(budget, "空行", "0.00", amount="0.00")
    assert alerts() == 0


def test_thresholds_from_settings(settings, budget, admin_user):
    settings.IEI_REMINDERS = {"BUDGET_NEAR_LIMIT_PERCENT": 80, "BUDGET_BEHIND_MARGIN_PERCENT": 50}
    line(budget, "虚拟拍摄棚建设", "800.00")
    line(budget, "教师企业实践", "500.00")  # 41 points behind: within a 50-point margin
    assert alerts() == 1


def test_budget_queries_per_batch_do_not_grow_with_lines(budget, admin_user):
    for i in range(2):
        line(budget, f"行{i}", "950.00")
    small = queries_of(alerts)
    for i in range(2, 20):
        line(budget, f"行{i}", "950.00")
    large = queries_of(lambda: alerts(datetime.date(2026, 12, 1)))
    assert Notification.objects.count() == 22
    assert large == small
