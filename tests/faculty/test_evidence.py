"""Issue 18 item 6: dual-qualified status and the assessment from verified evidence only.

What a teacher declares (years in industry, certificates, training, teaching reform) waits as pending
until a college admin other than the teacher verifies it or rejects it with a reason.
"""
import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.choices import Role
from accounts.models import Membership
from core import events
from core.events import subscribe
from faculty import services
from faculty.choices import CertificateKind, EvidenceStatus, ReformKind, TrainingKind
from faculty.models import IndustryYearsDeclaration, ReformRecord, TeacherCertificate, TrainingRecord
from tests.faculty.factories import TeacherCertificateFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SEEN: list = []


def _record(event) -> None:
    SEEN.append(event)


@pytest.fixture
def seen(monkeypatch):
    SEEN.clear()
    monkeypatch.setattr(events, "_subscriptions", [])
    subscribe("faculty.*", _record, inline=True)
    yield SEEN
    SEEN.clear()


@pytest.fixture
def profile(teacher):
    return services.teacher_profile_ensure(user=teacher)


def dual(profile) -> bool:
    return services.dual_statuses([profile])[profile.pk].qualified


class TestYearsInIndustry:
    def test_teacher_patch_declares_and_counts_only_once_verified(self, api_teacher, api_admin, profile, seen,
                                                                  admin_user, django_capture_on_commit_callbacks):
        # Replaces the old test that let a teacher PATCH industry_years and count at once.
        url = f"/api/v1/teachers/{profile.pk}/"
        with django_capture_on_commit_callbacks(execute=True):
            r = api_teacher.patch(url, {"industry_years": 4})
        assert r.status_code == 200
        body = r.json()
        assert body["industry_years"] == 0
        assert body["industry_years_declaration"]["years"] == 4
        assert body["industry_years_declaration"]["status"] == "pending"
        profile.refresh_from_db()
        assert profile.industry_years == 0 and dual(profile) is False
        declaration = IndustryYearsDeclaration.objects.get(profile=profile)
        assert [e.name for e in seen] == ["faculty.industryyearsdeclaration.created"]

        with django_capture_on_commit_callbacks(execute=True):
            r = api_admin.post(f"/api/v1/industry-years-declarations/{declaration.pk}/verify/", {"note": "合同核实"})
        assert r.status_code == 200 and r.json()["status"] == "verified"
        assert r.json()["reviewed_by_name"] == str(admin_user)
        profile.refresh_from_db()
        assert profile.industry_years == 4 and dual(profile) is True
        assert seen[-1].name == "faculty.industryyearsdeclaration.verified" and seen[-1].actor_id == admin_user.pk
        assert api_teacher.get(url).json()["industry_years_declaration"]["status"] == "verified"

    def test_a_second_declaration_while_one_waits_replaces_it(self, profile, teacher):
        services.industry_years_declare(profile=profile, by=teacher, years=2)
        services.industry_years_declare(profile=profile, by=teacher, years=5, description="2015–2020 剪辑师")
        [pending] = IndustryYearsDeclaration.objects.filter(profile=profile)
        assert (pending.years, pending.status) == (5, EvidenceStatus.PENDING)

    def test_admin_entry_for_a_teacher_counts_at_once(self, api_admin, admin_user, profile):
        r = api_admin.patch(f"/api/v1/teachers/{profile.pk}/", {"industry_years": 6})
        assert r.status_code == 200 and r.json()["industry_years"] == 6
        declaration = IndustryYearsDeclaration.objects.get(profile=profile)
        assert declaration.status == EvidenceStatus.VERIFIED and declaration.reviewed_by == admin_user

    def test_rejection_needs_a_reason_and_the_teacher_sees_it(self, api_teacher, api_admin, profile, teacher):
        declaration = services.industry_years_declare(profile=profile, by=teacher, years=8)
        url = f"/api/v1/industry-years-declarations/{declaration.pk}/reject/"
        r = api_admin.post(url, {})
        assert r.status_code == 400 and "reason" in r.json()["errors"]
        assert api_admin.post(url, {"reason": "   "}).status_code == 400
        r = api_admin.post(url, {"reason": "在职证明与年限不符"})
        assert r.status_code == 200 and r.json()["status"] == "rejected"
        mine = api_teacher.get(f"/api/v1/industry-years-declarations/{declaration.pk}/").json()
        assert mine["rejection_reason"] == "在职证明与年限不符" and mine["reviewed_at"]
        profile.refresh_from_db()
        assert profile.industry_years == 0
        # rejected, it cannot be verified afterwards (a new declaration is needed)
        assert api_admin.post(f"/api/v1/industry-years-declarations/{declaration.pk}/verify/").status_code == 409


