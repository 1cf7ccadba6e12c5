"""A create or update answers with the row as the list and the detail show it.

Columns the queryset annotates (a budget's totals, a base's equipment count) used to be missing from
the 201/200 body, because the service's fresh instance carries no annotations; the schema lists them
as always present.
"""
import pytest


@pytest.mark.django_db
def test_created_budget_carries_its_totals(api_admin):
    r = api_admin.post("/api/v1/budgets/", {"year": 2027, "title": "2027 年产教融合预算"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["total_amount"] == "0.00" and body["total_spent"] == "0.00" and body["execution_rate"] == "0.00"
    assert body == api_admin.get(f"/api/v1/budgets/{body['id']}/").json()


@pytest.mark.django_db
def test_created_and_updated_training_base_carry_the_equipment_count(api_admin):
    r = api_admin.post("/api/v1/training-bases/", {"name": "虚拟拍摄实训室", "kind": "on_campus", "capacity": 30})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["equipment_count"] == 0
    assert body == api_admin.get(f"/api/v1/training-bases/{body['id']}/").json()
    r = api_admin.patch(f"/api/v1/training-bases/{body['id']}/", {"capacity": 40})
    assert r.status_code == 200 and r.json()["equipment_count"] == 0 and r.json()["capacity"] == 40
