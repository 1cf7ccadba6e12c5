"""Every write of the reports app: requesting, claiming, running, failing and expiring jobs; KPI snapshots."""
from __future__ import annotations

import logging
import os
import tempfile
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.policy import access_for
from core.domain import RuleViolation
from core.replica import replica_reads
from core.steps import MAX_BULK
from core.workflow import record_status_change, transition

from .annual import FontMissing
from .choices import FileFormat, JobKind, JobStatus
from .models import KpiSnapshot, ReportJob

log = logging.getLogger(__name__)

RESULT_TTL = timedelta(days=7)
# A job still "running" this long after it started lost its worker (the hard time limit is 30 min).
STALE_AFTER = timedelta(minutes=45)
MAX_ATTEMPTS = 2
PROGRESS_STEP_ROWS = 2000
# The most rows one "export selected" may name: the bound of the bulk steps the same bar offers.
MAX_SELECTED = MAX_BULK


class JobFailed(Exception):
    """A job cannot complete for a reason the requester should read (stored as failure_reason)."""


def job_title(job: ReportJob) -> str:
    p = job.params or {}
    if job.kind == JobKind.EXPORT:
        from .exports import get_spec

        spec = get_spec(p.get("spec", ""))
        title = f"{gettext('Export')}: {spec.label if spec else p.get('spec', '')}"
        if "ids" in p:
            n = len(p["ids"])
            title += " (" + ngettext("%(n)s selected row", "%(n)s selected rows", n) % {"n": n} + ")"
        return title
    if job.kind == JobKind.IMPORT:
        from .imports import import_targets

        target = p.get("target", "")
        label = dict(import_targets()).get(target, target)
        mode = gettext("dry run") if p.get("dry_run") else gettext("import")
        return f"{gettext('Import')}: {label} ({mode})"
    return gettext("Annual integration report %(year)s") % {"year": p.get("year", "")}


# --- Requesting -----------------------------------------------------------------------------------

def _enqueue(job: ReportJob) -> None:
    from .tasks import task_for

    # The worker must see the committed row, so the message leaves only after the commit; imports and
    # reports go to queues of their own (task_for), so neither waits behind the other.
    task, job_id = task_for(job.kind), job.pk
    transaction.on_commit(lambda: task.delay(job_id))


def _export_parts(spec_name: str, columns: list[str] | None, file_format: str):
    """The spec and the columns of an export, or a ValidationError naming the field that is wrong."""
    from .exports import get_spec

    spec = get_spec(spec_name)
    if spec is None:
        raise ValidationError({"spec": [_("Unknown export.")]})
    valid = [c.key for c in spec.columns]
    columns = list(columns or valid)
    unknown = [c for c in columns if c not in valid]
    if unknown:
        raise ValidationError({"columns": [_("Unknown columns: %(cols)s.") % {"cols": ", ".join(unknown)}]})
    if file_format not in (FileFormat.XLSX, FileFormat.CSV):
        raise ValidationError({"file_format": [_("Exports are XLSX or CSV.")]})
    return spec, columns


@transaction.atomic
def export_request(*, user, spec_name: str, columns: list[str] | None, file_format: str, query: str = "",
                   language: str = "zh-hans") -> ReportJob:
    from .exports import check_query

    spec, columns = _export_parts(spec_name, columns, file_format)
    if len(query) > 2000:
        raise ValidationError({"query": [_("The filter is too long.")]})
    query = query.lstrip("?")
    # An invalid filter is refused here, naming the filter: it never becomes an export of every row.
    check_query(spec, query, user)
    job = ReportJob.objects.create(
        kind=JobKind.EXPORT, requested_by=user, file_format=file_format, language=language,
        params={"spec": spec.name, "columns": columns, "query": query},
    )
    _enqueue(job)
    return job


@dataclass
class SelectedExport:
    """What ``export_selected`` did: the job holding the file, the ids written and those refused (and why)."""

    job: ReportJob
    exported: list[int]
    refused: list[dict] = field(default_factory=list)  # {"id", "detail", "code"}, like a bulk step's refusals

    @property
    def rows(self) -> int:
        return int((self.job.summary or {}).get("rows", 0))

    @property
    def download_path(self) -> str | None:
        """The API address of the file (the job's download), or None when the job has no file."""
        from django.urls import reverse

        return reverse("reportjob-download", args=[self.job.pk]) if self.job.is_downloadable else None


