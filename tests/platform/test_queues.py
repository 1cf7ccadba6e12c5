"""Queues (issue 22): every task has a line of its own kind, every line a worker, and a long report
never delays an event's notification."""
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from accounts.choices import Role
from config.celery import app, queue_of
from core.events import Event
from core.tasks import deliver_event
from notifications.models import Notification
from notifications.subscribers import HANDLER
from reports import tasks as report_tasks
from reports.choices import JobKind
from reports.models import ReportJob
from tests.accounts.factories import make_member
from tests.internships.factories import ApplicationFactory, PostingFactory
from tests.notifications.test_kill_and_rerun import ROOT, wait_for, worker_database_url
from tests.reports.factories import ReportJobFactory

QUEUES = set(settings.CELERY_QUEUES_ALL)


def project_tasks() -> list[str]:
    app.loader.import_default_modules()
    return sorted(name for name in app.tasks if not name.startswith("celery."))


def test_every_task_of_the_project_has_a_named_line():
    tasks = project_tasks()
    assert "reports.run_report_job" in tasks and "core.deliver_event" in tasks
    unrouted = [name for name in tasks if queue_of(name) == settings.CELERY_TASK_DEFAULT_QUEUE]
    assert unrouted == [], f"add these tasks to CELERY_TASK_ROUTES: {unrouted}"
    assert {queue_of(name) for name in tasks} <= QUEUES


def test_the_lines_people_wait_on_are_apart_from_the_long_ones():
    assert queue_of("core.deliver_event") == "events"
    assert queue_of("notifications.send_immediate_emails") == "email"
    assert queue_of("accounts.tasks.send_password_link") == "email"
    assert queue_of("integrations.deliver") == "webhooks"
    assert queue_of("notifications.run_reminder") == "reminders"
    assert queue_of("reports.run_report_job") == "reports"
    assert queue_of("reports.run_import_job") == "imports"
    # and Celery's own router agrees with queue_of (what a message really carries)
    for name in ("core.deliver_event", "reports.run_report_job", "accounts.tasks.send_invitation"):
        assert app.amqp.router.route({}, name)["queue"].name == queue_of(name)


def test_each_task_has_its_lines_time_limits():
    limits = settings.CELERY_QUEUE_TIME_LIMITS
    for name in project_tasks():
        task = app.tasks[name]
        soft, hard = limits[queue_of(name)]
        assert (task.soft_time_limit, task.time_limit) == (soft, hard), name
        assert soft < hard
    assert app.tasks["core.deliver_event"].time_limit < app.tasks["reports.run_report_job"].soft_time_limit
    # the broker never hands a running task to a second worker
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > max(h for _s, h in limits.values())


def _worker_queues(command: list[str] | str) -> set[str]:
    words = command if isinstance(command, list) else command.split()
    return set(words[words.index("-Q") + 1].split(","))


def test_every_line_has_a_worker_in_the_procfile_and_in_docker_compose():
    for procfile in ("Procfile", "Procfile.dev"):
        line = next(ln for ln in (ROOT / procfile).read_text().splitlines() if ln.startswith("worker:"))
        assert _worker_queues(line) == QUEUES, procfile
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    workers = {name: _worker_queues(svc["command"]) for name, svc in compose["services"].items()
               if "worker" in svc.get("command", [])}
    assert set().union(*workers.values()) == QUEUES
    # the long lines have workers of their own, away from the events
    for long_line in ("reports", "imports", "reminders"):
        holders = [name for name, queues in workers.items() if long_line in queues]
        assert holders and all("events" not in workers[name] for name in holders), long_line


@pytest.mark.django_db
def test_import_jobs_and_report_jobs_leave_for_their_own_lines(admin_user, monkeypatch,
                                                               django_capture_on_commit_callbacks):
    from reports.services import job_retry

    sent = []
    monkeypatch.setattr(report_tasks.run_report_job, "delay", lambda job_id: sent.append(("reports", job_id)))
    monkeypatch.setattr(report_tasks.run_import_job, "delay", lambda job_id: sent.append(("imports", job_id)))
    export = ReportJobFactory(requested_by=admin_user, status="failed", failure_reason="worker lost")
    imported = ReportJobFactory(requested_by=admin_user, status="failed", failure_reason="worker lost",
                                kind=JobKind.IMPORT, params={"target": "students", "dry_run": True})
    with django_capture_on_commit_callbacks(execute=True):
        job_retry(job=export, by=admin_user)
        job_retry(job=imported, by=admin_user)
    assert sent == [("reports", export.pk), ("imports", imported.pk)]


def _start_worker(queue: str, hold: Path | None = None, seconds: float = 0):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=worker_database_url(),
               REDIS_URL=settings.REDIS_URL, CELERY_BROKER_URL=settings.CELERY_BROKER_URL)
    if hold is not None:
        env.update(IEI_TEST_REPORT_HOLD=str(hold), IEI_TEST_REPORT_SECONDS=str(seconds))
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-Q", queue,
         "--include", "tests.platform.slow_report", "--loglevel", "WARNING", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


def _stop(worker) -> None:
    if worker.poll() is None:
        worker.kill()
        worker.wait(timeout=15)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_an_events_notification_is_delivered_while_a_long_report_holds_the_report_line(
        admin_user, enterprise_org, student, tmp_path):
    # The lines of this test alone (other tests of the run leave messages on the shared ones): the
    # queue each task is routed to, with a prefix.
    prefix = f"test-{uuid.uuid4().hex[:8]}-"
    reports_line, events_line = prefix + queue_of("reports.run_report_job"), prefix + queue_of("core.deliver_event")
    hold = tmp_path / "report.txt"
    hold.write_text("")
    staff = [make_member(Role.ENTERPRISE, enterprise_org, username=f"hr-q{i}") for i in range(2)]
    application = ApplicationFactory(posting=PostingFactory(enterprise=enterprise_org), student=student)
    job = ReportJobFactory(requested_by=admin_user)
    report_worker = _start_worker(reports_line, hold=hold, seconds=60)
    events_worker = _start_worker(events_line)
    try:
        report_tasks.run_report_job.apply_async(args=[job.pk], queue=reports_line)
        assert wait_for(lambda: "started" in hold.read_text(), report_worker), "the report never started"
        event = Event(name="internships.application.created", model="internships.application",
                      object_id=application.pk, actor_id=student.pk)
        deliver_event.apply_async(args=[event.as_dict(), HANDLER], queue=events_line)
        assert wait_for(lambda: Notification.objects.filter(key=f"event:{event.id}").count() == len(staff),
                        events_worker, timeout=30), "the event waited behind the report"
        # the report was still holding its line when the notification was written
        assert "finished" not in hold.read_text()
        assert report_worker.poll() is None
        assert ReportJob.objects.get(pk=job.pk).status != "done"
    finally:
        _stop(report_worker)
        _stop(events_worker)
        with app.connection_for_write() as conn:
            for line in (reports_line, events_line):
                conn.default_channel.queue_delete(line)
