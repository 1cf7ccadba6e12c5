"""Bulk imports: content checks, dry run with each row's errors, all-or-nothing writes."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from accounts.choices import OrganizationKind, Role
from accounts.models import Membership, Organization, User
from partnerships.models import Enterprise
from reports.choices import JobStatus
from reports.imports import PEOPLE_COLUMNS
from reports.models import ReportJob
from reports.services import import_confirm, job_run

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200


def _csv(text: str, name="students.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def _xlsx(rows, name="people.xlsx") -> SimpleUploadedFile:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile(name, buf.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def _post(client, target, upload, dry_run=True):
    return client.post(URL, {"kind": "import", "target": target, "source": upload, "dry_run": dry_run,
                             "language": "en"}, format="multipart")


def test_dry_run_reports_each_rows_errors_and_saves_nothing(api_admin, department, student):
    text = ("username,display_name,student_no,department,email\n"
            "s001,王小明,2024001,影视系,s001@example.cn\n"
            "student_u,李华,2024002,影视系,\n"            # username taken
            "s003,赵敏,2024001,影视系,not-an-email\n"     # number repeats row 2, bad e-mail
            "s004,,2024004,美术系,\n")                    # name missing, unknown department
    resp = _post(api_admin, "students", _csv(text))
    assert resp.status_code == 202, resp.content
    job_id = resp.json()["id"]
    assert job_run(job_id) == JobStatus.DONE
    job = ReportJob.objects.get(pk=job_id)
    errors = {e["row"]: set(e["errors"]) for e in job.summary["errors"]}
    assert job.summary["rows"] == 4 and job.summary["error_rows"] == 3
    assert errors == {3: {"username"}, 4: {"student_no", "email"}, 5: {"display_name", "department"}}
    assert not User.objects.filter(username="s001").exists()
    # a dry run with errors cannot be confirmed
    assert api_admin.post(f"{URL}{job_id}/confirm/").json()["code"] == "dry_run_errors"


def test_clean_dry_run_then_confirm_imports_all(api_admin, admin_user, department):
    with translation.override("zh-hans"):  # the header a Chinese user's template has
        header = [str(c.label) for c in PEOPLE_COLUMNS["students"]]
    rows = [header,
            ["s101", "王小明", "2024101", "影视系", ""],
            ["s102", "李小红", "2024102", "影视系", "s102@example.cn"]]
    job_id = _post(api_admin, "students", _xlsx(rows)).json()["id"]
    assert job_run(job_id) == JobStatus.DONE
    assert ReportJob.objects.get(pk=job_id).summary["error_rows"] == 0
    resp = api_admin.post(f"{URL}{job_id}/confirm/")
    assert resp.status_code == 202
    real_id = resp.json()["id"]
    assert api_admin.post(f"{URL}{job_id}/confirm/").json()["code"] == "already_confirmed"
    assert job_run(real_id) == JobStatus.DONE
    assert ReportJob.objects.get(pk=real_id).summary["created"] == 2
    s = User.objects.get(username="s102")
    assert s.student_no == "2024102" and s.email == "s102@example.cn" and not s.has_usable_password()
    assert Membership.objects.filter(user=s, organization=department, role=Role.STUDENT).exists()


def test_real_import_with_an_error_row_imports_nothing(api_admin, department):
    text = "username,display_name,staff_no,department\nt1,李老师,T001,影视系\nt2,陈老师,T002,不存在系\n"
    job_id = _post(api_admin, "teachers", _csv(text), dry_run=False).json()["id"]
    assert job_run(job_id) == JobStatus.FAILED
    job = ReportJob.objects.get(pk=job_id)
    assert "1" in job.failure_reason and job.summary["error_rows"] == 1
    assert not User.objects.filter(username="t1").exists()


def test_import_rolls_back_when_a_write_fails_half_way(admin_user, department, monkeypatch):
    from reports import imports

    real = imports._create_person
    calls = []

    def flaky(target, data):
        calls.append(data["username"])
        if len(calls) == 2:
            raise RuntimeError("database went away")
        real(target, data)

    monkeypatch.setattr(imports, "_create_person", flaky)
    from reports.services import import_request

    text = "username,display_name,staff_no,department\nt1,李老师,T001,影视系\nt2,陈老师,T002,影视系\n"
    job = import_request(user=admin_user, target="teachers", upload=_csv(text), dry_run=False, language="en")
    assert job_run(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert "rolled back" in job.failure_reason
    assert calls == ["t1", "t2"]
    assert not User.objects.filter(username__in=["t1", "t2"]).exists()  # t1 was written, then rolled back


def test_enterprises_import(api_admin, enterprise_org):
    text = ("name,name_en,segment,staff_count,credit_code\n"
            "丙公司,Company C,AIGC tools,120,91310000MA1FL8XQ37\n"
            "甲公司,,film,10,\n"                 # exists already
            "丁公司,,spaceflight,-3,ABC\n")      # bad segment, count, code
    job_id = _post(api_admin, "enterprises", _csv(text)).json()["id"]
    job_run(job_id)
    errors = {e["row"]: set(e["errors"]) for e in ReportJob.objects.get(pk=job_id).summary["errors"]}
    assert errors == {3: {"name"}, 4: {"segment", "staff_count", "credit_code"}}

    ok = "name,segment,staff_count,credit_code\n丙公司,aigc,120,91310000MA1FL8XQ37\n戊公司,Film production,35,\n"
    job_id = _post(api_admin, "enterprises", _csv(ok), dry_run=False).json()["id"]
    assert job_run(job_id) == JobStatus.DONE
    ent = Enterprise.objects.get(organization__name="丙公司")
    assert ent.segment == "aigc" and ent.staff_count == 120
    assert Enterprise.objects.get(organization__name="戊公司").segment == "film"
    assert Organization.objects.get(name="戊公司").kind == OrganizationKind.ENTERPRISE


def test_missing_columns_fail_with_reason(api_admin, department):
    job_id = _post(api_admin, "students", _csv("username,email\nx,x@example.cn\n")).json()["id"]
    assert job_run(job_id) == JobStatus.FAILED
    assert "Missing columns" in ReportJob.objects.get(pk=job_id).failure_reason


def test_gb18030_csv_is_read(api_admin, department):
    text = "username,display_name,student_no,department\ns9,王小明,9,影视系\n"
    upload = SimpleUploadedFile("gbk.csv", text.encode("gb18030"), content_type="text/csv")
    job_id = _post(api_admin, "students", upload).json()["id"]
    assert job_run(job_id) == JobStatus.DONE
    assert ReportJob.objects.get(pk=job_id).summary["error_rows"] == 0


def test_upload_refused_by_content(api_admin):
    resp = _post(api_admin, "students", SimpleUploadedFile("students.csv", PNG, content_type="text/csv"))
    assert resp.status_code == 400 and "source" in resp.json()["errors"]
    resp = _post(api_admin, "students", SimpleUploadedFile("students.xlsx", b"PK\x03\x04 not a zip",
                                                            content_type="application/zip"))
    assert resp.status_code == 400
    assert not ReportJob.objects.exists()


def test_upload_refused_by_size(api_admin, settings):
    settings.UPLOAD_MAX_BYTES = 100
    resp = _post(api_admin, "students", _csv("username,display_name,student_no,department\n" + "a,b,c,d\n" * 30))
    assert resp.status_code == 400 and "source" in resp.json()["errors"]


def test_template_download(api_admin):
    resp = api_admin.get(f"{URL}import-template/?target=teachers", HTTP_ACCEPT_LANGUAGE="en")
    assert resp.status_code == 200
    header = next(load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True))
    assert header == ("Username*", "Full name*", "Staff number*", "Department*", "E-mail")
    resp = api_admin.get(f"{URL}import-template/?target=teachers", HTTP_ACCEPT_LANGUAGE="zh-hans")
    header = next(load_workbook(io.BytesIO(resp.content)).active.iter_rows(values_only=True))
    assert header[:4] == ("用户名*", "姓名*", "工号*", "院系*")
    assert api_admin.get(f"{URL}import-template/?target=aliens").status_code == 400


def test_template_round_trips_as_a_valid_header(admin_user, department):
    from reports.imports import read_rows, template_workbook, validate_rows

    rows = read_rows(io.BytesIO(template_workbook("students")), "xlsx")
    rows.append(["s77", "王小明", "77", "影视系", ""])
    parsed = validate_rows("students", rows)
    assert [p.errors for p in parsed] == [{}]


def test_import_page_for_admin_only(web, admin_user, student, department):
    assert web.login_as(student).get(reverse("reports:import")).status_code == 403
    client = web.login_as(admin_user)
    assert client.get(reverse("reports:import")).status_code == 200
    resp = client.post(reverse("reports:import"), {"target": "students", "source": SimpleUploadedFile("x.csv", PNG)})
    assert resp.status_code == 200 and "source" in resp.context["form"].errors
    text = "username,display_name,student_no,department\ns5,王小明,5,影视系\n"
    resp = client.post(reverse("reports:import"), {"target": "students", "source": _csv(text), "dry_run": "on"})
    job = ReportJob.objects.get()
    assert resp.status_code == 302 and job.params["dry_run"] is True
    job_run(job.pk)
    page = client.get(reverse("reports:job_detail", args=[job.pk]))
    confirm_url = reverse("reports:job_action", args=[job.pk, "confirm"])
    assert page.status_code == 200 and f'action="{confirm_url}"' in page.content.decode()
    # the button posts the page it is on as next; the import it started opens all the same
    resp = client.post(confirm_url, {"next": reverse("reports:job_detail", args=[job.pk])})
    new = ReportJob.objects.exclude(pk=job.pk).get()
    assert resp.status_code == 302 and new.params["dry_run"] is False
    assert resp["Location"] == reverse("reports:job_detail", args=[new.pk])
    page = client.get(reverse("reports:job_detail", args=[job.pk]))
    assert f'action="{confirm_url}"' not in page.content.decode()  # imported once: no second button


def test_confirm_service_refuses_when_file_expired(admin_user, department):
    from reports.services import expire_results, import_request

    text = "username,display_name,student_no,department\ns5,王小明,5,影视系\n"
    job = import_request(user=admin_user, target="students", upload=_csv(text), dry_run=True, language="en")
    job_run(job.pk)
    ReportJob.objects.filter(pk=job.pk).update(source="")
    job.refresh_from_db()
    from core.domain import DomainError

    with pytest.raises(DomainError):
        import_confirm(job=job, by=admin_user)
    assert expire_results() == 0


@pytest.mark.django_db(transaction=True)
def test_parallel_confirms_start_one_import(admin_user, department, monkeypatch):
    """Two admins pressing "import" at once must not import the file twice (row lock on the dry run)."""
    import threading

    from django.db import connection

    from reports import tasks
    from reports.services import import_request

    monkeypatch.setattr(tasks.run_import_job, "delay", lambda job_id: None)
    text = "username,display_name,student_no,department\ns61,王小明,61,影视系\n"
    dry = import_request(user=admin_user, target="students", upload=_csv(text), dry_run=True, language="en")
    job_run(dry.pk)
    barrier = threading.Barrier(4)
    outcomes = []

    def press():
        try:
            barrier.wait()
            import_confirm(job=ReportJob.objects.get(pk=dry.pk), by=admin_user)
            outcomes.append("started")
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            outcomes.append(getattr(exc, "code", type(exc).__name__))
        finally:
            connection.close()

    threads = [threading.Thread(target=press) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["already_confirmed"] * 3 + ["started"]
    assert ReportJob.objects.filter(params__dry_run=False).count() == 1