def export_selected(*, user, spec_name: str, ids: list, file_format: str, columns: list[str] | None = None,
                    language: str = "zh-hans") -> SelectedExport:
    """Writes the rows ``ids`` of a list, chosen by the user, with the columns of the list's export.

    The rows come from the same place as a whole-list export (``queryset_for``: the model's
    ``visible_to(user)``), so an id the user may not see is refused as "not found", exactly like a bulk
    step's (nothing tells another tenant's row from a missing one), and never written. At most
    ``MAX_SELECTED`` ids (the bulk steps' bound: a page or two of a list, written while the user waits).
    The export is recorded like any other, as a report job of its requester (its params name the spec,
    the columns and the ids), so the college admins' oversight of exports and the job's status history
    cover it; its file stays downloadable from "My reports" until it expires.
    """
    from .exports import queryset_for

    spec, columns = _export_parts(spec_name, columns, file_format)
    try:
        wanted = list(dict.fromkeys(int(pk) for pk in ids))
    except (TypeError, ValueError) as exc:
        raise ValidationError({"ids": [_("The selection is not valid.")]}) from exc
    if not wanted:
        raise ValidationError({"ids": [_("Select at least one row.")]})
    if len(wanted) > MAX_SELECTED:
        raise ValidationError({"ids": [_("Select at most %(n)d rows at once.") % {"n": MAX_SELECTED}]})
    visible = set(queryset_for(spec, user).filter(pk__in=wanted).values_list("pk", flat=True))
    exported = [pk for pk in wanted if pk in visible]
    refused = [{"id": pk, "detail": str(_("Not found.")), "code": "not_found"} for pk in wanted if pk not in visible]
    if not exported:
        raise ValidationError({"ids": [_("None of the selected rows can be exported: they are not in your lists.")]})
    job = ReportJob.objects.create(
        kind=JobKind.EXPORT, requested_by=user, file_format=file_format, language=language,
        params={"spec": spec.name, "columns": columns, "query": "", "ids": exported,
                "refused": [r["id"] for r in refused]},
    )
    # A page's worth of rows is written while the user waits (no worker round trip), through the same
    # runner as a queued export: claimed, written, finished or failed, each step recorded.
    job_run(job.pk)
    job.refresh_from_db()
    return SelectedExport(job, exported, refused)


@transaction.atomic
def annual_report_request(*, user, year: int, file_format: str, language: str = "zh-hans") -> ReportJob:
    if not access_for(user).is_college_admin:
        raise RuleViolation(_("Only college administrators run the annual report."))
    this_year = timezone.localdate().year
    if not (2000 <= int(year) <= this_year):
        raise ValidationError({"year": [_("Choose a year between 2000 and %(y)s.") % {"y": this_year}]})
    if file_format not in (FileFormat.XLSX, FileFormat.PDF):
        raise ValidationError({"file_format": [_("The annual report is XLSX or PDF.")]})
    job = ReportJob.objects.create(
        kind=JobKind.ANNUAL_REPORT, requested_by=user, file_format=file_format, language=language,
        params={"year": int(year)},
    )
    _enqueue(job)
    return job


@transaction.atomic
def import_request(*, user, target: str, upload, dry_run: bool = True, language: str = "zh-hans") -> ReportJob:
    from .imports import import_targets, validate_import_file

    if target not in dict(import_targets()):
        raise ValidationError({"target": [_("Unknown import.")]})
    if upload is None:
        raise ValidationError({"source": [_("Choose a file to import.")]})
    try:
        file_kind = validate_import_file(upload)
    except ValidationError as exc:
        raise ValidationError({"source": exc.messages}) from exc
    job = ReportJob(
        kind=JobKind.IMPORT, requested_by=user, language=language,
        file_format=FileFormat.XLSX if file_kind == "xlsx" else FileFormat.CSV,
        params={"target": target, "dry_run": bool(dry_run), "file_kind": file_kind},
    )
    job.source.save(f"import.{file_kind}", upload, save=False)
    job.save()
    _enqueue(job)
    return job


