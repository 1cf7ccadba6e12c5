"""Every write of the partnerships app and the rules that go with it (HackSoft services).

Views, serializers, forms, admin actions and tasks call these functions; none of them repeats a
rule. State changes go through ``core.workflow.transition`` so each one is recorded.
"""
from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OrganizationKind, Role
from accounts.models import Membership, Organization
from accounts.policy import access_for
from core.domain import CapacityExceeded, Overlap, RuleViolation, TransitionNotAllowed
from core.events import emit, emit_created
from core.registry import app_modules
from core.workflow import history_for, record_status_change, transition

from .choices import (
    STUDENT_ROLES,
    TEACHER_ROLES,
    AgreementKind,
    AgreementRelation,
    AgreementStatus,
    CommitmentKind,
    DocumentKind,
    EnrollmentStatus,
    HiringOutcome,
    ProjectRole,
    ProjectStatus,
    SignatureMethod,
)
from .models import (
    PENDING_AGREEMENT_STATUSES,
    Agreement,
    AgreementCommitment,
    AgreementDocument,
    Association,
    ContactLog,
    Enrollment,
    Enterprise,
    IndustryProject,
    OrderClass,
    ProjectMember,
    ProjectMilestone,
)

ORGANIZATION_FIELDS = ("name", "name_en", "short_name", "email", "website")
# Certification is granted by the authorities and recorded by the college, never self-declared.
ENTERPRISE_COLLEGE_ONLY_FIELDS = ("is_certified_iei", "certified_on", "is_aigc_leader", "segment")
PARTY_KINDS = (OrganizationKind.ENTERPRISE, OrganizationKind.ASSOCIATION)
COHORT_AGREEMENT_KINDS = (AgreementKind.ORDER_CLASS, AgreementKind.DIRECTED)


def _today() -> date:
    return timezone.localdate()


def _split(fields: dict, names: Iterable[str]) -> tuple[dict, dict]:
    names = set(names)
    return {k: v for k, v in fields.items() if k in names}, {k: v for k, v in fields.items() if k not in names}


def _college() -> Organization:
    college = Organization.objects.filter(kind=OrganizationKind.COLLEGE).order_by("id").first()
    if college is None:
        raise RuleViolation(_("The college is not set up yet."), code="no_college")
    return college


# --- Enterprises and associations -----------------------------------------------------------------

@transaction.atomic
def enterprise_create(*, by, name: str, segment: str, **fields) -> Enterprise:
    """Create the Organization (kind enterprise) and its partner profile in one step."""
    fields.pop("compliance_reason", None)  # only an update can break a rule of another app
    org_fields, profile_fields = _split(fields, ORGANIZATION_FIELDS)
    org = Organization(kind=OrganizationKind.ENTERPRISE, name=name.strip(), **org_fields)
    org.full_clean()
    org.save()
    if profile_fields.get("credit_code"):
        profile_fields["credit_code"] = profile_fields["credit_code"].strip().upper()
    enterprise = Enterprise(organization=org, segment=segment, **profile_fields)
    enterprise.full_clean()
    enterprise.save()
    return enterprise


@transaction.atomic
def enterprise_update(*, enterprise: Enterprise, by, **fields) -> Enterprise:
    # A college admin's reason for a change another app's rule allows only as an exception (see below).
    reason = fields.pop("compliance_reason", "") or ""
    acc = access_for(by)
    if not acc.is_college_admin:
        changed = [f for f in ENTERPRISE_COLLEGE_ONLY_FIELDS if f in fields and fields[f] != getattr(enterprise, f)]
        if changed:
            raise PermissionDenied(_("Only the college changes the segment, AIGC-leader flag and certification."))
    org_fields, profile_fields = _split(fields, ORGANIZATION_FIELDS)
    if profile_fields.get("credit_code"):
        profile_fields["credit_code"] = profile_fields["credit_code"].strip().upper()
    org = enterprise.organization
    if org_fields:
        for k, v in org_fields.items():
            setattr(org, k, v)
        org.full_clean()
        org.save()
    before = {k: getattr(enterprise, k) for k in profile_fields}
    for k, v in profile_fields.items():
        setattr(enterprise, k, v)
    enterprise.full_clean()
    enterprise.save()
    # Apps above this one keep rules that read the profile (internships: the intern caps are a share of
    # staff_count). They check the saved change here, in this transaction, and refuse it by raising;
    # found through the registry, so partnerships imports none of them (issue 18 item 4, helper H2).
    for rules in app_modules("rules"):
        if hasattr(rules, "enterprise_changed"):
            rules.enterprise_changed(enterprise=enterprise, by=by, before=before, reason=reason)
    return enterprise


