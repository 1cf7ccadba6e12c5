"""Faculty records kept in the platform rather than Django admin: teachers' awards, part-time instructors,
their teaching assignments and the evaluations of that teaching (issue 20 item 4).

Each has its API (scope per role, 404 across tenants, 403 in scope but not allowed, 400 bad input, 409 in
use), its list page with a constant number of queries, and create/edit/delete pages."""
from decimal import Decimal

import pytest
from django.utils import timezone

from faculty import services
from faculty.models import InstructorEvaluation, PartTimeInstructor, TeacherAward, TeachingAssignment
from tests.faculty.factories import (
    CourseFactory,
    PartTimeInstructorFactory,
    TeacherProfileFactory,
    TeachingAssignmentFactory,
)

pytestmark = pytest.mark.django_db
AWARDS = "/api/v1/teacher-awards/"
INSTRUCTORS = "/api/v1/part-time-instructors/"
ASSIGNMENTS = "/api/v1/teaching-assignments/"
EVALUATIONS = "/api/v1/instructor-evaluations/"


@pytest.fixture
def profile(teacher):
    return services.teacher_profile_ensure(user=teacher)


@pytest.fixture
def profile2(teacher2):
    return services.teacher_profile_ensure(user=teacher2)


@pytest.fixture
def award(profile):
    return services.award_create(profile=profile, title="省教学能力比赛一等奖", year=2025, level="provincial",
                                 incentive_cny=Decimal("3000"))


@pytest.fixture
def assignment(teacher, enterprise_org):
    return TeachingAssignmentFactory(mentor=teacher, instructor=PartTimeInstructorFactory(enterprise=enterprise_org))


def body(response) -> dict:
    return response.json()


# --- awards ---------------------------------------------------------------------------------------------

class TestAwardsApi:
    def test_teacher_records_own_award_and_not_the_incentive(self, api_teacher, teacher, profile):
        r = api_teacher.post(AWARDS, {"title": "全国微课大赛二等奖", "year": 2025, "level": "national"})
        assert r.status_code == 201, r.content
        award = TeacherAward.objects.get(pk=r.json()["id"])
        assert award.profile == profile and award.incentive_cny == 0
        # The incentive is money the college pays: a teacher's figure is refused field by field.
        r = api_teacher.post(AWARDS, {"title": "x", "year": 2025, "level": "college", "incentive_cny": "9999"})
        assert r.status_code == 400 and "incentive_cny" in r.json()["errors"]
        assert api_teacher.patch(f"{AWARDS}{award.pk}/", {"incentive_cny": "100"}).status_code == 400
        assert api_teacher.patch(f"{AWARDS}{award.pk}/", {"title": "全国微课大赛一等奖"}).status_code == 200

    def test_a_teacher_cannot_put_an_award_on_another_teacher(self, api_teacher, profile, profile2):
        r = api_teacher.post(AWARDS, {"title": "x", "year": 2025, "level": "college", "profile": profile2.pk})
        assert r.status_code == 201
        assert TeacherAward.objects.get(pk=r.json()["id"]).profile == profile

    def test_admin_sets_incentive_for_any_teacher(self, api_admin, profile2):
        r = api_admin.post(AWARDS, {"title": "市级优秀教师", "year": 2025, "level": "municipal",
                                    "incentive_cny": "2000.00", "profile": profile2.pk})
        assert r.status_code == 201 and r.json()["incentive_cny"] == "2000.00"
        assert api_admin.post(AWARDS, {"title": "x", "year": 2025, "level": "municipal"}).status_code == 400

    def test_scope_per_role(self, api_teacher, api_teacher2, api_enterprise, api_student, award):
        url = f"{AWARDS}{award.pk}/"
        assert api_teacher.get(url).status_code == 200
        for client in (api_teacher2, api_enterprise, api_student):
            assert client.get(url).status_code == 404
            assert client.delete(url).status_code == 404
        assert api_enterprise.post(AWARDS, {"title": "x", "year": 2025, "level": "college"}).status_code == 403

    def test_bad_input(self, api_teacher, profile):
        for bad in ({"title": "x", "year": 1999, "level": "college"},
                    {"title": "x", "year": 2025, "level": "galactic"},
                    {"title": "", "year": 2025, "level": "college"},
                    {"title": "x", "year": "soon", "level": "college"}):
            assert api_teacher.post(AWARDS, bad).status_code == 400, bad
        assert api_teacher.get(f"{AWARDS}?year=0").status_code == 400
        assert TeacherAward.objects.count() == 0

    def test_owner_deletes(self, api_teacher, award):
        assert api_teacher.delete(f"{AWARDS}{award.pk}/").status_code == 204
        assert not TeacherAward.objects.exists()