@transaction.atomic
def import_confirm(*, job: ReportJob, by) -> ReportJob:
    """Runs the real import of a clean dry run, on a copy of the same file."""
    job = ReportJob.objects.select_for_update().get(pk=job.pk)
    if job.kind != JobKind.IMPORT or not job.params.get("dry_run"):
        raise RuleViolation(_("Only a dry run of an import can be confirmed."), code="not_a_dry_run")
    if job.status != JobStatus.DONE or job.summary.get("error_rows"):
        raise RuleViolation(_("Only a dry run that finished without errors can be imported."), code="dry_run_errors")
    if job.summary.get("confirmed_job"):
        raise RuleViolation(_("This dry run has already been imported."), code="already_confirmed")
    if not job.source:
        raise RuleViolation(_("The file of this dry run has expired; upload it again."), code="expired")
    with job.source.open("rb") as fh:
        content = fh.read()
    new = ReportJob(
        kind=JobKind.IMPORT, requested_by=by, language=job.language, file_format=job.file_format,
        params={**job.params, "dry_run": False, "dry_run_job": job.pk},
    )
    new.source.save(f"import.{job.params.get('file_kind', 'xlsx')}", ContentFile(content), save=False)
    new.save()
    job.summary = {**job.summary, "confirmed_job": new.pk}
    job.save(update_fields=["summary"])
    _enqueue(new)
    return new


def job_cancel(*, job: ReportJob, by) -> ReportJob:
    return transition(job, sources=[JobStatus.QUEUED], target=JobStatus.CANCELLED, by=by,
                      extra_updates={"finished_at": timezone.now()})


@transaction.atomic
def job_retry(*, job: ReportJob, by) -> ReportJob:
    job = transition(job, sources=[JobStatus.FAILED, JobStatus.CANCELLED], target=JobStatus.QUEUED, by=by,
                     extra_updates={"failure_reason": "", "progress": 0, "attempts": 0, "started_at": None,
                                    "finished_at": None})
    _enqueue(job)
    return job


# --- Running (inside the worker only) --------------------------------------------------------------

def job_claim(job_id: int) -> bool:
    """Moves a job queued → running with one conditional UPDATE; a redelivered message finds nothing to claim.

    A job left "running" by a worker that died is claimed again once it is stale, up to MAX_ATTEMPTS.
    """
    now = timezone.now()
    claimed = ReportJob.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, progress=0, attempts=F("attempts") + 1
    )
    if claimed:
        _record(job_id, JobStatus.QUEUED, JobStatus.RUNNING)
        return True
    stale = Q(pk=job_id, status=JobStatus.RUNNING, started_at__lt=now - STALE_AFTER)
    reclaimed = ReportJob.objects.filter(stale, attempts__lt=MAX_ATTEMPTS).update(
        started_at=now, progress=0, attempts=F("attempts") + 1
    )
    if reclaimed:
        _record(job_id, JobStatus.RUNNING, JobStatus.RUNNING, note="re-run after an interrupted attempt")
        return True
    language = ReportJob.objects.filter(pk=job_id).values_list("language", flat=True).first() or "zh-hans"
    with translation.override(language):
        reason = gettext("The job was interrupted %(n)s times and was stopped.") % {"n": MAX_ATTEMPTS}
    given_up = ReportJob.objects.filter(stale, attempts__gte=MAX_ATTEMPTS).update(
        status=JobStatus.FAILED, finished_at=now, failure_reason=reason,
    )
    if given_up:
        _record(job_id, JobStatus.RUNNING, JobStatus.FAILED, note="interrupted too often")
    return False


def _record(job_id: int, from_status: str, to_status: str, note: str = "") -> None:
    record_status_change(ReportJob(pk=job_id), from_status=from_status, to_status=to_status, note=note)


def _set_progress(job_id: int, pct: int) -> None:
    ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(progress=max(0, min(99, pct)))


def job_finish(job_id: int, *, local_path: str | None, download_name: str, summary: dict | None = None) -> None:
    job = ReportJob.objects.get(pk=job_id)
    if local_path:
        with open(local_path, "rb") as fh:
            job.result.save(download_name, File(fh), save=False)
    job.result_name = download_name
    job.summary = {**(job.summary or {}), **(summary or {})}
    job.status = JobStatus.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.expires_at = job.finished_at + RESULT_TTL
    job.save()
    _record(job_id, JobStatus.RUNNING, JobStatus.DONE)


