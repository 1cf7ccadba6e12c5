"""API: scope per role (404 out of scope, 403 in scope but not allowed), transitions (409), bad input (400)."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from faculty import services
from faculty.choices import PlacementStatus
from faculty.models import TeacherPlacement
from tests.faculty.factories import (
    PartTimeInstructorFactory,
    TeacherPlacementFactory,
    TeacherProfileFactory,
    TeachingAssignmentFactory,
    TrainingRecordFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/teacher-placements/"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def profile(teacher):
    return services.teacher_profile_ensure(user=teacher)


@pytest.fixture
def submitted(profile, enterprise_org):
    return TeacherPlacementFactory(teacher=profile, host=enterprise_org, status=PlacementStatus.SUBMITTED)


def ok(response) -> dict:
    """The body of a 200 answer; a query count measured on a 403 or 404 would prove nothing."""
    assert response.status_code == 200, response.content[:200]
    return response.json()


def placement_data(host, **extra):
    return {"host": host.pk, "start_date": "2025-07-01", "end_date": "2025-07-31", "days": 22,
            "role": "虚拟拍摄技术指导", "project": "《星河》虚拟制片", **extra}


class TestPlacementApi:
    def test_teacher_records_and_submits(self, api_teacher, teacher, enterprise_org):
        r = api_teacher.post(URL, placement_data(enterprise_org))
        assert r.status_code == 201, r.json()
        body = r.json()
        assert body["status"] == "draft" and body["teacher_name"] == str(teacher)
        r = api_teacher.post(f"{URL}{body['id']}/submit/")
        assert r.status_code == 200 and r.json()["status"] == "submitted"
        assert api_teacher.post(f"{URL}{body['id']}/submit/").status_code == 409

    def test_evidence_upload_checked_by_content_and_size(self, api_teacher, enterprise_org, settings):
        fake = SimpleUploadedFile("evidence.pdf", b"MZ this is not a pdf" * 10, content_type="application/pdf")
        r = api_teacher.post(URL, placement_data(enterprise_org, evidence=fake), format="multipart")
        assert r.status_code == 400 and "evidence" in r.json()["errors"]
        settings.UPLOAD_MAX_BYTES = 10
        real = SimpleUploadedFile("evidence.pdf", PDF, content_type="application/pdf")
        r = api_teacher.post(URL, placement_data(enterprise_org, evidence=real), format="multipart")
        assert r.status_code == 400 and "evidence" in r.json()["errors"]
        settings.UPLOAD_MAX_BYTES = 10 * 1024 * 1024
        real = SimpleUploadedFile("evidence.pdf", PDF, content_type="application/pdf")
        r = api_teacher.post(URL, placement_data(enterprise_org, evidence=real), format="multipart")
        assert r.status_code == 201

    @pytest.mark.parametrize("extra,field", [
        ({"days": 40}, "days"),
        ({"end_date": "2025-06-01"}, "end_date"),
        ({"days": "many"}, "days"),
        ({"start_date": "not a date"}, "start_date"),
    ])
    def test_bad_input_400(self, api_teacher, enterprise_org, extra, field):
        r = api_teacher.post(URL, placement_data(enterprise_org, **extra))
        assert r.status_code == 400
        assert field in r.json()["errors"]

    def test_host_must_be_enterprise_400(self, api_teacher, department):
        r = api_teacher.post(URL, placement_data(department))
        assert r.status_code == 400 and "host" in r.json()["errors"]

    def test_roles_that_cannot_create(self, api_student, api_enterprise, enterprise_org, api_anon):
        assert api_student.post(URL, placement_data(enterprise_org)).status_code == 403
        assert api_enterprise.post(URL, placement_data(enterprise_org)).status_code == 403
        assert api_anon.post(URL, placement_data(enterprise_org)).status_code in (401, 403)

    def test_host_enterprise_confirms_other_enterprise_404(self, api_enterprise, api_other_enterprise, submitted):
        assert api_other_enterprise.get(f"{URL}{submitted.pk}/").status_code == 404
        assert api_other_enterprise.post(f"{URL}{submitted.pk}/confirm/").status_code == 404
        r = api_enterprise.post(f"{URL}{submitted.pk}/confirm/")
        assert r.status_code == 200 and r.json()["status"] == "confirmed"
        assert api_enterprise.post(f"{URL}{submitted.pk}/confirm/").status_code == 409

    def test_teacher_cannot_confirm_own_403(self, api_teacher, submitted):
        assert api_teacher.post(f"{URL}{submitted.pk}/confirm/").status_code == 403

    def test_other_teacher_404(self, api_teacher2, submitted):
        assert api_teacher2.get(f"{URL}{submitted.pk}/").status_code == 404

    def test_enterprise_does_not_see_drafts(self, api_enterprise, profile, enterprise_org):
        draft = TeacherPlacementFactory(teacher=profile, host=enterprise_org)
        assert api_enterprise.get(f"{URL}{draft.pk}/").status_code == 404

    def test_return_needs_reason(self, api_enterprise, submitted):
        r = api_enterprise.post(f"{URL}{submitted.pk}/return/", {})
        assert r.status_code == 400 and "reason" in r.json()["errors"]
        r = api_enterprise.post(f"{URL}{submitted.pk}/return/", {"reason": "缺少考勤记录"})
        assert r.status_code == 200 and r.json()["return_reason"] == "缺少考勤记录"

    def test_count_by_admin_only(self, api_admin, api_enterprise, api_teacher, submitted):
        assert api_admin.post(f"{URL}{submitted.pk}/count/").status_code == 409  # not yet confirmed
        api_enterprise.post(f"{URL}{submitted.pk}/confirm/")
        assert api_enterprise.post(f"{URL}{submitted.pk}/count/").status_code == 403
        assert api_teacher.post(f"{URL}{submitted.pk}/count/").status_code == 403
        assert api_admin.post(f"{URL}{submitted.pk}/count/").json()["status"] == "counted"

    def test_admin_does_not_confirm_for_the_enterprise(self, api_admin, submitted):
        assert api_admin.post(f"{URL}{submitted.pk}/confirm/").status_code == 403

    def test_edit_only_when_editable(self, api_teacher, submitted, profile, enterprise_org):
        assert api_teacher.patch(f"{URL}{submitted.pk}/", {"days": 5}).status_code == 409
        draft = TeacherPlacementFactory(teacher=profile, host=enterprise_org, start_date=dt.date(2024, 1, 1),
                                        end_date=dt.date(2024, 1, 10), days=5)
        assert api_teacher.patch(f"{URL}{draft.pk}/", {"days": 8}).json()["days"] == 8
        assert api_teacher.delete(f"{URL}{submitted.pk}/").status_code == 409
        assert api_teacher.delete(f"{URL}{draft.pk}/").status_code == 204

    def test_overlap_409(self, api_teacher, submitted, enterprise_org):
        r = api_teacher.post(URL, placement_data(enterprise_org, start_date="2025-03-15", end_date="2025-04-15"))
        r = api_teacher.post(f"{URL}{r.json()['id']}/submit/")
        assert r.status_code == 409 and r.json()["code"] == "overlap"

    def test_list_query_count_constant(self, api_admin, enterprise_org, django_assert_max_num_queries):
        def make(n, offset):
            for i in range(n):
                day = dt.date(2020, 1, 1) + dt.timedelta(days=offset + i)
                TeacherPlacementFactory(host=enterprise_org, start_date=day, end_date=day, days=1)
        make(3, 0)
        with django_assert_max_num_queries(6) as ctx:
            assert api_admin.get(URL).status_code == 200
        bound = len(ctx.captured_queries)
        make(20, 10)
        with django_assert_max_num_queries(bound):
            assert ok(api_admin.get(URL))["count"] == 23


class TestTeachersApi:
    def test_teacher_sees_own_profile_with_standing(self, api_teacher, api_teacher2, profile):
        r = api_teacher.get("/api/v1/teachers/")
        [row] = r.json()["results"]
        assert row["standing"]["status"] in ("on_track", "at_risk", "behind")
        assert row["dual_qualified"]["qualified"] is False
        assert api_teacher2.get(f"/api/v1/teachers/{profile.pk}/").status_code == 404

    def test_teacher_edits_own_not_create(self, api_teacher, profile, teacher2):
        r = api_teacher.patch(f"/api/v1/teachers/{profile.pk}/", {"subjects": ["剪辑"], "industry_years": 4})
        assert r.status_code == 200 and r.json()["subjects"] == ["剪辑"]
        # Years in industry are evidence: declared, not counted until a college admin verifies them
        # (issue 18 item 6; tests/faculty/test_evidence.py). This test used to let them count at once.
        assert r.json()["industry_years"] == 0
        assert api_teacher.get(f"/api/v1/teachers/{profile.pk}/").json()["dual_qualified"]["qualified"] is False
        assert r.json()["industry_years_declaration"]["status"] == "pending"
        assert api_teacher.post("/api/v1/teachers/", {"user": teacher2.pk}).status_code == 403

    def test_admin_creates_only_for_teachers(self, api_admin, student, teacher2, department):
        assert api_admin.post("/api/v1/teachers/", {"user": student.pk}).status_code == 400
        r = api_admin.post("/api/v1/teachers/", {"user": teacher2.pk, "department": department.pk})
        assert r.status_code == 201

    def test_enterprise_sees_hosted_teachers_only(self, api_enterprise, api_other_enterprise, submitted):
        assert api_enterprise.get(f"/api/v1/teachers/{submitted.teacher_id}/").status_code == 200
        assert api_other_enterprise.get(f"/api/v1/teachers/{submitted.teacher_id}/").status_code == 404
        r = api_enterprise.patch(f"/api/v1/teachers/{submitted.teacher_id}/", {"industry_years": 9})
        assert r.status_code == 403

    def test_dual_ratios(self, api_admin, profile):
        TeacherProfileFactory(industry_years=5)
        body = api_admin.get("/api/v1/teachers/dual-ratios/").json()
        assert body["college"]["total"] == 2 and body["college"]["qualified"] == 1

    def test_list_query_count_constant(self, api_admin, django_assert_max_num_queries):
        for _ in range(3):
            TeacherProfileFactory()
        with django_assert_max_num_queries(10) as ctx:
            assert api_admin.get("/api/v1/teachers/").status_code == 200
        bound = len(ctx.captured_queries)
        for _ in range(20):
            TeacherProfileFactory()
        with django_assert_max_num_queries(bound):
            assert ok(api_admin.get("/api/v1/teachers/"))["count"] == 23


class TestTrainingsApi:
    def test_teacher_records_own(self, api_teacher, api_teacher2):
        data = {"kind": "aigc_training", "title": "Sora 视频生成工作坊", "start_date": "2025-05-01",
                "end_date": "2025-05-02", "hours": "12.5"}
        r = api_teacher.post("/api/v1/trainings/", data)
        assert r.status_code == 201
        assert api_teacher2.get(f"/api/v1/trainings/{r.json()['id']}/").status_code == 404
        assert api_teacher.post("/api/v1/trainings/", {**data, "hours": "0"}).status_code == 400
        assert api_teacher.post("/api/v1/trainings/", {**data, "end_date": "2025-04-01"}).status_code == 400

    def test_enterprise_and_student_cannot(self, api_enterprise, api_student):
        assert api_enterprise.get("/api/v1/trainings/").json()["count"] == 0
        assert api_student.post("/api/v1/trainings/", {}).status_code == 403

    def test_list_query_count_constant(self, api_admin, django_assert_max_num_queries):
        TrainingRecordFactory.create_batch(3)
        with django_assert_max_num_queries(6) as ctx:
            assert api_admin.get("/api/v1/trainings/").status_code == 200
        TrainingRecordFactory.create_batch(20)
        with django_assert_max_num_queries(len(ctx.captured_queries)):
            assert ok(api_admin.get("/api/v1/trainings/"))["count"] == 23


class TestInstructorsAndAssignments:
    def test_admin_creates_instructor_and_assignment_with_pay(self, api_admin, enterprise_org):
        r = api_admin.post("/api/v1/part-time-instructors/", {"name": "周导演", "enterprise": enterprise_org.pk,
                                                              "hourly_rate": "450.50", "phone": "13900001111"})
        assert r.status_code == 201
        course = TeachingAssignmentFactory().course
        r2 = api_admin.post("/api/v1/teaching-assignments/", {"instructor": r.json()["id"], "course": course.pk,
                                                              "term": "2025-2026-1", "hours": "3.5"})
        assert r2.status_code == 201, r2.json()
        assert r2.json()["pay"] == "1576.75" and r2.json()["rate"] == "450.50"
        dup = api_admin.post("/api/v1/teaching-assignments/", {"instructor": r.json()["id"], "course": course.pk,
                                                               "term": "2025-2026-1", "hours": "2"})
        assert dup.status_code == 400
        bad = api_admin.post("/api/v1/teaching-assignments/", {"instructor": r.json()["id"], "course": course.pk,
                                                               "term": "autumn", "hours": "2"})
        assert bad.status_code == 400 and "term" in bad.json()["errors"]

    def test_instructor_enterprise_must_be_enterprise(self, api_admin, department):
        r = api_admin.post("/api/v1/part-time-instructors/", {"name": "x", "enterprise": department.pk,
                                                              "hourly_rate": "1"})
        assert r.status_code == 400

    def test_scope_and_masking(self, api_enterprise, api_other_enterprise, api_teacher, enterprise_org):
        instructor = PartTimeInstructorFactory(enterprise=enterprise_org)
        assert api_enterprise.get(f"/api/v1/part-time-instructors/{instructor.pk}/").json()["phone"] == "13812345678"
        assert api_other_enterprise.get(f"/api/v1/part-time-instructors/{instructor.pk}/").status_code == 404
        assert api_teacher.get(f"/api/v1/part-time-instructors/{instructor.pk}/").json()["phone"] == "138****5678"
        assert api_enterprise.patch(f"/api/v1/part-time-instructors/{instructor.pk}/",
                                    {"hourly_rate": "999"}).status_code == 403

    def test_evaluation_by_mentor(self, api_teacher, api_teacher2, teacher, api_enterprise, enterprise_org):
        a = TeachingAssignmentFactory(mentor=teacher, instructor=PartTimeInstructorFactory(enterprise=enterprise_org))
        url = f"/api/v1/teaching-assignments/{a.pk}/evaluate/"
        assert api_teacher2.post(url, {"score": "90"}).status_code == 404
        assert api_enterprise.post(url, {"score": "90"}).status_code == 403
        assert api_teacher.post(url, {"score": "101"}).status_code == 400
        assert api_teacher.post(url, {"score": "92.5", "comment": "案例贴近行业"}).status_code == 201
        assert api_teacher.post(url, {"score": "80"}).status_code == 409
        assert api_teacher.get(f"/api/v1/teaching-assignments/{a.pk}/").json()["average_score"] == "92.50"

    def test_assignment_list_query_count_constant(self, api_admin, django_assert_max_num_queries):
        TeachingAssignmentFactory.create_batch(3)
        with django_assert_max_num_queries(8) as ctx:
            assert api_admin.get("/api/v1/teaching-assignments/").status_code == 200
        TeachingAssignmentFactory.create_batch(20)
        with django_assert_max_num_queries(len(ctx.captured_queries)):
            assert ok(api_admin.get("/api/v1/teaching-assignments/"))["count"] == 23

    def test_instructor_list_query_count_constant(self, api_admin, django_assert_max_num_queries):
        TeachingAssignmentFactory.create_batch(3)
        with django_assert_max_num_queries(6) as ctx:
            assert api_admin.get("/api/v1/part-time-instructors/").status_code == 200
        TeachingAssignmentFactory.create_batch(20)
        with django_assert_max_num_queries(len(ctx.captured_queries)):
            assert ok(api_admin.get("/api/v1/part-time-instructors/"))["count"] == 23


class TestAssessmentsApi:
    def test_admin_computes_teacher_reads_own(self, api_admin, api_teacher, api_teacher2, profile):
        r = api_admin.post("/api/v1/assessments/", {"year": 2025})
        assert r.status_code == 201
        assert api_teacher.get("/api/v1/assessments/").json()["count"] == 1
        assert api_teacher2.get("/api/v1/assessments/").json()["count"] == 0
        assert api_teacher.post("/api/v1/assessments/", {"year": 2025}).status_code == 403
        assert api_admin.post("/api/v1/assessments/", {"year": "x"}).status_code == 400

    def test_export_xlsx(self, api_admin, profile):
        services.assessment_compute(year=2025)
        r = api_admin.get("/api/v1/assessments/export/?year=2025")
        assert r.status_code == 200 and r.content[:2] == b"PK"

    def test_list_query_count_constant(self, api_admin, django_assert_max_num_queries):
        for _ in range(3):
            TeacherProfileFactory()
        services.assessment_compute(year=2025)
        with django_assert_max_num_queries(6) as ctx:
            assert api_admin.get("/api/v1/assessments/").status_code == 200
        for _ in range(20):
            TeacherProfileFactory()
        services.assessment_compute(year=2025)
        with django_assert_max_num_queries(len(ctx.captured_queries)):
            assert ok(api_admin.get("/api/v1/assessments/"))["count"] == 23


def test_placement_history_is_audited(submitted, enterprise_user):
    services.placement_confirm(placement=submitted, by=enterprise_user)
    assert TeacherPlacement.history.filter(id=submitted.pk).count() >= 2
