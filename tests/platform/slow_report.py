"""Imported by the report worker of the queue test (``celery worker --include``).

With ``IEI_TEST_REPORT_HOLD`` set (a file path), a report job first writes ``started`` to that file and
then holds its worker for ``IEI_TEST_REPORT_SECONDS`` seconds before running, as a province's annual
report would: the test then proves that an event is delivered meanwhile by the other worker. Without
the variables it changes nothing.
"""
import os
import time

from reports import services

HOLD = os.environ.get("IEI_TEST_REPORT_HOLD", "")
SECONDS = float(os.environ.get("IEI_TEST_REPORT_SECONDS", "0") or 0)

if HOLD:
    _job_run = services.job_run

    def long_job_run(job_id):
        with open(HOLD, "a") as fh:
            fh.write("started\n")
        time.sleep(SECONDS)
        result = _job_run(job_id)
        with open(HOLD, "a") as fh:
            fh.write("finished\n")
        return result

    services.job_run = long_job_run
