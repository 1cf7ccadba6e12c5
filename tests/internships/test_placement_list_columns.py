"""The placements list loads only the columns it shows of the student and the enterprise (issue 22 item 4):
what it answers must be exactly what the serializer gives for fully loaded rows, with no query per row."""
import pytest
from rest_framework.test import APIRequestFactory

from accounts.choices import Role
from internships.api.serializers import PlacementSerializer
from internships.models import Placement
from tests.accounts.factories import make_member

from .factories import PlacementFactory, pdf_file


def _full_rows(ids, user):
    request = APIRequestFactory().get("/api/v1/placements/")
    request.user = user
    rows = Placement.objects.filter(pk__in=ids).select_related("student", "enterprise").order_by("-start_date", "-id")
    return PlacementSerializer(rows, many=True, context={"request": request}).data


@pytest.mark.django_db
def test_the_list_answers_what_fully_loaded_rows_give(api_admin, admin_user, enterprise_org, department, teacher):
    named = make_member(Role.STUDENT, department, username="named", display_name="王小明")
    # A student without a display name is shown by full name, one without either by username (User.__str__).
    full = make_member(Role.STUDENT, department, username="full", display_name="", first_name="Li", last_name="Hua")
    bare = make_member(Role.STUDENT, department, username="bare", display_name="")
    placements = [
        PlacementFactory(enterprise=enterprise_org, student=named, school_mentor=teacher, status="active",
                         agreement_file=pdf_file("agreement.pdf")),
        PlacementFactory(enterprise=enterprise_org, student=full, status="pending"),
        PlacementFactory(enterprise=enterprise_org, student=bare, school_mentor=teacher, status="completed"),
    ]
    Placement.objects.filter(pk=placements[0].pk).update(compliance_ok=False, compliance_issues=["daily_hours"])
    response = api_admin.get("/api/v1/placements/?page_size=50")
    assert response.status_code == 200
    got = response.json()["results"]
    assert got == [dict(row) for row in _full_rows([p.pk for p in placements], admin_user)]
    names = {row["student_name"] for row in got}
    assert names == {"王小明", "Li Hua", "bare"}
    assert {row["enterprise_name"] for row in got} == {enterprise_org.name}


@pytest.mark.django_db
def test_no_column_of_the_list_is_loaded_row_by_row(api_admin, enterprise_org, department, teacher,
                                                     django_assert_max_num_queries):
    def grow(start, count):
        for i in range(start, start + count):
            PlacementFactory(enterprise=enterprise_org, school_mentor=teacher,
                             student=make_member(Role.STUDENT, department, username=f"col{i}", display_name=""))

    grow(0, 2)
    with django_assert_max_num_queries(50) as ctx:
        assert api_admin.get("/api/v1/placements/?page_size=200").status_code == 200
    grow(2, 15)
    # A deferred column read by the serializer would cost one query per row.
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        response = api_admin.get("/api/v1/placements/?page_size=200")
    assert response.status_code == 200
    assert all(row["student_name"].startswith("col") for row in response.json()["results"])