def job_fail(job_id: int, reason: str, summary: dict | None = None) -> None:
    updates = {"status": JobStatus.FAILED, "failure_reason": reason[:2000] or str(_("Unknown error.")),
               "finished_at": timezone.now()}
    if summary is not None:
        job = ReportJob.objects.get(pk=job_id)
        updates["summary"] = {**(job.summary or {}), **summary}
    if ReportJob.objects.filter(pk=job_id, status=JobStatus.RUNNING).update(**updates):
        _record(job_id, JobStatus.RUNNING, JobStatus.FAILED, note=reason[:500])


def job_run(job_id: int) -> str:
    """Claims and runs one job; returns its final status. Never raises for a domain failure."""
    if not job_claim(job_id):
        return ReportJob.objects.filter(pk=job_id).values_list("status", flat=True).first() or "missing"
    job = ReportJob.objects.select_related("requested_by").get(pk=job_id)
    runner = {JobKind.EXPORT: _run_export, JobKind.ANNUAL_REPORT: _run_annual, JobKind.IMPORT: _run_import}[job.kind]
    tmpdir = tempfile.mkdtemp(prefix="iei-report-")
    try:
        # Exports and the annual report read many rows that may be seconds old: the replica's work, when
        # there is one (core/replica.py); an import reads what it is about to write, so the primary.
        # Chosen rows (``ids``) are read from the primary: the user picked them on the page a moment ago.
        primary = job.kind == JobKind.IMPORT or "ids" in (job.params or {})
        reads = nullcontext() if primary else replica_reads(fresh=True)
        with translation.override(job.language), reads:
            runner(job, tmpdir)
    except (JobFailed, FontMissing) as exc:
        job_fail(job_id, str(exc), getattr(exc, "summary", None))
    except Exception as exc:  # noqa: BLE001 - any crash becomes a readable failure, never a stuck job
        log.exception("report job %s failed", job_id)
        job_fail(job_id, gettext("The job stopped with an internal error (%(err)s).") % {"err": type(exc).__name__})
    finally:
        for name in os.listdir(tmpdir):
            os.unlink(os.path.join(tmpdir, name))
        os.rmdir(tmpdir)
    return ReportJob.objects.filter(pk=job_id).values_list("status", flat=True).first() or "missing"


def _progress_cb(job_id: int, total: int):
    def on_row(n: int) -> None:
        if total and n % PROGRESS_STEP_ROWS == 0:
            _set_progress(job_id, int(n * 100 / total))

    return on_row


def _run_export(job: ReportJob, tmpdir: str) -> None:
    from .exports import get_spec, queryset_for, row_values, write_csv, write_xlsx

    spec = get_spec(job.params.get("spec", ""))
    if spec is None:
        raise JobFailed(gettext("This export is no longer available."))
    keys = [k for k in job.params.get("columns", []) if k in spec.column_map()] or [c.key for c in spec.columns]
    try:
        qs = queryset_for(spec, job.requested_by, job.params.get("query", ""))
    except ValidationError as exc:
        # A filter that was valid when requested may not be now (a choice removed): fail, never widen.
        reasons = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in exc.message_dict.items())
        raise JobFailed(gettext("The list's filters are not valid (%(errors)s); nothing was exported.")
                        % {"errors": reasons}) from exc
    ids = job.params.get("ids")
    if ids is not None:
        # The chosen rows, still read through the requester's scope: a row they lost sight of is left out.
        qs = qs.filter(pk__in=ids)
    total = qs.count()
    header = [str(spec.column_map()[k].label) for k in keys]
    rows = row_values(spec, qs, keys)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    name = f"{spec.name}{'-selected' if ids is not None else ''}-{stamp}.{job.file_format}"
    path = os.path.join(tmpdir, name)
    if job.file_format == FileFormat.CSV:
        with open(path, "wb") as fh:
            n = write_csv(fh, header, rows, _progress_cb(job.pk, total))
    else:
        n = write_xlsx(path, str(spec.label), header, rows, _progress_cb(job.pk, total))
    job_finish(job.pk, local_path=path, download_name=name, summary={"rows": n})


