"""The attendance workflow, each step declared once (core/steps.py): API actions, page buttons, events."""
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.steps import NoteInput, ReasonInput, Step, Steps

from . import services
from .choices import PENDING_LEAVE, BreachStatus, FlagStatus, LeaveStatus
from .models import CheckIn, LeaveRequest, WorkingTimeBreach
from .policies import BreachPolicy, CheckInPolicy, LeaveRequestPolicy


class FollowUpInput(serializers.Serializer):
    """What was done about a breach: told the enterprise, changed the shifts, ..."""

    note = serializers.CharField(max_length=2000)


# A flagged check-in (outside the radius, imprecise, wrong clock) waits for a mentor's look.
CHECK_IN_STEPS = Steps(CheckIn, "check_in", CheckInPolicy, [
    Step("accept", services.check_in_accept, _("Accept the reason"),
         _("The check-in counts as it is."), input=NoteInput, sources=(FlagStatus.OPEN,)),
    Step("reject", services.check_in_reject, _("Reject"),
         _("The check-in was rejected; the day counts as not attended."), input=ReasonInput,
         sources=(FlagStatus.OPEN,), style="danger", button=False),
], field="flag_status")

# Approve and refuse act on the stage the request is at; the policy says whose stage it is.
LEAVE_STEPS = Steps(LeaveRequest, "leave", LeaveRequestPolicy, [
    Step("approve", services.leave_approve, _("Approve"), _("The leave was approved at your stage."),
         input=NoteInput, sources=PENDING_LEAVE),
    Step("refuse", services.leave_refuse, _("Refuse"), _("The leave was refused."), input=ReasonInput,
         sources=PENDING_LEAVE, style="danger", button=False),
    Step("cancel", services.leave_cancel, _("Cancel the request"), _("Your leave request was cancelled."),
         input=NoteInput, sources=(*PENDING_LEAVE, LeaveStatus.APPROVED), style="secondary",
         confirm=_("Cancel this leave request?")),
])

BREACH_STEPS = Steps(WorkingTimeBreach, "breach", BreachPolicy, [
    Step("acknowledge", services.breach_acknowledge, _("Record the follow-up"),
         _("The follow-up was recorded."), input=FollowUpInput, sources=(BreachStatus.OPEN,), button=False),
])
