"""Celery tasks of the reports app: thin, id-taking wrappers over services (safe to deliver twice)."""
from __future__ import annotations

from celery import shared_task


@shared_task(name="reports.run_report_job", acks_late=True)
def run_report_job(job_id: int) -> str:
    from .services import job_run

    return job_run(int(job_id))


@shared_task(name="reports.run_import_job", acks_late=True)
def run_import_job(job_id: int) -> str:
    """The same runner as run_report_job, routed to the imports queue (config/settings CELERY_TASK_ROUTES)."""
    from .services import job_run

    return job_run(int(job_id))


def task_for(kind: str):
    """The task that runs a job of ``kind``: imports wait in their own line, exports and reports in theirs."""
    from .choices import JobKind

    return run_import_job if kind == JobKind.IMPORT else run_report_job


@shared_task(name="reports.expire_report_files")
def expire_report_files() -> int:
    from .services import expire_results

    return expire_results()


@shared_task(name="reports.requeue_stale_jobs")
def requeue_stale_report_jobs() -> int:
    from .services import requeue_stale_jobs

    return len(requeue_stale_jobs())


@shared_task(name="reports.take_kpi_snapshot")
def take_kpi_snapshot() -> str:
    from .services import kpi_snapshot_take

    return str(kpi_snapshot_take().period)