@transaction.atomic
def association_create(*, by, name: str, **fields) -> Association:
    org_fields, profile_fields = _split(fields, ORGANIZATION_FIELDS)
    org = Organization(kind=OrganizationKind.ASSOCIATION, name=name.strip(), **org_fields)
    org.full_clean()
    org.save()
    if profile_fields.get("credit_code"):
        profile_fields["credit_code"] = profile_fields["credit_code"].strip().upper()
    association = Association(organization=org, **profile_fields)
    association.full_clean()
    association.save()
    return association


@transaction.atomic
def association_update(*, association: Association, by, **fields) -> Association:
    org_fields, profile_fields = _split(fields, ORGANIZATION_FIELDS)
    org = association.organization
    for k, v in org_fields.items():
        setattr(org, k, v)
    org.full_clean()
    org.save()
    for k, v in profile_fields.items():
        setattr(association, k, v)
    association.full_clean()
    association.save()
    return association


# --- Agreements ------------------------------------------------------------------------------------

def _new_agreement_code(start: date) -> str:
    # Random rather than sequential: two admins creating at once never collide on a counter.
    return f"HZ-{start.year}-{secrets.token_hex(3).upper()}"


def _check_parties(parties: Iterable[Organization]) -> list[Organization]:
    parties = list(parties)
    if not parties:
        raise ValidationError({"parties": _("An agreement needs at least one enterprise or association.")})
    wrong = [p.name for p in parties if p.kind not in PARTY_KINDS]
    if wrong:
        raise ValidationError({"parties": _("Only enterprises and associations can be parties: %(names)s.")
                               % {"names": "、".join(wrong)}})
    return parties


def _check_dates(start: date, end: date) -> None:
    if start and end and end < start:
        raise ValidationError({"end_date": _("The end date is before the start date.")})


def _check_commitments(items: Iterable[dict]) -> list[dict]:
    items = list(items or [])
    seen: set[str] = set()
    for item in items:
        kind = item.get("kind")
        if kind not in CommitmentKind.values:
            raise ValidationError({"commitments": _("Unknown commitment: %(kind)s.") % {"kind": kind}})
        if kind in seen:
            raise ValidationError({"commitments": _("Each commitment may appear once.")})
        seen.add(kind)
        if Decimal(str(item.get("amount", 0))) <= 0:
            raise ValidationError({"commitments": _("A commitment amount must be positive.")})
    return items


def _replace_commitments(agreement: Agreement, items: list[dict]) -> None:
    agreement.commitments.all().delete()
    AgreementCommitment.objects.bulk_create(
        AgreementCommitment(
            agreement=agreement, kind=i["kind"], amount=Decimal(str(i["amount"])), note=i.get("note", "")
        )
        for i in items
    )


@transaction.atomic
def agreement_create(
    *, by, title: str, kind: str, parties: Iterable[Organization], start_date: date, end_date: date,
    summary: str = "", code: str = "", commitments: Iterable[dict] = (),
) -> Agreement:
    parties = _check_parties(parties)
    _check_dates(start_date, end_date)
    items = _check_commitments(commitments)
    agreement = Agreement(
        code=code.strip() or _new_agreement_code(start_date), title=title, kind=kind, college=_college(),
        start_date=start_date, end_date=end_date, summary=summary, created_by=by,
    )
    agreement.full_clean()
    agreement.save()
    agreement.parties.set(parties)
    _replace_commitments(agreement, items)
    record_status_change(agreement, from_status="", to_status=agreement.status, by=by, note=_("Created"))
    emit_created(agreement, actor=by)
    return agreement