# --- part-time instructors ------------------------------------------------------------------------------

class TestInstructorsApi:
    def test_delete_only_when_unreferenced_else_archive(self, api_admin, assignment, enterprise_org):
        used = assignment.instructor
        r = api_admin.delete(f"{INSTRUCTORS}{used.pk}/")
        assert r.status_code == 409 and r.json()["code"] == "in_use"
        assert PartTimeInstructor.objects.filter(pk=used.pk).exists()
        # is_active is no longer written: archiving is the catalogue's step (core/catalogue.py)
        r = api_admin.patch(f"{INSTRUCTORS}{used.pk}/", {"is_active": False})
        assert r.status_code == 400 and "is_active" in r.json()["errors"]
        r = api_admin.post(f"{INSTRUCTORS}{used.pk}/archive/")
        assert r.status_code == 200 and r.json()["is_active"] is False and r.json()["archived_at"]
        used.refresh_from_db()
        assert used.is_archived and not used.is_active
        assert api_admin.post(f"{INSTRUCTORS}{used.pk}/archive/").status_code == 409
        assert api_admin.post(f"{INSTRUCTORS}{used.pk}/restore/").json()["is_active"] is True
        fresh = PartTimeInstructorFactory(enterprise=enterprise_org)
        assert api_admin.delete(f"{INSTRUCTORS}{fresh.pk}/").status_code == 204

    def test_archived_instructor_gets_no_new_teaching(self, api_admin, enterprise_org):
        archived = PartTimeInstructorFactory(enterprise=enterprise_org, archived_at=timezone.now())
        r = api_admin.post(ASSIGNMENTS, {"instructor": archived.pk, "course": CourseFactory().pk, "term": "2025-2026-1",
                                         "hours": "8"})
        assert r.status_code == 409

    def test_enterprise_reads_its_own_never_writes(self, api_enterprise, api_other_enterprise, enterprise_org):
        instructor = PartTimeInstructorFactory(enterprise=enterprise_org)
        assert api_enterprise.get(f"{INSTRUCTORS}{instructor.pk}/").status_code == 200
        assert api_enterprise.delete(f"{INSTRUCTORS}{instructor.pk}/").status_code == 403
        assert api_other_enterprise.delete(f"{INSTRUCTORS}{instructor.pk}/").status_code == 404

    def test_bad_input(self, api_admin, enterprise_org):
        for bad in ({"name": "x", "enterprise": enterprise_org.pk, "hourly_rate": "-1"},
                    {"name": "x", "enterprise": 999999, "hourly_rate": "1"},
                    {"name": "x", "enterprise": enterprise_org.pk, "hourly_rate": "abc"},
                    {"name": "x", "enterprise": enterprise_org.pk, "hourly_rate": "1", "email": "no-at"}):
            assert api_admin.post(INSTRUCTORS, bad).status_code == 400, bad
        assert not PartTimeInstructor.objects.exists()


