"""Issue 17 for curriculum: each workflow step declared once (curriculum/steps.py) drives the API action,
the page endpoint and the buttons; creations and review comments announce themselves after commit."""
import ast
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core import events
from core.events import subscribe
from core.steps import table_for
from curriculum import services
from curriculum.models import CourseProject, Program, StudentAchievement
from curriculum.steps import ACHIEVEMENT_STEPS, COURSE_PROJECT_STEPS, PROGRAM_STEPS

from .factories import (
    PNG,
    AchievementFactory,
    CompetitionFactory,
    CourseFactory,
    CourseProjectFactory,
    ProgramFactory,
    complete_goals,
    industry_project,
)

pytestmark = pytest.mark.django_db

SEEN: list = []


def _record(event) -> None:
    SEEN.append(event)


@pytest.fixture
def seen(monkeypatch):
    """The curriculum events a test emits, delivered inline after each commit (nothing reaches the broker)."""
    SEEN.clear()
    monkeypatch.setattr(events, "_subscriptions", [])
    subscribe("curriculum.*", _record, inline=True)
    yield SEEN
    SEEN.clear()


def _in_review():
    p = ProgramFactory()
    complete_goals(p)
    return services.program_submit(program=p, by=None)


def _names(steps) -> list[str]:
    return [s.name for s in steps]


# --- the tables ---

def test_each_workflow_model_has_its_table():
    assert table_for(Program) is PROGRAM_STEPS
    assert table_for(StudentAchievement) is ACHIEVEMENT_STEPS
    assert table_for(CourseProject) is COURSE_PROJECT_STEPS


def test_buttons_follow_status_and_policy(admin_user, enterprise_user, teacher, student):
    draft = ProgramFactory()
    assert _names(PROGRAM_STEPS.allowed(draft, admin_user)) == ["submit"]
    assert PROGRAM_STEPS.allowed(draft, enterprise_user) == []
    review = _in_review()
    assert _names(PROGRAM_STEPS.allowed(review, admin_user)) == ["approve"]
    assert PROGRAM_STEPS.may_now(review, admin_user, "return_to_draft")
    assert not PROGRAM_STEPS.may_now(review, admin_user, "new_version")
    approved = services.program_approve(program=review, by=admin_user)
    assert PROGRAM_STEPS.may_now(approved, admin_user, "new_version")
    assert not PROGRAM_STEPS.may_now(approved, teacher, "new_version")

    ach = AchievementFactory(student=student)
    assert _names(ACHIEVEMENT_STEPS.allowed(ach, admin_user)) == ["verify"]
    assert ACHIEVEMENT_STEPS.may_now(ach, admin_user, "reject")
    assert ACHIEVEMENT_STEPS.allowed(ach, student) == [] and not ACHIEVEMENT_STEPS.may_now(ach, student, "reject")


# --- the API actions come from the tables ---

