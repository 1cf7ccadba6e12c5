"""The support-mechanism workflows, each step declared once (core/steps.py): API actions, page buttons, events.

Creating child rows (a budget line, a maintenance record, a standard version, a programme's declaration)
is not a step of its parent's workflow: those stay hand-written actions in ``api/views.py``.
"""
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from core.catalogue import archive_steps
from core.steps import NoteInput, Step, Steps

from . import services
from .api.serializers import PublishSerializer, StandardVersionSerializer
from .choices import (
    HOLDING_BOOKING_STATUSES,
    BookingStatus,
    BudgetStatus,
    EvaluationStatus,
    ExpenditureStatus,
    IncentiveStatus,
    SourceStatus,
)
from .models import (
    Booking,
    Budget,
    EvaluationCriterion,
    Expenditure,
    FundingSource,
    Incentive,
    ProgramEvaluation,
    Standard,
    StandardVersion,
)
from .policies import (
    BookingPolicy,
    BudgetPolicy,
    EvaluationCriterionPolicy,
    ExpenditurePolicy,
    FundingSourcePolicy,
    IncentivePolicy,
    ProgramEvaluationPolicy,
    StandardPolicy,
)


def _publish_version(*, standard: Standard, by, version: int) -> StandardVersion:
    """The version is named in the body; one of another standard is as unknown as a missing one (404)."""
    return services.standard_version_publish(
        version=get_object_or_404(StandardVersion, standard=standard, pk=version), by=by)


FUNDING_SOURCE_STEPS = Steps(FundingSource, "source", FundingSourcePolicy, [
    Step("confirm", services.funding_source_confirm, _("Confirm"), _("The funding source is confirmed."),
         sources=(SourceStatus.PENDING,)),
    Step("reject", services.funding_source_reject, _("Reject"), _("The funding source was rejected."),
         input=NoteInput, sources=(SourceStatus.PENDING,), style="danger",
         confirm=_("Reject this investment record?")),
])

BUDGET_STEPS = Steps(Budget, "budget", BudgetPolicy, [
    Step("approve", services.budget_approve, _("Approve budget"), _("The budget was approved."),
         sources=(BudgetStatus.DRAFT,)),
    Step("close", services.budget_close, _("Close budget"), _("The budget was closed."),
         sources=(BudgetStatus.APPROVED,), style="danger",
         confirm=_("Close this budget? No further spending can be recorded.")),
])

EXPENDITURE_STEPS = Steps(Expenditure, "expenditure", ExpenditurePolicy, [
    Step("void", services.expenditure_void, _("Void"),
         _("The expenditure was voided and its amount returned to the line."), input=NoteInput,
         sources=(ExpenditureStatus.RECORDED,), style="danger",
         confirm=_("Void this expenditure? Its amount goes back to the line.")),
])

BOOKING_STEPS = Steps(Booking, "booking", BookingPolicy, [
    Step("approve", services.booking_approve, _("Approve"), _("The booking was approved."),
         sources=(BookingStatus.PENDING,), bulk=True),
    Step("reject", services.booking_reject, _("Reject"), _("The booking was rejected."), input=NoteInput,
         sources=(BookingStatus.PENDING,), style="danger", confirm=_("Reject this booking?")),
    Step("cancel", services.booking_cancel, _("Cancel booking"), _("The booking was cancelled."), input=NoteInput,
         sources=tuple(HOLDING_BOOKING_STATUSES), style="danger", confirm=_("Cancel this booking?")),
], bulk_related=("base", "equipment"))

INCENTIVE_STEPS = Steps(Incentive, "incentive", IncentivePolicy, [
    Step("approve", services.incentive_approve, _("Approve"), _("The incentive was approved."),
         sources=(IncentiveStatus.NOMINATED,)),
    Step("award", services.incentive_award, _("Award"), _("The incentive was awarded."),
         sources=(IncentiveStatus.APPROVED,)),
    Step("reject", services.incentive_reject, _("Reject"), _("The incentive was rejected."), input=NoteInput,
         sources=(IncentiveStatus.NOMINATED, IncentiveStatus.APPROVED), style="danger",
         confirm=_("Reject this incentive?")),
])

# A standard has no status of its own: publishing moves one of its versions (and withdraws the one
# published before), named in the body. The page shows the button beside each draft version.
STANDARD_STEPS = Steps(Standard, "standard", StandardPolicy, [
    Step("publish", _publish_version, _("Publish"),
         _("The version is published; the one published before is withdrawn."), input=PublishSerializer,
         response=StandardVersionSerializer, button=False,
         confirm=_("Publish this version? The version published before is withdrawn.")),
])

PROGRAM_EVALUATION_STEPS = Steps(ProgramEvaluation, "evaluation", ProgramEvaluationPolicy, [
    Step("submit", services.program_evaluation_submit, _("Submit"), _("The evaluation was submitted."),
         sources=(EvaluationStatus.DRAFT,), confirm=_("Submit this evaluation? It cannot be changed afterwards.")),
])

# The criteria of programme evaluation are a catalogue: archived, not deleted, once scored (core/catalogue.py).
CRITERION_STEPS = archive_steps(EvaluationCriterion, EvaluationCriterionPolicy)
