"""Creating or updating an order class answers with its counts, as the list and the detail do."""
import datetime as dt

import pytest

OC = "/api/v1/order-classes/"


@pytest.mark.django_db
def test_created_and_updated_order_class_carry_the_counts(api_admin, make_agreement):
    a = make_agreement(status="active", kind="order_class")
    r = api_admin.post(OC, {"agreement": a.pk, "name": "AIGC 影视订单班", "cohort_year": 2025, "quota": 3,
                            "graduation_date": str(dt.date.today() + dt.timedelta(days=30))})
    assert r.status_code == 201, r.content
    body = r.json()
    assert (body["enrolled_count"], body["graduated_count"], body["hired_count"]) == (0, 0, 0)
    assert body == api_admin.get(f"{OC}{body['id']}/").json()
    r = api_admin.patch(f"{OC}{body['id']}/", {"quota": 4})
    assert r.status_code == 200 and r.json()["quota"] == 4 and r.json()["enrolled_count"] == 0
