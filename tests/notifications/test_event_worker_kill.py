"""An event's notification task in a real worker, SIGKILLed mid-delivery, then redelivered by the broker.

The worker is killed after ``notify_event`` committed its rows and before the late-acked message was
acknowledged (tests/notifications/slow_notify.py), the moment where a retry would duplicate if anything
did. A second worker restores the unacked message (short visibility timeout) and runs it again: the
event key claimed in ReminderLog makes the second run write nothing, so each recipient is told once.
"""
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from django.conf import settings

from accounts.choices import Role
from core.events import Event
from core.tasks import deliver_event
from notifications.models import Notification, ReminderLog
from notifications.subscribers import HANDLER
from tests.accounts.factories import make_member
from tests.internships.factories import ApplicationFactory, PostingFactory
from tests.notifications.test_kill_and_rerun import ROOT, wait_for, worker_database_url


def start_worker(queue: str, runs: str, pause: str):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=worker_database_url(),
               REDIS_URL=settings.REDIS_URL, CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
               IEI_TEST_NOTIFY_PAUSE=pause, IEI_TEST_NOTIFY_RUNS=runs, IEI_TEST_VISIBILITY="2")
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-Q", queue,
         "--include", "tests.notifications.slow_notify", "--loglevel", "WARNING", "--without-gossip",
         "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )


def stop(worker) -> None:
    if worker.poll() is None:
        worker.kill()
        worker.wait(timeout=15)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_an_event_redelivered_after_a_sigkill_notifies_each_recipient_once(enterprise_org, student, tmp_path):
    from config.celery import app

    staff = [make_member(Role.ENTERPRISE, enterprise_org, username=f"hr{i}") for i in range(3)]
    application = ApplicationFactory(posting=PostingFactory(enterprise=enterprise_org), student=student)
    event = Event(name="internships.application.created", model="internships.application",
                  object_id=application.pk, actor_id=student.pk)
    queue = f"test-events-{uuid.uuid4().hex[:8]}"  # the events queue of this test alone
    runs = tmp_path / "runs.txt"
    runs.write_text("")
    first = start_worker(queue, str(runs), pause="60")
    second = None
    try:
        deliver_event.apply_async(args=[event.as_dict(), HANDLER], queue=queue)
        # rows committed, the worker asleep before the acknowledgement: kill it there
        assert wait_for(lambda: Notification.objects.count() == len(staff), first), "the worker wrote nothing"
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=15)
        time.sleep(2.5)  # past the visibility timeout: the message is due again
        second = start_worker(queue, str(runs), pause="0")
        assert wait_for(lambda: len(runs.read_text().split()) >= 2, second, timeout=60), \
            "the broker did not redeliver the unacked task"
        time.sleep(1)  # let the redelivered run finish its transaction
    finally:
        stop(first)
        if second is not None:
            stop(second)
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)

    assert runs.read_text().split() == [event.id, event.id]  # the same event, run twice
    rows = Notification.objects.filter(key=f"event:{event.id}")
    assert sorted(rows.values_list("recipient_id", flat=True)) == sorted(u.pk for u in staff)
    assert ReminderLog.objects.filter(key=f"event:{event.id}").count() == 1
    assert not Notification.objects.filter(recipient=student).exists()  # the actor
