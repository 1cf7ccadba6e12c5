"""Courses: the stale flag at its edge, revisions, coverage, ownership and the catalogue's access."""
import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.utils import timezone

from curriculum import selectors, services
from curriculum.models import Course

from .factories import CompetencyFactory, CourseFactory, JobPostFactory, require

pytestmark = pytest.mark.django_db


def _stale(course):
    return selectors.with_freshness(Course.objects.filter(pk=course.pk)).get().is_stale


class TestStale:
    def test_edge_of_the_window(self, settings):
        settings.IEI = {**settings.IEI, "COURSE_STALE_MONTHS": 12}
        today = timezone.localdate()
        edge = today - relativedelta(months=12)
        assert not _stale(CourseFactory(content_since=edge))
        assert _stale(CourseFactory(content_since=edge - dt.timedelta(days=1)))

    def test_a_revision_refreshes(self, teacher):
        today = timezone.localdate()
        c = CourseFactory(content_since=today - relativedelta(years=3), owner=teacher)
        assert _stale(c)
        services.course_add_revision(course=c, by=teacher, revised_on=today - dt.timedelta(days=3),
                                     summary="加入 Sora 视频生成", added="文生视频工作流")
        assert not _stale(c)

    def test_setting_is_read(self, settings):
        c = CourseFactory(content_since=timezone.localdate() - relativedelta(months=7))
        settings.IEI = {**settings.IEI, "COURSE_STALE_MONTHS": 6}
        assert _stale(c)
        settings.IEI = {**settings.IEI, "COURSE_STALE_MONTHS": 12}
        assert not _stale(c)

    def test_api_filter(self, api_teacher):
        fresh = CourseFactory()
        old = CourseFactory(content_since=timezone.localdate() - relativedelta(years=2))
        r = api_teacher.get("/api/v1/courses/?stale=true")
        assert [x["id"] for x in r.json()["results"]] == [old.pk]
        r = api_teacher.get(f"/api/v1/courses/{fresh.pk}/")
        assert r.json()["is_stale"] is False


class TestRevisions:
    def test_future_date_refused(self, teacher):
        with pytest.raises(ValidationError):
            services.course_add_revision(course=CourseFactory(), by=teacher,
                                         revised_on=timezone.localdate() + dt.timedelta(days=1), summary="x",
                                         added="y")

    def test_must_say_what_changed(self, teacher):
        with pytest.raises(ValidationError):
            services.course_add_revision(course=CourseFactory(), by=teacher, revised_on=timezone.localdate(),
                                         summary="x")

    def test_owner_revises_over_api(self, api_teacher, api_teacher2, teacher):
        c = CourseFactory(owner=teacher)
        body = {"revised_on": str(timezone.localdate()), "summary": "更新", "added": "ComfyUI 节点",
                "retired": "旧版 PS 动作"}
        assert api_teacher2.post(f"/api/v1/courses/{c.pk}/revisions/", body, format="json").status_code == 403
        r = api_teacher.post(f"/api/v1/courses/{c.pk}/revisions/", body, format="json")
        assert r.status_code == 201
        assert len(api_teacher2.get(f"/api/v1/courses/{c.pk}/revisions/").json()) == 1
        bad = {**body, "revised_on": "yesterday"}
        assert api_teacher.post(f"/api/v1/courses/{c.pk}/revisions/", bad, format="json").status_code == 400
        bad = {**body, "added": "", "retired": ""}
        assert api_teacher.post(f"/api/v1/courses/{c.pk}/revisions/", bad, format="json").status_code == 400


class TestCourseApi:
    def test_admin_creates_teacher_cannot(self, api_admin, api_teacher, teacher):
        body = {"code": "AIGC101", "name": "AIGC 原理", "credits": "3.0", "theory_hours": 32, "practice_hours": 16,
                "owner": teacher.pk, "aigc_topics": ["Stable Diffusion", "Sora"]}
        assert api_teacher.post("/api/v1/courses/", body, format="json").status_code == 403
        r = api_admin.post("/api/v1/courses/", body, format="json")
        assert r.status_code == 201 and r.json()["aigc_topics"] == ["Stable Diffusion", "Sora"]

    def test_owner_must_be_teacher(self, api_admin, student):
        r = api_admin.post("/api/v1/courses/", {"code": "X1", "name": "n", "owner": student.pk}, format="json")
        assert r.status_code == 400 and "owner" in r.json()["errors"]

    def test_owner_updates_but_cannot_reassign(self, api_teacher, teacher, teacher2):
        c = CourseFactory(owner=teacher)
        assert api_teacher.patch(f"/api/v1/courses/{c.pk}/", {"name": "新名"}, format="json").status_code == 200
        r = api_teacher.patch(f"/api/v1/courses/{c.pk}/", {"owner": teacher2.pk}, format="json")
        assert r.status_code == 400

    def test_others_403(self, api_teacher2, api_enterprise, api_student, teacher):
        c = CourseFactory(owner=teacher)
        for client in (api_teacher2, api_enterprise, api_student):
            assert client.get(f"/api/v1/courses/{c.pk}/").status_code == 200
            assert client.patch(f"/api/v1/courses/{c.pk}/", {"name": "x"}, format="json").status_code == 403

    def test_coverage_level_checked(self, api_teacher, teacher):
        c = CourseFactory(owner=teacher)
        comp = CompetencyFactory()
        r = api_teacher.post(f"/api/v1/courses/{c.pk}/coverage/", {"competency": comp.pk, "level": 5}, format="json")
        assert r.status_code == 400
        r = api_teacher.post(f"/api/v1/courses/{c.pk}/coverage/", {"competency": comp.pk, "level": 3}, format="json")
        assert r.status_code == 201
        assert api_teacher.get(f"/api/v1/courses/{c.pk}/").json()["coverage"][0]["level"] == 3

    def test_missing_404(self, api_teacher):
        assert api_teacher.get("/api/v1/courses/999999/").status_code == 404

    def test_list_constant_queries(self, api_teacher, django_assert_max_num_queries):
        def grow(n):
            for _ in range(n):
                c = CourseFactory()
                from .factories import cover
                cover(c, CompetencyFactory(), 2)
        grow(3)
        with django_assert_max_num_queries(10) as ctx:
            assert api_teacher.get("/api/v1/courses/").status_code == 200
        grow(20)
        with django_assert_max_num_queries(len(ctx.captured_queries)):
            r = api_teacher.get("/api/v1/courses/")
        assert r.status_code == 200 and r.json()["count"] == 23


