"""The faculty workflow, each step declared once (core/steps.py): API actions, page buttons, events."""
from django.utils.translation import gettext_lazy as _

from core.catalogue import archive_steps
from core.steps import NoteInput, ReasonInput, Step, Steps

from . import services
from .choices import EvidenceStatus, PlacementStatus
from .models import (
    IndustryYearsDeclaration,
    PartTimeInstructor,
    ReformRecord,
    TeacherCertificate,
    TeacherPlacement,
    TrainingRecord,
)
from .policies import EvidencePolicy, PartTimeInstructorPolicy, TeacherPlacementPolicy

PLACEMENT_STEPS = Steps(TeacherPlacement, "placement", TeacherPlacementPolicy, [
    Step("submit", services.placement_submit, _("Submit to the host enterprise"),
         _("Placement submitted to the host."), sources=tuple(services.EDITABLE_STATES)),
    Step("confirm", services.placement_confirm, _("Confirm placement"), _("Placement confirmed."),
         input=NoteInput, sources=(PlacementStatus.SUBMITTED,),
         confirm=_("Confirm that this teacher practised at your enterprise as described?")),
    # The API path is "return" (a Python keyword, hence the trailing underscore of the step's name).
    Step("return_", services.placement_return, _("Return with reason"), _("Placement returned to the teacher."),
         input=ReasonInput, url_path="return", sources=(PlacementStatus.SUBMITTED, PlacementStatus.CONFIRMED),
         style="danger", confirm=_("Return this placement to the teacher?"), button=False),
    Step("count", services.placement_count, _("Count towards the requirement"), _("Placement counted."),
         sources=(PlacementStatus.CONFIRMED,)),
])


def _evidence_steps(model) -> Steps:
    """Verify or reject one kind of a teacher's evidence (services: "Verified evidence only")."""
    return Steps(model, "record", EvidencePolicy, [
        Step("verify", services.evidence_verify, _("Verify"), _("The evidence was verified; it counts from now on."),
             input=NoteInput, sources=(EvidenceStatus.PENDING,)),
        Step("reject", services.evidence_reject, _("Reject with reason"),
             _("The evidence was rejected; the teacher sees your reason."), input=ReasonInput,
             sources=services.rejectable_states(model), style="danger", button=False),
    ])


CERTIFICATE_STEPS = _evidence_steps(TeacherCertificate)
TRAINING_STEPS = _evidence_steps(TrainingRecord)
REFORM_STEPS = _evidence_steps(ReformRecord)
INDUSTRY_YEARS_STEPS = _evidence_steps(IndustryYearsDeclaration)
EVIDENCE_STEPS = (CERTIFICATE_STEPS, TRAINING_STEPS, REFORM_STEPS, INDUSTRY_YEARS_STEPS)

# The roster of part-time instructors is a catalogue (core/catalogue.py): archived, not deleted, once they taught.
INSTRUCTOR_STEPS = archive_steps(PartTimeInstructor, PartTimeInstructorPolicy)