def _require_draft(agreement: Agreement) -> None:
    if agreement.status != AgreementStatus.DRAFT:
        raise TransitionNotAllowed(_("Only a draft agreement can be edited; amend an active one instead."))


@transaction.atomic
def agreement_update(
    *, agreement: Agreement, by, parties: Iterable[Organization] | None = None,
    commitments: Iterable[dict] | None = None, **fields,
) -> Agreement:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_draft(agreement)
    for k, v in fields.items():
        setattr(agreement, k, v)
    _check_dates(agreement.start_date, agreement.end_date)
    agreement.full_clean()
    agreement.save()
    if parties is not None:
        agreement.parties.set(_check_parties(parties))
    if commitments is not None:
        _replace_commitments(agreement, _check_commitments(commitments))
    return agreement


@transaction.atomic
def agreement_delete(*, agreement: Agreement, by) -> None:
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    _require_draft(agreement)
    if agreement.order_classes.exists():
        raise RuleViolation(_("Order classes depend on this agreement."), code="in_use")
    # A draft that was once submitted (and returned) carries a review history: keep it, never drop it.
    if history_for(agreement).exclude(from_status="").exists():
        raise RuleViolation(_("This agreement has a review history and cannot be deleted."), code="has_history")
    agreement.delete()


@transaction.atomic
def agreement_submit(*, agreement: Agreement, by, note: str = "") -> Agreement:
    if not agreement.parties.exists():
        raise RuleViolation(_("Add at least one partner before submitting."), code="no_parties")
    return transition(agreement, sources=[AgreementStatus.DRAFT], target=AgreementStatus.UNDER_REVIEW, by=by, note=note)


@transaction.atomic
def agreement_return(*, agreement: Agreement, by, note: str = "") -> Agreement:
    """Send an agreement under review back to draft for changes."""
    return transition(agreement, sources=[AgreementStatus.UNDER_REVIEW], target=AgreementStatus.DRAFT, by=by, note=note)


@transaction.atomic
def agreement_sign(*, agreement: Agreement, by, method: str, signed_on: date | None = None) -> Agreement:
    """Record that all parties signed, on paper or electronically (the who/when goes to the status log)."""
    if method not in SignatureMethod.values:
        raise ValidationError({"method": _("Choose how the agreement was signed.")})
    signed_on = signed_on or _today()
    if signed_on > _today():
        raise ValidationError({"signed_on": _("The signing date cannot be in the future.")})
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status not in PENDING_AGREEMENT_STATUSES:
        raise TransitionNotAllowed(_("Only a draft or an agreement under review can be signed."))
    previous = agreement.signature_method
    agreement.signature_method = method
    agreement.signed_on = signed_on
    agreement.save(update_fields=["signature_method", "signed_on", "updated_at"])
    record_status_change(agreement, field="signature_method", from_status=previous, to_status=method, by=by,
                         note=signed_on.isoformat())
    emit("partnerships.agreement.signed", agreement, actor=by, method=method, signed_on=signed_on.isoformat())
    return agreement


