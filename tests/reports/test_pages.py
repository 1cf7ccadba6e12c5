"""HTML pages: my reports, job detail, polling JSON, download and workflow buttons, per role."""
import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from reports.choices import JobStatus
from reports.models import ReportJob
from reports.services import job_run

from .factories import ReportJobFactory

pytestmark = pytest.mark.django_db


def test_student_sees_only_own_jobs(web, student, student2):
    mine = ReportJobFactory(requested_by=student)
    ReportJobFactory(requested_by=student2)
    resp = web.login_as(student).get(reverse("reports:job_list"))
    assert resp.status_code == 200
    assert [j.pk for j in resp.context["page"].object_list] == [mine.pk]
    assert resp.context["can_annual"] is False and resp.context["can_import"] is False
    assert f'data-poll-url="{reverse("reports:job_status", args=[mine.pk])}"'.encode() in resp.content


def test_empty_state(web, teacher):
    resp = web.login_as(teacher).get(reverse("reports:job_list"))
    assert resp.status_code == 200 and b'class="empty"' in resp.content


def test_filters_on_list(web, admin_user):
    done = ReportJobFactory(requested_by=admin_user)
    job_run(done.pk)
    ReportJobFactory(requested_by=admin_user)
    resp = web.login_as(admin_user).get(reverse("reports:job_list") + "?status=done&ordering=-created_at")
    assert [j.pk for j in resp.context["page"].object_list] == [done.pk]


def test_other_users_job_is_404_everywhere(web, student, student2):
    job = ReportJobFactory(requested_by=student)
    job_run(job.pk)
    client = web.login_as(student2)
    for name in ("reports:job_detail", "reports:job_status", "reports:job_download"):
        assert client.get(reverse(name, args=[job.pk])).status_code == 404
    assert client.post(reverse("reports:job_action", args=[job.pk, "retry"])).status_code == 404


def test_status_json_for_poller(web, student):
    job = ReportJobFactory(requested_by=student)
    client = web.login_as(student)
    data = client.get(reverse("reports:job_status", args=[job.pk])).json()
    assert data == {"progress": 0, "status_display": "排队中", "done": False, "status": "queued"}
    job_run(job.pk)
    data = client.get(reverse("reports:job_status", args=[job.pk])).json()
    assert data["progress"] == 100 and data["done"] is True


def test_download_from_page(web, student, college):
    job = ReportJobFactory(requested_by=student)
    client = web.login_as(student)
    resp = client.get(reverse("reports:job_download", args=[job.pk]))
    assert resp.status_code == 302  # not ready yet: back to the job with a message
    assert "没有可下载的文件" in str(list(get_messages(resp.wsgi_request))[0])
    job_run(job.pk)
    resp = client.get(reverse("reports:job_download", args=[job.pk]))
    assert resp.status_code == 200 and resp["Content-Disposition"].startswith("attachment")


def test_cancel_and_retry_buttons(web, teacher):
    job = ReportJobFactory(requested_by=teacher)
    client = web.login_as(teacher)
    page = client.get(reverse("reports:job_detail", args=[job.pk]))
    html = page.content.decode()
    assert reverse("reports:job_action", args=[job.pk, "cancel"]) in html
    assert reverse("reports:job_action", args=[job.pk, "retry"]) not in html  # a queued job is not retried
    assert reverse("reports:job_action", args=[job.pk, "confirm"]) not in html  # nor confirmed by a teacher
    assert b"data-confirm" in page.content
    resp = client.post(reverse("reports:job_action", args=[job.pk, "cancel"]))
    assert resp.status_code == 302
    job.refresh_from_db()
    assert job.status == JobStatus.CANCELLED
    resp = client.post(reverse("reports:job_action", args=[job.pk, "cancel"]), follow=True)
    assert any(m.level_tag == "error" for m in resp.context["messages"])  # 409 becomes a message
    assert reverse("reports:job_action", args=[job.pk, "retry"]) in client.get(
        reverse("reports:job_detail", args=[job.pk])).content.decode()  # a cancelled job may run again
    resp = client.post(reverse("reports:job_action", args=[job.pk, "retry"]))
    assert resp["Location"] == reverse("reports:job_detail", args=[job.pk])
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED
    assert client.post(reverse("reports:job_action", args=[job.pk, "explode"])).status_code == 404
    assert client.post(reverse("reports:job_action", args=[job.pk, "confirm"])).status_code == 403


def test_failed_job_shows_reason(web, admin_user):
    job = ReportJobFactory(requested_by=admin_user, params={"spec": "gone"})
    job_run(job.pk)
    resp = web.login_as(admin_user).get(reverse("reports:job_detail", args=[job.pk]))
    assert "该导出类型已不可用".encode() in resp.content
    assert reverse("reports:job_action", args=[job.pk, "retry"]) in resp.content.decode()


def test_anonymous_is_sent_to_login(client):
    job_id = 1
    assert client.get(reverse("reports:job_list")).status_code == 302
    for name in ("reports:job_status", "reports:job_download"):
        resp = client.get(reverse(name, args=[job_id]))
        assert resp.status_code == 302 and resp["Location"].startswith(reverse("accounts:login"))


def test_nav_and_template_links(web, admin_user):
    client = web.login_as(admin_user)
    resp = client.get(reverse("reports:import_template", args=["students"]))
    assert resp.status_code == 200 and resp["Content-Type"].startswith("application/vnd.openxml")
    assert client.get(reverse("reports:import_template", args=["aliens"])).status_code == 404
    assert ReportJob.objects.count() == 0