class TestNobodyVerifiesTheirOwn:
    def test_teacher_cannot_verify_own_evidence(self, api_teacher, profile, teacher):
        declaration = services.industry_years_declare(profile=profile, by=teacher, years=4)
        cert = services.certificate_create(profile=profile, by=teacher, kind=CertificateKind.INDUSTRY, name="特效师",
                                           issued_on=dt.date(2024, 1, 1))
        assert api_teacher.post(f"/api/v1/industry-years-declarations/{declaration.pk}/verify/").status_code == 403
        assert api_teacher.post(f"/api/v1/teacher-certificates/{cert.pk}/verify/").status_code == 403
        assert api_teacher.post(f"/api/v1/teacher-certificates/{cert.pk}/reject/", {"reason": "x"}).status_code == 403
        cert.refresh_from_db()
        assert cert.status == EvidenceStatus.PENDING and dual(profile) is False

    def test_a_teacher_who_is_also_college_admin_cannot_verify_own(self, client, teacher, college, profile):
        Membership.objects.create(user=teacher, organization=college, role=Role.COLLEGE_ADMIN)
        teacher.__dict__.pop("_iei_access", None)  # the roles read before the new membership
        declaration = services.industry_years_declare(profile=profile, by=teacher, years=4)
        assert declaration.status == EvidenceStatus.PENDING  # their own entry is a declaration, not a verification
        api = APIClient()
        api.force_authenticate(user=teacher)
        assert api.post(f"/api/v1/industry-years-declarations/{declaration.pk}/verify/").status_code == 403
        with pytest.raises(services.OwnEvidence):
            services.evidence_verify(record=declaration, by=teacher)
        client.force_login(teacher)
        r = client.post(reverse("faculty:industry_years_action", args=[declaration.pk, "verify"]))
        assert r.status_code == 403
        declaration.refresh_from_db()
        assert declaration.status == EvidenceStatus.PENDING

    def test_other_teachers_and_enterprises_do_not_see_it(self, api_teacher2, api_enterprise, profile, teacher):
        cert = services.certificate_create(profile=profile, by=teacher, kind=CertificateKind.INDUSTRY, name="特效师",
                                           issued_on=dt.date(2024, 1, 1))
        assert api_teacher2.post(f"/api/v1/teacher-certificates/{cert.pk}/verify/").status_code == 404
        assert api_enterprise.get(f"/api/v1/teacher-certificates/{cert.pk}/").status_code == 404


class TestCertificatesAndAssessment:
    def test_uploaded_certificate_waits_then_counts(self, api_teacher, api_admin, profile):
        scan = SimpleUploadedFile("cert.pdf", PDF, content_type="application/pdf")
        r = api_teacher.post("/api/v1/teacher-certificates/", {
            "kind": "industry", "name": "影视后期特效师（高级）", "issued_on": "2023-06-01", "file": scan},
            format="multipart")
        assert r.status_code == 201 and r.json()["status"] == "pending"
        assert dual(profile) is False
        assert api_admin.post(f"/api/v1/teacher-certificates/{r.json()['id']}/verify/").status_code == 200
        assert dual(profile) is True

    def test_a_revoked_certificate_stops_counting(self, api_admin, profile):
        cert = TeacherCertificateFactory(profile=profile)
        assert dual(profile) is True
        r = api_admin.post(f"/api/v1/teacher-certificates/{cert.pk}/reject/", {"reason": "证书编号查无此证"})
        assert r.status_code == 200 and r.json()["status"] == "rejected"
        assert dual(profile) is False

    def test_only_verified_training_and_reform_count_in_the_assessment(self, profile, teacher, admin_user):
        services.training_create(profile=profile, by=teacher, kind=TrainingKind.WORKSHOP, title="虚拟制片工作坊",
                                 start_date=dt.date(2025, 5, 1), end_date=dt.date(2025, 5, 2), hours=Decimal("10"))
        services.reform_create(profile=profile, by=teacher, kind=ReformKind.FLIPPED, title="翻转课堂", year=2025)

        def points():
            [a] = services.assessment_compute(year=2025, profiles=[profile])
            return a.breakdown["training_hours"]["points"], a.breakdown["reforms"]["points"]

        assert points() == ("0.00", "0.00")
        for record in (TrainingRecord.objects.get(profile=profile), ReformRecord.objects.get(profile=profile)):
            services.evidence_verify(record=record, by=admin_user)
        assert points() == ("2.00", "4.00")

    def test_teacher_changing_verified_training_sends_it_back(self, api_teacher, profile):
        record = TrainingRecordFactory(profile=profile)
        r = api_teacher.patch(f"/api/v1/trainings/{record.pk}/", {"hours": "40"})
        assert r.status_code == 200 and r.json()["status"] == "pending" and r.json()["reviewed_at"] is None

    def test_teacher_cannot_write_the_verification_fields(self, api_teacher, profile):
        r = api_teacher.post("/api/v1/trainings/", {
            "kind": "workshop", "title": "工作坊", "start_date": "2025-05-01", "end_date": "2025-05-02",
            "hours": "8", "status": "verified", "reviewed_at": "2025-05-03T00:00:00Z"})
        assert r.status_code == 201 and r.json()["status"] == "pending" and r.json()["reviewed_at"] is None

    def test_database_keeps_a_rejection_reason(self, profile):
        from django.db import IntegrityError, transaction

        cert = TeacherCertificateFactory(profile=profile)
        with pytest.raises(IntegrityError), transaction.atomic():
            TeacherCertificate.objects.filter(pk=cert.pk).update(status=EvidenceStatus.REJECTED, rejection_reason="")