@transaction.atomic
def agreement_approve(*, agreement: Agreement, by, note: str = "") -> Agreement:
    """Under review → active. Needs a recorded signature (and the scan when signed on paper)."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != AgreementStatus.UNDER_REVIEW:
        # Checked before the business rules so a repeated approval is a clean 409 about the status.
        raise TransitionNotAllowed(
            _("Not allowed while the status is “%(status)s”.") % {"status": agreement.get_status_display()}
        )
    if not agreement.is_signed:
        raise RuleViolation(_("Record the signature before approving."), code="unsigned")
    if agreement.signature_method == SignatureMethod.PAPER and not agreement.documents.filter(
        kind=DocumentKind.SIGNED_SCAN
    ).exists():
        raise RuleViolation(_("An agreement signed on paper needs its signed scan uploaded."), code="scan_missing")
    if agreement.end_date < _today():
        raise RuleViolation(_("The agreement has already ended; change its dates or renew it."), code="ended")
    transition(agreement, sources=[AgreementStatus.UNDER_REVIEW], target=AgreementStatus.ACTIVE, by=by, note=note,
               extra_updates={"approved_at": timezone.now()}, lock=False)
    previous = agreement.previous
    if agreement.relation == AgreementRelation.AMENDMENT and previous and previous.status == AgreementStatus.ACTIVE:
        transition(previous, sources=[AgreementStatus.ACTIVE], target=AgreementStatus.SUPERSEDED, by=by,
                   note=_("Replaced by %(code)s") % {"code": agreement.code})
    return agreement


@transaction.atomic
def agreement_terminate(*, agreement: Agreement, by, reason: str) -> Agreement:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for ending the agreement early.")})
    return transition(agreement, sources=[AgreementStatus.ACTIVE], target=AgreementStatus.TERMINATED, by=by,
                      note=reason, extra_updates={"termination_reason": reason.strip()})


@transaction.atomic
def agreement_expire(*, agreement: Agreement, by=None, today: date | None = None) -> Agreement:
    today = today or _today()
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status == AgreementStatus.ACTIVE and agreement.end_date >= today:
        raise RuleViolation(_("The agreement runs until %(date)s.") % {"date": agreement.end_date}, code="not_ended")
    return transition(agreement, sources=[AgreementStatus.ACTIVE], target=AgreementStatus.EXPIRED, by=by, lock=False,
                      note=_("End date passed"))


def agreements_expire_due(*, today: date | None = None) -> int:
    """Expire every active agreement whose end date has passed; safe to run again (Celery beat)."""
    today = today or _today()
    done = 0
    for pk in Agreement.objects.filter(status=AgreementStatus.ACTIVE, end_date__lt=today).values_list("pk", flat=True):
        try:
            agreement_expire(agreement=Agreement(pk=pk), today=today)
            done += 1
        except TransitionNotAllowed:
            continue  # another worker got there first
    return done


def _successor(agreement: Agreement, *, by, relation: str, start: date, end: date) -> Agreement:
    pending = agreement.successors.filter(relation=relation, status__in=PENDING_AGREEMENT_STATUSES).first()
    if pending is not None:
        raise Overlap(_("%(code)s is already being prepared.") % {"code": pending.code}, code="pending_successor")
    new = Agreement(
        code=_new_agreement_code(start), title=agreement.title, kind=agreement.kind, college=agreement.college,
        start_date=start, end_date=end, summary=agreement.summary, previous=agreement, relation=relation,
        version=agreement.version + 1, created_by=by,
    )
    try:
        with transaction.atomic():
            new.save()
    except IntegrityError as exc:
        raise Overlap(_("An amendment or renewal is already being prepared."), code="pending_successor") from exc
    new.parties.set(agreement.parties.all())
    _replace_commitments(new, list(agreement.commitments.values("kind", "amount", "note")))
    record_status_change(new, from_status="", to_status=new.status, by=by,
                         note=_("%(relation)s of %(code)s") % {"relation": new.get_relation_display(),
                                                               "code": agreement.code})
    emit_created(new, actor=by, relation=relation, previous_id=agreement.pk)
    return new


@transaction.atomic
def agreement_amend(*, agreement: Agreement, by) -> Agreement:
    """Start an amendment: a draft copy (next version) that replaces this agreement once approved."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status != AgreementStatus.ACTIVE:
        raise TransitionNotAllowed(_("Only an active agreement can be amended."))
    return _successor(agreement, by=by, relation=AgreementRelation.AMENDMENT,
                      start=agreement.start_date, end=agreement.end_date)


@transaction.atomic
def agreement_renew(*, agreement: Agreement, by, end_date: date | None = None) -> Agreement:
    """Start a renewal: a draft successor that begins the day after this agreement ends."""
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    if agreement.status not in (AgreementStatus.ACTIVE, AgreementStatus.EXPIRED):
        raise TransitionNotAllowed(_("Only an active or expired agreement can be renewed."))
    start = agreement.end_date + timedelta(days=1)
    end = end_date or start + (agreement.end_date - agreement.start_date)
    _check_dates(start, end)
    return _successor(agreement, by=by, relation=AgreementRelation.RENEWAL, start=start, end=end)


