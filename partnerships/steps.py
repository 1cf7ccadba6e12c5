"""The collaboration workflow, each step declared once (core/steps.py): API actions, page buttons, events.

Agreements move draft → under review → active → expired/terminated/superseded, with signing, amending
and renewing on the way; order classes enrol, withdraw and graduate their students and record who was
hired; industry projects go draft → open → in progress → delivered → closed and take members and
milestones; a contact's follow-up is marked done.
"""
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from core.steps import Step, Steps

from . import services
from .api.serializers import (
    AgreementRenewSerializer,
    AgreementSignSerializer,
    AgreementTerminateSerializer,
    EnrollmentRefSerializer,
    HiringOutcomeSerializer,
    OrderClassEnrollSerializer,
    ProjectCloseSerializer,
    ProjectDeliverSerializer,
    ProjectJoinSerializer,
    ProjectMilestoneSerializer,
    TransitionNoteSerializer,
)
from .choices import AgreementStatus, ProjectStatus
from .models import PENDING_AGREEMENT_STATUSES, Agreement, ContactLog, IndustryProject, OrderClass
from .policies import AgreementPolicy, ContactLogPolicy, IndustryProjectPolicy, OrderClassPolicy

A = AgreementStatus
P = ProjectStatus
# Statuses where a project takes and loses members (services.project_join / project_leave check them again).
PROJECT_RUNNING = (P.OPEN, P.IN_PROGRESS)

AGREEMENT_STEPS = Steps(Agreement, "agreement", AgreementPolicy, [
    Step("submit", services.agreement_submit, _("Submit for review"), _("Submitted for review."),
         input=TransitionNoteSerializer, sources=(A.DRAFT,)),
    Step("approve", services.agreement_approve, _("Approve and activate"),
         _("Approved: the agreement is now active."), input=TransitionNoteSerializer, sources=(A.UNDER_REVIEW,)),
    Step("return_to_draft", services.agreement_return, _("Return to draft"), _("Returned to draft."),
         input=TransitionNoteSerializer, sources=(A.UNDER_REVIEW,), url_path="return", style="secondary"),
    Step("sign", services.agreement_sign, _("Record signature"), _("Signature recorded."),
         input=AgreementSignSerializer, sources=tuple(PENDING_AGREEMENT_STATUSES), style="secondary", button=False),
    Step("terminate", services.agreement_terminate, _("Terminate"), _("The agreement was terminated."),
         input=AgreementTerminateSerializer, sources=(A.ACTIVE,), style="danger",
         confirm=_("Terminate this agreement early? This cannot be undone."), button=False),
    # Offered only once the end date has passed (the page asks may_now and the dates; the service refuses earlier).
    Step("expire", services.agreement_expire, _("Mark expired"), _("The agreement is marked expired."),
         sources=(A.ACTIVE,), style="secondary", confirm=_("Mark this agreement expired?"), button=False),
    # Amending and renewing answer with the new draft (201); the page goes to it (AgreementStepView).
    Step("amend", services.agreement_amend, _("Amend"),
         _("Draft %(code)s created; edit it and submit it for review."), sources=(A.ACTIVE,), status_code=201,
         style="secondary"),
    Step("renew", services.agreement_renew, _("Renew"),
         _("Draft %(code)s created; edit it and submit it for review."), input=AgreementRenewSerializer,
         sources=(A.ACTIVE, A.EXPIRED), status_code=201, style="secondary"),
])
# The steps whose result is a new agreement (a successor draft), not the agreement they were taken on.
SUCCESSOR_STEPS = ("amend", "renew")


def _enrollment(order_class: OrderClass, enrollment: int):
    """The enrolment named in the request, of this class only (404 otherwise)."""
    return get_object_or_404(order_class.enrollments.all(), pk=enrollment)


def _withdraw(*, order_class, by, enrollment: int):
    return services.enrollment_withdraw(enrollment=_enrollment(order_class, enrollment), by=by)


def _record_outcome(*, order_class, by, enrollment: int, hired: bool):
    return services.enrollment_record_outcome(enrollment=_enrollment(order_class, enrollment), by=by, hired=hired)


ORDER_CLASS_STEPS = Steps(OrderClass, "order_class", OrderClassPolicy, [
    Step("enroll", services.order_class_enroll, _("Enrol"), _("Student enrolled."),
         input=OrderClassEnrollSerializer, status_code=201, button=False),
    Step("graduate", services.order_class_graduate, _("Graduate the cohort"), _("The cohort has graduated."),
         style="secondary", confirm=_("Mark every enrolled student as graduated?")),
    # Per student: the enrolment is named in the body; the rows' buttons follow
    # services.ENROLLMENT_STEP_SOURCES.
    Step("withdraw", _withdraw, _("Withdraw"), _("Student withdrawn."), input=EnrollmentRefSerializer,
         style="danger", confirm=_("Withdraw this student from the class?"), button=False),
    Step("record_outcome", _record_outcome, _("Record the hiring outcome"), _("Hiring outcome recorded."),
         input=HiringOutcomeSerializer, button=False),
])


def _join(*, project, by, role: str, team: str = "", user=None):
    # Without a user the caller joins; services.project_join lets only the college add someone else.
    return services.project_join(project=project, user=user or by, role=role, team=team, by=by)


def _leave(*, project, by):
    member = get_object_or_404(project.members.all(), user=by)
    return services.project_leave(member=member, by=by)


PROJECT_STEPS = Steps(IndustryProject, "project", IndustryProjectPolicy, [
    Step("publish", services.project_publish, _("Publish"),
         _("Project published; teachers and students can now join."), sources=(P.DRAFT,)),
    Step("start", services.project_start, _("Start the project"), _("Project started."), sources=(P.OPEN,)),
    Step("deliver", services.project_deliver, _("Record delivery"), _("Delivery recorded."),
         input=ProjectDeliverSerializer, sources=(P.IN_PROGRESS,), button=False),
    Step("close", services.project_close, _("Close with feedback"), _("Project closed with the enterprise's feedback."),
         input=ProjectCloseSerializer, sources=(P.DELIVERED,),
         confirm=_("Close the project? It cannot be changed afterwards."), button=False),
    Step("join", _join, _("Join the project"), _("You joined the project."), input=ProjectJoinSerializer,
         sources=PROJECT_RUNNING, status_code=201, button=False),
    Step("leave", _leave, _("Leave the project"), _("You left the project."), sources=PROJECT_RUNNING,
         style="danger", confirm=_("Leave this project?"), button=False),
    # Adding a milestone answers with the milestone (201), as it always did.
    Step("milestones", services.milestone_add, _("Add a milestone"), _("Milestone added."),
         input=ProjectMilestoneSerializer, response=ProjectMilestoneSerializer, status_code=201,
         sources=(P.DRAFT, P.OPEN, P.IN_PROGRESS, P.DELIVERED), style="secondary", button=False),
])

# A contact has no status; its follow-up is pending while planned and not done (ContactLog.follow_up_pending).
CONTACT_STEPS = Steps(ContactLog, "log", ContactLogPolicy, [
    Step("complete_follow_up", services.contact_log_complete_follow_up, _("Mark done"),
         _("Follow-up marked done."), sources=(True,), url_path="complete-follow-up", style="secondary"),
], field="follow_up_pending")
