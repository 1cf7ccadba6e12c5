"""Imported by the worker of the event kill test (``celery worker --include``).

With ``IEI_TEST_NOTIFY_PAUSE`` set (seconds), ``notify_event`` sleeps after its transaction committed and
before the task returns, i.e. before a late-acked message is acknowledged: the test SIGKILLs the worker
there, the worst moment (rows written, message still unacked). Each run appends a line to
``IEI_TEST_NOTIFY_RUNS`` so the test sees the redelivered run happen. ``IEI_TEST_VISIBILITY`` shortens the
broker's visibility timeout so the next worker restores the unacked message within seconds instead of
the production hour. Without the variables it changes nothing.
"""
import os
import time

from config.celery import app
from notifications import subscribers

PAUSE = float(os.environ.get("IEI_TEST_NOTIFY_PAUSE", "0") or 0)
RUNS = os.environ.get("IEI_TEST_NOTIFY_RUNS", "")
VISIBILITY = os.environ.get("IEI_TEST_VISIBILITY", "")

if VISIBILITY:
    app.conf.broker_transport_options = {**(app.conf.broker_transport_options or {}),
                                         "visibility_timeout": float(VISIBILITY)}

if RUNS:
    _notify = subscribers.notify_event

    def slow_notify(event):
        with open(RUNS, "a") as fh:
            fh.write(f"{event.id}\n")
        created = _notify(event)
        if PAUSE:
            time.sleep(PAUSE)
        return created

    subscribers.notify_event = slow_notify
