"""Department administrators and internships: their students' placements, applications and logs, nobody else's.

``department_admin`` administers ``department`` (``student``, ``teacher``); ``other_department_student``
belongs to ``other_department``. A placement belongs to the department of its student.
"""
import datetime

import pytest

from internships import services
from internships.models import Placement, WeeklyLog

from .factories import ApplicationFactory, PlacementFactory, today

pytestmark = pytest.mark.django_db

PL = "/api/v1/placements/"
AP = "/api/v1/applications/"
WL = "/api/v1/weekly-logs/"


@pytest.fixture
def foreign_placement(enterprise_org, other_department_student, other_department_teacher) -> Placement:
    return PlacementFactory(enterprise=enterprise_org, student=other_department_student,
                            school_mentor=other_department_teacher)


def _direct(student, enterprise_org, teacher) -> dict:
    return {"student": student.pk, "enterprise": enterprise_org.pk, "post": "剪辑师", "post_staff_count": 10,
            "start_date": str(today()), "end_date": str(today() + datetime.timedelta(days=90)),
            "school_mentor": teacher.pk, "enterprise_mentor_name": "王导", "enterprise_mentor_email": "w@x.cn"}


def test_placements_of_own_students_only(api_department_admin, placement, foreign_placement):
    r = api_department_admin.get(PL)
    assert r.status_code == 200
    assert [row["id"] for row in r.data["results"]] == [placement.pk]
    assert api_department_admin.get(f"{PL}{placement.pk}/").status_code == 200
    assert api_department_admin.get(f"{PL}{foreign_placement.pk}/").status_code == 404


def test_placement_follows_the_students_department(department_admin, placement, department, other_department):
    """Moving the student to another department moves the placement out of the administrator's scope."""
    from accounts.models import Membership

    assert Placement.objects.visible_to(department_admin).filter(pk=placement.pk).exists()
    Membership.objects.filter(user=placement.student, organization=department).update(organization=other_department)
    assert not Placement.objects.visible_to(department_admin).filter(pk=placement.pk).exists()


def test_college_admin_still_sees_every_placement(api_admin, placement, foreign_placement):
    ids = {row["id"] for row in api_admin.get(PL).data["results"]}
    assert {placement.pk, foreign_placement.pk} <= ids


def test_department_admin_places_own_student_directly(api_department_admin, student, enterprise_org, teacher):
    r = api_department_admin.post(PL, _direct(student, enterprise_org, teacher), format="json")
    assert r.status_code == 201, r.data
    assert Placement.objects.get(pk=r.data["id"]).created_by.username == "dept_admin_u"


def test_department_admin_cannot_place_another_departments_student(
        api_department_admin, other_department_student, enterprise_org, teacher):
    r = api_department_admin.post(PL, _direct(other_department_student, enterprise_org, teacher), format="json",
                                  HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    assert "department you administer" in str(r.data["errors"]["student"])
    assert not Placement.objects.filter(student=other_department_student).exists()


def test_service_refuses_a_foreign_student_whoever_calls_it(department_admin, other_department_student,
                                                              enterprise_org):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        services.placement_create_direct(
            by=department_admin, student=other_department_student, enterprise=enterprise_org, post="剪辑师",
            post_staff_count=10, start_date=today(), end_date=today() + datetime.timedelta(days=90))
    assert "student" in exc.value.message_dict


def test_writes_on_own_placement_and_404_on_another(api_department_admin, placement, foreign_placement):
    assert api_department_admin.patch(f"{PL}{placement.pk}/", {"insurer": "平安"}, format="json").status_code == 200
    assert api_department_admin.post(f"{PL}{placement.pk}/start/").status_code == 200
    r = api_department_admin.post(f"{PL}{placement.pk}/terminate/", {"reason": "企业停工"})
    assert r.status_code == 200 and r.data["status"] == "terminated"
    for method, url in (("patch", f"{PL}{foreign_placement.pk}/"), ("post", f"{PL}{foreign_placement.pk}/start/"),
                        ("post", f"{PL}{foreign_placement.pk}/terminate/")):
        assert getattr(api_department_admin, method)(url, {"reason": "x"}, format="json").status_code == 404
    foreign_placement.refresh_from_db()
    assert foreign_placement.status == "pending"


def test_department_admin_does_not_grant_compliance_exceptions(department_admin, placement):
    """Allowing a breach of the regulations stays the college's: the form offers no reason field."""
    from internships.forms import PlacementForm
    from internships.views import PlacementFormView

    view = PlacementFormView()
    view.request = type("R", (), {"user": department_admin})()
    view.object = None
    form = view.get_form()
    assert isinstance(form, PlacementForm)
    assert "exception_reason" not in form.fields
    assert set(form.fields["student"].queryset.values_list("username", flat=True)) == {"student_u"}


def test_applications_of_own_students_only(api_department_admin, posting, student, other_department_student):
    own = ApplicationFactory(posting=posting, student=student)
    foreign = ApplicationFactory(posting=posting, student=other_department_student)
    ids = {row["id"] for row in api_department_admin.get(AP).data["results"]}
    assert ids == {own.pk}
    assert api_department_admin.get(f"{AP}{foreign.pk}/").status_code == 404
    assert api_department_admin.post(f"{AP}{foreign.pk}/shortlist/").status_code == 404


def test_weekly_logs_reviewed_in_own_department_only(api_department_admin, active_placement, foreign_placement):
    foreign_placement.status = "active"
    foreign_placement.save()
    own = WeeklyLog.objects.create(placement=active_placement, week_no=1, content="分镜", status="submitted")
    foreign = WeeklyLog.objects.create(placement=foreign_placement, week_no=1, content="剪辑", status="submitted")
    ids = {row["id"] for row in api_department_admin.get(WL).data["results"]}
    assert ids == {own.pk}
    assert api_department_admin.post(f"{WL}{foreign.pk}/review/", {"grade": "good"}).status_code == 404
    assert api_department_admin.post(f"{WL}{own.pk}/review/", {"grade": "good"}).status_code == 200


def test_placement_pages(web, department_admin, placement, foreign_placement):
    client = web.login_as(department_admin)
    r = client.get("/internships/placements/")
    assert r.status_code == 200
    assert [p.pk for p in r.context["page"].object_list] == [placement.pk]
    assert client.get(f"/internships/placements/{placement.pk}/").status_code == 200
    assert client.get(f"/internships/placements/{foreign_placement.pk}/").status_code == 404
    assert client.get("/internships/placements/new/").status_code == 200
    # The rules' exceptions page is the college's.
    assert client.get("/internships/compliance/").status_code == 403


def test_placement_list_queries_do_not_grow(web, department_admin, enterprise_org, department,
                                            django_assert_max_num_queries):
    from accounts.choices import Role
    from tests.accounts.factories import make_member

    client = web.login_as(department_admin)

    def add(n):
        for _ in range(n):
            PlacementFactory(enterprise=enterprise_org, student=make_member(Role.STUDENT, department))

    add(2)
    assert client.get("/internships/placements/").status_code == 200  # warm-up: the session is written once
    with django_assert_max_num_queries(40) as small:
        assert client.get("/internships/placements/").status_code == 200
    add(8)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        r = client.get("/internships/placements/")
        assert r.status_code == 200
    assert len(r.context["page"].object_list) == 10
    assert len(large.captured_queries) == len(small.captured_queries)


def test_dashboard_counts_own_department(web, department_admin, active_placement, foreign_placement):
    foreign_placement.status = "active"
    foreign_placement.save()
    r = web.login_as(department_admin).get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200
    cards = {str(c.title): c.value for c in r.context["cards"]}
    assert cards["Active internships"] == 1
