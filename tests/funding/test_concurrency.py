"""Real parallel requests on PostgreSQL: the row lock and the exclusion constraint decide, not luck."""
import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from core.domain import DomainError
from funding import services
from funding.models import Booking, BudgetLine, Expenditure

from .factories import BudgetLineFactory, EquipmentFactory, slot


def run_parallel(n, fn):
    barrier = threading.Barrier(n)
    results = [None] * n

    def worker(i):
        try:
            barrier.wait()
            results[i] = fn(i)
        except DomainError as exc:
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.django_db(transaction=True)
def test_concurrent_expenditures_never_overspend(admin_user):
    line = BudgetLineFactory(amount=Decimal("1000.00"))

    def pay(i):
        return services.expenditure_record(line=line, by=admin_user, spent_on=date(2026, 4, 1), payee=f"供应商{i}",
                                           description="渲染服务", amount=Decimal("300.00"))

    results = run_parallel(6, pay)
    ok = [r for r in results if isinstance(r, Expenditure)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(ok) == 3 and len(refused) == 3  # 3 × 300 fit in 1000, the 4th would not
    assert all(r.code == "overspend" for r in refused)
    line = BudgetLine.objects.get(pk=line.pk)
    assert line.spent == Decimal("900.00") == sum(e.amount for e in Expenditure.objects.all())


@pytest.mark.django_db(transaction=True)
def test_concurrent_overrides_are_all_recorded(admin_user):
    line = BudgetLineFactory(amount=Decimal("100.00"))

    def pay(i):
        return services.expenditure_record(line=line, by=admin_user, spent_on=date(2026, 4, 1), payee="p",
                                           description="d", amount=Decimal("60.00"), override_reason="紧急采购")

    results = run_parallel(4, pay)
    assert all(isinstance(r, Expenditure) for r in results)
    line = BudgetLine.objects.get(pk=line.pk)
    assert line.spent == Decimal("240.00") and line.override_allowance == Decimal("140.00")


@pytest.mark.django_db(transaction=True)
def test_concurrent_bookings_one_wins(teacher, teacher2, student, student2):
    gpu = EquipmentFactory()
    start, end = slot(hours=2)
    users = [teacher, teacher2, student, student2]

    def take(i):
        return services.booking_create(by=users[i], equipment=gpu, starts_at=start, ends_at=end, purpose="渲染")

    results = run_parallel(4, take)
    assert sum(isinstance(r, Booking) for r in results) == 1
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 3 and all(r.code == "overlap" for r in refused)
    assert Booking.objects.filter(equipment=gpu).count() == 1
