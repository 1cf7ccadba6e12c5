"""A reminder run in a real worker process, killed with SIGKILL in the middle, then run again.

The worker works on the test database (the data is committed: ``transaction=True``), with a batch
size of 1 (``IEI_REMINDERS`` in its environment) and a pause inside each batch's transaction
(``slow_deliver``), so the kill lands after some batches committed and inside another one.
"""
import datetime
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from django.db.models import Count

from accounts.choices import Role
from curriculum.models import Course
from notifications import reminders
from notifications.models import Notification, ReminderLog
from tests.accounts.factories import make_member

ROOT = Path(__file__).resolve().parents[2]
COURSES = 30


def worker_database_url() -> str:
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path="/" + connection.settings_dict["NAME"]))


def wait_for(predicate, worker, timeout=90.0, step=0.05):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        if worker.poll() is not None:
            raise AssertionError("worker exited early:\n" + worker.stdout.read().decode(errors="replace"))
        time.sleep(step)
    return False


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_worker_killed_in_the_middle_leaves_no_duplicates_after_the_rerun(department):
    from config.celery import app
    from notifications.tasks import run_reminder

    owners = [make_member(Role.TEACHER, department, username=f"owner{i}") for i in range(3)]
    courses = [Course.objects.create(code=f"K{i:03d}", name="AIGC短片创作", owner=owners[i % 3],
                                     content_since=datetime.date(2015, 1, 1)) for i in range(COURSES)]
    queue = f"test-kill-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=worker_database_url(),
               REDIS_URL=settings.REDIS_URL, CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
               IEI_REMINDERS=json.dumps({"BATCH_SIZE": 1}), IEI_TEST_BATCH_PAUSE="0.3")
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-Q", queue,
         "--include", "tests.notifications.slow_deliver", "--loglevel", "WARNING", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        run_reminder.apply_async(args=["course_stale"], queue=queue)
        assert wait_for(lambda: Notification.objects.count() >= 3, worker), "the worker sent nothing"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=15)
        sent_before_kill = Notification.objects.count()
        assert 3 <= sent_before_kill < COURSES, "the kill did not land in the middle of the run"
        # every committed batch is whole: each claimed key has its notification and no more
        assert ReminderLog.objects.count() == sent_before_kill
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.wait(timeout=15)
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)

    assert reminders.run_rule("course_stale") == COURSES - sent_before_kill
    assert reminders.run_rule("course_stale") == 0
    per_course = dict(Notification.objects.values_list("object_id").annotate(n=Count("id")))
    assert per_course == {c.pk: 1 for c in courses}
    owner_of = {c.pk: c.owner_id for c in courses}
    assert all(owner_of[n.object_id] == n.recipient_id for n in Notification.objects.all())
    assert ReminderLog.objects.filter(rule="course_stale").count() == COURSES