@transaction.atomic
def agreement_add_document(*, agreement: Agreement, by, kind: str, file, title: str = "") -> AgreementDocument:
    if agreement.status in (AgreementStatus.TERMINATED, AgreementStatus.SUPERSEDED):
        raise TransitionNotAllowed(_("Documents cannot be added to a closed agreement."))
    doc = AgreementDocument(agreement=agreement, kind=kind, title=title or getattr(file, "name", ""), file=file,
                            uploaded_by=by)
    doc.full_clean()
    doc.save()
    return doc


# --- Order classes ---------------------------------------------------------------------------------

@transaction.atomic
def order_class_create(
    *, by, agreement: Agreement, name: str, cohort_year: int, quota: int, graduation_date: date,
    hiring_commitment: int = 0, program=None, enterprise: Organization | None = None, kind: str | None = None,
) -> OrderClass:
    if agreement.kind not in COHORT_AGREEMENT_KINDS:
        raise ValidationError({"agreement": _("Use an order-class or directed-training agreement.")})
    if agreement.status not in (*PENDING_AGREEMENT_STATUSES, AgreementStatus.ACTIVE):
        raise ValidationError({"agreement": _("This agreement is no longer in force.")})
    parties = [p for p in agreement.parties.all() if p.kind == OrganizationKind.ENTERPRISE]
    if enterprise is None:
        if len(parties) != 1:
            raise ValidationError({"enterprise": _("Choose which enterprise of the agreement runs this class.")})
        enterprise = parties[0]
    elif enterprise not in parties:
        raise ValidationError({"enterprise": _("The enterprise must be a party to the agreement.")})
    if hiring_commitment > quota:
        raise ValidationError({"hiring_commitment": _("The hiring commitment cannot exceed the quota.")})
    oc = OrderClass(
        agreement=agreement, enterprise=enterprise, program=program, kind=kind or agreement.kind, name=name,
        cohort_year=cohort_year, quota=quota, hiring_commitment=hiring_commitment, graduation_date=graduation_date,
    )
    oc.full_clean()
    oc.save()
    return oc


@transaction.atomic
def order_class_update(*, order_class: OrderClass, by, **fields) -> OrderClass:
    oc = OrderClass.objects.select_for_update().get(pk=order_class.pk)
    for k, v in fields.items():
        setattr(oc, k, v)
    enrolled = oc.enrollments.filter(status=EnrollmentStatus.ENROLLED).count()
    if oc.quota < enrolled:
        raise ValidationError({"quota": _("%(n)s students are already enrolled.") % {"n": enrolled}})
    if oc.hiring_commitment > oc.quota:
        raise ValidationError({"hiring_commitment": _("The hiring commitment cannot exceed the quota.")})
    oc.full_clean()
    oc.save()
    return oc


@transaction.atomic
def order_class_enroll(*, order_class: OrderClass, student, by) -> Enrollment:
    """Enrol a student; the class row is locked so the quota holds under concurrent requests."""
    if not Membership.objects.in_force().filter(user=student, role=Role.STUDENT).exists():
        raise ValidationError({"student": _("Only students can be enrolled.")})
    oc = OrderClass.objects.select_for_update().select_related("agreement").get(pk=order_class.pk)
    if oc.agreement.status != AgreementStatus.ACTIVE:
        raise RuleViolation(_("Students are enrolled only while the agreement is active."), code="agreement_inactive")
    if oc.graduation_date <= _today():
        raise RuleViolation(_("This cohort has already graduated."), code="graduated")
    if oc.enrollments.filter(student=student).exists():
        raise Overlap(_("The student is already in this class."), code="already_enrolled")
    if Enrollment.objects.filter(student=student, status=EnrollmentStatus.ENROLLED).exists():
        raise Overlap(_("The student is already enrolled in another order class."), code="enrolled_elsewhere")
    if oc.enrollments.filter(status=EnrollmentStatus.ENROLLED).count() >= oc.quota:
        raise CapacityExceeded(_("The class is full (quota %(quota)s).") % {"quota": oc.quota})
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(order_class=oc, student=student)
    except IntegrityError as exc:
        raise Overlap(_("The student is already enrolled in an order class."), code="enrolled_elsewhere") from exc
    # A new enrolment starts in "enrolled": the event of reaching that status, as a transition would emit.
    emit("partnerships.enrollment.enrolled", enrollment, actor=by, order_class_id=oc.pk)
    return enrollment


