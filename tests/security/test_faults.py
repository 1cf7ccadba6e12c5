"""Faults: a worker killed in the middle of a report job, and the database dropping the web server.

Both run real processes on this machine: a Celery worker on the Redis broker, and gunicorn serving
the WSGI application on a loopback port. A table lock taken from the test's own connection holds
each victim at a known point, so the fault lands in the middle of the work every time.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings

from tests.partnerships.factories import AgreementFactory

ROOT = Path(__file__).resolve().parents[2]


def _test_database_url() -> str:
    """The test database as a DATABASE_URL for the spawned worker and web server.

    Every part is percent-quoted: the embedded PostgreSQL's HOST is a Unix-socket directory
    (``/.../var/pg``), whose slashes would otherwise be read as the database name, and the
    settings unquote the host again (config/settings/base.py).
    """
    db = settings.DATABASES["default"]
    auth = quote(db["USER"], safe="") + (f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else "")
    host = quote(db["HOST"], safe="")
    return f"postgres://{auth}@{host}:{db['PORT'] or 5432}/{quote(db['NAME'], safe='')}"


def _raw_connection():
    db = settings.DATABASES["default"]
    return psycopg2.connect(dbname=db["NAME"], user=db["USER"], password=db.get("PASSWORD") or None,
                            host=db["HOST"], port=db["PORT"] or 5432)


def _env() -> dict:
    return dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=_test_database_url(),
                REDIS_URL=settings.REDIS_URL, CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
                CELERY_TASK_ALWAYS_EAGER="false")


def _wait(predicate, timeout: float, what: str, proc=None):
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = predicate()
        if value:
            return value
        if proc is not None and proc.poll() is not None:
            raise AssertionError(f"process died while waiting for {what}: {proc.stdout.read().decode()[-3000:]}")
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


def _stop(proc):
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_report_job_killed_mid_run_is_run_again_once(admin_user, college, enterprise_org, settings):
    from config.celery import app, queue_of
    from core.workflow import history_for
    from reports.choices import JobStatus
    from reports.models import ReportJob
    from reports.services import export_request, requeue_stale_jobs

    # An empty report queue: the drained() check below then sees only this test's message.
    line = queue_of("reports.run_report_job")
    with app.connection_for_write() as conn:
        conn.default_channel.client.delete(line, "unacked", "unacked_index")
    AgreementFactory(code="FAULT-1", college=college, parties=[enterprise_org])
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "prefork", "--concurrency", "1",
         "-Q", line, "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    locker = _raw_connection()
    try:
        _wait(lambda: _children(worker.pid), 60, "the worker's pool process", worker)
        # The export reads the agreements table: an exclusive lock holds the job right after its claim.
        cur = locker.cursor()
        cur.execute("LOCK TABLE partnerships_agreement IN ACCESS EXCLUSIVE MODE")
        job = export_request(user=admin_user, spec_name="agreements", columns=None, file_format="csv")
        _wait(lambda: ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).exists(), 30,
              "the job to start", worker)
        for child in _children(worker.pid):
            os.kill(child, signal.SIGKILL)
        # reject_on_worker_lost puts the message back; the redelivered run finds the job claimed and
        # not stale, so it does nothing: no second run while the first attempt may still count.
        client = app.connection_for_write().default_channel.client

        def drained():
            return client.llen(line) == 0 and client.hlen("unacked") == 0
        time.sleep(1)
        _wait(drained, 60, "the redelivered message to be consumed", worker)
        locker.rollback()
        job.refresh_from_db()
        assert (job.status, job.attempts) == (JobStatus.RUNNING, 1)
        assert not job.result

        # Beat's stale-job sweep gives it its one more run, as after 45 minutes in production.
        ReportJob.objects.filter(pk=job.pk).update(started_at=job.started_at - timedelta(hours=1))
        assert requeue_stale_jobs() == [job.pk]
        _wait(lambda: ReportJob.objects.filter(pk=job.pk, status=JobStatus.DONE).exists(), 60, "the re-run", worker)
        job.refresh_from_db()
        assert job.attempts == 2
        assert job.result and job.result_name.endswith(".csv")
        # The worker stores files under the test settings' media folder, not this test's temporary one.
        from config.settings import test as worker_settings

        settings.MEDIA_ROOT = worker_settings.MEDIA_ROOT
        with job.result.open("rb") as fh:
            assert "FAULT-1" in fh.read().decode("utf-8-sig")
        job.result.delete(save=False)
        moves = [(c.from_status, c.to_status) for c in history_for(job)]
        assert moves.count((JobStatus.RUNNING, JobStatus.DONE)) == 1
        assert moves.count((JobStatus.QUEUED, JobStatus.RUNNING)) == 1
    finally:
        locker.close()
        _stop(worker)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, token: str, timeout: float = 30) -> int:
    request = urllib.request.Request(url, headers={"Authorization": f"Token {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - loopback URL built here
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code


@pytest.mark.django_db(transaction=True)
def test_web_server_survives_the_database_dropping_its_connections(admin_user):
    import threading

    from accounts.models import ApiToken

    _row, token = ApiToken.objects.create(user=admin_user, name="faults")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--threads", "4", "--timeout", "60"],
        cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    locker = _raw_connection()
    try:
        def serving() -> bool:
            # a worker still importing the URLconf on a loaded machine answers late: poll again, don't fail
            try:
                return _port_open(port) and _get(f"{base}/api/v1/me/", token, timeout=5) == 200
            except OSError:
                return False
        _wait(serving, 90, "gunicorn to serve", server)
        cur = locker.cursor()
        cur.execute("LOCK TABLE partnerships_agreement IN ACCESS EXCLUSIVE MODE")
        in_flight: dict = {}
        thread = threading.Thread(target=lambda: in_flight.setdefault(
            "status", _get(f"{base}/api/v1/agreements/", token)))
        thread.start()

        def waiting_backends():
            probe = _raw_connection()
            try:
                with probe.cursor() as c:
                    c.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                              "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()")
                    return [row[0] for row in c.fetchall()]
            finally:
                probe.close()
        _wait(waiting_backends, 30, "the request to block on the lock", server)
        # The database restarts: every connection of the web server is terminated, idle or busy
        # (the test's own connections are spared so the test can observe and clean up).
        from django.db import connection

        with connection.cursor() as c:
            c.execute("SELECT pg_backend_pid()")
            own = c.fetchone()[0]
        killer = _raw_connection()
        with killer.cursor() as c:
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
                      "AND pid <> pg_backend_pid() AND pid <> ALL(%s)", [[locker.get_backend_pid(), own]])
            assert c.rowcount >= 1
        killer.close()
        thread.join(timeout=60)
        locker.rollback()

        assert in_flight["status"] >= 500, "the request in flight gets an error, not a hang or a success"
        assert server.poll() is None, "the web server process is still up"
        statuses = [_get(f"{base}/api/v1/agreements/", token) for _ in range(5)]
        assert statuses == [200] * 5, statuses
        assert _get(f"{base}/healthz", token) == 200
    finally:
        locker.close()
        _stop(server)


def _port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0