class TestAssignmentsAndEvaluationsApi:
    def test_evaluated_assignment_is_in_use(self, api_admin, api_teacher, assignment):
        assert api_teacher.post(EVALUATIONS, {"assignment": assignment.pk, "score": "88"}).status_code == 201
        r = api_admin.delete(f"{ASSIGNMENTS}{assignment.pk}/")
        assert r.status_code == 409 and r.json()["code"] == "in_use"
        assert TeachingAssignment.objects.filter(pk=assignment.pk).exists()

    def test_evaluations_resource(self, api_teacher, api_teacher2, api_admin, api_enterprise, api_other_enterprise,
                                  api_student, assignment, teacher):
        r = api_teacher.post(EVALUATIONS, {"assignment": assignment.pk, "score": "86.5", "comment": "案例贴近行业"})
        assert r.status_code == 201, r.content
        evaluation = InstructorEvaluation.objects.get(pk=r.json()["id"])
        assert evaluation.evaluator == teacher
        url = f"{EVALUATIONS}{evaluation.pk}/"
        # The instructor's enterprise reads how its staff's teaching was judged; nobody else outside it does.
        assert api_enterprise.get(url).status_code == 200
        for client in (api_other_enterprise, api_student, api_teacher2):
            assert client.get(url).status_code == 404
        assert api_enterprise.patch(url, {"score": "100"}).status_code == 403
        # Once per evaluator (409), the author corrects it, a score beyond 100 is a field error.
        assert api_teacher.post(EVALUATIONS, {"assignment": assignment.pk, "score": "90"}).status_code == 409
        assert api_teacher.patch(url, {"score": "101"}).status_code == 400
        assert api_teacher.patch(url, {"score": "90", "assignment": 0}).status_code == 200
        evaluation.refresh_from_db()
        assert evaluation.score == Decimal("90") and evaluation.assignment == assignment
        # An evaluation is the record of that teaching: corrected, never deleted.
        assert api_admin.delete(url).status_code == 405
        assert InstructorEvaluation.objects.filter(pk=evaluation.pk).exists()

    def test_who_may_evaluate(self, api_teacher2, api_enterprise, api_teacher, assignment):
        # teacher2 does not see the assignment (400: it "does not exist" for them); the enterprise sees it but
        # does not evaluate (403).
        assert api_teacher2.post(EVALUATIONS, {"assignment": assignment.pk, "score": "80"}).status_code in (400, 403)
        assert api_enterprise.post(EVALUATIONS, {"assignment": assignment.pk, "score": "80"}).status_code == 403
        assert api_teacher.post(EVALUATIONS, {"assignment": assignment.pk, "score": "x"}).status_code == 400
        assert api_teacher.post(EVALUATIONS, {"score": "80"}).status_code == 400
        assert not InstructorEvaluation.objects.exists()

    def test_list_queries_constant(self, api_admin, teacher, django_assert_max_num_queries):
        def grow(n):
            for _ in range(n):
                a = TeachingAssignmentFactory(mentor=teacher)
                services.evaluation_create(assignment=a, by=teacher, score=Decimal("80"))
                services.award_create(profile=TeacherProfileFactory(), title="奖", year=2025, level="college")
        grow(2)
        budgets = {}
        for url in (EVALUATIONS, AWARDS):
            with django_assert_max_num_queries(12) as ctx:
                assert api_admin.get(url).status_code == 200
            budgets[url] = len(ctx.captured_queries)
        grow(12)
        for url in (EVALUATIONS, AWARDS):
            with django_assert_max_num_queries(budgets[url]):
                r = api_admin.get(url)
                assert r.status_code == 200 and r.json()["count"] == 14


# --- pages ----------------------------------------------------------------------------------------------

PAGES = ["/faculty/instructors/", "/faculty/teaching/", "/faculty/evaluations/", "/faculty/awards/"]


def test_pages_constant_queries(web, admin_user, teacher, enterprise_org, django_assert_max_num_queries):
    def grow(n):
        for _ in range(n):
            instructor = PartTimeInstructorFactory(enterprise=enterprise_org)
            a = TeachingAssignmentFactory(mentor=teacher, instructor=instructor)
            services.evaluation_create(assignment=a, by=teacher, score=Decimal("75"))
            services.award_create(profile=services.teacher_profile_ensure(user=teacher), title="奖", year=2024,
                                  level="college")
    grow(2)
    budgets = {}
    for user in (admin_user, teacher):
        client = web.login_as(user)
        for url in PAGES:
            with django_assert_max_num_queries(40) as ctx:
                assert client.get(url).status_code in (200, 403)
            budgets[user.pk, url] = len(ctx.captured_queries)
    grow(15)
    for user in (admin_user, teacher):
        client = web.login_as(user)
        for url in PAGES:
            with django_assert_max_num_queries(budgets[user.pk, url] + 1):
                assert client.get(url).status_code in (200, 403)


