"""Each hand-written baseline of bench/baselines.py answers the fields its endpoint's list answers.

The baseline is the floor a list endpoint is held to (within 3x, docs/PERFORMANCE.md): a baseline that
leaves out some of the endpoint's fields reads and serializes less than the endpoint and makes the ratio
look worse than it is (the placements' three compliance fields were missing until the ninth round).
"""
import pytest
from django.db import connection
from rest_framework.test import APIRequestFactory

from bench import baselines
from bench.run import api_list_endpoints


def _list_fields(resource: str, user) -> list[str]:
    view = api_list_endpoints()[resource]()
    view.action, view.format_kwarg, view.kwargs = "list", None, {}
    view.request = APIRequestFactory().get(f"/api/v1/{resource}/")
    view.request.user = user
    serializer = view.get_serializer()
    return sorted(name for name, field in serializer.fields.items() if not field.write_only)


@pytest.mark.django_db
@pytest.mark.parametrize("case", baselines.CASES, ids=lambda case: case.resource)
def test_the_baseline_answers_the_endpoints_fields(case, admin_user):
    with connection.cursor() as cursor:
        cursor.execute(case.sql, {"limit": 0})
        total, *columns = [column.name for column in cursor.description]
    assert total == "total"
    assert sorted(columns) == _list_fields(case.resource, admin_user)
