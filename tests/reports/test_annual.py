"""The annual report's figures against a fixture worked out by hand, and its XLSX/PDF output."""
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from accounts.choices import OrganizationKind
from curriculum.models import Course, CourseModule
from internships.models import Posting
from partnerships.models import Agreement, Enterprise
from reports import annual
from reports.annual import compute_report
from reports.choices import JobStatus
from reports.models import ReportJob
from reports.services import job_run
from tests.accounts.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def year_2024(college, enterprise_org, other_enterprise_org):
    """Hand-made year: which rows count, and why, is written beside each one."""
    third = OrganizationFactory(kind=OrganizationKind.ENTERPRISE, name="丙公司")
    Enterprise.objects.create(organization=third, segment="aigc", staff_count=50)
    Enterprise.objects.filter(pk=enterprise_org.pk).update(is_certified_iei=True, certified_on=date(2023, 6, 1))

    def agreement(code, kind, status, start, end, party):
        a = Agreement.objects.create(code=code, title=code, kind=kind, status=status, college=college,
                                     start_date=start, end_date=end)
        a.parties.add(party)
        return a

    # in force during 2024, started 2023
    agreement("A1", "order_class", "active", date(2023, 9, 1), date(2026, 8, 31), enterprise_org)
    # in force during 2024, started in 2024
    agreement("A2", "internship_base", "active", date(2024, 3, 1), date(2025, 2, 28), other_enterprise_org)
    # a draft is not an agreement yet
    agreement("A3", "internship_base", "draft", date(2024, 5, 1), date(2025, 4, 30), third)
    # ended before 2024
    agreement("A4", "workstation", "expired", date(2022, 1, 1), date(2023, 12, 31), enterprise_org)

    # postings: P1 and P2 count (6 slots); the draft does not. P1 brings the third enterprise in.
    Posting.objects.create(enterprise=third, title="P1", post="AI分镜师", slots=4, status="published",
                           start_date=date(2024, 7, 1), end_date=date(2024, 12, 31))
    Posting.objects.create(enterprise=enterprise_org, title="P2", post="剪辑助理", slots=2, status="closed",
                           start_date=date(2024, 3, 1), end_date=date(2024, 8, 31))
    Posting.objects.create(enterprise=enterprise_org, title="P3", post="调色", slots=5, status="draft",
                           start_date=date(2024, 9, 1), end_date=date(2025, 2, 28))
    # a posting of 2023 does not count in 2024
    Posting.objects.create(enterprise=other_enterprise_org, title="P0", post="摄影", slots=9, status="closed",
                           start_date=date(2023, 3, 1), end_date=date(2023, 8, 31))

    fundamentals = CourseModule.objects.create(name="专业基础", kind="fundamentals")
    technology = CourseModule.objects.create(name="AIGC技术", kind="technology")
    # the catalogue of 2024: courses whose content dates from then or before
    Course.objects.create(code="C1", name="视听语言", module=fundamentals, content_since=date(2022, 9, 1))
    Course.objects.create(code="C2", name="剧本创作", module=fundamentals, content_since=date(2023, 9, 1))
    Course.objects.create(code="C3", name="AIGC影像生成", module=technology, content_since=date(2024, 2, 1))
    return 2024


def test_partnership_figures(year_2024):
    from django.utils import translation

    with translation.override("en"):
        report = compute_report(year_2024)
        assert report.value("partnerships", "Agreements in force during the year") == 2   # A1, A2
        assert report.value("partnerships", "Agreements starting this year") == 1          # A2
        assert report.value("partnerships", "Agreements: Order-based class") == 1
        assert report.value("partnerships", "Agreements: Internship base") == 1             # not the draft A3
        assert report.value("partnerships", "Agreements: Enterprise workstation") == 0      # A4 ended in 2023
        assert report.value("partnerships", "Participating enterprises") == 3               # 甲, 乙, 丙 (posting)
        assert report.value("partnerships", "of which certified integration enterprises") == 1
        section = report.section("partnerships")
        assert dict(section.chart) == {"Order-based class": 1.0, "Internship base": 1.0}


