"""Programme versions: the workflow, the goal triad, supersession, comments, diffs and access."""
import threading

import pytest
from django.db import connection

from core.domain import RuleViolation, TransitionNotAllowed
from core.workflow import history_for
from curriculum import selectors, services
from curriculum.choices import ProgramStatus
from curriculum.models import Program, ProgramComment

from .factories import CourseFactory, ProgramFactory, complete_goals

pytestmark = pytest.mark.django_db


def _in_review(**kw):
    p = ProgramFactory(**kw)
    complete_goals(p)
    return services.program_submit(program=p, by=None)


def _approved(**kw):
    return services.program_approve(program=_in_review(**kw), by=None)


class TestWorkflow:
    def test_submit_needs_the_whole_triad(self, admin_user):
        p = ProgramFactory()
        services.program_goal_add(program=p, by=admin_user, dimension="art", statement="审美", outcome="作品集评分≥80")
        with pytest.raises(RuleViolation):
            services.program_submit(program=p, by=admin_user)
        services.program_goal_add(program=p, by=admin_user, dimension="technology", statement="AIGC", outcome="证书")
        services.program_goal_add(program=p, by=admin_user, dimension="innovation", statement="创新", outcome="项目")
        services.program_submit(program=p, by=admin_user)
        p.refresh_from_db()
        assert p.status == ProgramStatus.IN_REVIEW
        assert history_for(p).first().by == admin_user

    def test_approving_v2_supersedes_v1(self, admin_user):
        v1 = _approved()
        v2 = services.program_new_version(program=v1, by=admin_user)
        assert (v2.version, v2.status, v2.previous_id) == (2, ProgramStatus.DRAFT, v1.pk)
        assert v2.goals.count() == 3
        services.program_submit(program=v2, by=admin_user)
        services.program_approve(program=v2, by=admin_user)
        v1.refresh_from_db()
        v2.refresh_from_db()
        assert (v1.status, v2.status) == (ProgramStatus.SUPERSEDED, ProgramStatus.APPROVED)

    @pytest.mark.parametrize("fn,status", [
        ("program_approve", ProgramStatus.DRAFT), ("program_return", ProgramStatus.DRAFT),
        ("program_submit", ProgramStatus.APPROVED), ("program_approve", ProgramStatus.APPROVED),
        ("program_return", ProgramStatus.SUPERSEDED),
    ])
    def test_illegal_moves_refused(self, fn, status):
        p = ProgramFactory(status=status)
        with pytest.raises(TransitionNotAllowed):
            getattr(services, fn)(program=p, by=None)

    def test_return_to_draft(self, admin_user):
        p = _in_review()
        services.program_return(program=p, by=admin_user, note="补充岗位分析")
        p.refresh_from_db()
        assert p.status == ProgramStatus.DRAFT

    def test_only_drafts_are_edited(self):
        p = _approved()
        with pytest.raises(TransitionNotAllowed):
            services.program_update(program=p, by=None, title="改")
        with pytest.raises(TransitionNotAllowed):
            services.program_goal_add(program=p, by=None, dimension="art", statement="x", outcome="y")

    def test_new_version_refused_while_one_is_open(self, admin_user):
        v1 = _approved()
        services.program_new_version(program=v1, by=admin_user)
        with pytest.raises(RuleViolation):
            services.program_new_version(program=v1, by=admin_user)

    def test_new_version_only_from_approved(self):
        with pytest.raises(TransitionNotAllowed):
            services.program_new_version(program=ProgramFactory(), by=None)

    def test_comment_only_in_review(self, enterprise_user, enterprise_org):
        p = ProgramFactory()
        with pytest.raises(TransitionNotAllowed):
            services.program_comment(program=p, by=enterprise_user, body="建议")
        p = _in_review()
        c = services.program_comment(program=p, by=enterprise_user, body="建议增加虚拟拍摄")
        assert c.organization == enterprise_org

    def test_diff(self, admin_user):
        c1, c2 = CourseFactory(), CourseFactory()
        v1 = ProgramFactory()
        complete_goals(v1)
        services.program_course_set(program=v1, by=admin_user, course=c1, semester=1)
        services.program_submit(program=v1, by=admin_user)
        services.program_approve(program=v1, by=admin_user)
        v2 = services.program_new_version(program=v1, by=admin_user)
        v2 = services.program_update(program=v2, by=admin_user, title="新标题")
        services.program_course_remove(program=v2, by=admin_user, course=c1)
        services.program_course_set(program=v2, by=admin_user, course=c2, semester=3)
        goal = v2.goals.get(dimension="art")
        services.program_goal_remove(goal=goal, by=admin_user)
        d = selectors.program_diff(v1, v2)
        assert [f["new"] for f in d["fields"]] == ["新标题"]
        assert [pc.course_id for pc in d["courses"]["added"]] == [c2.pk]
        assert [pc.course_id for pc in d["courses"]["removed"]] == [c1.pk]
        assert [g.dimension for g in d["goals"]["removed"]] == ["art"]
        assert not d["empty"]
        assert selectors.program_diff(v1, v1)["empty"]

    def test_semester_within_length(self, admin_user):
        from django.core.exceptions import ValidationError

        p = ProgramFactory(length_years=3)
        with pytest.raises(ValidationError):
            services.program_course_set(program=p, by=admin_user, course=CourseFactory(), semester=7)