class TestCatalogue:
    @pytest.mark.parametrize("path,body", [
        ("/api/v1/competencies/", {"code": "ART9", "name": "镜头语言", "category": "art"}),
        ("/api/v1/course-modules/", {"name": "AIGC 技术模块", "kind": "technology"}),
        ("/api/v1/competitions/", {"name": "全国职业院校技能大赛", "level": "national"}),
        ("/api/v1/certificates/", {"name": "1+X 数字影像处理", "level": "intermediate"}),
        ("/api/v1/job-posts/", {"title": "AI 分镜师"}),
    ])
    def test_admin_writes_others_403(self, path, body, api_admin, api_teacher, api_enterprise, api_student):
        for c in (api_teacher, api_student):
            assert c.post(path, body, format="json").status_code == 403
        if path == "/api/v1/job-posts/":
            # an enterprise keeps its own job posts (tests/curriculum/test_catalogues.py), never an industry-wide one
            r = api_enterprise.post(path, body, format="json")
            assert r.status_code == 400 and "enterprise" in r.json()["errors"]
        else:
            assert api_enterprise.post(path, body, format="json").status_code == 403
        r = api_admin.post(path, body, format="json")
        assert r.status_code == 201, r.content
        assert api_student.get(f"{path}{r.json()['id']}/").status_code == 200
        assert api_student.delete(f"{path}{r.json()['id']}/").status_code == 403

    def test_bad_input_400(self, api_admin):
        assert api_admin.post("/api/v1/competencies/", {"code": "", "category": "x"}, format="json").status_code == 400
        assert api_admin.post("/api/v1/course-modules/", {"name": "m", "kind": "x"}, format="json").status_code == 400

    def test_job_post_requirements(self, api_admin, enterprise_org):
        a, b = CompetencyFactory(), CompetencyFactory()
        r = api_admin.post("/api/v1/job-posts/", {"title": "AIGC 视频制作", "enterprise": enterprise_org.pk,
                                                  "requirements": [{"competency": a.pk, "level": 3},
                                                                   {"competency": b.pk, "level": 2}]},
                           format="json")
        assert r.status_code == 201
        jid = r.json()["id"]
        r = api_admin.patch(f"/api/v1/job-posts/{jid}/", {"requirements": [{"competency": b.pk, "level": 4}]},
                            format="json")
        assert r.json()["requirements"] == [{"competency": b.pk, "level": 4}]
        r = api_admin.post("/api/v1/job-posts/", {"title": "x", "requirements": [{"competency": a.pk, "level": 1},
                                                                                  {"competency": a.pk, "level": 2}]},
                           format="json")
        assert r.status_code == 400

    def test_job_post_list_constant_queries(self, api_student, django_assert_max_num_queries):
        def grow(n):
            for _ in range(n):
                require(JobPostFactory(), CompetencyFactory())
        grow(3)
        with django_assert_max_num_queries(10) as ctx:
            assert api_student.get("/api/v1/job-posts/").status_code == 200
        grow(20)
        with django_assert_max_num_queries(len(ctx.captured_queries)):
            assert api_student.get("/api/v1/job-posts/").status_code == 200


def test_delete_in_use_is_409(api_admin, student):
    from .factories import AchievementFactory, ProgramFactory

    course = CourseFactory()
    services.program_course_set(program=ProgramFactory(), by=None, course=course)
    r = api_admin.delete(f"/api/v1/courses/{course.pk}/")
    assert r.status_code == 409 and r.json()["code"] == "in_use"
    ach = AchievementFactory(student=student)
    assert api_admin.delete(f"/api/v1/competitions/{ach.competition_id}/").status_code == 409
    assert api_admin.delete(f"/api/v1/courses/{CourseFactory().pk}/").status_code == 204
