"""Export of the rows chosen in a list (issue #23): the list's export columns, the user's scope, a bound, recorded.

``POST /api/v1/<resource>/export/`` and the bulk bar's export buttons (reports:export_selected) both call
``reports.services.export_selected``: an id the user may not see is refused as not found and never written.
"""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.steps import MAX_BULK
from funding.models import Booking
from internships.models import Application, Placement, Posting, WeeklyLog
from partnerships.models import Enterprise
from reports.choices import JobKind, JobStatus
from reports.exports import get_spec
from reports.models import ReportJob
from reports.services import export_selected
from tests.funding.factories import BookingFactory
from tests.internships.factories import ApplicationFactory, PlacementFactory, PostingFactory

from .conftest import csv_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_sides(enterprise_org, other_enterprise_org, student, student2, teacher, teacher2):
    """A placement (with a weekly log), a posting and an application on each side: enterprise A / student,
    enterprise B / student2."""
    rows = {}
    sides = (("a", enterprise_org, student, teacher), ("b", other_enterprise_org, student2, teacher2))
    for side, org, who, mentor in sides:
        placement = PlacementFactory(enterprise=org, student=who, school_mentor=mentor, status="active")
        posting = PostingFactory(enterprise=org)
        rows[side] = {
            "placement": placement, "posting": posting,
            "application": ApplicationFactory(posting=posting, student=who),
            "log": WeeklyLog.objects.create(placement=placement, week_no=1, content="周志"),
            "enterprise": Enterprise.objects.get(organization=org),
        }
    return rows


def _file(job: ReportJob) -> bytes:
    with job.result.open("rb") as fh:
        return fh.read()


def _post(client, resource, body):
    return client.post(f"/api/v1/{resource}/export/", body, format="json")


def test_admin_exports_the_chosen_placements_with_the_list_export_columns(api_admin, admin_user, two_sides):
    chosen = two_sides["b"]["placement"]
    resp = _post(api_admin, "placements", {"ids": [chosen.pk], "file_format": "csv"})
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["exported"] == [chosen.pk] and body["refused"] == [] and body["rows"] == 1
    assert body["status"] == JobStatus.DONE
    rows = csv_rows(api_admin.get(body["download"]).getvalue())
    spec = get_spec("placements")
    # zh-hans is the API client's language: the header is the export's column labels in it
    assert len(rows[0]) == len(spec.columns)
    assert len(rows) == 2 and rows[1][0] == chosen.student.display_name and rows[1][2] == "乙公司"
    assert two_sides["a"]["placement"].student.display_name not in {r[0] for r in rows[1:]}


def test_export_is_recorded_like_every_export(api_admin, admin_user, two_sides):
    ids = [two_sides["a"]["placement"].pk, two_sides["b"]["placement"].pk]
    resp = _post(api_admin, "placements", {"ids": ids, "file_format": "xlsx", "columns": ["student", "status"]})
    assert resp.status_code == 201
    job = ReportJob.objects.get(pk=resp.json()["job"])
    assert job.kind == JobKind.EXPORT and job.requested_by == admin_user and job.status == JobStatus.DONE
    assert job.params == {"spec": "placements", "columns": ["student", "status"], "query": "", "ids": ids,
                          "refused": []}
    assert job.summary["rows"] == 2
    # the job's history says who ran it and when (the status changes of any export)
    from core.workflow import history_for

    assert {h.to_status for h in history_for(job)} == {JobStatus.RUNNING, JobStatus.DONE}
    sheet = load_workbook(io.BytesIO(_file(job))).active
    values = list(sheet.values)
    labels = get_spec("placements").column_map()
    assert len(values) == 3 and len(values[0]) == 2
    assert job.result_name.startswith("placements-selected-")
    assert str(labels["student"].label) != ""


def test_cross_tenant_id_is_refused_and_never_written(api_enterprise, enterprise_user, two_sides):
    own, other = two_sides["a"]["placement"], two_sides["b"]["placement"]
    resp = _post(api_enterprise, "placements", {"ids": [other.pk, own.pk], "file_format": "csv"})
    assert resp.status_code == 201
    body = resp.json()
    assert body["exported"] == [own.pk]
    assert body["refused"] == [{"id": other.pk, "detail": body["refused"][0]["detail"], "code": "not_found"}]
    content = _file(ReportJob.objects.get(pk=body["job"]))
    names = [r[0] for r in csv_rows(content)[1:]]
    assert names == [own.student.display_name]
    assert other.student.display_name.encode() not in content and "乙公司".encode() not in content


