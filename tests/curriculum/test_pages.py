"""HTML pages: each role's access, forms with errors, actions with messages and query budgets."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from curriculum import services
from curriculum.models import Program, StudentAchievement

from .factories import (
    PNG,
    AchievementFactory,
    CompetencyFactory,
    CompetitionFactory,
    CourseFactory,
    CourseProjectFactory,
    ProgramFactory,
    complete_goals,
    cover,
    industry_project,
)

pytestmark = pytest.mark.django_db


def _msgs(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


class TestProgrammePages:
    def test_admin_creates_and_moves(self, web, admin_user):
        web.login_as(admin_user)
        r = web.post("/curriculum/programs/new/", {"major": "影视编导", "cohort_year": 2026, "title": "影视编导方案",
                                                   "length_years": 3})
        p = Program.objects.get()
        assert r.status_code == 302
        r = web.post(f"/curriculum/programs/{p.pk}/submit/", follow=True)
        assert r.status_code == 200 and any("需要" in m or "needs" in m for m in _msgs(r))
        for dim in ("art", "technology", "innovation"):
            web.post(f"/curriculum/programs/{p.pk}/", {"action": "goal", "dimension": dim, "statement": "目标",
                                                       "outcome": "可测结果"})
        web.post(f"/curriculum/programs/{p.pk}/submit/")
        r = web.post(f"/curriculum/programs/{p.pk}/approve/", follow=True)
        p.refresh_from_db()
        assert p.status == "approved" and _msgs(r)
        r = web.post(f"/curriculum/programs/{p.pk}/new_version/")
        v2 = Program.objects.get(version=2)
        assert r.status_code == 302 and r.url.endswith(f"/{v2.pk}/")
        r = web.get(f"/curriculum/programs/{v2.pk}/diff/")
        assert r.status_code == 200 and r.context["diff"]["empty"]

    def test_goal_form_errors_inline(self, web, admin_user):
        p = ProgramFactory()
        web.login_as(admin_user)
        r = web.post(f"/curriculum/programs/{p.pk}/", {"action": "goal", "dimension": "art", "statement": ""})
        assert r.status_code == 400 and r.context["goal_form"].errors

    def test_create_form_errors(self, web, admin_user):
        web.login_as(admin_user)
        r = web.post("/curriculum/programs/new/", {"major": "", "cohort_year": "x"})
        assert r.status_code == 400 and "major" in r.context["form"].errors

    def test_reviewer_comments(self, web, association_user, enterprise_user):
        p = ProgramFactory()
        complete_goals(p)
        services.program_submit(program=p, by=None)
        web.login_as(association_user)
        assert web.get("/curriculum/programs/review/").status_code == 200
        r = web.post(f"/curriculum/programs/{p.pk}/", {"action": "comment", "body": "建议增加AIGC伦理课程"},
                     follow=True)
        assert p.comments.count() == 1 and _msgs(r)
        assert web.post(f"/curriculum/programs/{p.pk}/approve/").status_code == 403
        web.login_as(enterprise_user)
        draft = ProgramFactory()
        assert web.get(f"/curriculum/programs/{draft.pk}/").status_code == 404

    def test_teacher_cannot_create(self, web, teacher):
        web.login_as(teacher)
        assert web.get("/curriculum/programs/new/").status_code == 403

    def test_list_constant_queries(self, web, admin_user, django_assert_max_num_queries):
        web.login_as(admin_user)
        for _ in range(3):
            ProgramFactory()
        with django_assert_max_num_queries(30) as ctx:
            assert web.get("/curriculum/programs/").status_code == 200
        for _ in range(20):
            ProgramFactory()
        with django_assert_max_num_queries(len(ctx.captured_queries)):
            assert web.get("/curriculum/programs/").status_code == 200


class TestCoursePages:
    def test_owner_records_revision(self, web, teacher):
        c = CourseFactory(owner=teacher, content_since=timezone.localdate() - dt.timedelta(days=800))
        web.login_as(teacher)
        r = web.get("/curriculum/courses/mine/")
        assert [x.pk for x in r.context["page"].object_list] == [c.pk]
        assert r.context["page"].object_list[0].is_stale
        r = web.post(f"/curriculum/courses/{c.pk}/", {"action": "revision", "revised_on": str(timezone.localdate()),
                                                      "summary": "更新", "added": "", "retired": ""})
        assert r.status_code == 400 and r.context["revision_form"].errors
        r = web.post(f"/curriculum/courses/{c.pk}/", {"action": "revision", "revised_on": str(timezone.localdate()),
                                                      "summary": "更新", "added": "Runway 视频生成"}, follow=True)
        assert c.revisions.count() == 1 and _msgs(r)

    def test_other_teacher_403(self, web, teacher, teacher2):
        c = CourseFactory(owner=teacher)
        web.login_as(teacher2)
        assert web.get(f"/curriculum/courses/{c.pk}/").status_code == 200
        assert web.post(f"/curriculum/courses/{c.pk}/", {"action": "coverage"}).status_code == 403
        assert web.get(f"/curriculum/courses/{c.pk}/edit/").status_code == 403

    def test_admin_creates_course(self, web, admin_user, teacher):
        web.login_as(admin_user)
        r = web.post("/curriculum/courses/new/", {"code": "AIGC201", "name": "AI 分镜", "owner": teacher.pk,
                                                  "credits": "2.0", "theory_hours": 16, "practice_hours": 32,
                                                  "aigc_topics": "Midjourney，ComfyUI",
                                                  "content_since": str(timezone.localdate())})
        assert r.status_code == 302
        from curriculum.models import Course
        assert Course.objects.get(code="AIGC201").aigc_topics == ["Midjourney", "ComfyUI"]

    def test_catalogue_and_map_constant_queries(self, web, student, django_assert_max_num_queries):
        web.login_as(student)

        def grow(n):
            for _ in range(n):
                cover(CourseFactory(), CompetencyFactory(), 2)
        grow(3)
        with django_assert_max_num_queries(30) as c1:
            assert web.get("/curriculum/courses/").status_code == 200
        with django_assert_max_num_queries(30) as c2:
            assert web.get("/curriculum/map/").status_code == 200
        grow(20)
        with django_assert_max_num_queries(len(c1.captured_queries)):
            assert web.get("/curriculum/courses/").status_code == 200
        with django_assert_max_num_queries(len(c2.captured_queries)):
            assert web.get("/curriculum/map/").status_code == 200

    def test_map_names_the_strongest_and_counts_the_rest(self, web, student):
        from curriculum.views import CompetencyMapView

        web.login_as(student)
        comp = CompetencyFactory(code="ZZ-MAP")
        courses = [CourseFactory(code=f"MAP{i:02d}") for i in range(CompetencyMapView.CELL + 3)]
        for i, course in enumerate(courses):
            cover(course, comp, 4 if i == len(courses) - 1 else 1)
        html = web.get("/curriculum/map/", {"q": "ZZ-MAP"}).content.decode()
        assert f"MAP{len(courses) - 1:02d}" in html  # the level-4 course is named, though last by code
        shown = [c.code for c in courses if c.code in html]
        assert len(shown) == CompetencyMapView.CELL
        assert f"/curriculum/courses/?competency={comp.pk}" in html
        # ... and the course list answers that link with every course of the competency
        listed = web.get("/curriculum/courses/", {"competency": comp.pk, "page_size": 50}).content.decode()
        assert all(c.code in listed for c in courses)


class TestAchievementPages:
    def test_student_records_and_admin_verifies(self, web, student, admin_user):
        comp = CompetitionFactory()
        web.login_as(student)
        r = web.post("/curriculum/achievements/new/", {
            "kind": "award", "competition": comp.pk, "title": "二等奖",
            "achieved_on": str(timezone.localdate()), "evidence": SimpleUploadedFile("a.png", PNG)})
        assert r.status_code == 302, r.context["form"].errors if r.context else r
        ach = StudentAchievement.objects.get()
        r = web.post("/curriculum/achievements/new/", {"kind": "award", "title": "x",
                                                       "achieved_on": str(timezone.localdate())})
        assert r.status_code == 400 and r.context["form"].errors
        assert web.post(f"/curriculum/achievements/{ach.pk}/verify/").status_code == 403
        web.login_as(admin_user)
        r = web.post(f"/curriculum/achievements/{ach.pk}/verify/", follow=True)
        ach.refresh_from_db()
        assert ach.status == "verified" and _msgs(r)
        r = web.post(f"/curriculum/achievements/{ach.pk}/verify/", follow=True)
        assert r.status_code == 200 and _msgs(r)

    def test_other_student_404_and_enterprise_403(self, web, student, student2, enterprise_user):
        ach = AchievementFactory(student=student)
        web.login_as(student2)
        assert web.get(f"/curriculum/achievements/{ach.pk}/evidence/").status_code == 404
        web.login_as(enterprise_user)
        assert web.get("/curriculum/achievements/").status_code == 403

    def test_list_constant_queries(self, web, admin_user, student, django_assert_max_num_queries):
        web.login_as(admin_user)
        for _ in range(3):
            AchievementFactory(student=student)
        with django_assert_max_num_queries(30) as ctx:
            assert web.get("/curriculum/achievements/").status_code == 200
        for _ in range(20):
            AchievementFactory(student=student)
        with django_assert_max_num_queries(len(ctx.captured_queries)):
            assert web.get("/curriculum/achievements/").status_code == 200


class TestProjectPages:
    def test_teacher_adopts_teams_and_grades(self, web, teacher, enterprise_org, enterprise_user, student,
                                             other_enterprise_user):
        course = CourseFactory(owner=teacher)
        ip = industry_project(enterprise_org)
        web.login_as(teacher)
        r = web.post("/curriculum/projects/new/", {"course": course.pk, "industry_project": ip.pk, "title": "宣传片",
                                                   "term": "2026-1", "mentor": enterprise_user.pk,
                                                   "teacher_weight": "0.60"})
        assert r.status_code == 302
        from curriculum.models import CourseProject
        cp = CourseProject.objects.get()
        r = web.post(f"/curriculum/projects/{cp.pk}/", {"action": "team", "name": "A组", "students": student.username},
                     follow=True)
        team = cp.teams.get()
        assert _msgs(r)
        r = web.post(f"/curriculum/projects/{cp.pk}/", {"action": "grade", "team": team.pk, "score": "90"},
                     follow=True)
        assert any("进行" in m or "running" in m for m in _msgs(r))
        web.post(f"/curriculum/projects/{cp.pk}/start/")
        web.post(f"/curriculum/projects/{cp.pk}/", {"action": "grade", "team": team.pk, "score": "90"})
        web.login_as(enterprise_user)
        r = web.post(f"/curriculum/projects/{cp.pk}/", {"action": "grade", "team": team.pk, "score": "150"})
        assert r.status_code == 400
        web.post(f"/curriculum/projects/{cp.pk}/", {"action": "grade", "team": team.pk, "score": "80"})
        r = web.get(f"/curriculum/projects/{cp.pk}/")
        assert str(r.context["rows"][0]["final"]) == "86.00"
        web.login_as(other_enterprise_user)
        assert web.get(f"/curriculum/projects/{cp.pk}/").status_code == 404

    def test_list_constant_queries(self, web, admin_user, enterprise_org, django_assert_max_num_queries):
        web.login_as(admin_user)
        ip = industry_project(enterprise_org)
        for i in range(3):
            CourseProjectFactory(industry_project=ip, term=f"a{i}")
        with django_assert_max_num_queries(30) as ctx:
            assert web.get("/curriculum/projects/").status_code == 200
        for i in range(20):
            CourseProjectFactory(industry_project=ip, term=f"b{i}")
        with django_assert_max_num_queries(len(ctx.captured_queries)):
            assert web.get("/curriculum/projects/").status_code == 200


def test_dashboard_cards(rf, admin_user, teacher, student, enterprise_user, association_user):
    """Only this app's cards: the whole dashboard also renders other apps' cards."""
    from curriculum.dashboard import cards

    CourseFactory(owner=teacher, content_since=timezone.localdate() - dt.timedelta(days=900))
    AchievementFactory(student=student)
    expected = {
        admin_user: {"Programmes in review": 0, "Stale courses": 1, "Achievements to verify": 1},
        teacher: {"My courses": 1},
        student: {"My achievements": 1},
        enterprise_user: {"Programmes awaiting your comments": 0},
        association_user: {"Programmes awaiting your comments": 0},
    }
    from django.utils import translation

    with translation.override("en"):
        for user, values in expected.items():
            request = rf.get("/")
            request.user = user
            got = {c.title: c.value for c in cards(request)}
            for title, value in values.items():
                assert got[title] == value, (user, got)


@pytest.mark.django_db
def test_team_members_are_typed_as_numbers_or_usernames(department):
    from accounts.choices import Role
    from curriculum.forms import TeamForm
    from tests.accounts.factories import make_member

    a = make_member(Role.STUDENT, department, username="stu_a", student_no="2026010001")
    b = make_member(Role.STUDENT, department, username="stu_b", student_no="2026010002")
    make_member(Role.TEACHER, department, username="tea_c")
    form = TeamForm({"name": "分镜组", "students": "2026010001，stu_b"})
    assert form.is_valid(), form.errors
    assert {u.pk for u in form.cleaned_data["students"]} == {a.pk, b.pk}
    # A teacher is not a student, an unknown number is named back, nothing is silently dropped.
    form = TeamForm({"name": "分镜组", "students": "stu_a tea_c 2026999999"})
    assert not form.is_valid()
    assert "tea_c" in str(form.errors["students"]) and "2026999999" in str(form.errors["students"])
    assert not TeamForm({"name": "分镜组", "students": " , "}).is_valid()


@pytest.mark.django_db
def test_pickers_offer_only_memberships_in_force(department, college):
    """A membership counts only while active in an active organisation (Membership.objects.in_force())."""
    from accounts.choices import Role
    from accounts.models import Organization
    from curriculum.forms import CourseForm, TeamForm
    from tests.accounts.factories import OrganizationFactory, make_member

    closed = OrganizationFactory(kind="department", name="已撤销系", parent=college)
    live = make_member(Role.STUDENT, department, username="stu_live", student_no="2026020001")
    make_member(Role.STUDENT, closed, username="stu_gone", student_no="2026020002")
    teacher_gone = make_member(Role.TEACHER, closed, username="tea_gone")
    Organization.objects.filter(pk=closed.pk).update(is_active=False)
    form = TeamForm({"name": "分镜组", "students": "stu_live stu_gone"})
    assert not form.is_valid() and "stu_gone" in str(form.errors["students"])
    form = TeamForm({"name": "分镜组", "students": "stu_live"})
    assert form.is_valid() and [u.pk for u in form.cleaned_data["students"]] == [live.pk]
    assert teacher_gone not in CourseForm().fields["owner"].queryset