def test_internship_and_training_figures(year_2024):
    from django.utils import translation

    with translation.override("en"):
        report = compute_report(year_2024)
        assert report.value("internships", "Postings this year") == 2      # P1, P2
        assert report.value("internships", "Internship slots offered") == 6  # 4 + 2
        assert report.value("training", "Courses") == 3
        chart = dict(report.section("training").chart)
        assert chart["Professional fundamentals"] == 2.0
        assert chart["Professional technology (AIGC)"] == 1.0
        assert chart["Practical training"] == 0.0


def test_sections_cover_every_pathway(year_2024):
    keys = [s.key for s in compute_report(year_2024).sections]
    assert keys == ["training", "partnerships", "internships", "faculty", "funding"]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_pdf_and_xlsx_jobs(year_2024, admin_user, language):
    pdf = ReportJob.objects.create(kind="annual_report", requested_by=admin_user, file_format="pdf",
                                   language=language, params={"year": 2024})
    assert job_run(pdf.pk) == JobStatus.DONE, ReportJob.objects.get(pk=pdf.pk).failure_reason
    pdf.refresh_from_db()
    with pdf.result.open("rb") as fh:
        assert fh.read(5) == b"%PDF-"
    xlsx = ReportJob.objects.create(kind="annual_report", requested_by=admin_user, file_format="xlsx",
                                    language=language, params={"year": 2024})
    assert job_run(xlsx.pk) == JobStatus.DONE
    xlsx.refresh_from_db()
    with xlsx.result.open("rb") as fh:
        wb = load_workbook(io.BytesIO(fh.read()))
    assert len(wb.sheetnames) == 6  # summary + one per section
    title = wb.worksheets[0]["A1"].value
    assert ("2024" in title) and (("年度" in title) if language == "zh-hans" else ("Annual" in title))


def test_missing_cjk_font_fails_the_job_with_a_clear_reason(admin_user, monkeypatch):
    monkeypatch.setattr(annual, "CJK_FONT_PATH", "/nonexistent/wqy-zenhei.ttc")
    job = ReportJob.objects.create(kind="annual_report", requested_by=admin_user, file_format="pdf",
                                   language="en", params={"year": 2024})
    assert job_run(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert "fonts-wqy-zenhei" in job.failure_reason


def test_annual_report_page_for_admin(web, admin_user, student):
    from django.urls import reverse

    client = web.login_as(admin_user)
    resp = client.post(reverse("reports:job_list"), {"year": 2024, "file_format": "pdf", "language": "en"})
    assert resp.status_code == 302
    job = ReportJob.objects.get()
    assert job.kind == "annual_report" and job.params == {"year": 2024} and job.status == "queued"
    resp = client.post(reverse("reports:job_list"), {"year": 1999, "file_format": "pdf", "language": "en"})
    assert resp.status_code == 200 and "year" in resp.context["annual_form"].errors
    s = web.login_as(student)
    s.post(reverse("reports:job_list"), {"year": 2024, "file_format": "pdf", "language": "en"})
    assert ReportJob.objects.count() == 1


def test_order_class_hiring_rate(year_2024, college, enterprise_org):
    """4 graduated in 2024, 3 hired → 75.0 %; a withdrawn student and a 2025 class do not count."""
    from django.utils import translation

    from partnerships.models import Enrollment, OrderClass
    from tests.accounts.factories import UserFactory

    a1 = Agreement.objects.get(code="A1")
    c24 = OrderClass.objects.create(agreement=a1, enterprise=enterprise_org, name="AIGC订单班2021级", cohort_year=2021,
                                    quota=10, hiring_commitment=5, graduation_date=date(2024, 6, 30))
    c25 = OrderClass.objects.create(agreement=a1, enterprise=enterprise_org, name="AIGC订单班2022级", cohort_year=2022,
                                    quota=10, hiring_commitment=5, graduation_date=date(2025, 6, 30))
    for status, outcome in [("graduated", "hired")] * 3 + [("graduated", "pending"), ("withdrawn", "pending")]:
        Enrollment.objects.create(order_class=c24, student=UserFactory(), status=status, outcome=outcome)
    Enrollment.objects.create(order_class=c25, student=UserFactory(), status="graduated", outcome="hired")

    with translation.override("en"):
        report = compute_report(year_2024)
        assert report.value("partnerships", "Order-class graduates this year") == 4
        assert str(report.value("partnerships", "Order-class hiring rate (%)")) == "75.0"