def test_refusal_of_another_tenants_row_is_the_same_as_a_missing_row(api_enterprise, two_sides):
    other = two_sides["b"]["placement"]
    missing = Placement.objects.order_by("-pk").first().pk + 1000
    answers = [_post(api_enterprise, "placements", {"ids": [pk], "file_format": "csv"}) for pk in (other.pk, missing)]
    assert [a.status_code for a in answers] == [400, 400]
    assert answers[0].json()["errors"] == answers[1].json()["errors"]
    assert not ReportJob.objects.exists()  # nothing written, nothing recorded


@pytest.mark.parametrize("client_name,resource,key,visible", [
    ("api_student", "applications", "application", "a"),
    ("api_teacher", "weekly-logs", "log", "a"),
    ("api_other_enterprise", "postings", "posting", "b"),
    ("api_enterprise", "enterprises", "enterprise", "a"),
])
def test_every_resource_exports_only_what_the_user_sees(request, two_sides, client_name, resource, key, visible):
    if resource == "postings":
        Posting.objects.filter(pk=two_sides["a"]["posting"].pk).update(status="draft")  # A's draft: not B's to see
    client = request.getfixturevalue(client_name)
    ids = [two_sides["a"][key].pk, two_sides["b"][key].pk]
    resp = _post(client, resource, {"ids": ids, "file_format": "csv"})
    assert resp.status_code == 201, resp.content
    body = resp.json()
    assert body["exported"] == [two_sides[visible][key].pk]
    assert [r["code"] for r in body["refused"]] == ["not_found"]
    assert body["rows"] == 1


def test_bookings_export_the_chosen_rows(api_admin, api_teacher, teacher, teacher2):
    mine, theirs = BookingFactory(booked_by=teacher), BookingFactory(booked_by=teacher2)
    resp = _post(api_teacher, "bookings", {"ids": [mine.pk, theirs.pk], "file_format": "csv"})
    assert resp.status_code == 201 and resp.json()["exported"] == [mine.pk]
    resp = _post(api_admin, "bookings", {"ids": [mine.pk, theirs.pk], "file_format": "csv"})
    assert resp.json()["exported"] == [mine.pk, theirs.pk] and resp.json()["rows"] == 2
    assert Booking.objects.count() == 2


def test_personal_data_is_not_exported(api_admin, two_sides):
    who = two_sides["a"]["placement"].student
    who.phone, who.national_id = "13812345678", "11010519491231002X"
    who.save(update_fields=["phone", "national_id"])
    for resource, key in (("placements", "placement"), ("applications", "application"), ("weekly-logs", "log")):
        resp = _post(api_admin, resource, {"ids": [two_sides["a"][key].pk], "file_format": "csv"})
        content = _file(ReportJob.objects.get(pk=resp.json()["job"]))
        assert b"13812345678" not in content and b"1231002X" not in content and b"5678" not in content


@pytest.mark.parametrize("body,field", [
    ({"ids": [], "file_format": "csv"}, "ids"),
    ({"ids": ["x"], "file_format": "csv"}, "ids"),
    ({"ids": [0], "file_format": "csv"}, "ids"),
    ({"ids": list(range(1, MAX_BULK + 2)), "file_format": "csv"}, "ids"),
    ({"ids": [1], "file_format": "pdf"}, "file_format"),
    ({"ids": [1], "file_format": "csv", "columns": ["password"]}, "columns"),
    ({"file_format": "csv"}, "ids"),
])
def test_bad_input_is_a_clear_400_and_nothing_is_written(api_admin, two_sides, body, field):
    if body.get("ids") == [1]:
        body = {**body, "ids": [two_sides["a"]["placement"].pk]}
    resp = _post(api_admin, "placements", body)
    assert resp.status_code == 400, resp.content
    assert field in resp.json()["errors"]
    assert not ReportJob.objects.exists()


def test_the_bound_is_said_in_the_answer(api_admin):
    resp = _post(api_admin, "placements", {"ids": list(range(1, MAX_BULK + 2)), "file_format": "csv"})
    assert resp.status_code == 400
    assert str(MAX_BULK) in " ".join(resp.json()["errors"]["ids"])


def test_service_bound_and_refusal(admin_user, enterprise_user, two_sides):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        export_selected(user=admin_user, spec_name="placements", ids=list(range(1, MAX_BULK + 2)), file_format="csv")
    assert "ids" in exc.value.message_dict
    with pytest.raises(ValidationError):
        export_selected(user=admin_user, spec_name="nothing", ids=[1], file_format="csv")
    result = export_selected(user=enterprise_user, spec_name="applications", file_format="csv",
                             ids=[two_sides["b"]["application"].pk, two_sides["a"]["application"].pk])
    assert result.exported == [two_sides["a"]["application"].pk]
    assert result.job.params["refused"] == [two_sides["b"]["application"].pk]