# The status of an enrolment each per-student step of a cohort needs (pages offer the buttons from it).
ENROLLMENT_STEP_SOURCES = {
    "withdraw": (EnrollmentStatus.ENROLLED,),
    "record_outcome": (EnrollmentStatus.GRADUATED,),
}


@transaction.atomic
def enrollment_withdraw(*, enrollment: Enrollment, by, note: str = "") -> Enrollment:
    return transition(enrollment, sources=ENROLLMENT_STEP_SOURCES["withdraw"], target=EnrollmentStatus.WITHDRAWN,
                      by=by, note=note)


@transaction.atomic
def order_class_graduate(*, order_class: OrderClass, by, today: date | None = None) -> int:
    """Mark every enrolled student graduated, on or after the graduation date."""
    oc = OrderClass.objects.select_for_update().get(pk=order_class.pk)
    if (today or _today()) < oc.graduation_date:
        raise RuleViolation(_("The cohort graduates on %(date)s.") % {"date": oc.graduation_date}, code="too_early")
    enrolled = list(oc.enrollments.filter(status=EnrollmentStatus.ENROLLED))
    if not enrolled:
        raise TransitionNotAllowed(_("No enrolled students are left to graduate."))
    for e in enrolled:
        transition(e, sources=[EnrollmentStatus.ENROLLED], target=EnrollmentStatus.GRADUATED, by=by, lock=False)
    return len(enrolled)


@transaction.atomic
def enrollment_record_outcome(*, enrollment: Enrollment, by, hired: bool) -> Enrollment:
    """Whether the enterprise hired this graduate ("enrolment is employment")."""
    enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
    if enrollment.status not in ENROLLMENT_STEP_SOURCES["record_outcome"]:
        raise TransitionNotAllowed(_("The hiring outcome is recorded after graduation."))
    target = HiringOutcome.HIRED if hired else HiringOutcome.NOT_HIRED
    transition(enrollment, field="outcome", sources=HiringOutcome.values, target=target, by=by, lock=False,
               extra_updates={"outcome_recorded_at": timezone.now()})
    # transition() announces moves of ``status`` only; the outcome is a field of its own.
    emit("partnerships.enrollment.outcome_recorded", enrollment, actor=by, outcome=target)
    return enrollment


# --- Industry projects -----------------------------------------------------------------------------

PROJECT_EDITABLE = (ProjectStatus.DRAFT, ProjectStatus.OPEN)


@transaction.atomic
def project_create(*, by, enterprise: Organization, title: str, competencies=(), **fields) -> IndustryProject:
    if enterprise.kind != OrganizationKind.ENTERPRISE:
        raise ValidationError({"enterprise": _("Industry projects belong to an enterprise.")})
    _check_dates(fields.get("start_date"), fields.get("end_date"))
    project = IndustryProject(enterprise=enterprise, title=title, created_by=by, **fields)
    if project.agreement_id and not project.agreement.parties.filter(pk=enterprise.pk).exists():
        raise ValidationError({"agreement": _("The enterprise must be a party to the agreement.")})
    project.full_clean()
    project.save()
    if competencies:
        project.competencies.set(competencies)
    return project


@transaction.atomic
def project_update(*, project: IndustryProject, by, competencies=None, **fields) -> IndustryProject:
    project = IndustryProject.objects.select_for_update().get(pk=project.pk)
    if project.status not in PROJECT_EDITABLE:
        raise TransitionNotAllowed(_("A project can be edited while it is a draft or open."))
    for k, v in fields.items():
        setattr(project, k, v)
    _check_dates(project.start_date, project.end_date)
    project.full_clean()
    project.save()
    if competencies is not None:
        project.competencies.set(competencies)
    return project


@transaction.atomic
def project_publish(*, project: IndustryProject, by) -> IndustryProject:
    if not project.brief.strip():
        raise ValidationError({"brief": _("Write the brief before publishing.")})
    return transition(project, sources=[ProjectStatus.DRAFT], target=ProjectStatus.OPEN, by=by,
                      extra_updates={"published_at": timezone.now()})