def _run_annual(job: ReportJob, tmpdir: str) -> None:
    from .annual import build_pdf, build_xlsx, compute_report

    year = int(job.params.get("year") or timezone.localdate().year)
    report = compute_report(year)
    _set_progress(job.pk, 50)
    name = f"annual-report-{year}-{job.language}.{job.file_format}"
    path = os.path.join(tmpdir, name)
    if job.file_format == FileFormat.PDF:
        build_pdf(report, path)
    else:
        build_xlsx(report, path)
    job_finish(job.pk, local_path=path, download_name=name, summary={"sections": len(report.sections)})


def _run_import(job: ReportJob, tmpdir: str) -> None:
    from .imports import ImportFileError, read_rows, validate_rows, write_rows

    target = job.params.get("target", "")
    if not job.source:
        raise JobFailed(gettext("The uploaded file is no longer available."))
    try:
        with job.source.open("rb") as fh:
            rows = read_rows(fh, job.params.get("file_kind", "xlsx"))
        parsed = validate_rows(target, rows)
    except ImportFileError as exc:
        raise JobFailed(str(exc)) from exc
    _set_progress(job.pk, 40)
    bad = [{"row": r.number, "errors": r.errors} for r in parsed if r.errors]
    summary = {"rows": len(parsed), "error_rows": len(bad), "errors": bad[:500]}
    if job.params.get("dry_run"):
        job_finish(job.pk, local_path=None, download_name="", summary=summary)
        return
    if bad:
        exc = JobFailed(gettext("%(n)s rows have errors; nothing was imported.") % {"n": len(bad)})
        exc.summary = summary
        raise exc
    try:
        created = write_rows(target, parsed, _progress_cb(job.pk, len(parsed)))
    except Exception as exc:  # noqa: BLE001 - the transaction rolled back; say so
        log.exception("import job %s rolled back", job.pk)
        raise JobFailed(
            gettext("The import stopped (%(err)s) and was rolled back; nothing was imported.")
            % {"err": type(exc).__name__}
        ) from exc
    job_finish(job.pk, local_path=None, download_name="", summary={**summary, "created": created})


# --- Housekeeping ---------------------------------------------------------------------------------

def expire_results(*, now=None) -> int:
    """Deletes the files of jobs past their expiry; the job row stays (as "expired") for the record."""
    now = now or timezone.now()
    count = 0
    for job in ReportJob.objects.filter(expires_at__lte=now, status=JobStatus.DONE).only("pk", "result", "source"):
        for f in (job.result, job.source):
            if f:
                f.delete(save=False)
        if ReportJob.objects.filter(pk=job.pk, status=JobStatus.DONE).update(
            status=JobStatus.EXPIRED, result="", source=""
        ):
            _record(job.pk, JobStatus.DONE, JobStatus.EXPIRED)
            count += 1
    # A failed import's upload is personal data nobody will download again.
    for job in ReportJob.objects.filter(
        status__in=[JobStatus.FAILED, JobStatus.CANCELLED], finished_at__lte=now - RESULT_TTL
    ).exclude(source="").only("pk", "source"):
        job.source.delete(save=False)
        ReportJob.objects.filter(pk=job.pk).update(source="")
    return count


def requeue_stale_jobs(*, now=None) -> list[int]:
    """Finds jobs whose worker died and gives each one more run (or marks it failed); beat calls this."""
    now = now or timezone.now()
    from .tasks import task_for

    stale = list(ReportJob.objects.filter(status=JobStatus.RUNNING, started_at__lt=now - STALE_AFTER)
                 .values_list("pk", "kind"))
    for job_id, kind in stale:
        task_for(kind).delay(job_id)
    return [job_id for job_id, _kind in stale]


def month_start(day: date) -> date:
    return day.replace(day=1)


def kpi_snapshot_take(*, period: date | None = None) -> KpiSnapshot:
    """Stores the college's key figures for the month; re-running the same month overwrites, never duplicates."""
    from .kpi import compute_kpis

    period = month_start(period or timezone.localdate())
    snap, _created = KpiSnapshot.objects.update_or_create(period=period, defaults={"figures": compute_kpis()})
    return snap