def test_anonymous_is_401(client, two_sides):
    resp = client.post("/api/v1/placements/export/", {"ids": [two_sides["a"]["placement"].pk]},
                       content_type="application/json")
    assert resp.status_code in (401, 403)
    assert not ReportJob.objects.exists()


# --- the list pages' bar --------------------------------------------------------------------------------

@pytest.mark.parametrize("url_name,spec", [
    ("internships:placement_list", "placements"),
    ("internships:posting_list", "postings"),
    ("internships:application_list", "applications"),
    ("internships:log_list", "weekly_logs"),
    ("partnerships:enterprise_list", "enterprises"),
])
def test_lists_offer_the_export_of_the_chosen_rows(admin_client, two_sides, url_name, spec):
    resp = admin_client.get(reverse(url_name))
    assert resp.status_code == 200
    html = resp.content.decode()
    assert f'name="spec" value="{spec}"' in html
    assert f'formaction="{reverse("reports:export_selected")}"' in html
    assert 'name="ids"' in html


def test_bookings_list_offers_it(admin_client, teacher):
    BookingFactory(booked_by=teacher)
    html = admin_client.get(reverse("funding:booking_list")).content.decode()
    assert 'name="spec" value="bookings"' in html


def test_page_export_answers_the_file(admin_client, two_sides):
    ids = [two_sides["a"]["placement"].pk, two_sides["b"]["placement"].pk]
    resp = admin_client.post(reverse("reports:export_selected"),
                             {"spec": "placements", "ids": ids, "file_format": "csv"})
    assert resp.status_code == 200
    assert "attachment" in resp["Content-Disposition"] and "placements-selected-" in resp["Content-Disposition"]
    rows = csv_rows(b"".join(resp.streaming_content))
    assert len(rows) == 3
    assert ReportJob.objects.get().params["ids"] == ids


def test_page_export_reports_refused_rows(client, enterprise_user, two_sides):
    client.force_login(enterprise_user)
    own, other = two_sides["a"]["application"], two_sides["b"]["application"]
    resp = client.post(reverse("reports:export_selected"),
                       {"spec": "applications", "ids": [own.pk, other.pk], "file_format": "xlsx",
                        "next": reverse("internships:application_list")}, follow=True)
    assert resp.status_code == 200
    job = ReportJob.objects.get()
    assert resp.redirect_chain[-1][0] == reverse("reports:job_detail", args=[job.pk])
    html = resp.content.decode()
    assert str(other.pk) in html and reverse("reports:job_download", args=[job.pk]) in html
    sheet = load_workbook(io.BytesIO(_file(job))).active
    assert len(list(sheet.values)) == 2
    assert Application.objects.count() == 2


def test_page_export_refuses_bad_selection_back_to_the_list(admin_client, two_sides):
    back = reverse("internships:placement_list")
    for data in ({"spec": "placements", "file_format": "csv"},
                 {"spec": "placements", "ids": ["x"], "file_format": "csv"},
                 {"spec": "placements", "ids": [str(i) for i in range(1, MAX_BULK + 2)], "file_format": "csv"},
                 {"spec": "placements", "ids": [two_sides["a"]["placement"].pk], "file_format": "doc"}):
        resp = admin_client.post(reverse("reports:export_selected"), {**data, "next": back})
        assert resp.status_code == 302 and resp["Location"] == back
    assert not ReportJob.objects.exists()


def test_page_export_is_post_only(admin_client):
    assert admin_client.get(reverse("reports:export_selected")).status_code == 405


def test_selected_export_rereads_the_scope_when_it_runs(enterprise_user, two_sides):
    """The runner narrows the requester's scope by the ids, never the other way round."""
    from reports.services import job_run

    other = two_sides["b"]["placement"]
    job = ReportJob.objects.create(kind=JobKind.EXPORT, requested_by=enterprise_user, file_format="csv",
                                   params={"spec": "placements", "columns": ["student"], "query": "",
                                           "ids": [other.pk]})
    assert job_run(job.pk) == JobStatus.DONE
    job.refresh_from_db()
    assert csv_rows(_file(job)) == [[str(get_spec("placements").column_map()["student"].label)]]


def test_department_admin_exports_only_their_departments_rows(department_admin, student, other_department_student,
                                                              enterprise_org):
    mine = PlacementFactory(enterprise=enterprise_org, student=student, status="active")
    theirs = PlacementFactory(enterprise=enterprise_org, student=other_department_student, status="active")
    result = export_selected(user=department_admin, spec_name="placements", ids=[mine.pk, theirs.pk],
                             file_format="csv")
    assert result.exported == [mine.pk] and [r["id"] for r in result.refused] == [theirs.pk]
    assert [r[0] for r in csv_rows(_file(result.job))[1:]] == [student.display_name]