def test_instructor_pages_create_edit_delete(web, admin_user, enterprise_org, assignment):
    c = web.login_as(admin_user)
    assert c.get("/faculty/instructors/new/").status_code == 200
    r = c.post("/faculty/instructors/new/", {"name": "王导", "enterprise": enterprise_org.pk, "hourly_rate": "350"})
    assert r.status_code == 302
    created = PartTimeInstructor.objects.get(name="王导")
    # Bad input stays on the form (400), nothing written.
    r = c.post(f"/faculty/instructors/{created.pk}/edit/", {"name": "王导", "enterprise": enterprise_org.pk,
                                                            "hourly_rate": "-5"})
    assert r.status_code == 400
    created.refresh_from_db()
    assert created.hourly_rate == Decimal("350")
    r = c.post(f"/faculty/instructors/{created.pk}/edit/", {"name": "王导", "enterprise": enterprise_org.pk,
                                                            "hourly_rate": "360"})
    assert r.status_code == 302
    created.refresh_from_db()
    assert created.is_active and created.hourly_rate == Decimal("360")  # an edit does not archive
    # Archive and restore are the list's steps, as for every catalogue.
    assert c.post(f"/faculty/instructors/{created.pk}/archive/").status_code == 302
    created.refresh_from_db()
    assert created.is_archived
    assert "instructor_action" not in c.get("/faculty/instructors/").content.decode()  # no url name leaks
    assert f"/faculty/instructors/{created.pk}/restore/" in c.get("/faculty/instructors/").content.decode()
    assert c.post(f"/faculty/instructors/{created.pk}/restore/").status_code == 302
    created.refresh_from_db()
    assert not created.is_archived
    # One who taught stays (a message says why); one who never did goes.
    c.post(f"/faculty/instructors/{assignment.instructor.pk}/delete/")
    assert PartTimeInstructor.objects.filter(pk=assignment.instructor.pk).exists()
    assert c.post(f"/faculty/instructors/{created.pk}/delete/").status_code == 302
    assert not PartTimeInstructor.objects.filter(pk=created.pk).exists()


def test_assignment_and_evaluation_pages(web, admin_user, teacher, teacher2, assignment, enterprise_user):
    c = web.login_as(admin_user)
    r = c.post("/faculty/teaching/new/", {"instructor": assignment.instructor.pk, "course": assignment.course.pk,
                                          "term": assignment.term, "hours": "4"})
    assert r.status_code == 400  # the same instructor, course and term twice
    r = c.post(f"/faculty/teaching/{assignment.pk}/edit/", {"term": assignment.term, "hours": "10", "rate": "100",
                                                            "mentor": teacher.pk})
    assert r.status_code == 302
    assignment.refresh_from_db()
    assert assignment.pay == Decimal("1000.00")
    t = web.login_as(teacher)
    assert t.get(f"/faculty/teaching/{assignment.pk}/evaluate/").status_code == 200
    assert t.post(f"/faculty/teaching/{assignment.pk}/evaluate/", {"score": "120"}).status_code == 400
    assert t.post(f"/faculty/teaching/{assignment.pk}/evaluate/", {"score": "93", "comment": "好"}).status_code == 302
    evaluation = InstructorEvaluation.objects.get(assignment=assignment)
    assert t.get(f"/faculty/evaluations/{evaluation.pk}/edit/").status_code == 200
    assert web.login_as(teacher2).get(f"/faculty/teaching/{assignment.pk}/evaluate/").status_code == 404
    assert web.login_as(enterprise_user).get(f"/faculty/evaluations/{evaluation.pk}/edit/").status_code == 403
    # The assignment now has an evaluation: deleting it is refused, the row stays; one never evaluated goes.
    # (``web`` is one browser: each login_as switches who is signed in.)
    c = web.login_as(admin_user)
    assert c.post(f"/faculty/teaching/{assignment.pk}/delete/").status_code == 302
    assert TeachingAssignment.objects.filter(pk=assignment.pk).exists()
    fresh = TeachingAssignmentFactory(instructor=assignment.instructor)
    assert c.post(f"/faculty/teaching/{fresh.pk}/delete/").status_code == 302
    assert not TeachingAssignment.objects.filter(pk=fresh.pk).exists()


def test_award_pages(web, teacher, teacher2, admin_user, award, profile2):
    t = web.login_as(teacher)
    page = t.get("/faculty/awards/")
    assert page.status_code == 200 and award.title in page.content.decode()
    assert "incentive_cny" not in t.get("/faculty/awards/new/").content.decode()
    r = t.post("/faculty/awards/new/", {"title": "院级优秀教师", "year": "2025", "level": "college"})
    assert r.status_code == 302
    assert t.post("/faculty/awards/new/", {"title": "x", "year": "1800", "level": "college"}).status_code == 400
    assert web.login_as(teacher2).get(f"/faculty/awards/{award.pk}/edit/").status_code == 404
    a = web.login_as(admin_user)
    r = a.post("/faculty/awards/new/", {"profile": profile2.pk, "title": "市级奖", "year": "2025", "level": "municipal",
                                        "incentive_cny": "1500"})
    assert r.status_code == 302
    assert TeacherAward.objects.get(title="市级奖").profile == profile2
    # The teacher deletes their own (``web`` is one browser: sign the teacher in again).
    t = web.login_as(teacher)
    assert t.post(f"/faculty/awards/{award.pk}/delete/").status_code == 302
    assert not TeacherAward.objects.filter(pk=award.pk).exists()