@transaction.atomic
def project_start(*, project: IndustryProject, by) -> IndustryProject:
    project = IndustryProject.objects.select_for_update().get(pk=project.pk)
    if project.status == ProjectStatus.OPEN and not project.members.filter(role__in=TEACHER_ROLES).exists():
        raise RuleViolation(_("A project starts only with a teacher on the team."), code="no_teacher")
    return transition(project, sources=[ProjectStatus.OPEN], target=ProjectStatus.IN_PROGRESS, by=by, lock=False)


@transaction.atomic
def project_deliver(*, project: IndustryProject, by, outcome: str) -> IndustryProject:
    if not (outcome or "").strip():
        raise ValidationError({"outcome": _("Describe what was delivered.")})
    return transition(project, sources=[ProjectStatus.IN_PROGRESS], target=ProjectStatus.DELIVERED, by=by,
                      extra_updates={"outcome": outcome.strip()})


@transaction.atomic
def project_close(*, project: IndustryProject, by, feedback: str, rating: int) -> IndustryProject:
    """Delivered → closed with the enterprise's feedback and a 1–5 rating."""
    errors = {}
    if not (feedback or "").strip():
        errors["feedback"] = _("The enterprise's feedback is needed to close the project.")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        errors["rating"] = _("Rate the result from 1 to 5.")
    if errors:
        raise ValidationError(errors)
    return transition(project, sources=[ProjectStatus.DELIVERED], target=ProjectStatus.CLOSED, by=by,
                      extra_updates={"feedback": feedback.strip(), "rating": rating})


@transaction.atomic
def project_join(*, project: IndustryProject, user, role: str, by, team: str = "") -> ProjectMember:
    """A teacher or a student joins a project; student places are counted under a row lock.

    People join for themselves; only the college adds someone else to a team.
    """
    if by is not None and user != by and not access_for(by).is_college_admin:
        raise PermissionDenied(_("Only the college adds someone else to a project."))
    project = IndustryProject.objects.select_for_update().get(pk=project.pk)
    if project.status not in (ProjectStatus.OPEN, ProjectStatus.IN_PROGRESS):
        raise TransitionNotAllowed(_("Only open or running projects take new members."))
    acc = access_for(user)
    if role in TEACHER_ROLES and not acc.is_teacher:
        raise ValidationError({"role": _("Only teachers take a teacher role.")})
    if role in STUDENT_ROLES and not acc.is_student:
        raise ValidationError({"role": _("Only students take a student role.")})
    if role not in ProjectRole.values:
        raise ValidationError({"role": _("Choose a role.")})
    if project.members.filter(user=user).exists():
        raise Overlap(_("Already on this project."), code="already_member")
    if role == ProjectRole.LEAD_TEACHER and project.members.filter(role=ProjectRole.LEAD_TEACHER).exists():
        raise Overlap(_("The project already has a lead teacher."), code="lead_taken")
    if role in STUDENT_ROLES and project.members.filter(role__in=STUDENT_ROLES).count() >= project.max_students:
        raise CapacityExceeded(_("All %(n)s student places are taken.") % {"n": project.max_students})
    try:
        with transaction.atomic():
            member = ProjectMember.objects.create(project=project, user=user, role=role, team=team.strip())
    except IntegrityError as exc:
        raise Overlap(_("Already on this project."), code="already_member") from exc
    emit("partnerships.industryproject.joined", project, actor=by, user_id=user.pk, role=role)
    return member


@transaction.atomic
def project_leave(*, member: ProjectMember, by) -> None:
    if member.project.status not in (ProjectStatus.OPEN, ProjectStatus.IN_PROGRESS):
        raise TransitionNotAllowed(_("Members cannot leave a delivered or closed project."))
    project, user_id, role = member.project, member.user_id, member.role
    member.delete()
    emit("partnerships.industryproject.left", project, actor=by, user_id=user_id, role=role)


