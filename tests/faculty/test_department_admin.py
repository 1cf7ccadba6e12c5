"""Department administrators and the faculty: their departments' teachers, placements and evidence only.

A teacher belongs to the department where they hold their teacher membership; ``teacher`` is in
``department`` (administered by ``department_admin``), ``other_department_teacher`` is not.
"""
import pytest
from django.core.exceptions import ValidationError

from faculty import services
from faculty.choices import PlacementStatus
from faculty.models import TeacherProfile
from tests.faculty.factories import TeacherCertificateFactory, TeacherPlacementFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def own(teacher) -> TeacherProfile:
    return services.teacher_profile_ensure(user=teacher)


@pytest.fixture
def foreign(other_department_teacher) -> TeacherProfile:
    return services.teacher_profile_ensure(user=other_department_teacher)


def test_teachers_of_own_department_only(api_department_admin, own, foreign):
    r = api_department_admin.get("/api/v1/teachers/")
    assert r.status_code == 200
    assert [row["id"] for row in r.data["results"]] == [own.pk]
    assert api_department_admin.get(f"/api/v1/teachers/{foreign.pk}/").status_code == 404
    ratios = api_department_admin.get("/api/v1/teachers/dual-ratios/").json()
    assert ratios["college"]["total"] == 1


def test_profile_edits_stay_in_the_department(api_department_admin, department_admin, own, foreign, other_department):
    r = api_department_admin.patch(f"/api/v1/teachers/{own.pk}/", {"subjects": ["剪辑"]}, format="json")
    assert r.status_code == 200, r.data
    assert api_department_admin.patch(f"/api/v1/teachers/{foreign.pk}/", {"subjects": ["x"]},
                                      format="json").status_code == 404
    with pytest.raises(ValidationError) as exc:
        services.teacher_profile_update(profile=own, by=department_admin, department=other_department)
    assert "department" in exc.value.message_dict


def test_evidence_verified_in_own_department_only(api_department_admin, own, foreign):
    mine = TeacherCertificateFactory(profile=own, file="faculty/c.pdf", status="pending", reviewed_at=None)
    theirs = TeacherCertificateFactory(profile=foreign, file="faculty/d.pdf", status="pending", reviewed_at=None)
    ids = {row["id"] for row in api_department_admin.get("/api/v1/teacher-certificates/").data["results"]}
    assert ids == {mine.pk}
    assert api_department_admin.post(f"/api/v1/teacher-certificates/{theirs.pk}/verify/").status_code == 404
    r = api_department_admin.post(f"/api/v1/teacher-certificates/{mine.pk}/verify/", {"note": "原件核对"})
    assert r.status_code == 200 and r.json()["status"] == "verified"


def test_a_department_admin_who_teaches_does_not_verify_their_own(department, department_admin):
    """Holding both roles, the administrator sees their own evidence but, like a college admin, never verifies it."""
    from rest_framework.test import APIClient

    from accounts.choices import Role
    from accounts.models import Membership

    Membership.objects.create(user=department_admin, organization=department, role=Role.TEACHER)
    profile = services.teacher_profile_ensure(user=department_admin)
    cert = TeacherCertificateFactory(profile=profile, file="faculty/e.pdf", status="pending", reviewed_at=None)
    client = APIClient()
    client.force_authenticate(user=department_admin)
    assert client.get(f"/api/v1/teacher-certificates/{cert.pk}/").status_code == 200
    assert client.post(f"/api/v1/teacher-certificates/{cert.pk}/verify/").status_code == 403


def test_teacher_placements_counted_in_own_department_only(api_department_admin, own, foreign):
    mine = TeacherPlacementFactory(teacher=own, status=PlacementStatus.CONFIRMED)
    theirs = TeacherPlacementFactory(teacher=foreign, status=PlacementStatus.CONFIRMED)
    ids = {row["id"] for row in api_department_admin.get("/api/v1/teacher-placements/").data["results"]}
    assert ids == {mine.pk}
    assert api_department_admin.post(f"/api/v1/teacher-placements/{theirs.pk}/count/").status_code == 404
    r = api_department_admin.post(f"/api/v1/teacher-placements/{mine.pk}/count/")
    assert r.status_code == 200 and r.json()["status"] == "counted"


def test_overview_shows_department_figures_only(web, department_admin, own, foreign):
    r = web.login_as(department_admin).get("/faculty/overview/")
    assert r.status_code == 200
    assert [row["profile"].pk for row in r.context["rows"]] == [own.pk]
    assert r.context["college"].total == 1
    assert [d.total for d in r.context["departments"]] == [1]
    assert web.login_as(department_admin).get("/faculty/verifications/").status_code == 200


def test_college_admin_overview_unchanged(web, admin_user, own, foreign):
    r = web.login_as(admin_user).get("/faculty/overview/")
    assert r.status_code == 200 and r.context["college"].total == 2


def test_overview_queries_do_not_grow(web, department_admin, department, django_assert_max_num_queries):
    from accounts.choices import Role
    from tests.accounts.factories import make_member

    client = web.login_as(department_admin)

    def add(n):
        for _ in range(n):
            services.teacher_profile_ensure(user=make_member(Role.TEACHER, department))

    add(2)
    assert client.get("/faculty/overview/").status_code == 200  # warm-up: the session is written once
    with django_assert_max_num_queries(60) as small:
        assert client.get("/faculty/overview/").status_code == 200
    add(8)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        r = client.get("/faculty/overview/")
        assert r.status_code == 200
    assert len(r.context["rows"]) == 10
    assert len(large.captured_queries) == len(small.captured_queries)


def test_dashboard_counts_own_department(web, department_admin, own, foreign):
    TeacherCertificateFactory(profile=own, status="pending", reviewed_at=None)
    TeacherCertificateFactory(profile=foreign, status="pending", reviewed_at=None)
    r = web.login_as(department_admin).get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200
    cards = {str(c.title): c for c in r.context["cards"]}
    assert cards["Teacher evidence to verify"].value == 1
    assert cards["Dual-qualified teachers"].detail == "0 of 1 teachers"
