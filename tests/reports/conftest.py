import io

import pytest


@pytest.fixture
def run_jobs(django_capture_on_commit_callbacks):
    """Runs what the request enqueued, as the worker would (the broker is not needed in tests)."""
    from reports.services import job_run

    def run(job_id):
        return job_run(job_id)

    return run


def csv_rows(content: bytes) -> list[list[str]]:
    import csv

    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
