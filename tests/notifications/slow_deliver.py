"""Imported by the worker of the kill-and-rerun test (``celery worker --include``): makes each batch slow.

With ``IEI_TEST_BATCH_PAUSE`` set (seconds), every ``deliver`` of a reminder rule sleeps after
writing and before its batch commits, so the test can SIGKILL the worker in the middle of a run
and inside a transaction. Without the variable it changes nothing; the application code is untouched.
"""
import os
import time

from notifications import reminders

PAUSE = float(os.environ.get("IEI_TEST_BATCH_PAUSE", "0") or 0)

if PAUSE:
    _deliver = reminders.deliver

    def slow_deliver(messages):
        created = _deliver(messages)
        time.sleep(PAUSE)
        return created

    reminders.deliver = slow_deliver