class TestPages:
    def test_teacher_sees_pending_state_and_admin_verifies_on_the_queue(self, web, teacher, admin_user, profile):
        t = web.login_as(teacher)
        r = t.post(reverse("faculty:industry_years_create"), {"years": 5, "description": "2015–2020 星河影业 剪辑师"})
        assert r.status_code == 302
        r = t.post(reverse("faculty:certificate_create"), {"kind": "industry", "name": "调色师（高级）",
                                                            "issued_on": "2024-03-01"})
        assert r.status_code == 302
        page = t.get(reverse("faculty:portfolio")).content.decode()
        assert "status-pending" in page
        assert t.get(reverse("faculty:verifications")).status_code == 403

        a = web.login_as(admin_user)
        queue = a.get(reverse("faculty:verifications"))
        assert queue.status_code == 200 and "调色师（高级）" in queue.content.decode()
        cert = TeacherCertificate.objects.get(profile=profile)
        declaration = IndustryYearsDeclaration.objects.get(profile=profile)
        r = a.post(reverse("faculty:certificate_action", args=[cert.pk, "reject"]), {"reason": ""}, follow=True)
        assert [m for m in r.context["messages"] if m.level_tag == "error"]
        a.post(reverse("faculty:certificate_action", args=[cert.pk, "reject"]), {"reason": "扫描件不清晰"})
        r = a.post(reverse("faculty:industry_years_action", args=[declaration.pk, "verify"]),
                   {"next": "https://evil.example.com/"})
        assert r.status_code == 302 and r["Location"] == reverse("faculty:verifications")
        profile.refresh_from_db()
        assert profile.industry_years == 5
        page = web.login_as(teacher).get(reverse("faculty:portfolio")).content.decode()
        assert "扫描件不清晰" in page and "status-rejected" in page

    def test_evidence_file_for_owner_and_admin_only(self, web, teacher, teacher2, admin_user, profile):
        cert = services.certificate_create(
            profile=profile, by=teacher, kind=CertificateKind.INDUSTRY, name="特效师", issued_on=dt.date(2024, 1, 1),
            file=SimpleUploadedFile("cert.pdf", PDF, content_type="application/pdf"))
        url = reverse("faculty:certificate_file", args=[cert.pk])
        assert web.login_as(teacher).get(url).status_code == 200
        assert web.login_as(admin_user).get(url).status_code == 200
        assert web.login_as(teacher2).get(url).status_code == 404

    def test_queue_query_count_does_not_grow(self, web, admin_user, django_assert_max_num_queries):
        from tests.faculty.factories import TeacherProfileFactory

        def make(n):
            for _ in range(n):
                p = TeacherProfileFactory()
                TeacherCertificateFactory(profile=p, status=EvidenceStatus.PENDING, reviewed_at=None)
                TrainingRecordFactory(profile=p, status=EvidenceStatus.PENDING, reviewed_at=None)
                services.industry_years_declare(profile=p, by=p.user, years=3)
        make(2)
        c = web.login_as(admin_user)
        with django_assert_max_num_queries(40) as ctx:
            assert c.get(reverse("faculty:verifications")).status_code == 200
        make(10)
        with django_assert_max_num_queries(len(ctx.captured_queries)):
            assert c.get(reverse("faculty:verifications")).status_code == 200


def test_existing_evidence_is_marked_verified_by_the_migration(profile):
    migration = importlib.import_module("faculty.migrations.0002_evidence_verification")
    cert = TeacherCertificateFactory(profile=profile, status=EvidenceStatus.PENDING, reviewed_at=None)
    training = TrainingRecordFactory(profile=profile, status=EvidenceStatus.PENDING, reviewed_at=None)
    migration.mark_existing_verified(django_apps, None)
    for record in (cert, training):
        record.refresh_from_db()
        assert record.status == EvidenceStatus.VERIFIED and record.reviewed_at is not None
