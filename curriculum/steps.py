"""The training-system workflows, each step declared once (core/steps.py): API actions, page buttons, events."""
from django.utils.translation import gettext_lazy as _

from core.catalogue import archive_steps
from core.steps import Step, Steps

from . import services
from .api.serializers import ReviewNoteSerializer
from .choices import AchievementStatus, CourseProjectStatus, ProgramStatus
from .models import (
    Certificate,
    Competency,
    Competition,
    CourseModule,
    CourseProject,
    JobPost,
    Program,
    StudentAchievement,
)
from .policies import CataloguePolicy, CourseProjectPolicy, JobPostPolicy, ProgramPolicy, StudentAchievementPolicy

PROGRAM_STEPS = Steps(Program, "program", ProgramPolicy, [
    Step("submit", services.program_submit, _("Submit for review"), _("Programme submitted for review."),
         sources=(ProgramStatus.DRAFT,),
         confirm=_("Submit this programme for review by enterprises and the association?")),
    Step("approve", services.program_approve, _("Approve"), _("Programme approved."),
         sources=(ProgramStatus.IN_REVIEW,),
         confirm=_("Approve this version? The version approved before it will be superseded.")),
    # the page gives it a form of its own: the reviewers' reason goes with it
    Step("return_to_draft", services.program_return, _("Return to draft"), _("Programme returned to draft."),
         input=ReviewNoteSerializer, url_path="return", sources=(ProgramStatus.IN_REVIEW,), style="secondary",
         confirm=_("Return this programme to draft?"), button=False),
    # its own form on the page too: it ends on the new version's page, not back where it was posted from
    Step("new_version", services.program_new_version, _("New version"), _("A new draft version was created."),
         url_path="new-version", status_code=201,
         sources=(ProgramStatus.APPROVED, ProgramStatus.SUPERSEDED),
         confirm=_("Create a new draft version from this one?"), button=False),
])

ACHIEVEMENT_STEPS = Steps(StudentAchievement, "achievement", StudentAchievementPolicy, [
    Step("verify", services.achievement_verify, _("Verify"), _("Achievement verified."),
         input=ReviewNoteSerializer, sources=(AchievementStatus.SUBMITTED,)),
    # rejecting needs a reason, typed in the row's own small form
    Step("reject", services.achievement_reject, _("Reject"), _("Achievement rejected."),
         input=ReviewNoteSerializer, sources=(AchievementStatus.SUBMITTED,), style="danger",
         confirm=_("Reject this achievement?"), button=False),
])

COURSE_PROJECT_STEPS = Steps(CourseProject, "project", CourseProjectPolicy, [
    Step("start", services.course_project_start, _("Start"), _("Project started."),
         sources=(CourseProjectStatus.PLANNED,), confirm=_("Start the project?")),
    Step("complete", services.course_project_complete, _("Complete"), _("Project completed."),
         sources=(CourseProjectStatus.RUNNING,), confirm=_("Complete the project? Teams can no longer change.")),
])

# The catalogues of the competency map: archive and restore (core/catalogue.py).
COMPETENCY_STEPS = archive_steps(Competency, CataloguePolicy)
COURSE_MODULE_STEPS = archive_steps(CourseModule, CataloguePolicy)
JOB_POST_STEPS = archive_steps(JobPost, JobPostPolicy)
COMPETITION_STEPS = archive_steps(Competition, CataloguePolicy)
CERTIFICATE_STEPS = archive_steps(Certificate, CataloguePolicy)
