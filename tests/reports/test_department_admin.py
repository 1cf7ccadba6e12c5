"""A department administrator's reports: exports of their department's rows, their own jobs, no college-wide figures."""
import pytest

from reports.choices import JobKind, JobStatus
from reports.models import ReportJob
from reports.services import export_request, job_run
from tests.curriculum.factories import ProgramFactory
from tests.internships.factories import PlacementFactory

from .conftest import csv_rows

pytestmark = pytest.mark.django_db


def _run(user, spec, *, columns):
    job = export_request(user=user, spec_name=spec, columns=columns, file_format="csv", language="en")
    assert job_run(job.pk) == JobStatus.DONE, ReportJob.objects.get(pk=job.pk).failure_reason
    job.refresh_from_db()
    with job.result.open("rb") as fh:
        return job, csv_rows(fh.read())


def test_exports_hold_only_the_departments_rows(department_admin, department, other_department, enterprise_org,
                                                student, other_department_student, admin_user):
    student.display_name, other_department_student.display_name = "本系学生", "外系学生"
    student.save()
    other_department_student.save()
    PlacementFactory(enterprise=enterprise_org, student=student)
    PlacementFactory(enterprise=enterprise_org, student=other_department_student)
    ProgramFactory(department=department, major="影视制作")
    ProgramFactory(department=other_department, major="动画")

    _job, rows = _run(department_admin, "placements", columns=["student"])
    assert rows[1:] == [["本系学生"]]
    _job, rows = _run(department_admin, "programs", columns=["major"])
    assert rows[1:] == [["影视制作"]]
    _job, rows = _run(department_admin, "users", columns=["username"])
    assert sorted(r[0] for r in rows[1:]) == ["dept_admin_u", "student_u"]
    # The college admin's export is unchanged: both departments.
    _job, rows = _run(admin_user, "placements", columns=["student"])
    assert sorted(r[0] for r in rows[1:]) == ["外系学生", "本系学生"]


def test_jobs_and_college_figures(api_department_admin, department_admin, admin_user, web):
    own = ReportJob.objects.create(kind="export", requested_by=department_admin, file_format="csv")
    college = ReportJob.objects.create(kind="export", requested_by=admin_user, file_format="csv")
    assert api_department_admin.get(f"/api/v1/reports/{own.pk}/").status_code == 200
    assert api_department_admin.get(f"/api/v1/reports/{college.pk}/").status_code == 404
    client = web.login_as(department_admin)
    # The key figures and the annual report are the whole college's: not a department administrator's.
    assert client.get("/reports/kpis/").status_code == 403
    r = api_department_admin.post("/api/v1/reports/", {"kind": JobKind.ANNUAL_REPORT, "year": 2025}, format="json")
    assert r.status_code in (403, 409)  # refused by annual_report_request(), never queued
    assert not ReportJob.objects.filter(kind=JobKind.ANNUAL_REPORT).exists()
