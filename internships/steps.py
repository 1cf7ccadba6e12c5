"""The internship workflow, each step declared once (core/steps.py): API actions, page buttons, events."""
from django.utils.translation import gettext_lazy as _

from core.steps import NoteInput, ReasonInput, Step, Steps

from . import services
from .api.serializers import (
    CommentSerializer,
    EvaluationLinkSentSerializer,
    EvaluationLinkSerializer,
    FollowUpNoteSerializer,
    ReviewSerializer,
    TerminateSerializer,
)
from .choices import ApplicationStatus, IncidentStatus, LogStatus, PlacementStatus, PostingStatus
from .models import Application, Placement, Posting, SafetyIncident, WeeklyLog
from .policies import ApplicationPolicy, PlacementPolicy, PostingPolicy, SafetyIncidentPolicy, WeeklyLogPolicy


def _moves(action: str) -> tuple[str, ...]:
    return tuple(services.APPLICATION_MOVES[action][0])


def _send_evaluation_link(*, placement, by, stage: str) -> dict:
    evaluation, _token = services.evaluation_request_link(placement=placement, stage=stage, by=by)
    return {"evaluation": evaluation.pk, "sent_to": evaluation.link_sent_to}


POSTING_STEPS = Steps(Posting, "posting", PostingPolicy, [
    Step("publish", services.posting_publish, _("Publish"),
         _("The posting was published or sent for approval."), sources=(PostingStatus.DRAFT,)),
    Step("approve", services.posting_approve, _("Approve and publish"),
         _("The posting was approved and published."), sources=(PostingStatus.PENDING_APPROVAL,)),
    Step("return_to_draft", services.posting_return, _("Return to draft"),
         _("The posting was returned to draft."), input=NoteInput, sources=(PostingStatus.PENDING_APPROVAL,),
         style="secondary"),
    Step("close", services.posting_close, _("Close posting"), _("The posting was closed."),
         sources=(PostingStatus.PUBLISHED,), style="danger",
         confirm=_("Close this posting? Students can no longer apply.")),
])

APPLICATION_STEPS = Steps(Application, "application", ApplicationPolicy, [
    Step("shortlist", services.application_move, _("Shortlist"), _("The applicant was shortlisted."),
         input=NoteInput, fixed={"action": "shortlist"}, sources=_moves("shortlist"), style="secondary", bulk=True),
    Step("offer", services.application_move, _("Offer"), _("An offer was made."),
         input=NoteInput, fixed={"action": "offer"}, sources=_moves("offer")),
    Step("reject", services.application_move, _("Reject"), _("The application was rejected."),
         input=NoteInput, fixed={"action": "reject"}, sources=_moves("reject"), style="danger",
         confirm=_("Reject this application?"), bulk=True),
    Step("accept", services.application_accept, _("Accept offer"),
         _("You accepted the offer; your placement is being prepared."), sources=(ApplicationStatus.OFFERED,)),
    Step("decline", services.application_move, _("Decline"), _("You declined the offer."),
         input=NoteInput, fixed={"action": "decline"}, sources=_moves("decline"), style="danger",
         confirm=_("Decline this offer?")),
    Step("withdraw", services.application_move, _("Withdraw"), _("You withdrew your application."),
         input=NoteInput, fixed={"action": "withdraw"}, sources=_moves("withdraw"), style="danger",
         confirm=_("Withdraw your application?")),
    # Before the placement starts only (the service says so once it has); the slot goes back to the posting.
    Step("withdraw_acceptance", services.application_withdraw_acceptance, _("Withdraw acceptance"),
         _("You withdrew your acceptance; the slot is free for another applicant."), input=NoteInput,
         sources=(ApplicationStatus.ACCEPTED,), style="danger",
         confirm=_("Withdraw your acceptance? Your placement is cancelled and the slot goes back to the posting.")),
], bulk_related=("posting", "student"))

PLACEMENT_STEPS = Steps(Placement, "placement", PlacementPolicy, [
    Step("start", services.placement_start, _("Start placement"), _("The placement is now active."),
         sources=(PlacementStatus.PENDING,)),
    Step("complete", services.placement_complete, _("Complete"), _("The placement was completed."),
         sources=(PlacementStatus.ACTIVE,), confirm=_("Mark this placement as completed?")),
    Step("terminate", services.placement_terminate, _("End placement early"), _("The placement was ended early."),
         input=TerminateSerializer, sources=(PlacementStatus.ACTIVE,), style="danger",
         confirm=_("End this placement early? This cannot be undone."), button=False),
    Step("cancel", services.placement_cancel, _("Cancel placement"),
         _("The placement was cancelled before the start; its slot is free again."), input=ReasonInput,
         sources=(PlacementStatus.PENDING,), style="danger",
         confirm=_("Cancel this placement? It has not started; its slot goes back to the posting."), button=False),
    Step("evaluation_link", _send_evaluation_link, _("E-mail an evaluation link to the enterprise mentor"),
         _("The evaluation link was e-mailed to the enterprise mentor."), input=EvaluationLinkSerializer,
         url_path="evaluation-link", status_code=202, response=EvaluationLinkSentSerializer,
         sources=(PlacementStatus.ACTIVE, PlacementStatus.COMPLETED, PlacementStatus.TERMINATED),
         style="secondary", button=False),
])

WEEKLY_LOG_STEPS = Steps(WeeklyLog, "log", WeeklyLogPolicy, [
    # Both have a form of their own on the log page (a grade, a text), so neither is a one-click button.
    Step("review", services.weekly_log_review, _("Review"), _("The log was reviewed."),
         input=ReviewSerializer, sources=(LogStatus.SUBMITTED,), button=False, bulk=True),
    Step("comment", services.weekly_log_comment, _("Comment"), _("Your comment was saved."),
         input=CommentSerializer, button=False),
], bulk_related=("placement__student",))

# Each step writes a follow-up note (who, when, what was done), so each has the note form on the incident page.
INCIDENT_STEPS = Steps(SafetyIncident, "incident", SafetyIncidentPolicy, [
    Step("start_follow_up", services.incident_start_follow_up, _("Start the follow-up"),
         _("The incident is under follow-up."), input=FollowUpNoteSerializer, sources=(IncidentStatus.REPORTED,),
         button=False),
    Step("add_note", services.incident_add_note, _("Add a follow-up note"), _("The note was recorded."),
         input=FollowUpNoteSerializer, sources=(IncidentStatus.UNDER_FOLLOW_UP,), button=False),
    Step("close", services.incident_close, _("Close the incident"), _("The incident was closed."),
         input=FollowUpNoteSerializer, sources=(IncidentStatus.UNDER_FOLLOW_UP,), style="danger", button=False,
         confirm=_("Close this incident? Nothing can be added afterwards.")),
])