def test_api_step_answers_with_the_fresh_row_and_the_old_paths(api_admin):
    p = _in_review()
    r = api_admin.post(f"/api/v1/programs/{p.pk}/return/", {"note": "补充岗位分析"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "draft" and r.json()["goals"]
    r = api_admin.post(f"/api/v1/programs/{p.pk}/return/", {"note": "x" * 301}, format="json")
    assert r.status_code == 400 and "note" in r.json()["errors"]


def test_course_project_steps_through_the_api(api_teacher, api_enterprise, teacher, enterprise_org):
    cp = CourseProjectFactory(course=CourseFactory(owner=teacher), industry_project=industry_project(enterprise_org))
    assert api_enterprise.post(f"/api/v1/course-projects/{cp.pk}/start/").status_code == 403
    r = api_teacher.post(f"/api/v1/course-projects/{cp.pk}/start/")
    assert r.status_code == 200 and r.json()["status"] == "running" and r.json()["teams"] == []
    assert api_teacher.post(f"/api/v1/course-projects/{cp.pk}/start/").status_code == 409
    assert api_teacher.post(f"/api/v1/course-projects/{cp.pk}/complete/").json()["status"] == "completed"


def test_the_schema_documents_the_step_bodies(api_admin):
    paths = api_admin.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in ("/api/v1/programs/{id}/return/", "/api/v1/student-achievements/{id}/verify/",
                 "/api/v1/student-achievements/{id}/reject/"):
        assert "requestBody" in paths[path]["post"], path
    for path in ("/api/v1/programs/{id}/submit/", "/api/v1/programs/{id}/approve/",
                 "/api/v1/programs/{id}/new-version/", "/api/v1/course-projects/{id}/start/",
                 "/api/v1/course-projects/{id}/complete/"):
        assert path in paths


# --- the page endpoint and the buttons ---

def test_the_programme_page_shows_what_the_table_allows(web, admin_user, association_user):
    p = _in_review()
    html = web.login_as(admin_user).get(f"/curriculum/programs/{p.pk}/").content.decode()
    assert reverse("curriculum:program_action", args=[p.pk, "approve"]) in html
    assert reverse("curriculum:program_action", args=[p.pk, "return_to_draft"]) in html
    assert reverse("curriculum:program_action", args=[p.pk, "submit"]) not in html
    html = web.login_as(association_user).get(f"/curriculum/programs/{p.pk}/").content.decode()
    assert "/approve/" not in html and "/return_to_draft/" not in html


def test_return_to_draft_page_step_records_the_note(web, admin_user):
    from core.workflow import history_for

    p = _in_review()
    r = web.login_as(admin_user).post(reverse("curriculum:program_action", args=[p.pk, "return_to_draft"]),
                                      {"note": "请补充行业调研"})
    assert r.status_code == 302 and r["Location"] == reverse("curriculum:program_detail", args=[p.pk])
    assert history_for(p).first().note == "请补充行业调研"


def test_a_new_version_opens_on_its_own_page_and_a_refusal_stays(web, admin_user):
    v1 = services.program_approve(program=_in_review(), by=admin_user)
    c = web.login_as(admin_user)
    r = c.post(reverse("curriculum:program_action", args=[v1.pk, "new_version"]))
    v2 = Program.objects.get(previous=v1)
    assert r.status_code == 302 and r["Location"] == reverse("curriculum:program_detail", args=[v2.pk])
    r = c.post(reverse("curriculum:program_action", args=[v1.pk, "new_version"]), follow=True)
    assert r.status_code == 200 and any(m.level_tag == "error" for m in r.context["messages"])
    assert r.redirect_chain[-1][0] == reverse("curriculum:program_detail", args=[v1.pk])
    assert Program.objects.filter(previous=v1).count() == 1


def test_unknown_step_404_and_refused_403(web, admin_user, enterprise_user):
    p = _in_review()
    assert web.login_as(enterprise_user).post(reverse("curriculum:program_action", args=[p.pk, "approve"])) \
        .status_code == 403
    assert web.login_as(admin_user).post(reverse("curriculum:program_action", args=[p.pk, "teleport"])) \
        .status_code == 404
    p.refresh_from_db()
    assert p.status == "in_review"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x"])
def test_a_step_never_redirects_off_site(web, teacher, enterprise_org, target):
    cp = CourseProjectFactory(course=CourseFactory(owner=teacher), industry_project=industry_project(enterprise_org))
    r = web.login_as(teacher).post(reverse("curriculum:project_action", args=[cp.pk, "start"]), {"next": target})
    assert r.status_code == 302 and r["Location"] == reverse("curriculum:project_detail", args=[cp.pk])
    assert CourseProject.objects.get(pk=cp.pk).status == "running"


def test_project_page_buttons(web, teacher, enterprise_user, enterprise_org):
    cp = CourseProjectFactory(course=CourseFactory(owner=teacher), industry_project=industry_project(enterprise_org))
    html = web.login_as(teacher).get(f"/curriculum/projects/{cp.pk}/").content.decode()
    assert reverse("curriculum:project_action", args=[cp.pk, "start"]) in html
    assert reverse("curriculum:project_action", args=[cp.pk, "complete"]) not in html
    html = web.login_as(enterprise_user).get(f"/curriculum/projects/{cp.pk}/").content.decode()
    assert "/start/" not in html


def test_achievement_rows_and_their_steps(web, admin_user, student):
    ach = AchievementFactory(student=student, evidence=SimpleUploadedFile("a.png", PNG))
    html = web.login_as(admin_user).get("/curriculum/achievements/").content.decode()
    assert reverse("curriculum:achievement_action", args=[ach.pk, "verify"]) in html
    assert reverse("curriculum:achievement_action", args=[ach.pk, "reject"]) in html
    r = web.post(reverse("curriculum:achievement_action", args=[ach.pk, "reject"]), {"note": ""}, follow=True)
    assert any(m.level_tag == "error" for m in r.context["messages"])
    r = web.post(reverse("curriculum:achievement_action", args=[ach.pk, "reject"]), {"note": "证书编号无法查验"})
    assert r.status_code == 302
    ach.refresh_from_db()
    assert ach.status == "rejected" and ach.review_note == "证书编号无法查验"
    # decided: no step is offered any more, nor a withdrawal to the student
    html = web.get("/curriculum/achievements/").content.decode()
    assert f"/achievements/{ach.pk}/verify/" not in html
    html = web.login_as(student).get("/curriculum/achievements/").content.decode()
    assert f"/achievements/{ach.pk}/withdraw/" not in html
    assert web.get(reverse("curriculum:achievement_action", args=[ach.pk, "evidence"])).status_code == 200


def test_student_withdraws_an_open_achievement(web, student, student2):
    ach = AchievementFactory(student=student)
    url = reverse("curriculum:achievement_withdraw", args=[ach.pk])
    assert url == f"/curriculum/achievements/{ach.pk}/withdraw/"
    assert web.login_as(student2).post(url).status_code == 404
    assert url in web.login_as(student).get("/curriculum/achievements/").content.decode()
    r = web.post(url, {"next": "https://evil.example/"})
    assert r.status_code == 302 and r["Location"] == reverse("curriculum:achievement_list")
    assert not StudentAchievement.objects.filter(pk=ach.pk).exists()


def test_garbage_ids_on_page_forms_are_404_not_500(web, admin_user, teacher):
    p = ProgramFactory()
    c = web.login_as(admin_user)
    assert c.post(f"/curriculum/programs/{p.pk}/", {"action": "remove_goal", "goal": "abc"}).status_code == 404
    assert c.post(f"/curriculum/programs/{p.pk}/", {"action": "remove_course", "course": "1x"}).status_code == 404
    course = CourseFactory(owner=teacher)
    r = web.login_as(teacher).post(f"/curriculum/courses/{course.pk}/", {"action": "remove_coverage",
                                                                         "competency": "x"})
    assert r.status_code == 404


# --- events ---

def test_programme_versions_and_review_comments_announce_themselves(seen, admin_user, enterprise_user,
                                                                   django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        p = services.program_create(by=admin_user, major="数字媒体", cohort_year=2027, title="方案")
    assert [(e.name, e.object_id, e.actor_id) for e in seen] == [("curriculum.program.created", p.pk, admin_user.pk)]
    complete_goals(p)
    seen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.program_submit(program=p, by=admin_user)
    with django_capture_on_commit_callbacks(execute=True):
        comment = services.program_comment(program=p, by=enterprise_user, body="建议增加虚拟拍摄")
    assert [e.name for e in seen] == ["curriculum.program.in_review", "curriculum.program.commented"]
    assert seen[1].actor_id == enterprise_user.pk and seen[1].data == {"comment": comment.pk}
    with django_capture_on_commit_callbacks(execute=True):
        services.program_approve(program=p, by=admin_user)
    seen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        v2 = services.program_new_version(program=p, by=admin_user)
    assert [(e.name, e.object_id, e.data) for e in seen] == [("curriculum.program.created", v2.pk,
                                                              {"previous": p.pk})]


def test_records_people_wait_on_announce_themselves(seen, student, teacher, enterprise_org,
                                                    django_capture_on_commit_callbacks):
    import datetime as dt

    from django.utils import timezone

    with django_capture_on_commit_callbacks(execute=True):
        ach = services.achievement_submit(student=student, kind="award", title="一等奖",
                                          achieved_on=timezone.localdate() - dt.timedelta(days=1),
                                          competition=CompetitionFactory())
        cp = services.course_project_adopt(course=CourseFactory(owner=teacher),
                                           industry_project=industry_project(enterprise_org), by=teacher,
                                           title="宣传片", term="2026-1")
    assert [(e.name, e.object_id) for e in seen] == [("curriculum.studentachievement.created", ach.pk),
                                                     ("curriculum.courseproject.created", cp.pk)]


def test_every_event_curriculum_emits_is_declared():
    """emit() refuses an undeclared name at run time; this finds one before it runs."""
    catalogue = events.catalogue()
    source = (Path(services.__file__)).read_text()
    names = [node.args[0].value for node in ast.walk(ast.parse(source))
             if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "emit"
             and isinstance(node.args[0], ast.Constant)]
    assert names and all(n in catalogue for n in names), names
    for model in (Program, StudentAchievement, CourseProject):
        label = f"curriculum.{model._meta.model_name}"
        assert f"{label}.created" in catalogue
        for status, _label in model._meta.get_field("status").choices:
            assert f"{label}.{status}" in catalogue


# --- query budgets must prove the page was served ---

def test_every_query_budget_here_checks_the_status_code():
    """A budget around a 403 or a 302 to the login page passes with few queries and proves nothing."""
    unchecked = []
    for path in Path(__file__).parent.glob("test_*.py"):
        tree = ast.parse(path.read_text())
        for parent in ast.walk(tree):
            body = getattr(parent, "body", None)
            if not isinstance(body, list):
                continue
            for i, node in enumerate(body):
                if not isinstance(node, ast.With) or not any(
                        "num_queries" in ast.unparse(item.context_expr) for item in node.items):
                    continue
                checked = node.body + body[i + 1:i + 2]
                if not any("status_code" in ast.unparse(stmt) for stmt in checked):
                    unchecked.append(f"{path.name}:{node.lineno}")
    assert unchecked == []
