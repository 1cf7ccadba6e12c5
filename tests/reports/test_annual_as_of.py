"""Past reports stay past (issue 18 item 9): every figure of year Y is as of year Y.

The records below are what a college had at the end of 2025, and what changed in 2026 (a programme
superseded and another approved, a course written, a base opened, an agreement activated, a teacher
hired, an enterprise certified). 2025's report, drawn up in 2026 after those changes, still gives
2025's figures; 2026's report gives 2026's.
"""
from datetime import date, datetime
from types import SimpleNamespace

import pytest
from django.core.exceptions import FieldError
from django.utils import timezone, translation

from core.hosts import AnnualSection, ReportYear, Section
from core.models import StatusChange
from core.workflow import record_status_change
from curriculum.models import Competency, Course, CourseCompetency, CourseModule, Program
from faculty.models import TeacherProfile
from funding.models import TrainingBase
from internships.models import Posting
from partnerships.models import Agreement, Enterprise
from reports import annual
from reports.annual import compute_report
from tests.accounts.factories import make_member

pytestmark = pytest.mark.django_db


def at(y, m, d):
    return timezone.make_aware(datetime(y, m, d, 10))


def moved(obj, from_status, to_status, when):
    """A transition recorded on a past date (the workflow stamps now; the history is what counts)."""
    change = record_status_change(obj, from_status=from_status, to_status=to_status)
    StatusChange.objects.filter(pk=change.pk).update(at=when)


def created_on(obj, when):
    type(obj).objects.filter(pk=obj.pk).update(created_at=when)


@pytest.fixture
def history(college, enterprise_org, department, teacher):
    assert timezone.localdate().year >= 2026, "the scenario's 2026 changes must lie in the past or present"
    # Programmes: A approved in 2025 and superseded in 2026; B and C approved in 2026.
    a = Program.objects.create(major="数字媒体", cohort_year=2025, title="A", status="superseded")
    created_on(a, at(2024, 11, 1))
    moved(a, "in_review", "approved", at(2025, 3, 1))
    moved(a, "approved", "superseded", at(2026, 3, 1))
    b = Program.objects.create(major="数字媒体", cohort_year=2025, title="B", version=2, status="approved")
    created_on(b, at(2026, 1, 10))
    moved(b, "in_review", "approved", at(2026, 3, 1))
    c = Program.objects.create(major="动画", cohort_year=2026, title="C", status="approved")
    moved(c, "in_review", "approved", at(2026, 6, 1))
    # Courses: one from 2024; one written in 2026, the only one covering what 2025's postings asked for.
    module = CourseModule.objects.create(name="AIGC技术", kind="technology")
    old = Course.objects.create(code="C24", name="视听语言", module=module, content_since=date(2024, 2, 1))
    new = Course.objects.create(code="C26", name="AIGC分镜", module=module, content_since=date(2026, 2, 1))
    storyboard = Competency.objects.create(code="K1", name="AI分镜", category="technology")
    CourseCompetency.objects.create(course=new, competency=storyboard, level=3)
    CourseCompetency.objects.create(course=old, competency=Competency.objects.create(
        code="K2", name="视听语言", category="art"), level=2)
    posting = Posting.objects.create(enterprise=enterprise_org, title="AI分镜实习", post="分镜师", slots=2,
                                     status="published", start_date=date(2025, 7, 1), end_date=date(2025, 12, 31))
    posting.competencies.add(storyboard)
    # Training bases: one since 2024, one opened in 2026.
    created_on(TrainingBase.objects.create(name="虚拟拍摄棚", kind="on_campus"), at(2024, 5, 1))
    created_on(TrainingBase.objects.create(name="AIGC实验室", kind="on_campus"), at(2026, 5, 1))
    # Agreements: one in force through 2025; one dated 2025 but activated only in 2026.
    kept = Agreement.objects.create(code="K-1", title="基地共建", kind="internship_base", status="active",
                                    college=college, start_date=date(2024, 9, 1), end_date=date(2027, 8, 31))
    kept.parties.add(enterprise_org)
    late = Agreement.objects.create(code="L-1", title="订单班", kind="order_class", status="active",
                                    college=college, start_date=date(2025, 9, 1), end_date=date(2028, 8, 31))
    moved(late, "under_review", "active", at(2026, 2, 1))
    # The partner was certified as an integration enterprise in 2026.
    Enterprise.objects.filter(pk=enterprise_org.pk).update(is_certified_iei=True, certified_on=date(2026, 4, 1))
    # Teachers: one on record since 2023, one hired in 2026.
    created_on(TeacherProfile.objects.create(user=teacher), at(2023, 9, 1))
    newcomer = make_member("teacher", department, username="newcomer")
    created_on(TeacherProfile.objects.create(user=newcomer), at(2026, 9, 1))


def figures(year):
    with translation.override("en"):
        report = compute_report(year)
        return {
            "programmes": report.value("training", "Approved talent-training programmes"),
            "courses": report.value("training", "Courses"),
            "demanded": report.value("training", "Competencies demanded by industry this year"),
            "coverage": report.value("training", "Competency coverage by courses (%)"),
            "bases": report.value("funding", "Active training bases"),
            "agreements": report.value("partnerships", "Agreements in force during the year"),
            "order_class": report.value("partnerships", "Agreements: Order-based class"),
            "certified": report.value("partnerships", "of which certified integration enterprises"),
            "teachers": report.value("faculty", "Full-time teachers"),
        }


def test_2025_report_drawn_up_after_2026_changes_gives_2025_figures(history):
    assert figures(2025) == {
        "programmes": 1,              # A stood approved at the end of 2025; B and C were approved in 2026
        "courses": 1,                 # C26 was written in 2026
        "demanded": 1,                # AI分镜, asked for by the 2025 posting
        "coverage": 0,                # ... and no course of 2025 taught it
        "bases": 1,                   # AIGC实验室 opened in 2026
        "agreements": 1,              # L-1 was activated only in 2026
        "order_class": 0,
        "certified": 0,               # certified in 2026
        "teachers": 1,                # newcomer was hired in 2026
    }


def test_the_current_year_gives_todays_figures(history):
    now = figures(timezone.localdate().year)
    assert now["programmes"] == 2 and now["bases"] == 2 and now["teachers"] == 2


def test_a_figure_reading_a_field_that_does_not_exist_fails_loudly(monkeypatch):
    """A renamed field breaks the report (and its tests) instead of dropping the row."""

    def broken(period: ReportYear) -> Section:
        s = Section("broken", "Broken")
        s.rows.append(("Renamed", Course.objects.filter(retired_on__year=period.year).count()))
        return s

    real = annual.app_modules
    monkeypatch.setattr(annual, "app_modules", lambda name: [
        *real(name), SimpleNamespace(ANNUAL_SECTIONS=[AnnualSection("broken", "Broken", broken)])])
    with pytest.raises(FieldError, match="retired_on"):
        compute_report(2025)
