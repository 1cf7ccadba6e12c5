"""The steps of a report job, declared once (core/steps.py): API actions, the job page's buttons.

Confirming a dry run answers with the import job it started (202), not with the dry run; the page then
opens that job (``StepView`` goes to the row a step made).
"""
from django.utils.translation import gettext_lazy as _

from core.steps import Step, Steps

from . import services
from .choices import JobStatus
from .models import ReportJob
from .policies import ReportJobPolicy

JOB_STEPS = Steps(ReportJob, "job", ReportJobPolicy, [
    Step("confirm", services.import_confirm, _("Import these rows"),
         _("The import is running; it is saved only if every row is valid."), sources=(JobStatus.DONE,),
         when=lambda job: job.is_confirmable, status_code=202, confirm=_("Import every row of this file now?")),
    Step("cancel", services.job_cancel, _("Cancel"), _("The job was cancelled."), sources=(JobStatus.QUEUED,),
         style="secondary", confirm=_("Cancel this job?")),
    Step("retry", services.job_retry, _("Run again"), _("The job was queued again."),
         sources=(JobStatus.FAILED, JobStatus.CANCELLED), status_code=202, style="secondary"),
])