@transaction.atomic
def milestone_add(
    *, project: IndustryProject, by, title: str, due_date: date, deliverable: str = ""
) -> ProjectMilestone:
    if project.status == ProjectStatus.CLOSED:
        raise TransitionNotAllowed(_("A closed project takes no new milestones."))
    if (project.start_date and due_date < project.start_date) or (project.end_date and due_date > project.end_date):
        raise ValidationError({"due_date": _("The milestone must fall within the project's timeline.")})
    m = ProjectMilestone(project=project, title=title, due_date=due_date, deliverable=deliverable)
    m.full_clean()
    m.save()
    emit("partnerships.industryproject.milestone_added", project, actor=by, milestone_id=m.pk)
    return m


@transaction.atomic
def milestone_complete(*, milestone: ProjectMilestone, by, completed_on: date | None = None) -> ProjectMilestone:
    milestone = ProjectMilestone.objects.select_for_update().select_related("project").get(pk=milestone.pk)
    if milestone.completed_on:
        raise TransitionNotAllowed(_("This milestone is already complete."))
    if milestone.project.status not in (ProjectStatus.IN_PROGRESS, ProjectStatus.DELIVERED):
        raise TransitionNotAllowed(_("Milestones are completed while the project runs."))
    milestone.completed_on = completed_on or _today()
    milestone.save(update_fields=["completed_on"])
    emit("partnerships.industryproject.milestone_completed", milestone.project, actor=by, milestone_id=milestone.pk)
    return milestone


# --- Contact log -----------------------------------------------------------------------------------

def _check_contact(*, enterprise: Organization, occurred_on: date, follow_up_on: date | None, agreement) -> None:
    if enterprise.kind != OrganizationKind.ENTERPRISE:
        raise ValidationError({"enterprise": _("Choose an enterprise.")})
    if occurred_on and occurred_on > _today():
        raise ValidationError(
            {"occurred_on": _("Record contacts that have happened; plan the next one as a follow-up.")}
        )
    if follow_up_on and occurred_on and follow_up_on < occurred_on:
        raise ValidationError({"follow_up_on": _("The follow-up comes after the contact.")})
    if agreement is not None and not agreement.parties.filter(pk=enterprise.pk).exists():
        raise ValidationError({"agreement": _("The enterprise is not a party to this agreement.")})


@transaction.atomic
def contact_log_create(
    *, by, enterprise: Organization, channel: str, occurred_on: date, subject: str, summary: str = "",
    participants: str = "", is_internal: bool = False, follow_up_on: date | None = None, agreement=None,
) -> ContactLog:
    _check_contact(enterprise=enterprise, occurred_on=occurred_on, follow_up_on=follow_up_on, agreement=agreement)
    if not access_for(by).is_college_admin and not access_for(by).is_teacher:
        is_internal = False  # a partner's own record is never hidden from the partner
    log = ContactLog(
        enterprise=enterprise, channel=channel, occurred_on=occurred_on, subject=subject, summary=summary,
        participants=participants, is_internal=is_internal, follow_up_on=follow_up_on, agreement=agreement,
        recorded_by=by,
    )
    log.full_clean()
    log.save()
    return log


@transaction.atomic
def contact_log_update(*, log: ContactLog, by, **fields) -> ContactLog:
    for k, v in fields.items():
        setattr(log, k, v)
    _check_contact(enterprise=log.enterprise, occurred_on=log.occurred_on, follow_up_on=log.follow_up_on,
                   agreement=log.agreement)
    log.full_clean()
    log.save()
    return log


@transaction.atomic
def contact_log_complete_follow_up(*, log: ContactLog, by) -> ContactLog:
    log = ContactLog.objects.select_for_update().get(pk=log.pk)
    if not log.follow_up_on:
        raise TransitionNotAllowed(_("This contact has no follow-up planned."))
    if log.follow_up_done_at:
        raise TransitionNotAllowed(_("The follow-up is already done."))
    log.follow_up_done_at = timezone.now()
    log.save(update_fields=["follow_up_done_at"])
    record_status_change(log, field="follow_up", from_status="pending", to_status="done", by=by)
    emit("partnerships.contactlog.follow_up_done", log, actor=by, enterprise_id=log.enterprise_id)
    return log
