"""Student achievements: recording with evidence, verification, counts and access."""
import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from curriculum import selectors
from curriculum.models import StudentAchievement

from .factories import PNG, AchievementFactory, CertificateFactory, CompetitionFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def _png(name="award.png"):
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def _post(client, **extra):
    comp = CompetitionFactory()
    body = {"kind": "award", "competition": comp.pk, "title": "省赛一等奖",
            "achieved_on": str(timezone.localdate() - dt.timedelta(days=5)), "evidence": _png(), **extra}
    return client.post("/api/v1/student-achievements/", body, format="multipart")


def test_student_records_with_evidence(api_student, student):
    r = _post(api_student)
    assert r.status_code == 201, r.content
    ach = StudentAchievement.objects.get()
    assert ach.student == student and ach.status == "submitted" and ach.evidence
    r = api_student.get(f"/api/v1/student-achievements/{ach.pk}/evidence/")
    assert r.status_code == 200


def test_evidence_refused_by_content(api_student):
    fake = SimpleUploadedFile("award.png", b"MZ\x90\x00 this is an executable", content_type="image/png")
    r = _post(api_student, evidence=fake)
    assert r.status_code == 400 and "evidence" in r.json()["errors"]


def test_evidence_refused_by_size(api_student, settings):
    settings.UPLOAD_MAX_BYTES = 50
    r = _post(api_student)
    assert r.status_code == 400 and "evidence" in r.json()["errors"]


def test_kind_must_match_link(api_student):
    cert = CertificateFactory()
    r = _post(api_student, certificate=cert.pk)
    assert r.status_code == 400
    r = _post(api_student, kind="certificate", competition="")
    assert r.status_code == 400


def test_future_date_refused(api_student):
    r = _post(api_student, achieved_on=str(timezone.localdate() + dt.timedelta(days=2)))
    assert r.status_code == 400


def test_only_students_record(api_teacher, api_enterprise):
    assert _post(api_teacher).status_code == 403
    assert _post(api_enterprise).status_code == 403


def test_scope(api_student, api_student2, api_teacher, api_enterprise, api_association, student):
    ach = AchievementFactory(student=student)
    assert api_student.get(f"/api/v1/student-achievements/{ach.pk}/").status_code == 200
    assert api_teacher.get(f"/api/v1/student-achievements/{ach.pk}/").status_code == 200
    for c in (api_student2, api_enterprise, api_association):
        assert c.get(f"/api/v1/student-achievements/{ach.pk}/").status_code == 404
        assert c.get(f"/api/v1/student-achievements/{ach.pk}/evidence/").status_code == 404


def test_verify_and_reject(api_admin, api_student, api_teacher, student):
    ach = AchievementFactory(student=student, evidence=_png())
    assert api_student.post(f"/api/v1/student-achievements/{ach.pk}/verify/").status_code == 403
    assert api_teacher.post(f"/api/v1/student-achievements/{ach.pk}/verify/").status_code == 403
    r = api_admin.post(f"/api/v1/student-achievements/{ach.pk}/verify/", {"note": "已核对原件"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "verified"
    assert api_admin.post(f"/api/v1/student-achievements/{ach.pk}/verify/").status_code == 409
    assert api_admin.post(f"/api/v1/student-achievements/{ach.pk}/reject/", {"note": "x"}).status_code == 409
    # verified records are frozen for the student
    r = api_student.patch(f"/api/v1/student-achievements/{ach.pk}/", {"title": "改"}, format="json")
    assert r.status_code == 409
    assert api_student.delete(f"/api/v1/student-achievements/{ach.pk}/").status_code == 409
    assert ach.history.count() >= 2


def test_verify_needs_evidence(api_admin, student):
    ach = AchievementFactory(student=student)
    r = api_admin.post(f"/api/v1/student-achievements/{ach.pk}/verify/")
    assert r.status_code == 409 and r.json()["code"] == "evidence_missing"


def test_reject_needs_reason(api_admin, student):
    ach = AchievementFactory(student=student)
    assert api_admin.post(f"/api/v1/student-achievements/{ach.pk}/reject/", {"note": ""}).status_code == 400
    r = api_admin.post(f"/api/v1/student-achievements/{ach.pk}/reject/", {"note": "证书编号无法查验"})
    assert r.json()["status"] == "rejected"


def test_other_student_cannot_change(api_student2, student):
    ach = AchievementFactory(student=student)
    assert api_student2.patch(f"/api/v1/student-achievements/{ach.pk}/", {"title": "x"},
                              format="json").status_code == 404


def test_withdraw_submitted(api_student, student):
    ach = AchievementFactory(student=student)
    assert api_student.delete(f"/api/v1/student-achievements/{ach.pk}/").status_code == 204


def test_counts_per_programme_and_cohort(admin_user, student, student2):
    p26 = ProgramFactory(major="数字媒体艺术", cohort_year=2026)
    p25 = ProgramFactory(major="数字媒体艺术", cohort_year=2025)
    AchievementFactory(student=student, program=p26, status="verified")
    AchievementFactory(student=student, program=p26, status="verified", kind="certificate", competition=None,
                       certificate=CertificateFactory())
    AchievementFactory(student=student2, program=p26, status="verified")
    AchievementFactory(student=student2, program=p25, status="verified")
    AchievementFactory(student=student2, program=p25, status="submitted")
    rows = selectors.achievement_counts(user=admin_user)
    assert rows == [
        {"major": "数字媒体艺术", "cohort": 2026, "awards": 2, "certificates": 1, "students": 2},
        {"major": "数字媒体艺术", "cohort": 2025, "awards": 1, "certificates": 0, "students": 1},
    ]


def test_list_constant_queries(api_admin, student, django_assert_max_num_queries):
    for _ in range(3):
        AchievementFactory(student=student)
    with django_assert_max_num_queries(10) as ctx:
        assert api_admin.get("/api/v1/student-achievements/").status_code == 200
    for _ in range(20):
        AchievementFactory(student=student)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        r = api_admin.get("/api/v1/student-achievements/")
    assert r.status_code == 200 and r.json()["count"] == 23
