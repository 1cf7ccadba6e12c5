"""The report job life cycle: request (202), run by the worker, progress, download, expiry, failures."""
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from core.models import StatusChange
from reports import services
from reports.choices import JobKind, JobStatus
from reports.models import ReportJob
from reports.services import job_run

from .factories import ReportJobFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/"


def _export(client, **extra):
    body = {"kind": "export", "spec": "organizations", "file_format": "csv", **extra}
    return client.post(URL, body, format="json")


def test_request_run_download_flow(api_teacher, teacher, college):
    resp = _export(api_teacher, columns=["name", "kind"])
    assert resp.status_code == 202, resp.content
    job_id = resp.json()["id"]
    assert resp.json()["status"] == "queued"
    assert ReportJob.objects.get(pk=job_id).status == JobStatus.QUEUED  # nothing ran inside the request

    assert job_run(job_id) == JobStatus.DONE
    detail = api_teacher.get(f"{URL}{job_id}/").json()
    assert detail["status"] == "done" and detail["progress"] == 100 and detail["done"] is True
    assert detail["download_url"] == f"{URL}{job_id}/download/"
    assert detail["expires_at"]

    file = api_teacher.get(detail["download_url"])
    assert file.status_code == 200
    content = b"".join(file.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")
    assert "测试学院" in content.decode("utf-8-sig")
    # the transitions were recorded (who/when lives in StatusChange)
    assert list(StatusChange.objects.filter(object_id=job_id).values_list("to_status", flat=True)) == ["done",
                                                                                                      "running"]


def test_job_is_enqueued_only_after_commit(api_admin, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    from reports import tasks

    monkeypatch.setattr(tasks.run_report_job, "delay", lambda job_id: sent.append(job_id))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        resp = _export(api_admin)
        assert sent == []  # not before the commit
    assert len(callbacks) == 1
    assert sent == [resp.json()["id"]]


def test_other_user_cannot_see_or_download(api_student, api_student2, student, api_admin):
    job_id = _export(api_student).json()["id"]
    job_run(job_id)
    assert api_student2.get(f"{URL}{job_id}/").status_code == 404
    assert api_student2.get(f"{URL}{job_id}/download/").status_code == 404
    assert api_student2.post(f"{URL}{job_id}/retry/").status_code == 404
    assert api_admin.get(f"{URL}{job_id}/download/").status_code == 200  # college admins oversee every job
    assert [j["id"] for j in api_student2.get(URL).json()["results"]] == []


def test_anonymous_is_refused(api_anon):
    assert _export(api_anon).status_code in (401, 403)
    assert api_anon.get(URL).status_code in (401, 403)


def test_download_before_done_is_409(api_teacher):
    job_id = _export(api_teacher).json()["id"]
    resp = api_teacher.get(f"{URL}{job_id}/download/")
    assert resp.status_code == 409 and resp.json()["code"] == "not_ready"


@pytest.mark.parametrize("body, field", [
    ({"kind": "nonsense"}, "kind"),
    ({"kind": "export"}, "spec"),
    ({"kind": "export", "spec": "no-such-list"}, "spec"),
    ({"kind": "export", "spec": "organizations", "columns": ["name", "password"]}, "columns"),
    ({"kind": "export", "spec": "organizations", "file_format": "pdf"}, "file_format"),
    ({"kind": "export", "spec": "organizations", "file_format": "doc"}, "file_format"),
    ({"kind": "annual_report"}, "year"),
    ({"kind": "annual_report", "year": 1990}, "year"),
    ({"kind": "annual_report", "year": 2024, "file_format": "csv"}, "file_format"),
    ({"kind": "import", "target": "students"}, "source"),
])
def test_bad_input_is_400(api_admin, body, field):
    resp = api_admin.post(URL, body, format="json")
    assert resp.status_code == 400, resp.content
    assert field in resp.json()["errors"]


def test_future_year_is_400(api_admin):
    resp = api_admin.post(URL, {"kind": "annual_report", "year": timezone.localdate().year + 1}, format="json")
    assert resp.status_code == 400


@pytest.mark.parametrize("client_name", ["api_student", "api_teacher", "api_enterprise", "api_association"])
def test_only_admins_run_annual_report_and_imports(request, client_name):
    client = request.getfixturevalue(client_name)
    assert client.post(URL, {"kind": "annual_report", "year": 2024}, format="json").status_code == 403
    assert client.post(URL, {"kind": "import", "target": "students"}, format="json").status_code == 403
    assert client.get(f"{URL}import-template/?target=students").status_code == 403


def test_cancel_and_retry_transitions(api_teacher, teacher):
    job_id = _export(api_teacher).json()["id"]
    assert api_teacher.post(f"{URL}{job_id}/retry/").status_code == 409  # queued cannot be retried
    resp = api_teacher.post(f"{URL}{job_id}/cancel/")
    assert resp.status_code == 200 and resp.json()["status"] == "cancelled"
    assert api_teacher.post(f"{URL}{job_id}/cancel/").status_code == 409  # already cancelled
    assert job_run(job_id) == JobStatus.CANCELLED  # a late message does not resurrect it
    resp = api_teacher.post(f"{URL}{job_id}/retry/")
    assert resp.status_code == 202 and resp.json()["status"] == "queued"
    assert job_run(job_id) == JobStatus.DONE
    assert api_teacher.post(f"{URL}{job_id}/cancel/").json()["code"] == "transition_not_allowed"


def test_admin_cannot_confirm_an_export(api_admin):
    job_id = _export(api_admin).json()["id"]
    job_run(job_id)
    resp = api_admin.post(f"{URL}{job_id}/confirm/")
    assert resp.status_code == 409 and resp.json()["code"] == "not_a_dry_run"


def test_confirm_is_403_for_requester_without_admin_role(api_teacher):
    job_id = _export(api_teacher).json()["id"]
    assert api_teacher.post(f"{URL}{job_id}/confirm/").status_code == 403


def test_failed_job_says_why(admin_user):
    job = ReportJobFactory(requested_by=admin_user, params={"spec": "no-longer-exists"})
    assert job_run(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert job.failure_reason == "该导出类型已不可用。"  # in the language the job was requested in
    assert job.finished_at is not None and not job.result


def test_crash_becomes_failure_not_stuck_job(admin_user, monkeypatch):
    job = ReportJobFactory(requested_by=admin_user)

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr("reports.exports.write_csv", boom)
    assert job_run(job.pk) == JobStatus.FAILED
    job.refresh_from_db()
    assert "RuntimeError" in job.failure_reason


def test_redelivered_message_does_not_run_twice(admin_user, monkeypatch):
    job = ReportJobFactory(requested_by=admin_user)
    calls = []
    real = services._run_export
    monkeypatch.setattr(services, "_run_export", lambda j, d: (calls.append(j.pk), real(j, d)))
    assert job_run(job.pk) == JobStatus.DONE
    assert job_run(job.pk) == JobStatus.DONE
    assert calls == [job.pk]


def test_job_left_running_by_a_dead_worker_is_rerun_then_given_up(admin_user):
    old = timezone.now() - services.STALE_AFTER - timedelta(minutes=1)
    job = ReportJobFactory(requested_by=admin_user, status=JobStatus.RUNNING, started_at=old, attempts=1)
    fresh = ReportJobFactory(requested_by=admin_user, status=JobStatus.RUNNING, started_at=timezone.now(), attempts=1)
    assert job_run(job.pk) == JobStatus.DONE
    assert job_run(fresh.pk) == JobStatus.RUNNING  # still owned by a live worker: left alone

    dead = ReportJobFactory(requested_by=admin_user, status=JobStatus.RUNNING, started_at=old,
                            attempts=services.MAX_ATTEMPTS)
    assert job_run(dead.pk) == JobStatus.FAILED
    dead.refresh_from_db()
    assert dead.failure_reason == "任务已被中断 2 次，已停止。"


def test_requeue_stale_jobs_enqueues_only_stale(admin_user, monkeypatch):
    from reports import tasks

    sent = []
    monkeypatch.setattr(tasks.run_report_job, "delay", lambda job_id: sent.append(job_id))
    old = timezone.now() - services.STALE_AFTER - timedelta(minutes=1)
    stale = ReportJobFactory(requested_by=admin_user, status=JobStatus.RUNNING, started_at=old, attempts=1)
    ReportJobFactory(requested_by=admin_user, status=JobStatus.RUNNING, started_at=timezone.now(), attempts=1)
    assert services.requeue_stale_jobs() == [stale.pk]
    assert sent == [stale.pk]


def test_expiry_deletes_files_and_marks_expired(api_admin, admin_user):
    job_id = _export(api_admin).json()["id"]
    job_run(job_id)
    job = ReportJob.objects.get(pk=job_id)
    storage, name = job.result.storage, job.result.name
    assert storage.exists(name)
    assert services.expire_results(now=job.expires_at - timedelta(seconds=1)) == 0
    assert services.expire_results(now=job.expires_at + timedelta(seconds=1)) == 1
    job.refresh_from_db()
    assert job.status == JobStatus.EXPIRED and not job.result
    assert not storage.exists(name)
    assert api_admin.get(f"{URL}{job_id}/download/").status_code == 409


def test_expire_task_runs(admin_user):
    from reports.tasks import expire_report_files

    job = ReportJobFactory(requested_by=admin_user)
    job_run(job.pk)
    ReportJob.objects.filter(pk=job.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert expire_report_files() == 1


def test_list_query_count_is_constant(api_admin, admin_user, django_assert_max_num_queries):
    for _ in range(3):
        ReportJobFactory(requested_by=admin_user)
    with django_assert_max_num_queries(6):
        assert api_admin.get(URL).status_code == 200
    for _ in range(20):
        ReportJobFactory(requested_by=admin_user, kind=JobKind.ANNUAL_REPORT, params={"year": 2024})
    with django_assert_max_num_queries(6):
        resp = api_admin.get(URL)
    assert resp.status_code == 200 and resp.json()["count"] == 23


def test_html_list_page_query_count_is_constant(web, admin_user, django_assert_max_num_queries):
    client = web.login_as(admin_user)
    for _ in range(3):
        ReportJobFactory(requested_by=admin_user)
    client.get(reverse("reports:job_list"))
    with django_assert_max_num_queries(14) as ctx:
        assert client.get(reverse("reports:job_list")).status_code == 200
    baseline = len(ctx.captured_queries)
    for _ in range(20):
        ReportJobFactory(requested_by=admin_user)
    with django_assert_max_num_queries(baseline):
        resp = client.get(reverse("reports:job_list"))
    assert resp.status_code == 200


@pytest.mark.django_db(transaction=True)
def test_parallel_workers_run_a_job_once(admin_user, monkeypatch):
    job = ReportJobFactory(requested_by=admin_user)
    runs = []
    real = services._run_export

    def counting(j, d):
        runs.append(j.pk)
        real(j, d)

    monkeypatch.setattr(services, "_run_export", counting)
    barrier = threading.Barrier(4)
    results = []

    def worker():
        try:
            barrier.wait()
            results.append(job_run(job.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert runs == [job.pk]
    assert ReportJob.objects.get(pk=job.pk).status == JobStatus.DONE
    assert ReportJob.objects.get(pk=job.pk).attempts == 1
