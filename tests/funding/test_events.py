"""Funding announces what people wait on (core/events.py): bookings, investment records, overspend overrides."""
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps

from core import events
from core.events import subscribe
from funding import services

from .factories import BookingFactory, BudgetLineFactory, EquipmentFactory, TrainingBaseFactory, slot

SEEN: list = []


def record(event) -> None:
    SEEN.append(event)


@pytest.fixture
def seen(monkeypatch):
    """Only this test's inline subscriber, so nothing reaches the broker."""
    SEEN.clear()
    monkeypatch.setattr(events, "_subscriptions", [])
    subscribe("funding.*", record, inline=True)
    yield SEEN
    SEEN.clear()


def _book(api, **target):
    start, end = slot()
    return api.post("/api/v1/bookings/", {"starts_at": start.isoformat(), "ends_at": end.isoformat(),
                                          "purpose": "AIGC 渲染", **target}, format="json")


@pytest.mark.django_db
def test_a_booking_announces_itself_after_commit(seen, api_student, student, django_capture_on_commit_callbacks):
    base = TrainingBaseFactory(requires_approval=True)
    with django_capture_on_commit_callbacks(execute=True):
        r = _book(api_student, base=base.pk)
    assert r.status_code == 201
    assert [(e.name, e.object_id, e.actor_id, e.data) for e in seen] == [
        ("funding.booking.created", r.json()["id"], student.pk, {"status": "pending"})]


@pytest.mark.django_db
def test_a_refused_booking_announces_nothing(seen, api_teacher, teacher, django_capture_on_commit_callbacks):
    gpu = EquipmentFactory()
    start, end = slot()
    BookingFactory(equipment=gpu, booked_by=teacher, starts_at=start, ends_at=end)
    with django_capture_on_commit_callbacks(execute=True):
        r = api_teacher.post("/api/v1/bookings/", {"equipment": gpu.pk, "starts_at": start.isoformat(),
                                                   "ends_at": end.isoformat(), "purpose": "x"}, format="json")
    assert r.status_code == 409
    assert seen == []


@pytest.mark.django_db
def test_an_overspend_override_is_announced_with_its_amount(seen, admin_user, django_capture_on_commit_callbacks):
    line = BudgetLineFactory(amount=Decimal("100.00"))
    with django_capture_on_commit_callbacks(execute=True):
        services.expenditure_record(line=line, by=admin_user, spent_on=date(2026, 4, 1), payee="p",
                                    description="d", amount=Decimal("80"))
    assert seen == []  # within the line: nothing to tell
    with django_capture_on_commit_callbacks(execute=True):
        spent = services.expenditure_record(line=line, by=admin_user, spent_on=date(2026, 4, 2), payee="p",
                                            description="d", amount=Decimal("30"), override_reason="设备突发故障")
    assert [(e.name, e.object_id, e.actor_id) for e in seen] == [
        ("funding.expenditure.overspend_override", spent.pk, admin_user.pk)]
    assert seen[0].data == {"line_id": line.pk, "amount": "30.00", "override_amount": "10.00"}


@pytest.mark.django_db
def test_an_enterprise_investment_record_is_announced(seen, api_enterprise, enterprise_user, enterprise_org,
                                                      django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = api_enterprise.post("/api/v1/funding-sources/", {
            "kind": "enterprise_cash", "title": "校企共建实训室投入", "funder": enterprise_org.pk,
            "amount": "50000.00", "received_on": "2026-03-01"}, format="json")
    assert r.status_code == 201, r.content
    assert [(e.name, e.data) for e in seen] == [("funding.fundingsource.created", {"status": "pending"})]


@pytest.mark.django_db
def test_steps_announce_their_status_moves(seen, api_admin, admin_user, django_capture_on_commit_callbacks):
    line = BudgetLineFactory(amount=Decimal("100.00"))
    spent = services.expenditure_record(line=line, by=admin_user, spent_on=date(2026, 4, 1), payee="p",
                                        description="d", amount=Decimal("10"))
    with django_capture_on_commit_callbacks(execute=True):
        assert api_admin.post(f"/api/v1/expenditures/{spent.pk}/void/").status_code == 200
    assert [e.name for e in seen] == ["funding.expenditure.voided"]


def test_every_status_of_the_funding_workflows_is_declared():
    """transition() emits <app>.<model>.<target>; emit refuses undeclared names, so a missing one is a 500."""
    catalogue = events.catalogue()
    missing = []
    for model in apps.get_app_config("funding").get_models():
        if model.__name__ == "Equipment" or model.__name__.startswith("Historical"):
            # an item's status is an attribute set by its form or maintenance, never by transition();
            # history rows copy a model's fields, they have no workflow of their own
            continue
        try:
            field = model._meta.get_field("status")
        except Exception:  # noqa: BLE001 - models without a workflow
            continue
        missing += [f"funding.{model._meta.model_name}.{value}" for value, _label in field.choices
                    if f"funding.{model._meta.model_name}.{value}" not in catalogue]
    assert missing == []
    for name in ("funding.booking.created", "funding.fundingsource.created", "funding.expenditure.overspend_override"):
        assert name in catalogue
