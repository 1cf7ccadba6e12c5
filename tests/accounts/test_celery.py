"""A real task through a real worker process and the real Redis broker."""
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.celery_worker
def test_task_round_trip_through_worker_and_redis():
    from config.celery import app, ping

    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test",
               DATABASE_URL=os.environ["DATABASE_URL"], REDIS_URL=settings.REDIS_URL,
               CELERY_BROKER_URL=settings.CELERY_BROKER_URL)
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool", "solo", "-Q", queue,
         "--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        value = int(time.time()) % 100000
        cache.delete(f"celery-ping:{value}")
        ping.apply_async(args=[value], queue=queue)
        deadline = time.time() + 60
        while time.time() < deadline and cache.get(f"celery-ping:{value}") is None:
            assert worker.poll() is None, worker.stdout.read().decode()
            time.sleep(0.2)
        assert cache.get(f"celery-ping:{value}") == value + 1
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
        with app.connection_for_write() as conn:
            conn.default_channel.queue_delete(queue)


def test_celery_is_configured_safely():
    assert settings.CELERY_ACCEPT_CONTENT == ["json"]
    assert settings.CELERY_TASK_SERIALIZER == "json"
    assert settings.CELERY_TASK_TIME_LIMIT > settings.CELERY_TASK_SOFT_TIME_LIMIT
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > settings.CELERY_TASK_TIME_LIMIT
