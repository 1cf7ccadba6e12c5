from django.db import models
from django.utils.translation import gettext_lazy as _


class JobKind(models.TextChoices):
    ANNUAL_REPORT = "annual_report", _("Annual integration report")
    EXPORT = "export", _("Export")
    IMPORT = "import", _("Import")


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Expired")


class FileFormat(models.TextChoices):
    XLSX = "xlsx", _("Excel workbook (XLSX)")
    CSV = "csv", _("CSV (UTF-8)")
    PDF = "pdf", _("PDF")

