"""Department administrators and the training system: their departments' programmes and students' achievements.

A programme belongs to its ``department``; an achievement to the department of its student. The
college's catalogues (competencies, courses, competitions) stay readable and the college's to change.
"""
import pytest
from django.core.exceptions import ValidationError

from curriculum import services
from curriculum.choices import ProgramStatus
from curriculum.models import Program

from .factories import AchievementFactory, CompetencyFactory, ProgramFactory, complete_goals

pytestmark = pytest.mark.django_db

PR = "/api/v1/programs/"
SA = "/api/v1/student-achievements/"


@pytest.fixture
def own_program(department):
    return ProgramFactory(department=department)


@pytest.fixture
def foreign_program(other_department):
    return ProgramFactory(department=other_department)


def test_programmes_of_own_department_only(api_department_admin, own_program, foreign_program):
    r = api_department_admin.get(PR)
    assert r.status_code == 200
    assert [row["id"] for row in r.data["results"]] == [own_program.pk]
    assert api_department_admin.get(f"{PR}{own_program.pk}/").status_code == 200
    assert api_department_admin.get(f"{PR}{foreign_program.pk}/").status_code == 404


def test_college_admin_and_teacher_still_see_every_programme(api_admin, api_teacher, own_program, foreign_program):
    for client in (api_admin, api_teacher):
        ids = {row["id"] for row in client.get(PR).data["results"]}
        assert {own_program.pk, foreign_program.pk} <= ids


def test_create_in_own_department(api_department_admin, department):
    r = api_department_admin.post(PR, {"major": "数字媒体艺术", "cohort_year": 2026, "title": "方案",
                                       "department": department.pk}, format="json")
    assert r.status_code == 201, r.data
    assert Program.objects.get(pk=r.data["id"]).department == department


@pytest.mark.parametrize("where", ["other", "none"])
def test_create_elsewhere_is_refused_with_a_message(api_department_admin, other_department, where):
    body = {"major": "数字媒体艺术", "cohort_year": 2026, "title": "方案"}
    if where == "other":
        body["department"] = other_department.pk
    r = api_department_admin.post(PR, body, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 400
    assert "department you administer" in str(r.data["errors"]["department"])
    assert not Program.objects.exists()


def test_college_admin_creates_in_any_department(admin_user, other_department):
    program = services.program_create(by=admin_user, major="动画", cohort_year=2026, title="方案",
                                      department=other_department)
    assert program.department == other_department


def test_moving_a_programme_to_another_department_is_refused(department_admin, own_program, other_department):
    with pytest.raises(ValidationError) as exc:
        services.program_update(program=own_program, by=department_admin, department=other_department)
    assert "department" in exc.value.message_dict
    own_program.refresh_from_db()
    assert own_program.department_id != other_department.pk


def test_workflow_on_own_programme_and_404_on_another(api_department_admin, own_program, foreign_program):
    complete_goals(own_program)
    complete_goals(foreign_program)
    assert api_department_admin.patch(f"{PR}{own_program.pk}/", {"title": "新标题"}, format="json").status_code == 200
    assert api_department_admin.post(f"{PR}{own_program.pk}/submit/").status_code == 200
    r = api_department_admin.post(f"{PR}{own_program.pk}/approve/")
    assert r.status_code == 200 and r.data["status"] == ProgramStatus.APPROVED
    for method, url in (("patch", f"{PR}{foreign_program.pk}/"), ("post", f"{PR}{foreign_program.pk}/submit/"),
                        ("post", f"{PR}{foreign_program.pk}/goals/")):
        assert getattr(api_department_admin, method)(url, {"title": "x"}, format="json").status_code == 404
    foreign_program.refresh_from_db()
    assert foreign_program.status == ProgramStatus.DRAFT


def test_catalogues_are_read_only(api_department_admin):
    competency = CompetencyFactory()
    assert api_department_admin.get(f"/api/v1/competencies/{competency.pk}/").status_code == 200
    assert api_department_admin.patch(f"/api/v1/competencies/{competency.pk}/", {"name": "x"},
                                      format="json").status_code == 403
    assert api_department_admin.post("/api/v1/competencies/", {}, format="json").status_code == 403


def test_achievements_of_own_students_verified_others_404(api_department_admin, student, other_department_student):
    own = AchievementFactory(student=student, evidence="achievements/a.png")
    foreign = AchievementFactory(student=other_department_student, evidence="achievements/b.png")
    ids = {row["id"] for row in api_department_admin.get(SA).data["results"]}
    assert ids == {own.pk}
    assert api_department_admin.post(f"{SA}{foreign.pk}/verify/").status_code == 404
    r = api_department_admin.post(f"{SA}{own.pk}/verify/", {"note": "已核对原件"}, format="json")
    assert r.status_code == 200 and r.data["status"] == "verified"


def test_programme_pages(web, department_admin, department, other_department, own_program, foreign_program):
    client = web.login_as(department_admin)
    r = client.get("/curriculum/programs/")
    assert r.status_code == 200
    assert [p.pk for p in r.context["page"].object_list] == [own_program.pk]
    assert client.get(f"/curriculum/programs/{foreign_program.pk}/").status_code == 404
    r = client.get("/curriculum/programs/new/")
    assert r.status_code == 200
    assert list(r.context["form"].fields["department"].queryset) == [department]
    r = client.post("/curriculum/programs/new/", {"major": "影视摄影", "cohort_year": 2026, "title": "方案",
                                                  "length_years": 3, "department": other_department.pk})
    assert r.status_code == 400 and not Program.objects.filter(major="影视摄影").exists()
    r = client.post("/curriculum/programs/new/", {"major": "影视摄影", "cohort_year": 2026, "title": "方案",
                                                  "length_years": 3, "department": department.pk})
    assert r.status_code == 302
    assert Program.objects.get(major="影视摄影").department == department


def test_programme_list_queries_do_not_grow(web, department_admin, department, django_assert_max_num_queries):
    client = web.login_as(department_admin)
    ProgramFactory.create_batch(2, department=department)
    assert client.get("/curriculum/programs/").status_code == 200  # warm-up: the session is written once
    with django_assert_max_num_queries(40) as small:
        assert client.get("/curriculum/programs/").status_code == 200
    ProgramFactory.create_batch(8, department=department)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        r = client.get("/curriculum/programs/")
        assert r.status_code == 200
    assert len(r.context["page"].object_list) == 10
    assert len(large.captured_queries) == len(small.captured_queries)


def test_dashboard_counts_own_department(web, department_admin, own_program, foreign_program, student,
                                         other_department_student):
    for program in (own_program, foreign_program):
        program.status = ProgramStatus.IN_REVIEW
        program.save()
    AchievementFactory(student=student)
    AchievementFactory(student=other_department_student)
    r = web.login_as(department_admin).get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert r.status_code == 200
    cards = {str(c.title): c.value for c in r.context["cards"]}
    assert cards["Programmes in review"] == 1
    assert cards["Achievements to verify"] == 1
