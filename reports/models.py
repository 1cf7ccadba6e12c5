"""Report jobs (annual report, exports, imports) and the monthly KPI snapshots behind dashboard trends."""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.policy import access_for
from core.uploads import RandomUploadTo

from .choices import FileFormat, JobKind, JobStatus

FINISHED_STATUSES = (JobStatus.DONE, JobStatus.FAILED, JobStatus.CANCELLED, JobStatus.EXPIRED)


class ReportJobQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportJobQuerySet:
        """A job and its file belong to the requester; college admins oversee every job."""
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        return self.filter(requested_by_id=acc.user_id)


class ReportJob(models.Model):
    """One requested report, export or import, run by a Celery worker and downloaded when done."""

    kind = models.CharField(_("kind"), max_length=20, choices=JobKind.choices, db_index=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    file_format = models.CharField(_("file format"), max_length=8, choices=FileFormat.choices, default=FileFormat.XLSX)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    status = models.CharField(
        _("status"), max_length=20, choices=JobStatus.choices, default=JobStatus.QUEUED, db_index=True
    )
    failure_reason = models.TextField(_("failure reason"), blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    source = models.FileField(_("source file"), upload_to=RandomUploadTo("reports/imports"), blank=True)
    result = models.FileField(_("result file"), upload_to=RandomUploadTo("reports/results"), blank=True)
    result_name = models.CharField(_("download name"), max_length=200, blank=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True, db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), on_delete=models.CASCADE, related_name="report_jobs"
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = ReportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("report job")
        verbose_name_plural = _("report jobs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="reportjob_progress_max_100"),
            models.CheckConstraint(
                condition=~Q(status="failed") | ~Q(failure_reason=""), name="reportjob_failed_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} · {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED_STATUSES

    @property
    def is_downloadable(self) -> bool:
        return self.status == JobStatus.DONE and bool(self.result)

    @property
    def is_confirmable(self) -> bool:
        """A dry run of an import that found no error and was not imported yet (services.import_confirm)."""
        return (self.kind == JobKind.IMPORT and bool(self.params.get("dry_run")) and self.status == JobStatus.DONE
                and not self.summary.get("error_rows") and not self.summary.get("confirmed_job"))

    @property
    def title(self) -> str:
        from .services import job_title

        return job_title(self)


class KpiSnapshotQuerySet(models.QuerySet):
    def visible_to(self, user) -> KpiSnapshotQuerySet:
        """College-wide key figures are management information for college admins."""
        return self if access_for(user).is_college_admin else self.none()


class KpiSnapshot(models.Model):
    """The college's key figures at the start of one month; a series of them draws the trends."""

    period = models.DateField(_("month"), unique=True, help_text=_("First day of the month the figures describe."))
    figures = models.JSONField(_("figures"), default=dict)
    taken_at = models.DateTimeField(_("taken at"), auto_now=True)

    objects = KpiSnapshotQuerySet.as_manager()

    class Meta:
        verbose_name = _("KPI snapshot")
        verbose_name_plural = _("KPI snapshots")
        ordering = ["-period"]

    def __str__(self) -> str:
        return f"{self.period:%Y-%m}"
