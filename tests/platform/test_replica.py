"""Read replicas (core/replica.py) against a real streaming replica this module starts itself.

A dedicated primary (initdb, wal_level=replica, trust incl. replication, its own port and folder) and a
replica made from ``pg_basebackup -R`` of it run on the machine's PostgreSQL binaries; Django's
``default`` and ``replica`` aliases point at them for these tests only. If the servers cannot start the
tests fail: a replica router tested against nothing proves nothing.
"""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connections, transaction
from django.test import RequestFactory

from core import replica as rp
from core.views import healthz

BIN = "/usr/lib/postgresql/15/bin"
DBNAME = "replica_test"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run(*args: str) -> None:
    # PostgreSQL refuses to run as root; the packaged "postgres" user runs it then.
    cmd = list(args)
    if os.geteuid() == 0:
        cmd = ["runuser", "-u", "postgres", "--", *cmd]
    subprocess.run(cmd, check=True, capture_output=True, timeout=120)


class Servers:
    def __init__(self):
        self.root = tempfile.mkdtemp(prefix="iei-replica-")
        os.chmod(self.root, 0o755)
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self.primary_dir = os.path.join(self.root, "primary")
        self.replica_dir = os.path.join(self.root, "replica")
        self.primary_port = _free_port()
        self.replica_port = _free_port()

    def conf(self, data_dir: str, port: int) -> None:
        lines = [f"port = {port}", "listen_addresses = '127.0.0.1'", f"unix_socket_directories = '{self.root}'",
                 "wal_level = replica", "max_wal_senders = 5", "hot_standby = on", "fsync = off",
                 "synchronous_commit = off", "full_page_writes = off", "shared_buffers = 16MB"]
        _run("sh", "-c", f"printf '%s\\n' {' '.join(repr(x) for x in lines)} >> {data_dir}/postgresql.conf")

    def start(self) -> None:
        _run(f"{BIN}/initdb", "-D", self.primary_dir, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8")
        self.conf(self.primary_dir, self.primary_port)
        self.pg_ctl("start", self.primary_dir)
        _run(f"{BIN}/psql", "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres", "-c",
             f"CREATE DATABASE {DBNAME}")
        _run(f"{BIN}/pg_basebackup", "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
             "-D", self.replica_dir, "-R", "-X", "stream", "--no-sync", "-c", "fast")
        self.conf(self.replica_dir, self.replica_port)
        self.pg_ctl("start", self.replica_dir)

    def pg_ctl(self, action: str, data_dir: str, *extra: str) -> None:
        log = os.path.join(self.root, os.path.basename(data_dir) + ".log")
        args = [f"{BIN}/pg_ctl", "-D", data_dir, "-w", "-t", "60", *extra, action]
        if action == "start":
            args[1:1] = ["-l", log]
        _run(*args)

    def stop(self) -> None:
        for d in (self.replica_dir, self.primary_dir):
            if os.path.exists(os.path.join(d, "postmaster.pid")):
                try:
                    self.pg_ctl("stop", d, "-m", "immediate")
                except subprocess.CalledProcessError:
                    pass
        shutil.rmtree(self.root, ignore_errors=True)

    def alias(self, port: int) -> dict:
        base = dict(connections.settings["default"])
        return {**base, "NAME": DBNAME, "HOST": "127.0.0.1", "PORT": str(port), "USER": "postgres",
                "PASSWORD": "", "CONN_MAX_AGE": 0, "OPTIONS": {"connect_timeout": 2}, "TEST": {}}


@pytest.fixture(scope="module")
def servers():
    s = Servers()
    try:
        s.start()
    except Exception:
        s.stop()
        raise
    yield s
    s.stop()


@pytest.fixture
def replicated(servers, django_db_blocker, monkeypatch):
    """``default`` -> the dedicated primary, ``replica`` -> its streaming replica, for one test."""
    saved_default = connections.settings["default"]
    with django_db_blocker.unblock():
        connections["default"].close()
        del connections["default"]
        connections.settings["default"] = servers.alias(servers.primary_port)
        connections.settings["replica"] = servers.alias(servers.replica_port)
        # (connections.settings is settings.DATABASES itself, so the alias is in both.)
        settings.DATABASES["replica"] = connections.settings["replica"]
        monkeypatch.setattr(settings, "DATABASE_REPLICA_MAX_LAG", 10.0, raising=False)
        with connections["default"].cursor() as cur:
            cur.execute("SELECT to_regclass('django_content_type')")
            exists = cur.fetchone()[0]
        if not exists:
            with connections["default"].schema_editor() as editor:
                editor.create_model(ContentType)
        rp.reset_check()
        rp.forget_writes()
        try:
            yield servers
        finally:
            for alias in ("default", "replica"):
                connections[alias].close()
                del connections[alias]
            connections.settings["default"] = saved_default
            connections.settings.pop("replica", None)
            settings.DATABASES.pop("replica", None)
            rp.reset_check()
            rp.forget_writes()


def _where() -> bool:
    """Whether an ORM read routed now runs on a server in recovery, i.e. on the replica."""
    rows = list(ContentType.objects.raw(
        "SELECT id, pg_is_in_recovery() AS on_replica FROM django_content_type ORDER BY id LIMIT 1"))
    assert rows, "the table has a row on the server the read went to"
    return rows[0].on_replica


def _primary_sql(sql: str, params=()) -> None:
    # Written with a raw cursor, so the router does not see a write by "this request".
    with connections["default"].cursor() as cur:
        cur.execute(sql, params)


def _wait_on_replica(model: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        with connections["replica"].cursor() as cur:
            cur.execute("SELECT to_regclass('django_content_type') IS NOT NULL")
            if cur.fetchone()[0]:  # the table itself streams over from the primary first
                cur.execute("SELECT count(*) FROM django_content_type WHERE model = %s", [model])
                if cur.fetchone()[0]:
                    return
        time.sleep(0.1)
    raise AssertionError(f"row {model} never reached the replica")


def _seed(model: str) -> None:
    _primary_sql("INSERT INTO django_content_type (app_label, model) VALUES ('replica_test', %s)", [model])
    _wait_on_replica(model)


def _health() -> dict:
    return json.loads(healthz(RequestFactory().get("/healthz")).content)


def test_opted_in_read_goes_to_the_replica_and_sees_the_primarys_rows(replicated):
    _seed("streamed")
    with rp.replica_reads():
        assert _where() is True
        assert ContentType.objects.filter(app_label="replica_test", model="streamed").exists()
    # Outside the opt-in every read is the primary's.
    assert _where() is False
    assert _health()["replica"] == "ok"


def test_read_in_a_transaction_goes_to_the_primary(replicated):
    _seed("in_tx")
    with rp.replica_reads():
        with transaction.atomic():
            assert _where() is False
        assert _where() is True


def test_read_after_the_same_request_wrote_goes_to_the_primary(replicated):
    _seed("before_write")
    with rp.replica_reads():
        assert _where() is True
        ContentType.objects.create(app_label="replica_test", model="written_here")
        assert _where() is False
        # The row this request wrote is read back, whatever the replica holds yet.
        assert ContentType.objects.filter(model="written_here").exists()
    # A new request (or task) starts clean; a job runner's own bookkeeping writes can be forgotten.
    ContentType.objects.create(app_label="replica_test", model="bookkeeping")
    with rp.replica_reads():
        assert _where() is False
    with rp.replica_reads(fresh=True):
        assert _where() is True


def test_replica_lagging_more_than_the_setting_sends_reads_to_the_primary(replicated, monkeypatch):
    _seed("before_pause")
    with connections["replica"].cursor() as cur:
        cur.execute("SELECT pg_wal_replay_pause()")
    try:
        monkeypatch.setattr(settings, "DATABASE_REPLICA_MAX_LAG", 1.0)
        _primary_sql("INSERT INTO django_content_type (app_label, model) VALUES ('replica_test', 'not_replayed')")
        time.sleep(2.0)
        rp.reset_check()
        with rp.replica_reads():
            assert _where() is False
            assert ContentType.objects.filter(model="not_replayed").exists()
        line = _health()["replica"]
        assert line.startswith("lagging ") and line.endswith("(reads on primary)"), line
        # The same lag under a larger setting is tolerated.
        monkeypatch.setattr(settings, "DATABASE_REPLICA_MAX_LAG", 600.0)
        rp.reset_check()
        with rp.replica_reads():
            assert _where() is True
    finally:
        with connections["replica"].cursor() as cur:
            cur.execute("SELECT pg_wal_replay_resume()")
    _wait_on_replica("not_replayed")
    rp.reset_check()
    with rp.replica_reads():
        assert _where() is True


def test_replica_stopped_mid_run_falls_back_to_the_primary_without_error(replicated):
    servers = replicated
    _seed("before_stop")
    with rp.replica_reads():
        assert _where() is True
    servers.pg_ctl("stop", servers.replica_dir, "-m", "immediate")
    try:
        rp.reset_check()
        with rp.replica_reads():
            assert _where() is False
            assert ContentType.objects.filter(model="before_stop").exists()
        body = _health()
        assert body["replica"] == "down (reads on primary)"
        assert body["status"] == "ok"  # the service still answers: the primary serves the reads
    finally:
        servers.pg_ctl("start", servers.replica_dir)
    _seed("after_restart")
    rp.reset_check()
    with rp.replica_reads():
        assert _where() is True


def test_without_a_replica_nothing_changes(settings):
    assert "replica" not in settings.DATABASES
    with rp.replica_reads():
        assert rp.use_replica() is False
    assert rp.replica_status() is None


# --- which reads opt in: the wiring, on the ordinary test database ---------------------------------

def _record_opt_in(seen: list):
    seen.append((rp._opted_in.get() > 0, rp._wrote.get()))


@pytest.mark.django_db
def test_export_and_annual_jobs_read_in_the_opt_in_forgetting_their_own_bookkeeping(admin_user, monkeypatch):
    from reports import services
    from reports.choices import JobStatus

    seen: list = []

    def fake_runner(job, tmpdir):
        _record_opt_in(seen)
        services.job_finish(job.pk, local_path=None, download_name="", summary={})

    monkeypatch.setattr(services, "_run_export", fake_runner)
    monkeypatch.setattr(services, "_run_annual", fake_runner)
    export = services.export_request(user=admin_user, spec_name="organizations", columns=["name"], file_format="csv")
    annual = services.annual_report_request(user=admin_user, year=2026, file_format="xlsx")
    for job in (export, annual):
        services.job_run(job.pk)
    # Opted in, and the job's claim (a write) does not pin the job's reads to the primary.
    assert seen == [(True, False), (True, False)]
    assert {j.status for j in type(export).objects.filter(pk__in=[export.pk, annual.pk])} <= {
        JobStatus.DONE, JobStatus.FAILED}
    # Outside the job nothing stays opted in.
    assert rp._opted_in.get() == 0


@pytest.mark.django_db
def test_kpi_and_dashboard_figures_and_the_competency_map_read_in_the_opt_in(admin_user, web, monkeypatch):
    from core import dashboard
    from curriculum import views as curriculum_views
    from reports import kpi

    seen: list = []
    real_safe = kpi.safe
    monkeypatch.setattr(kpi, "safe", lambda fn, default: (_record_opt_in(seen), real_safe(fn, default))[1])
    kpi.compute_kpis()
    assert seen and all(opted for opted, _ in seen)

    seen.clear()
    dashboard.once(admin_user, "replica_test.figure", lambda: _record_opt_in(seen))
    assert seen[0][0] is True

    seen.clear()
    real_map = curriculum_views.selectors.competency_map
    monkeypatch.setattr(curriculum_views.selectors, "competency_map",
                        lambda **kw: (_record_opt_in(seen), real_map(**kw))[1])
    resp = web.login_as(admin_user).get("/curriculum/map/")
    assert resp.status_code == 200
    assert seen and seen[0][0] is True


# Outside a test transaction: kept() never keeps a figure read inside one.
@pytest.mark.django_db(transaction=True)
def test_a_figure_read_on_the_replica_is_never_kept_in_the_result_cache(settings, monkeypatch,
                                                                         django_assert_num_queries):
    from accounts.models import Organization
    from core import counting

    settings.COUNT_CACHE_MIN_MS = 0
    qs = Organization.objects.all()
    monkeypatch.setattr(counting, "use_replica", lambda: True)
    for _ in range(2):
        with django_assert_num_queries(1):
            counting.kept("count", qs, qs.count)
    # The same figure read on the primary is kept: the second call asks no query.
    monkeypatch.setattr(counting, "use_replica", lambda: False)
    counting.kept("count", qs, qs.count)
    counting.kept("count", qs, qs.count)
    with django_assert_num_queries(0):
        counting.kept("count", qs, qs.count)