class TestInstructorRoster:
    """The roster is a catalogue (core/catalogue.py): archived instructors keep their teaching, are offered for
    no new one and are hidden from teachers, exactly as the inactive ones were."""

    def test_teacher_sees_only_the_current_roster(self, api_teacher, enterprise_org):
        current = PartTimeInstructorFactory(enterprise=enterprise_org)
        gone = PartTimeInstructorFactory(enterprise=enterprise_org, archived_at=timezone.now())
        ids = {r["id"] for r in api_teacher.get(INSTRUCTORS).json()["results"]}
        assert current.pk in ids and gone.pk not in ids

    def test_archived_filter_and_picker(self, api_admin, web, admin_user, enterprise_org):
        current = PartTimeInstructorFactory(enterprise=enterprise_org)
        gone = PartTimeInstructorFactory(enterprise=enterprise_org, archived_at=timezone.now())
        rows = api_admin.get(f"{INSTRUCTORS}?archived=true").json()["results"]
        assert [r["id"] for r in rows] == [gone.pk]
        from faculty.forms import AssignmentForm

        offered = set(AssignmentForm().fields["instructor"].queryset.values_list("pk", flat=True))
        assert current.pk in offered and gone.pk not in offered

    def test_only_the_college_archives(self, api_enterprise, api_teacher, enterprise_org):
        instructor = PartTimeInstructorFactory(enterprise=enterprise_org)
        assert api_enterprise.post(f"{INSTRUCTORS}{instructor.pk}/archive/").status_code == 403
        assert api_teacher.post(f"{INSTRUCTORS}{instructor.pk}/archive/").status_code == 403
        instructor.refresh_from_db()
        assert not instructor.is_archived

    def test_export_says_active_as_before(self, admin_user, enterprise_org):
        from reports.services import export_request, job_run

        PartTimeInstructorFactory(enterprise=enterprise_org, name="甲", archived_at=timezone.now())
        PartTimeInstructorFactory(enterprise=enterprise_org, name="乙")
        job = export_request(user=admin_user, spec_name="part_time_instructors", columns=["name", "is_active"],
                             file_format="csv", language="en")
        job_run(job.pk)
        job.refresh_from_db()
        with job.result.open("rb") as fh:
            lines = fh.read().decode("utf-8-sig").split()
        assert lines[0] == "Name,Active" and sorted(lines[1:]) == sorted(["甲,No", "乙,Yes"])


@pytest.mark.django_db(transaction=True)
def test_migration_archives_the_inactive_and_back():
    """0005 keeps the data: an inactive instructor comes out archived (dated by its last change), and back."""
    from django.core.management import call_command
    from django.db import connection

    from accounts.choices import OrganizationKind
    from tests.accounts.factories import OrganizationFactory

    call_command("migrate", "faculty", "0004", verbosity=0)
    try:
        org = OrganizationFactory(kind=OrganizationKind.ENTERPRISE)
        with connection.cursor() as cur:
            for name, active in (("在职", True), ("离任", False)):
                cur.execute(
                    "INSERT INTO faculty_parttimeinstructor (name, enterprise_id, position, expertise, phone, email,"
                    " hourly_rate, is_active, created_at, updated_at) VALUES (%s, %s, '', '', '', '', 300, %s,"
                    " now(), '2025-01-02 03:04:05+00')", [name, org.pk, active])
        call_command("migrate", "faculty", verbosity=0)
        rows = dict(PartTimeInstructor.objects.values_list("name", "archived_at"))
        assert rows["在职"] is None and rows["离任"] is not None and rows["离任"].year == 2025
        call_command("migrate", "faculty", "0004", verbosity=0)
        with connection.cursor() as cur:
            cur.execute("SELECT name, is_active FROM faculty_parttimeinstructor ORDER BY name")
            assert dict(cur.fetchall()) == {"在职": True, "离任": False}
    finally:
        call_command("migrate", "faculty", verbosity=0)
