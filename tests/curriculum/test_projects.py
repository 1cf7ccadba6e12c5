"""Project-based teaching: adopting industry projects, teams and the two-sided grading."""
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from core.domain import RuleViolation, TransitionNotAllowed
from curriculum import services
from curriculum.models import CourseProject, TeamGrade, TeamMember

from .factories import CourseFactory, CourseProjectFactory, industry_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(teacher, enterprise_org, enterprise_user):
    ip = industry_project(enterprise_org, status="open")
    return services.course_project_adopt(course=CourseFactory(owner=teacher), industry_project=ip, by=teacher,
                                         title="星河影业 AIGC 宣传片", term="2026-2027-1", mentor=enterprise_user)


def test_adopt_needs_open_project(teacher, enterprise_org):
    ip = industry_project(enterprise_org, status="closed")
    with pytest.raises(RuleViolation):
        services.course_project_adopt(course=CourseFactory(), industry_project=ip, by=teacher, title="t", term="x")


def test_mentor_from_the_enterprise(teacher, enterprise_org, other_enterprise_user):
    ip = industry_project(enterprise_org)
    with pytest.raises(ValidationError):
        services.course_project_adopt(course=CourseFactory(), industry_project=ip, by=teacher, title="t", term="x",
                                      mentor=other_enterprise_user)


def test_transitions(project, teacher):
    with pytest.raises(TransitionNotAllowed):
        services.course_project_complete(project=project, by=teacher)
    services.course_project_start(project=project, by=teacher)
    with pytest.raises(TransitionNotAllowed):
        services.course_project_start(project=project, by=teacher)
    services.course_project_complete(project=project, by=teacher)


def test_student_in_one_team_per_project(project, teacher, student, student2):
    services.team_create(project=project, by=teacher, name="第一组", students=[student])
    with pytest.raises(ValidationError):
        services.team_create(project=project, by=teacher, name="第二组", students=[student, student2])
    with pytest.raises(ValidationError):
        services.team_create(project=project, by=teacher, name="老师组", students=[teacher])
    assert TeamMember.objects.count() == 1


def test_grading_by_both_sides(project, teacher, enterprise_user, other_enterprise_user, student):
    team = services.team_create(project=project, by=teacher, name="第一组", students=[student])
    with pytest.raises(TransitionNotAllowed):
        services.team_grade(team=team, by=teacher, score=Decimal("80"))
    services.course_project_start(project=project, by=teacher)
    assert services.team_grade(team=team, by=teacher, score=Decimal("90")).grader_role == "teacher"
    assert services.team_grade(team=team, by=enterprise_user, score=Decimal("80")).grader_role == "mentor"
    with pytest.raises(RuleViolation):
        services.team_grade(team=team, by=other_enterprise_user, score=Decimal("10"))
    with pytest.raises(ValidationError):
        services.team_grade(team=team, by=teacher, score=Decimal("101"))
    assert services.team_final_score(teacher=Decimal("90"), mentor=Decimal("80"),
                                     teacher_weight=project.teacher_weight) == Decimal("86.00")
    assert services.team_final_score(teacher=Decimal("90"), mentor=None, teacher_weight=Decimal("0.6")) is None
    # a re-grade replaces the grader's earlier score
    services.team_grade(team=team, by=teacher, score=Decimal("95"))
    assert TeamGrade.objects.get(team=team, grader_role="teacher").score == Decimal("95")


class TestApi:
    def test_teacher_adopts_own_course_only(self, api_teacher, api_teacher2, teacher, enterprise_org):
        ip = industry_project(enterprise_org)
        course = CourseFactory(owner=teacher)
        body = {"course": course.pk, "industry_project": ip.pk, "title": "宣传片", "term": "2026-1"}
        assert api_teacher2.post("/api/v1/course-projects/", body, format="json").status_code == 403
        assert api_teacher.post("/api/v1/course-projects/", body, format="json").status_code == 201
        assert api_teacher.post("/api/v1/course-projects/", {**body, "course": 99999},
                                format="json").status_code == 400

    def test_scope_and_grading(self, project, api_enterprise, api_other_enterprise, api_teacher, api_student,
                               api_student2, student):
        pid = project.pk
        assert api_other_enterprise.get(f"/api/v1/course-projects/{pid}/").status_code == 404
        assert api_student.get(f"/api/v1/course-projects/{pid}/").status_code == 404
        r = api_teacher.post(f"/api/v1/course-projects/{pid}/teams/", {"name": "A组", "students": [student.pk]},
                             format="json")
        assert r.status_code == 201
        team_id = r.json()["teams"][0]["id"]
        assert api_student.get(f"/api/v1/course-projects/{pid}/").status_code == 200
        assert api_student2.get(f"/api/v1/course-projects/{pid}/").status_code == 404
        assert api_enterprise.post(f"/api/v1/course-projects/{pid}/start/").status_code == 403
        grade = {"team": team_id, "score": "88"}
        assert api_teacher.post(f"/api/v1/course-projects/{pid}/grade/", grade, format="json").status_code == 409
        assert api_teacher.post(f"/api/v1/course-projects/{pid}/start/").status_code == 200
        assert api_teacher.post(f"/api/v1/course-projects/{pid}/start/").status_code == 409
        assert api_enterprise.post(f"/api/v1/course-projects/{pid}/grade/", grade, format="json").status_code == 200
        assert api_student.post(f"/api/v1/course-projects/{pid}/grade/", grade, format="json").status_code == 403
        bad = {"team": team_id, "score": "120"}
        assert api_teacher.post(f"/api/v1/course-projects/{pid}/grade/", bad, format="json").status_code == 400
        r = api_enterprise.get(f"/api/v1/course-projects/{pid}/")
        assert r.json()["teams"][0]["grades"] == {"mentor": "88.00"}

    def test_list_constant_queries(self, api_admin, enterprise_org, student, django_assert_max_num_queries):
        from curriculum.models import ProjectTeam

        def grow(n):
            ip = industry_project(enterprise_org)
            for i in range(n):
                cp = CourseProjectFactory(industry_project=ip, term=f"t{CourseProject.objects.count()}-{i}")
                team = ProjectTeam.objects.create(project=cp, name="A")
                TeamMember.objects.create(team=team, project=cp, student=student)
        grow(3)
        with django_assert_max_num_queries(12) as ctx:
            assert api_admin.get("/api/v1/course-projects/").status_code == 200
        grow(20)
        with django_assert_max_num_queries(len(ctx.captured_queries)):
            r = api_admin.get("/api/v1/course-projects/")
        assert r.status_code == 200 and r.json()["count"] == 23


@pytest.mark.django_db(transaction=True)
def test_parallel_team_creation_keeps_one_team_per_student(teacher, enterprise_org, student):
    ip = industry_project(enterprise_org)
    project = CourseProject.objects.create(course=CourseFactory(owner=teacher), industry_project=ip, title="t",
                                           term="x")
    barrier = threading.Barrier(4)
    results = []

    def make(i):
        try:
            barrier.wait()
            services.team_create(project=project, by=teacher, name=f"组{i}", students=[student])
            results.append("ok")
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=make, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["ok", "refused", "refused", "refused"]
    assert TeamMember.objects.filter(student=student).count() == 1
