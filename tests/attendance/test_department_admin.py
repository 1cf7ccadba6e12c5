"""A department administrator stands in for the school on their students' attendance, and sees no one else's."""
import datetime

import pytest

from attendance.models import LeaveRequest, Workplace
from tests.internships.factories import PlacementFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/leave-requests/"


@pytest.fixture
def foreign_placement(clock, enterprise_org, other_department_student, other_department_teacher):
    p = PlacementFactory(enterprise=enterprise_org, student=other_department_student,
                         school_mentor=other_department_teacher, status="active",
                         start_date=datetime.date(2026, 2, 2), end_date=datetime.date(2026, 7, 31))
    Workplace.objects.create(placement=p, address="北京市海淀区", latitude=39.98, longitude=116.31)
    return p


def _leave(placement) -> LeaveRequest:
    return LeaveRequest.objects.create(placement=placement, kind="sick", start_date=datetime.date(2026, 3, 12),
                                       end_date=datetime.date(2026, 3, 13), reason="发烧", status="awaiting_school",
                                       approval_order="school_first", days=2)


def test_school_decision_on_own_student_only(api_department_admin, placement, foreign_placement):
    own, foreign = _leave(placement), _leave(foreign_placement)
    ids = {row["id"] for row in api_department_admin.get(URL).json()["results"]}
    assert ids == {own.pk}
    assert api_department_admin.post(f"{URL}{foreign.pk}/approve/", {}, format="json").status_code == 404
    r = api_department_admin.post(f"{URL}{own.pk}/approve/", {}, format="json")
    assert r.status_code == 200, r.json()
    foreign.refresh_from_db()
    assert foreign.status == "awaiting_school"
