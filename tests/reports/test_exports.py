"""Exports hold only the rows the requester may see, with the page's filters and the chosen columns."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.choices import OrganizationKind
from partnerships.models import Enterprise
from reports.choices import JobStatus
from reports.exports import available_specs, get_spec
from reports.models import ReportJob
from reports.services import export_request, job_run
from tests.accounts.factories import OrganizationFactory

from .conftest import csv_rows

pytestmark = pytest.mark.django_db


def _run(user, spec, *, columns=None, fmt="csv", query=""):
    job = export_request(user=user, spec_name=spec, columns=columns, file_format=fmt, query=query, language="en")
    assert job_run(job.pk) == JobStatus.DONE, ReportJob.objects.get(pk=job.pk).failure_reason
    job.refresh_from_db()
    with job.result.open("rb") as fh:
        return job, fh.read()


def test_enterprise_export_holds_only_its_own_rows(enterprise_user, enterprise_org, other_enterprise_org, college):
    _job, content = _run(enterprise_user, "enterprises", columns=["name", "staff_count"])
    rows = csv_rows(content)
    assert rows[0] == ["Name", "Staff count"]
    assert rows[1:] == [["甲公司", "200"]]

    _job, content = _run(enterprise_user, "organizations", columns=["name"])
    names = {r[0] for r in csv_rows(content)[1:]}
    assert "甲公司" in names and "测试学院" in names
    assert "乙公司" not in names


def test_admin_export_holds_every_enterprise(admin_user, enterprise_org, other_enterprise_org):
    _job, content = _run(admin_user, "enterprises", columns=["name"])
    assert sorted(r[0] for r in csv_rows(content)[1:]) == ["乙公司", "甲公司"]


def test_student_user_export_holds_only_themself(student, student2, admin_user):
    _job, content = _run(student, "users", columns=["username"])
    assert [r[0] for r in csv_rows(content)[1:]] == ["student_u"]


def test_list_filters_are_applied(admin_user, college, enterprise_org, other_enterprise_org):
    _job, content = _run(admin_user, "organizations", columns=["name", "kind"], query="kind=enterprise&q=甲")
    assert csv_rows(content)[1:] == [["甲公司", "Enterprise"]]
    _job, content = _run(admin_user, "organizations", columns=["name"], query="kind=enterprise&ordering=-name")
    assert [r[0] for r in csv_rows(content)[1:]] == ["甲公司", "乙公司"]


def test_unknown_ordering_changes_no_row(admin_user, college, enterprise_org):
    # ordering changes which row comes first, never which rows: an unknown one is ignored as on the list page
    _job, content = _run(admin_user, "organizations", columns=["name"], query="kind=enterprise&ordering=password")
    assert [r[0] for r in csv_rows(content)[1:]] == ["甲公司"]


def test_xlsx_export_one_sheet_with_chosen_columns(admin_user, enterprise_org):
    Enterprise.objects.filter(pk=enterprise_org.pk).update(is_certified_iei=True, certified_on="2024-05-01")
    job, content = _run(admin_user, "enterprises", columns=["name", "segment", "is_certified_iei"], fmt="xlsx")
    wb = load_workbook(io.BytesIO(content), read_only=True)
    assert len(wb.worksheets) == 1
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    assert rows[0] == ("Name", "Industry segment", "Certified integration enterprise")
    assert rows[1] == ("甲公司", "Film production", "Yes")
    assert job.result_name.endswith(".xlsx") and job.summary["rows"] == 1


def test_progress_reaches_100_and_rows_counted(admin_user):
    for i in range(30):
        OrganizationFactory(kind=OrganizationKind.ENTERPRISE, name=f"企业{i}")
    job, content = _run(admin_user, "organizations", columns=["name"], query="kind=enterprise")
    assert job.progress == 100 and job.summary["rows"] == 30
    assert len(csv_rows(content)) == 31


def test_every_registered_spec_exports(admin_user, enterprise_org):
    for spec in available_specs():
        job, _content = _run(admin_user, spec.name)
        assert job.status == JobStatus.DONE


def test_personal_data_is_not_exportable():
    keys = {c.key for c in get_spec("users").columns}
    assert not keys & {"phone", "national_id", "password"}


def test_export_page_passes_the_list_querystring(web, enterprise_user):
    client = web.login_as(enterprise_user)
    resp = client.get(reverse("reports:export") + "?spec=organizations&kind=enterprise&page=2")
    assert resp.status_code == 200
    assert resp.context["form"].initial["query"] == "kind=enterprise"
    resp = client.post(reverse("reports:export"), {"spec": "organizations", "columns": ["name"],
                                                     "file_format": "csv", "query": "kind=enterprise"})
    job = ReportJob.objects.get(requested_by=enterprise_user)
    assert resp.status_code == 302 and resp.url == reverse("reports:job_detail", args=[job.pk])
    assert job.params == {"spec": "organizations", "columns": ["name"], "query": "kind=enterprise"}


def test_export_page_shows_inline_errors(web, student):
    client = web.login_as(student)
    resp = client.post(reverse("reports:export"), {"spec": "organizations", "columns": ["bogus"], "file_format": "x"})
    assert resp.status_code == 200
    assert resp.context["form"].errors.keys() >= {"columns", "file_format"}
    assert not ReportJob.objects.exists()


def test_enterprise_postings_export_holds_only_its_postings(enterprise_user, enterprise_org, other_enterprise_org):
    from internships.models import Posting

    for org, titles in ((enterprise_org, ["AI分镜实习", "剪辑实习"]), (other_enterprise_org, ["虚拟拍摄实习"])):
        for t in titles:
            Posting.objects.create(enterprise=org, title=t, post="实习生", slots=2, status="published")
    _job, content = _run(enterprise_user, "postings", columns=["title", "enterprise"])
    assert sorted(csv_rows(content)[1:]) == [["AI分镜实习", "甲公司"], ["剪辑实习", "甲公司"]]