class TestApi:
    def test_admin_full_cycle(self, api_admin):
        r = api_admin.post("/api/v1/programs/", {"major": "数字媒体艺术", "cohort_year": 2026, "title": "方案"},
                           format="json")
        assert r.status_code == 201, r.content
        pid = r.json()["id"]
        for dim in ("art", "technology", "innovation"):
            r = api_admin.post(f"/api/v1/programs/{pid}/goals/",
                               {"dimension": dim, "statement": "目标", "outcome": "可测"}, format="json")
            assert r.status_code == 201
        assert api_admin.post(f"/api/v1/programs/{pid}/submit/").json()["status"] == "in_review"
        assert api_admin.post(f"/api/v1/programs/{pid}/approve/").json()["status"] == "approved"
        r = api_admin.post(f"/api/v1/programs/{pid}/new-version/")
        assert r.status_code == 201 and r.json()["version"] == 2
        r = api_admin.get(f"/api/v1/programs/{r.json()['id']}/diff/")
        assert r.status_code == 200 and r.json()["empty"] is True

    def test_illegal_transition_409(self, api_admin):
        p = ProgramFactory()
        r = api_admin.post(f"/api/v1/programs/{p.pk}/approve/")
        assert r.status_code == 409 and r.json()["code"] == "transition_not_allowed"
        r = api_admin.post(f"/api/v1/programs/{p.pk}/submit/")
        assert r.status_code == 409 and r.json()["code"] == "goals_incomplete"

    def test_edit_approved_409(self, api_admin):
        p = _approved()
        assert api_admin.patch(f"/api/v1/programs/{p.pk}/", {"title": "x"}, format="json").status_code == 409

    def test_bad_input_400(self, api_admin):
        r = api_admin.post("/api/v1/programs/", {"major": "", "cohort_year": "abc"}, format="json")
        assert r.status_code == 400 and "cohort_year" in r.json()["errors"]
        p = ProgramFactory()
        r = api_admin.post(f"/api/v1/programs/{p.pk}/goals/", {"dimension": "money"}, format="json")
        assert r.status_code == 400
        assert api_admin.get(f"/api/v1/programs/{p.pk}/diff/?against=x").status_code == 400
        r = api_admin.post("/api/v1/programs/", {"major": p.major, "cohort_year": p.cohort_year, "title": "t"},
                           format="json")
        assert r.status_code == 400

    def test_partners_do_not_see_drafts(self, api_enterprise, api_association, api_student):
        draft = ProgramFactory()
        review = _in_review()
        for c in (api_enterprise, api_association):
            assert c.get(f"/api/v1/programs/{draft.pk}/").status_code == 404
            assert c.get(f"/api/v1/programs/{review.pk}/").status_code == 200
        assert api_student.get(f"/api/v1/programs/{review.pk}/").status_code == 404
        approved = _approved()
        assert api_student.get(f"/api/v1/programs/{approved.pk}/").status_code == 200

    def test_reviewers_comment_but_cannot_move(self, api_enterprise, api_association, api_teacher):
        p = _in_review()
        r = api_enterprise.post(f"/api/v1/programs/{p.pk}/comment/", {"body": "建议加强AIGC伦理"}, format="json")
        assert r.status_code == 201
        r = api_association.post(f"/api/v1/programs/{p.pk}/comment/", {"body": "符合行业标准"}, format="json")
        assert r.status_code == 201
        assert api_enterprise.post(f"/api/v1/programs/{p.pk}/approve/").status_code == 403
        assert api_teacher.post(f"/api/v1/programs/{p.pk}/approve/").status_code == 403
        assert api_teacher.post(f"/api/v1/programs/{p.pk}/comment/", {"body": "x"}, format="json").status_code == 403
        assert api_enterprise.post("/api/v1/programs/", {"major": "m", "cohort_year": 2026, "title": "t"},
                                   format="json").status_code == 403
        assert len(api_enterprise.get(f"/api/v1/programs/{p.pk}/comment/").json()) == 2
        assert api_enterprise.post(f"/api/v1/programs/{p.pk}/comment/", {"body": ""},
                                   format="json").status_code == 400

    def test_comment_on_approved_409(self, api_association):
        p = _approved()
        r = api_association.post(f"/api/v1/programs/{p.pk}/comment/", {"body": "晚了"}, format="json")
        assert r.status_code == 409

    def test_anonymous_refused(self, api_anon):
        # the shared settings list SessionAuthentication first, so DRF answers 403 rather than 401 here
        assert api_anon.get("/api/v1/programs/").status_code in (401, 403)

    def test_list_constant_queries(self, api_admin, django_assert_max_num_queries):
        def make(n):
            for _ in range(n):
                p = ProgramFactory()
                complete_goals(p)
                services.program_course_set(program=p, by=None, course=CourseFactory())
        make(3)
        with django_assert_max_num_queries(8) as ctx:
            assert api_admin.get("/api/v1/programs/").status_code == 200
        first = len(ctx.captured_queries)
        make(20)
        with django_assert_max_num_queries(first):
            r = api_admin.get("/api/v1/programs/")
        assert r.status_code == 200 and r.json()["count"] == 23


@pytest.mark.django_db(transaction=True)
def test_parallel_approvals_leave_one_approved(admin_user):
    """Two versions of one programme approved at the same moment: exactly one stays approved."""
    v1 = _approved()
    v2 = services.program_new_version(program=v1, by=admin_user)
    services.program_submit(program=v2, by=admin_user)
    # a third version cannot be drafted while v2 is open, so a sibling in review is made directly
    v3 = Program.objects.create(major=v1.major, cohort_year=v1.cohort_year, title=v1.title, version=3,
                                status=ProgramStatus.IN_REVIEW)
    barrier = threading.Barrier(2)
    outcomes = []

    def approve(p):
        try:
            barrier.wait()
            services.program_approve(program=Program.objects.get(pk=p.pk), by=admin_user)
            outcomes.append("ok")
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
            outcomes.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(p,)) for p in (v2, v3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcomes == ["ok", "ok"]
    statuses = sorted(Program.objects.filter(major=v1.major).values_list("status", flat=True))
    assert statuses == ["approved", "superseded", "superseded"]
    assert ProgramComment.objects.count() == 0
