"""Every write and rule of the internships app (CONVENTIONS.md rule 1).

Compliance follows the 2021 *Regulations on the Management of Vocational School Student Internships*:
intern caps of 10% of the enterprise's staff and 20% of the post's staff, no night shifts or overtime, a
limited duration, and a signed tripartite agreement plus liability insurance before a placement starts.
"""
from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OrganizationKind, Role
from accounts.policy import access_for
from core.counting import forget_counts
from core.domain import CapacityExceeded, DomainError, RuleViolation, TransitionNotAllowed
from core.events import emit, emit_created
from core.signed_links import make_link_token, read_link_token, spend_link
from core.workflow import record_status_change, transition

from .choices import (
    EMPLOYED_KINDS,
    RUBRIC,
    ApplicationStatus,
    ComplianceRule,
    EvaluationStage,
    EvaluationStatus,
    EvaluatorRole,
    IncidentStatus,
    LogStatus,
    OutcomeKind,
    PlacementStatus,
    PostingStatus,
)
from .models import (
    CURRENT_PLACEMENT_STATES,
    STARTED_PLACEMENT_STATES,
    Application,
    ComplianceException,
    EmploymentOutcome,
    IncidentFollowUp,
    InternEvaluation,
    Placement,
    Posting,
    SafetyIncident,
    WeeklyLog,
    WeeklyLogAttachment,
)

EVALUATION_LINK_PURPOSE = "internships.evaluation"
MAX_DAILY_HOURS = Decimal("8")
MAX_WEEKLY_HOURS = Decimal("40")
DEFAULT_RUBRIC_WEIGHTS = {"professional_skill": "0.30", "aigc_tools": "0.25", "teamwork": "0.15",
                          "innovation": "0.15", "attitude": "0.15"}
DEFAULT_EVALUATOR_WEIGHTS = {EvaluatorRole.ENTERPRISE_MENTOR: "0.5", EvaluatorRole.SCHOOL_MENTOR: "0.5"}


class Duplicate(DomainError):
    code = "duplicate"


# --- compliance -------------------------------------------------------------------------------------------
#
# Each rule has a code. The rules hold for a record's whole life: a posting is checked when it is
# published and at every later edit; a placement when it is created, when it starts and at every later
# change of its inputs (its own fields, its enterprise's staff count). A change that would break a
# rule is refused with the rule's message, except for the rules in EXCEPTIONABLE_RULES, which a college
# admin may allow by recording a reason (ComplianceException). The status each current placement is in
# is kept on the row (compliance_ok, compliance_issues) by ``refresh_compliance``.

RULES = dict(ComplianceRule.choices)
# The regulations set six months "in principle", and interns already working when their enterprise or
# post loses staff cannot be sent home by a database: the college decides, with a reason on record.
# Working time, documents and the caps on a new intern are never waived.
EXCEPTIONABLE_RULES = ("duration", "enterprise_cap", "post_cap")
# The fields each rule reads: a change of one of them puts the rule to the test again.
RULE_INPUTS = {
    "night_shift": {"night_shift"},
    "overtime": {"overtime"},
    "daily_hours": {"daily_hours"},
    "weekly_hours": {"weekly_hours"},
    "dates": {"start_date", "end_date"},
    "duration": {"start_date", "end_date"},
    "agreement": {"agreement_file", "agreement_signed_on"},
    "insurance": {"insurer", "insurance_policy_no", "insurance_start", "insurance_end", "start_date", "end_date"},
    "enterprise_cap": {"start_date", "end_date", "staff_count"},
    "post_cap": {"post", "post_staff_count", "start_date", "end_date"},
}
# Before a placement starts, its documents and the caps are what it still lacks (checked at the start);
# the terms it was agreed on hold from the first day.
PENDING_RULES = ("night_shift", "overtime", "daily_hours", "weekly_hours", "dates", "duration")


@dataclass(frozen=True)
class Issue:
    """One rule in breach: its code (RULES) and the message people read."""

    rule: str
    message: str

    def __str__(self) -> str:
        return self.message


def _messages(issues: Iterable[Issue]) -> list[str]:
    return [i.message for i in issues]


def _cap(staff: int, rate_key: str) -> int:
    return math.floor(staff * Decimal(settings.IEI[rate_key]))


def _enterprise_staff(enterprise_id: int) -> int:
    from partnerships.models import Enterprise

    return Enterprise.objects.filter(pk=enterprise_id).values_list("staff_count", flat=True).first() or 0


def _lock_enterprise(enterprise_id: int) -> None:
    """Serialise every change that moves an enterprise's intern count or caps (first lock of each path).

    Starts, edits, ends and staff changes of one enterprise queue up here, so two of them can neither
    squeeze under a cap together nor leave a stale compliance status behind. Every path takes this lock
    before the placement rows (postings and applications before it), so they cannot deadlock.
    """
    from accounts.models import Organization

    Organization.objects.select_for_update().filter(pk=enterprise_id).values_list("pk").first()


def _working_time_issues(obj) -> list[Issue]:
    issues = []
    if obj.night_shift:
        issues.append(Issue("night_shift", _("Interns may not work night shifts.")))
    if obj.overtime:
        issues.append(Issue("overtime", _("Interns may not work overtime.")))
    if obj.daily_hours is not None and Decimal(obj.daily_hours) > MAX_DAILY_HOURS:
        issues.append(Issue("daily_hours", _("Interns may work at most %(h)s hours a day; more is overtime.")
                            % {"h": MAX_DAILY_HOURS}))
    if obj.weekly_hours is not None and Decimal(obj.weekly_hours) > MAX_WEEKLY_HOURS:
        issues.append(Issue("weekly_hours", _("Interns may work at most %(h)s hours a week; more is overtime.")
                            % {"h": MAX_WEEKLY_HOURS}))
    return issues


def _duration_issues(start: datetime.date | None, end: datetime.date | None) -> list[Issue]:
    months = settings.IEI["INTERNSHIP_MAX_MONTHS"]
    if not start or not end:
        return [Issue("dates", _("Set the start and end date of the internship."))]
    if end < start:
        return [Issue("dates", _("The end date is before the start date."))]
    if end > start + relativedelta(months=months):
        return [Issue("duration", _("An internship lasts at most %(n)s months.") % {"n": months})]
    return []


def posting_rule_issues(posting: Posting, *, staff: int | None = None) -> list[Issue]:
    """Every breach that forbids publishing ``posting`` (or keeping it published)."""
    issues = _working_time_issues(posting) + _duration_issues(posting.start_date, posting.end_date)
    staff = _enterprise_staff(posting.enterprise_id) if staff is None else staff
    cap = _cap(staff, "INTERN_CAP_ENTERPRISE")
    # The posting's own accepted interns sit within its slots: counting them twice would refuse a posting
    # that fits.
    current = (Placement.objects.filter(enterprise_id=posting.enterprise_id, status__in=CURRENT_PLACEMENT_STATES)
               .exclude(posting_id=posting.pk))
    if posting.start_date and posting.end_date:
        current = current.overlapping(posting.start_date, posting.end_date)
    placed = current.count()
    if placed + posting.slots > cap:
        issues.append(Issue("enterprise_cap", _(
            "The enterprise may host at most %(cap)s interns at a time (10%% of %(staff)s staff); "
            "%(placed)s are placed and this posting adds %(slots)s."
        ) % {"cap": cap, "staff": staff, "placed": placed, "slots": posting.slots}))
    post_cap = _cap(posting.post_staff_count, "INTERN_CAP_POST")
    if posting.slots > post_cap:
        issues.append(Issue("post_cap", _(
            "A post may take interns up to 20%% of its staff: %(cap)s for %(staff)s staff on “%(post)s”, "
            "but the posting has %(slots)s slots."
        ) % {"cap": post_cap, "staff": posting.post_staff_count, "post": posting.post, "slots": posting.slots}))
    return issues


def posting_compliance_issues(posting: Posting) -> list[str]:
    """The messages of ``posting_rule_issues``."""
    return _messages(posting_rule_issues(posting))


def _document_issues(placement: Placement) -> list[Issue]:
    issues = []
    if not placement.agreement_file or not placement.agreement_signed_on:
        issues.append(Issue("agreement", _("Upload the signed tripartite agreement and its signing date.")))
    if not placement.insurer or not placement.insurance_policy_no:
        issues.append(Issue("insurance", _("Record the internship liability insurance: insurer and policy number.")))
    elif (not placement.insurance_start or not placement.insurance_end
          or placement.insurance_start > placement.start_date or placement.insurance_end < placement.end_date):
        issues.append(Issue("insurance", _("The insurance period must cover the whole placement (%(start)s – %(end)s).")
                            % {"start": placement.start_date, "end": placement.end_date}))
    return issues


def placement_document_issues(placement: Placement) -> list[str]:
    """The breaches visible on the placement row itself (no queries), used by lists of many placements."""
    return _messages(_working_time_issues(placement) + _duration_issues(placement.start_date, placement.end_date)
                     + _document_issues(placement))


@dataclass
class _Hosting:
    """What the caps of one enterprise read: its staff and its active interns (id, post, start, end)."""

    staff: int
    active: list[tuple[int, str, datetime.date, datetime.date]]

    @classmethod
    def of(cls, enterprise_id: int, *, staff: int | None = None) -> _Hosting:
        rows = list(Placement.objects.filter(enterprise_id=enterprise_id, status=PlacementStatus.ACTIVE)
                    .values_list("pk", "post", "start_date", "end_date"))
        return cls(_enterprise_staff(enterprise_id) if staff is None else staff, rows)


def _cap_issues(placement: Placement, hosting: _Hosting) -> list[Issue]:
    """The caps as they apply to ``placement`` among the other active interns of its period."""
    others = [(post, start, end) for pk, post, start, end in hosting.active
              if pk != placement.pk and start <= placement.end_date and end >= placement.start_date]
    issues = []
    cap = _cap(hosting.staff, "INTERN_CAP_ENTERPRISE")
    if len(others) + 1 > cap:
        issues.append(Issue("enterprise_cap", _(
            "The enterprise may host at most %(cap)s interns at a time (10%% of %(staff)s staff); "
            "%(placed)s are active already."
        ) % {"cap": cap, "staff": hosting.staff, "placed": len(others)}))
    post_cap = _cap(placement.post_staff_count, "INTERN_CAP_POST")
    on_post = sum(1 for post, _s, _e in others if post == placement.post)
    if on_post + 1 > post_cap:
        issues.append(Issue("post_cap", _(
            "A post may take interns up to 20%% of its staff: %(cap)s for %(staff)s staff on “%(post)s”; "
            "%(placed)s are active already."
        ) % {"cap": post_cap, "staff": placement.post_staff_count, "post": placement.post, "placed": on_post}))
    return issues


def placement_rule_issues(placement: Placement, hosting: _Hosting | None = None) -> list[Issue]:
    """Every rule ``placement`` breaks as it stands, exceptions not considered."""
    if placement.start_date and placement.end_date and placement.end_date < placement.start_date:
        return _duration_issues(placement.start_date, placement.end_date)
    hosting = hosting or _Hosting.of(placement.enterprise_id)
    return (_working_time_issues(placement) + _duration_issues(placement.start_date, placement.end_date)
            + _document_issues(placement) + _cap_issues(placement, hosting))


def _excepted_rules(placement: Placement) -> set[str]:
    if placement.pk is None:
        return set()
    return set(ComplianceException.objects.filter(placement_id=placement.pk).values_list("rule", flat=True))


def placement_breaches(placement: Placement, hosting: _Hosting | None = None) -> list[Issue]:
    """The rules ``placement`` breaks that no recorded exception allows."""
    excepted = _excepted_rules(placement)
    return [i for i in placement_rule_issues(placement, hosting) if i.rule not in excepted]


def placement_compliance_issues(placement: Placement) -> list[str]:
    """Every breach that forbids ``placement`` from becoming active (or, once active, from staying so)."""
    return _messages(placement_breaches(placement))


def _raise_issues(issues: Iterable[Issue | str]) -> None:
    issues = [str(i) for i in issues]
    if issues:
        raise RuleViolation(" ".join(issues), code="compliance")


def _judge_change(placement: Placement, *, before: list[Issue], after: list[Issue], changed: set[str], by,
                  reason: str, rules: Iterable[str] | None = None) -> list[Issue]:
    """The issues a change breaks that a college admin allowed with ``reason``; refuse the others.

    A rule is broken by the change if it fails afterwards and either held before or the change touched
    one of its inputs (so a later edit of an allowed breach needs a reason of its own, while an edit of
    an unrelated field passes).
    """
    applicable = set(RULES if rules is None else rules)
    failed_before = {i.rule for i in before}
    broken = [i for i in after if i.rule in applicable
              and (i.rule not in failed_before or RULE_INPUTS[i.rule] & changed)]
    hard = [i for i in broken if i.rule not in EXCEPTIONABLE_RULES]
    _raise_issues(hard)
    if not broken:
        return []
    if not access_for(by).is_college_admin:
        raise RuleViolation(" ".join([*_messages(broken), _("Only the college can allow this, with a reason.")]),
                            code="compliance_exception_needed")
    if not (reason or "").strip():
        raise RuleViolation(" ".join([*_messages(broken), _("Give the reason for the exception to allow it.")]),
                            code="compliance_exception_needed")
    return broken


def _record_exceptions(placement: Placement, issues: list[Issue], *, by, reason: str, change: str) -> None:
    rows = ComplianceException.objects.bulk_create([
        ComplianceException(placement=placement, rule=i.rule, message=i.message, reason=reason.strip(),
                            change=change[:200], granted_by=by if getattr(by, "is_authenticated", False) else None)
        for i in issues])
    for row in rows:
        emit_created(row, actor=by, placement=placement.pk, rule=row.rule)


def _describe(changes: dict[str, tuple]) -> str:
    return "; ".join(f"{name}: {old} → {new}" for name, (old, new) in sorted(changes.items()))


def refresh_compliance(enterprise_id: int, *, hosting: _Hosting | None = None,
                       placements: list[Placement] | None = None, announce: bool = True) -> None:
    """Recompute and keep the compliance status of every current placement of an enterprise.

    Called by each service that changes an input of the rules (in its transaction, after its change);
    a constant number of queries whatever the number of interns. An active placement that falls out of
    compliance is announced (``internships.placement.compliance_breached``) unless ``announce`` is off
    (a first check of old rows is not news).
    """
    hosting = hosting or _Hosting.of(enterprise_id)
    current = placements if placements is not None else list(
        Placement.objects.filter(enterprise_id=enterprise_id, status__in=CURRENT_PLACEMENT_STATES))
    excepted: dict[int, set[str]] = defaultdict(set)
    for pk, rule in ComplianceException.objects.filter(placement__in=current).values_list("placement_id", "rule"):
        excepted[pk].add(rule)
    now = timezone.now()
    for p in current:
        was_ok = p.compliance_ok
        p.compliance_issues = [i.rule for i in placement_rule_issues(p, hosting) if i.rule not in excepted[p.pk]]
        p.compliance_ok = not p.compliance_issues
        p.compliance_checked_at = now
        if announce and p.status == PlacementStatus.ACTIVE and was_ok and not p.compliance_ok:
            emit("internships.placement.compliance_breached", p, rules=",".join(p.compliance_issues))
    Placement.objects.bulk_update(current, ["compliance_ok", "compliance_issues", "compliance_checked_at"])
    forget_counts(Placement)  # a bulk update sends no signal: the kept figures over placements must go


@transaction.atomic
def enterprise_staff_changed(*, enterprise_id: int, by, old_staff: int, reason: str = "") -> None:
    """The enterprise's staff count changed (partnerships saved it in this transaction): do the caps hold?

    A published posting whose slots no longer fit is refused (lower its slots or close it first). Active
    interns above the new cap stay only if a college admin records why (an exception per placement);
    otherwise the change is refused with the rule's message.
    """
    _lock_enterprise(enterprise_id)
    hosting = _Hosting.of(enterprise_id)
    if hosting.staff >= old_staff:
        refresh_compliance(enterprise_id, hosting=hosting)
        return
    postings = Posting.objects.filter(enterprise_id=enterprise_id,
                                      status__in=[PostingStatus.PUBLISHED, PostingStatus.PENDING_APPROVAL])
    refused = []
    for posting in postings:
        for issue in posting_rule_issues(posting, staff=hosting.staff):
            if issue.rule == "enterprise_cap":
                refused.append(_("Posting “%(title)s”: %(issue)s") % {"title": posting.title, "issue": issue})
    if refused:
        raise RuleViolation(" ".join([*refused, _("Lower its slots or close it first.")]), code="compliance")
    before_hosting = _Hosting(old_staff, hosting.active)
    active = Placement.objects.filter(enterprise_id=enterprise_id, status=PlacementStatus.ACTIVE)
    allowed: list[tuple[Placement, list[Issue]]] = []
    for placement in active:
        issues = _judge_change(placement, before=_cap_issues(placement, before_hosting),
                               after=_cap_issues(placement, hosting), changed={"staff_count"}, by=by,
                               reason=reason, rules=["enterprise_cap"])
        if issues:
            allowed.append((placement, issues))
    change = _describe({"staff_count": (old_staff, hosting.staff)})
    for placement, issues in allowed:
        _record_exceptions(placement, issues, by=by, reason=reason, change=change)
    refresh_compliance(enterprise_id, hosting=hosting)


# --- postings ---------------------------------------------------------------------------------------------

POSTING_FIELDS = ("title", "post", "description", "slots", "location", "stipend_monthly", "daily_hours",
                  "weekly_hours", "night_shift", "overtime", "post_staff_count", "application_deadline",
                  "start_date", "end_date")


def _full_clean(obj, exclude: Iterable[str] = ()) -> None:
    obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


@transaction.atomic
def posting_create(*, by, enterprise, competencies=None, **fields) -> Posting:
    posting = Posting(enterprise=enterprise, created_by=by, **{k: v for k, v in fields.items() if k in POSTING_FIELDS})
    _validate_posting_dates(posting)
    _full_clean(posting)
    posting.save()
    if competencies is not None:
        posting.competencies.set(competencies)
    return posting


def _validate_posting_dates(posting: Posting) -> None:
    if posting.start_date and posting.end_date and posting.end_date < posting.start_date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})


@transaction.atomic
def posting_update(*, posting: Posting, by, competencies=None, **fields) -> Posting:
    posting = Posting.objects.select_for_update().get(pk=posting.pk)
    if posting.status not in (PostingStatus.DRAFT, PostingStatus.PUBLISHED):
        raise TransitionNotAllowed(_("A posting can be edited only as a draft or while published."))
    for key, value in fields.items():
        if key in POSTING_FIELDS:
            setattr(posting, key, value)
    if posting.slots < posting.accepted_count:
        raise ValidationError({"slots": _("%(n)s applicants have accepted already; slots cannot go below that.")
                               % {"n": posting.accepted_count}})
    _validate_posting_dates(posting)
    _full_clean(posting)
    if posting.status == PostingStatus.PUBLISHED:
        _raise_issues(posting_compliance_issues(posting))
    posting.save()
    if competencies is not None:
        posting.competencies.set(competencies)
    return posting


@transaction.atomic
def posting_publish(*, posting: Posting, by) -> Posting:
    """Publish, or send for approval when the college requires it and the actor is not a college admin."""
    posting.refresh_from_db()
    if posting.status != PostingStatus.DRAFT:
        raise TransitionNotAllowed(_("Only a draft can be published."))
    _raise_issues(posting_compliance_issues(posting))
    if settings.IEI["POSTING_APPROVAL_REQUIRED"] and not access_for(by).is_college_admin:
        return transition(posting, sources=[PostingStatus.DRAFT], target=PostingStatus.PENDING_APPROVAL, by=by)
    return transition(posting, sources=[PostingStatus.DRAFT], target=PostingStatus.PUBLISHED, by=by,
                      extra_updates={"published_at": timezone.now()})


@transaction.atomic
def posting_approve(*, posting: Posting, by) -> Posting:
    posting.refresh_from_db()
    if posting.status != PostingStatus.PENDING_APPROVAL:
        raise TransitionNotAllowed(_("Only a posting awaiting approval can be approved."))
    _raise_issues(posting_compliance_issues(posting))
    return transition(posting, sources=[PostingStatus.PENDING_APPROVAL], target=PostingStatus.PUBLISHED, by=by,
                      extra_updates={"published_at": timezone.now()})


def posting_return(*, posting: Posting, by, note: str = "") -> Posting:
    return transition(posting, sources=[PostingStatus.PENDING_APPROVAL], target=PostingStatus.DRAFT, by=by, note=note)


def posting_close(*, posting: Posting, by) -> Posting:
    return transition(posting, sources=[PostingStatus.PUBLISHED], target=PostingStatus.CLOSED, by=by)


# --- applications -----------------------------------------------------------------------------------------

@transaction.atomic
def application_create(*, posting: Posting, student, note: str = "", cv=None) -> Application:
    if not access_for(student).is_student:
        raise RuleViolation(_("Only students apply for internships."))
    if not Posting.objects.open().filter(pk=posting.pk).exists():
        raise RuleViolation(_("This posting is not open for applications."), code="posting_not_open")
    application = Application(posting=posting, student=student, note=note)
    if cv:
        application.cv = cv
    _full_clean(application, exclude=["posting", "student"])
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise Duplicate(_("You have applied for this posting already.")) from exc
    emit_created(application, actor=student)
    return application


APPLICATION_MOVES = {
    "shortlist": ([ApplicationStatus.SUBMITTED], ApplicationStatus.SHORTLISTED),
    "offer": ([ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED], ApplicationStatus.OFFERED),
    "reject": ([ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED, ApplicationStatus.OFFERED],
               ApplicationStatus.REJECTED),
    "decline": ([ApplicationStatus.OFFERED], ApplicationStatus.DECLINED),
    "withdraw": ([ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED], ApplicationStatus.WITHDRAWN),
}


def application_move(*, application: Application, action: str, by, note: str = "") -> Application:
    sources, target = APPLICATION_MOVES[action]
    return transition(application, sources=sources, target=target, by=by, note=note)


@transaction.atomic
def application_accept(*, application: Application, by) -> Placement:
    """Accept an offer: takes one slot of the posting and creates the pending placement.

    The posting row is locked first so concurrent accepts queue up; the conditional counter update and
    the check constraint on ``accepted_count`` stop an over-booking even if the lock were skipped.
    """
    posting = Posting.objects.select_for_update().get(pk=application.posting_id)
    transition(application, sources=[ApplicationStatus.OFFERED], target=ApplicationStatus.ACCEPTED, by=by)
    taken = Posting.objects.filter(pk=posting.pk, accepted_count__lt=F("slots")).update(
        accepted_count=F("accepted_count") + 1
    )
    if not taken:
        raise CapacityExceeded(_("All %(n)s slots of this posting are taken.") % {"n": posting.slots})
    _record_slots(posting, posting.accepted_count + 1, by=by,
                  note=_("Slot taken by %(student)s.") % {"student": application.student})
    placement = Placement(
        student_id=application.student_id, enterprise_id=posting.enterprise_id, posting=posting,
        application=application, post=posting.post, post_staff_count=posting.post_staff_count,
        start_date=posting.start_date or timezone.localdate(),
        end_date=posting.end_date or posting.start_date or timezone.localdate(),
        daily_hours=posting.daily_hours, weekly_hours=posting.weekly_hours, night_shift=posting.night_shift,
        overtime=posting.overtime, created_by=by,
    )
    _save_new_placement(placement, by=by)
    # A pending placement counts in no cap: only its own status is new (what it lacks before the start).
    refresh_compliance(posting.enterprise_id, placements=[placement])
    return placement


def _record_slots(posting: Posting, taken: int, *, by, note: str) -> None:
    """The history of a posting's slots: each one taken or freed is a recorded change of accepted_count."""
    record_status_change(posting, field="accepted_count", from_status=str(posting.accepted_count),
                         to_status=str(taken), by=by, note=note)
    posting.accepted_count = taken


def _save_new_placement(placement: Placement, *, by) -> None:
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError as exc:
        raise Duplicate(_("The student already holds a current placement."), code="student_placed") from exc
    record_status_change(placement, from_status="", to_status=placement.status, by=by)


# --- placements -------------------------------------------------------------------------------------------

PLACEMENT_EDIT_FIELDS = ("post", "post_staff_count", "start_date", "end_date", "daily_hours", "weekly_hours",
                         "night_shift", "overtime", "school_mentor", "enterprise_mentor", "enterprise_mentor_name",
                         "enterprise_mentor_email", "agreement_file", "agreement_signed_on", "insurer",
                         "insurance_policy_no", "insurance_start", "insurance_end")


def _validate_placement(placement: Placement) -> None:
    errors = {}
    if placement.end_date and placement.start_date and placement.end_date < placement.start_date:
        errors["end_date"] = _("The end date is before the start date.")
    if placement.insurance_start and placement.insurance_end and placement.insurance_end < placement.insurance_start:
        errors["insurance_end"] = _("The insurance ends before it starts.")
    if placement.school_mentor_id and not access_for(placement.school_mentor).is_teacher:
        errors["school_mentor"] = _("The school mentor must be a teacher.")
    if placement.enterprise_mentor_id and placement.enterprise_id not in access_for(
            placement.enterprise_mentor).enterprise_ids:
        errors["enterprise_mentor"] = _("The enterprise mentor must work for the host enterprise.")
    if errors:
        raise ValidationError(errors)
    _full_clean(placement, exclude=["student", "enterprise", "posting", "application"])


def _values(placement: Placement) -> dict:
    """The editable fields' values, foreign keys as ids (no queries)."""
    meta = placement._meta
    values = {name: getattr(placement, meta.get_field(name).attname) for name in PLACEMENT_EDIT_FIELDS}
    values["agreement_file"] = values["agreement_file"].name or ""  # a file compares by its stored name
    return values


@transaction.atomic
def placement_create_direct(*, by, student, enterprise, exception_reason: str = "", **fields) -> Placement:
    """A college admin places a student directly (order classes), without a posting.

    The terms hold from the start (PENDING_RULES); documents and caps are what it lacks until it starts.
    """
    if not access_for(student).is_student:
        raise ValidationError({"student": _("Only students can be placed.")})
    acc = access_for(by)
    if acc.is_department_admin and not acc.is_college_admin and not acc.administers_user(student.pk, Role.STUDENT):
        raise ValidationError({"student": _("Choose a student of a department you administer.")})
    if enterprise.kind != "enterprise":
        raise ValidationError({"enterprise": _("Choose a partner enterprise.")})
    placement = Placement(student=student, enterprise=enterprise, created_by=by,
                          **{k: v for k, v in fields.items() if k in PLACEMENT_EDIT_FIELDS})
    _validate_placement(placement)
    _lock_enterprise(enterprise.pk)
    hosting = _Hosting.of(enterprise.pk)
    allowed = _judge_change(placement, before=[], after=placement_rule_issues(placement, hosting),
                            changed=set(PLACEMENT_EDIT_FIELDS), by=by, reason=exception_reason, rules=PENDING_RULES)
    _save_new_placement(placement, by=by)
    if allowed:
        _record_exceptions(placement, allowed, by=by, reason=exception_reason, change=_("placed directly"))
    refresh_compliance(enterprise.pk, hosting=hosting, placements=[placement])
    # Only the direct placement: one made by accepting an offer is announced as the accepted application.
    emit_created(placement, actor=by)
    return placement


@transaction.atomic
def placement_update(*, placement: Placement, by, exception_reason: str = "", **fields) -> Placement:
    """Change a current placement; a change that would break a rule is refused or needs an exception.

    A pending placement keeps the terms it was agreed on (PENDING_RULES); an active one every rule,
    the caps among its enterprise's other interns included. ``exception_reason`` is a college admin's
    reason for allowing a breach of one of the EXCEPTIONABLE_RULES, recorded with the change.
    """
    _lock_enterprise(placement.enterprise_id)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.status not in CURRENT_PLACEMENT_STATES:
        raise TransitionNotAllowed(_("A finished placement can no longer be changed."))
    hosting = _Hosting.of(placement.enterprise_id)
    old = _values(placement)
    before = placement_rule_issues(placement, hosting)
    for key, value in fields.items():
        if key in PLACEMENT_EDIT_FIELDS:
            setattr(placement, key, value)
    _validate_placement(placement)
    new = _values(placement)
    changes = {k: (v, new[k]) for k, v in old.items() if new[k] != v}
    allowed = _judge_change(placement, before=before, after=placement_rule_issues(placement, hosting),
                            changed=set(changes), by=by, reason=exception_reason,
                            rules=RULES if placement.status == PlacementStatus.ACTIVE else PENDING_RULES)
    placement.save()
    if allowed:
        _record_exceptions(placement, allowed, by=by, reason=exception_reason, change=_describe(changes))
    # Its dates or post move it among the enterprise's other interns: their caps are recomputed too.
    refresh_compliance(placement.enterprise_id)
    placement.refresh_from_db(fields=["compliance_ok", "compliance_issues", "compliance_checked_at"])
    return placement


@transaction.atomic
def placement_start(*, placement: Placement, by) -> Placement:
    # The enterprise first: two parallel starts of one enterprise cannot both squeeze under the cap.
    _lock_enterprise(placement.enterprise_id)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.status != PlacementStatus.PENDING:
        raise TransitionNotAllowed(_("Only a pending placement can start."))
    _raise_issues(placement_breaches(placement))
    placement = transition(placement, sources=[PlacementStatus.PENDING], target=PlacementStatus.ACTIVE, by=by,
                           extra_updates={"started_at": timezone.now()}, lock=False)
    refresh_compliance(placement.enterprise_id)
    return placement


@transaction.atomic
def _end_placement(placement: Placement, *, by, sources, target: str, note: str = "", **updates) -> Placement:
    _lock_enterprise(placement.enterprise_id)
    placement = transition(placement, sources=sources, target=target, by=by, note=note,
                           extra_updates={"ended_at": timezone.now(), **updates})
    # One intern fewer: the caps of the others may hold again.
    refresh_compliance(placement.enterprise_id)
    return placement


def placement_complete(*, placement: Placement, by) -> Placement:
    return _end_placement(placement, by=by, sources=[PlacementStatus.ACTIVE], target=PlacementStatus.COMPLETED)


def placement_terminate(*, placement: Placement, by, reason: str) -> Placement:
    """End an active placement early. It keeps its slot: the intern held it and the posting is not reopened."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the placement ends early.")})
    if placement.status == PlacementStatus.PENDING:
        raise TransitionNotAllowed(_("A placement that has not started is cancelled, not ended early."))
    return _end_placement(placement, by=by, sources=[PlacementStatus.ACTIVE],
                          target=PlacementStatus.TERMINATED, note=reason, termination_reason=reason.strip())


# --- slots freed before the start ----------------------------------------------------------------------------
#
# A slot is taken when an offer is accepted (application_accept) and freed only before the placement
# starts: when the student withdraws the acceptance or the college, the school mentor or the host cancels
# the pending placement. Each path locks in the same order as the accept (posting, application,
# enterprise, placement), so the counter stays equal to the accepted offers whose placement is current.

@transaction.atomic
def _cancel_before_start(placement: Placement, *, by, note: str, application_target: str) -> Placement:
    posting = Posting.objects.select_for_update().get(pk=placement.posting_id) if placement.posting_id else None
    application = (Application.objects.select_for_update().get(pk=placement.application_id)
                   if placement.application_id else None)
    _lock_enterprise(placement.enterprise_id)
    placement = transition(placement, sources=[PlacementStatus.PENDING], target=PlacementStatus.CANCELLED, by=by,
                           note=note, extra_updates={"ended_at": timezone.now(), "termination_reason": note})
    if application is not None:
        transition(application, sources=[ApplicationStatus.ACCEPTED], target=application_target, by=by, note=note,
                   lock=False)
    if posting is not None and posting.accepted_count > 0:
        Posting.objects.filter(pk=posting.pk).update(accepted_count=F("accepted_count") - 1)
        _record_slots(posting, posting.accepted_count - 1, by=by,
                      note=_("Slot freed: %(why)s") % {"why": note})
        emit("internships.posting.slot_freed", posting, actor=by, placement_id=placement.pk,
             slots_left=posting.slots - posting.accepted_count)
    refresh_compliance(placement.enterprise_id)
    return placement


def placement_cancel(*, placement: Placement, by, reason: str) -> Placement:
    """Call off a pending placement (college admin, school mentor, host enterprise); its slot is freed."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the placement is cancelled.")})
    return _cancel_before_start(placement, by=by, note=reason.strip(),
                                application_target=ApplicationStatus.CANCELLED)


def application_withdraw_acceptance(*, application: Application, by, note: str = "") -> Application:
    """The student takes back an accepted offer before the placement starts; the slot is freed."""
    if application.status != ApplicationStatus.ACCEPTED:
        raise TransitionNotAllowed(_("Only an accepted offer can be withdrawn this way."))
    placement = Placement.objects.filter(application=application).first()
    if placement is None or placement.status != PlacementStatus.PENDING:
        raise TransitionNotAllowed(_("Your placement has started: only your school can end it early."))
    _cancel_before_start(placement, by=by, note=(note or "").strip() or _("The student withdrew the acceptance."),
                         application_target=ApplicationStatus.WITHDRAWN)
    application.refresh_from_db()
    return application


# --- weekly logs ------------------------------------------------------------------------------------------

@transaction.atomic
def weekly_log_submit(*, placement: Placement, by, week_no: int, content: str, files=()) -> WeeklyLog:
    if placement.student_id != by.pk:
        raise RuleViolation(_("Only the intern writes their weekly logs."))
    if placement.status not in STARTED_PLACEMENT_STATES:
        raise TransitionNotAllowed(_("Weekly logs start once the placement is active."))
    last_week = placement.week_count()
    if not 1 <= week_no <= last_week:
        raise ValidationError({"week_no": _("Choose a week between 1 and %(n)s.") % {"n": last_week}})
    if placement.week_start(week_no) > timezone.localdate():
        raise ValidationError({"week_no": _("This week has not begun yet.")})
    if not (content or "").strip():
        raise ValidationError({"content": _("Write what you did this week.")})
    log = WeeklyLog(placement=placement, week_no=week_no, content=content.strip())
    try:
        with transaction.atomic():
            log.save()
    except IntegrityError as exc:
        raise Duplicate(_("The log of week %(n)s exists already; edit it instead.") % {"n": week_no}) from exc
    for f in files:
        weekly_log_add_attachment(log=log, by=by, file=f)
    emit_created(log, actor=by, week_no=week_no)
    return log


@transaction.atomic
def weekly_log_update(*, log: WeeklyLog, by, content: str) -> WeeklyLog:
    log = WeeklyLog.objects.select_for_update().get(pk=log.pk)
    if log.status != LogStatus.SUBMITTED:
        raise TransitionNotAllowed(_("A reviewed log can no longer be changed."))
    if not (content or "").strip():
        raise ValidationError({"content": _("Write what you did this week.")})
    log.content = content.strip()
    log.save(update_fields=["content"])
    return log


def weekly_log_add_attachment(*, log: WeeklyLog, by, file) -> WeeklyLogAttachment:
    att = WeeklyLogAttachment(log=log, file=file, name=getattr(file, "name", "")[:200])
    _full_clean(att, exclude=["log"])
    att.save()
    return att


def weekly_log_review(*, log: WeeklyLog, by, comment: str, grade: str) -> WeeklyLog:
    if not grade:
        raise ValidationError({"grade": _("Choose a grade.")})
    return transition(log, sources=[LogStatus.SUBMITTED], target=LogStatus.REVIEWED, by=by, extra_updates={
        "mentor_comment": comment or "", "grade": grade, "reviewed_by": by, "reviewed_at": timezone.now(),
    })


@transaction.atomic
def weekly_log_comment(*, log: WeeklyLog, by, comment: str) -> WeeklyLog:
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Write a comment.")})
    log = WeeklyLog.objects.select_for_update().get(pk=log.pk)
    log.enterprise_comment = comment.strip()
    log.enterprise_commented_at = timezone.now()
    log.save(update_fields=["enterprise_comment", "enterprise_commented_at"])
    emit("internships.weeklylog.commented", log, actor=by)
    return log


# --- evaluations ------------------------------------------------------------------------------------------

def _weights(key: str, default: dict) -> dict[str, Decimal]:
    return {k: Decimal(str(v)) for k, v in settings.IEI.get(key, default).items()}


def rubric_score(scores: dict[str, int]) -> Decimal:
    weights = _weights("INTERN_RUBRIC_WEIGHTS", DEFAULT_RUBRIC_WEIGHTS)
    total = sum(Decimal(scores[k]) * w for k, w in weights.items()) / sum(weights.values())
    return total.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _validate_scores(scores: dict) -> dict[str, int]:
    clean, errors = {}, {}
    for key, _label in RUBRIC:
        value = scores.get(key)
        try:
            value = int(value)
        except (TypeError, ValueError):
            errors[key] = _("Give a score from 0 to 100.")
            continue
        if not 0 <= value <= 100:
            errors[key] = _("Give a score from 0 to 100.")
        clean[key] = value
    if errors:
        raise ValidationError(errors)
    return clean


def placement_final_grade(placement: Placement) -> Decimal | None:
    weights = _weights("INTERN_EVALUATOR_WEIGHTS", DEFAULT_EVALUATOR_WEIGHTS)
    rows = InternEvaluation.objects.filter(placement=placement, stage=EvaluationStage.FINAL,
                                           status=EvaluationStatus.SUBMITTED).values_list("evaluator_role", "score")
    parts = [(weights[role], score) for role, score in rows if role in weights]
    if not parts:
        return None
    grade = sum(w * s for w, s in parts) / sum(w for w, _s in parts)
    return grade.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def evaluator_role_for(user, placement: Placement) -> str | None:
    acc = access_for(user)
    if placement.school_mentor_id == acc.user_id and acc.is_teacher:
        return EvaluatorRole.SCHOOL_MENTOR
    if placement.enterprise_mentor_id == acc.user_id or placement.enterprise_id in acc.enterprise_ids:
        return EvaluatorRole.ENTERPRISE_MENTOR
    return None


@transaction.atomic
def evaluation_submit(*, placement: Placement, stage: str, evaluator_role: str, by=None, evaluator_name: str = "",
                      scores: dict, comment: str = "") -> InternEvaluation:
    if stage not in EvaluationStage.values:
        raise ValidationError({"stage": _("Choose mid-term or final.")})
    if evaluator_role not in EvaluatorRole.values:
        raise ValidationError({"evaluator_role": _("Choose the evaluator.")})
    clean = _validate_scores(scores)
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.status not in STARTED_PLACEMENT_STATES:
        raise TransitionNotAllowed(_("An intern is evaluated once the placement has started."))
    evaluation, _created = InternEvaluation.objects.select_for_update().get_or_create(
        placement=placement, stage=stage, evaluator_role=evaluator_role,
        defaults={"status": EvaluationStatus.REQUESTED},
    )
    if evaluation.status == EvaluationStatus.SUBMITTED:
        raise Duplicate(_("This evaluation has been submitted already."))
    for key, value in clean.items():
        setattr(evaluation, key, value)
    evaluation.score = rubric_score(clean)
    evaluation.comment = comment or ""
    evaluation.evaluator = by if getattr(by, "is_authenticated", False) else None
    evaluation.evaluator_name = evaluator_name or (str(by) if evaluation.evaluator else evaluation.evaluator_name)
    evaluation.status = EvaluationStatus.SUBMITTED
    evaluation.submitted_at = timezone.now()
    evaluation.save()
    if stage == EvaluationStage.FINAL:
        placement.final_grade = placement_final_grade(placement)
        placement.save(update_fields=["final_grade", "updated_at"])
    # Not a transition() (the row may be created submitted), so the status event is emitted here.
    emit("internships.internevaluation.submitted", evaluation, actor=by, stage=stage, evaluator_role=evaluator_role)
    return evaluation


@transaction.atomic
def evaluation_request_link(*, placement: Placement, stage: str, by) -> tuple[InternEvaluation, str]:
    """E-mail the enterprise mentor without an account a one-time link to evaluate the intern."""
    if not placement.enterprise_mentor_email:
        raise ValidationError({"enterprise_mentor_email": _("Record the enterprise mentor's e-mail first.")})
    if stage not in EvaluationStage.values:
        raise ValidationError({"stage": _("Choose mid-term or final.")})
    if placement.status not in STARTED_PLACEMENT_STATES:
        raise TransitionNotAllowed(_("An intern is evaluated once the placement has started."))
    evaluation, _created = InternEvaluation.objects.get_or_create(
        placement=placement, stage=stage, evaluator_role=EvaluatorRole.ENTERPRISE_MENTOR,
        defaults={"status": EvaluationStatus.REQUESTED, "evaluator_name": placement.enterprise_mentor_name},
    )
    if evaluation.status == EvaluationStatus.SUBMITTED:
        raise Duplicate(_("This evaluation has been submitted already."))
    evaluation.link_sent_to = placement.enterprise_mentor_email
    evaluation.save(update_fields=["link_sent_to"])
    token = make_link_token(EVALUATION_LINK_PURPOSE, evaluation.pk)
    url = settings.SITE_URL.rstrip("/") + reverse("internships:evaluate_by_link", args=[token])
    subject = _("Please evaluate your intern %(student)s") % {"student": placement.student}
    body = _(
        "Hello %(name)s,\n\nplease fill in the %(stage)s evaluation of %(student)s (%(post)s) here:\n%(url)s\n\n"
        "The link works once and expires in %(days)s days."
    ) % {"name": placement.enterprise_mentor_name, "stage": evaluation.get_stage_display(),
         "student": placement.student, "post": placement.post, "url": url,
         "days": settings.IEI["SIGNED_LINK_MAX_AGE_DAYS"]}
    recipient = placement.enterprise_mentor_email
    # Mail only once the request is committed, so a rolled-back request never sends a live link.
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient], fail_silently=True))
    emit("internships.internevaluation.requested", evaluation, actor=by, stage=stage)
    return evaluation, token


def evaluation_for_link(token: str) -> InternEvaluation:
    payload = read_link_token(token, EVALUATION_LINK_PURPOSE)
    evaluation = InternEvaluation.objects.select_related("placement__student", "placement__enterprise").filter(
        pk=payload.object_id).first()
    if evaluation is None:
        from core.signed_links import InvalidLink

        raise InvalidLink()
    return evaluation


@transaction.atomic
def evaluation_submit_by_link(*, token: str, scores: dict, comment: str = "",
                              evaluator_name: str = "") -> InternEvaluation:
    payload = read_link_token(token, EVALUATION_LINK_PURPOSE)
    evaluation = InternEvaluation.objects.select_related("placement").get(pk=payload.object_id)
    spend_link(payload)
    return evaluation_submit(placement=evaluation.placement, stage=evaluation.stage,
                             evaluator_role=evaluation.evaluator_role, by=None,
                             evaluator_name=evaluator_name or evaluation.evaluator_name, scores=scores,
                             comment=comment)


# --- outcomes and incidents -------------------------------------------------------------------------------
#
# An employment outcome is one per student (the database's one-to-one). A hire by the host enterprise names
# the placement (the employer is its enterprise); a placement named is the student's own. Counterpart
# employment and the salary belong to a hire by an enterprise (EMPLOYED_KINDS); the database refuses them on
# any other outcome and the services say so field by field first.

OUTCOME_FIELDS = ("kind", "program", "placement", "employer", "employer_name", "position", "is_counterpart",
                  "monthly_salary")


def _check_outcome(outcome: EmploymentOutcome) -> None:
    errors: dict[str, str] = {}
    if not access_for(outcome.student).is_student:
        errors["student"] = _("Only a student has an employment outcome.")
    if outcome.placement_id and outcome.placement.student_id != outcome.student_id:
        errors["placement"] = _("This placement is another student's.")
    if outcome.kind == OutcomeKind.HOST_ENTERPRISE:
        if outcome.placement_id is None:
            errors["kind"] = _("A hire by the host enterprise needs the placement (record it from the placement's "
                               "page).")
        else:
            outcome.employer = outcome.placement.enterprise
    if outcome.employer_id and outcome.employer.kind != OrganizationKind.ENTERPRISE:
        errors["employer"] = _("The employer is a partner enterprise.")
    if outcome.kind not in EMPLOYED_KINDS:
        if outcome.is_counterpart:
            errors["is_counterpart"] = _("Only a hire by an enterprise can be in the field of study.")
        if outcome.monthly_salary is not None:
            errors["monthly_salary"] = _("Only a hire by an enterprise has a salary.")
    if errors:
        raise ValidationError(errors)
    _full_clean(outcome, exclude=["student", "placement", "program", "employer", "recorded_by"])


@transaction.atomic
def outcome_create(*, student, by, kind: str, **fields) -> EmploymentOutcome:
    """Record a student's outcome; a second one for the same student is a 400 (edit the first)."""
    if EmploymentOutcome.objects.filter(student=student).exists():
        raise ValidationError({"student": _("This student's outcome is already recorded: edit it.")})
    outcome = EmploymentOutcome(student=student, kind=kind, recorded_by=by, recorded_on=timezone.localdate(),
                                **{k: v for k, v in fields.items() if k in OUTCOME_FIELDS})
    _check_outcome(outcome)
    try:
        with transaction.atomic():
            outcome.save()
    except IntegrityError as exc:  # the same student recorded at the same moment by someone else
        raise ValidationError({"student": _("This student's outcome is already recorded: edit it.")}) from exc
    return outcome


@transaction.atomic
def outcome_update(*, outcome: EmploymentOutcome, by, **fields) -> EmploymentOutcome:
    outcome = EmploymentOutcome.objects.select_for_update().get(pk=outcome.pk)
    for key, value in fields.items():
        if key in OUTCOME_FIELDS:
            setattr(outcome, key, value)
    if outcome.kind not in EMPLOYED_KINDS:
        # Changing a hire into further study drops the figures of the job, rather than refusing the change.
        if "is_counterpart" not in fields:
            outcome.is_counterpart = False
        if "monthly_salary" not in fields:
            outcome.monthly_salary = None
    outcome.recorded_by, outcome.recorded_on = by, timezone.localdate()
    _check_outcome(outcome)
    outcome.save()
    return outcome


@transaction.atomic
def outcome_delete(*, outcome: EmploymentOutcome, by) -> None:
    """No row refers to an outcome; a wrong one is removed and recorded again."""
    EmploymentOutcome.objects.filter(pk=outcome.pk).delete()


@transaction.atomic
def outcome_record(*, student, by, kind: str, placement: Placement | None = None, **fields) -> EmploymentOutcome:
    """The placement page's form: records the outcome of the placement's student, or changes it."""
    existing = EmploymentOutcome.objects.filter(student=student).first()
    if existing is None:
        return outcome_create(student=student, by=by, kind=kind, placement=placement, **fields)
    return outcome_update(outcome=existing, by=by, kind=kind, placement=placement, **fields)


INCIDENT_FIELDS = ("occurred_on", "severity", "description", "follow_up", "notified")


def _check_incident_date(occurred_on) -> None:
    if occurred_on and occurred_on > timezone.localdate():
        raise ValidationError({"occurred_on": _("The date lies in the future.")})


@transaction.atomic
def incident_report(*, placement: Placement, by, occurred_on, severity: str, description: str,
                    follow_up: str = "", notified: str = "") -> SafetyIncident:
    incident = SafetyIncident(placement=placement, reported_by=by, occurred_on=occurred_on, severity=severity,
                              description=description, follow_up=follow_up, notified=notified)
    _full_clean(incident, exclude=["placement"])
    _check_incident_date(occurred_on)
    incident.save()
    emit_created(incident, actor=by, severity=severity)
    return incident


def _open_incident(incident: SafetyIncident) -> SafetyIncident:
    incident = SafetyIncident.objects.select_for_update().get(pk=incident.pk)
    if incident.status == IncidentStatus.CLOSED:
        raise TransitionNotAllowed(_("The incident is closed."))
    return incident


@transaction.atomic
def incident_update(*, incident: SafetyIncident, by, **fields) -> SafetyIncident:
    """Correct what was reported while the incident is open; a closed incident is the record as it stands."""
    incident = _open_incident(incident)
    for key, value in fields.items():
        if key in INCIDENT_FIELDS:
            setattr(incident, key, value)
    _full_clean(incident, exclude=["placement"])
    _check_incident_date(incident.occurred_on)
    incident.save()
    return incident


def _note(incident: SafetyIncident, by, note: str) -> IncidentFollowUp:
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Write what was done.")})
    return IncidentFollowUp.objects.create(incident=incident, note=note, by=by if by and by.is_authenticated else None)


@transaction.atomic
def incident_start_follow_up(*, incident: SafetyIncident, by, note: str) -> SafetyIncident:
    """The school takes the incident up: reported → under follow-up, with the first note."""
    incident = transition(incident, sources=[IncidentStatus.REPORTED], target=IncidentStatus.UNDER_FOLLOW_UP,
                          by=by, note=note)
    _note(incident, by, note)
    return incident


@transaction.atomic
def incident_add_note(*, incident: SafetyIncident, by, note: str) -> SafetyIncident:
    """One more follow-up note (a visit, a call to the parents, the insurer's answer) on an open incident."""
    incident = SafetyIncident.objects.select_for_update().get(pk=incident.pk)
    if incident.status != IncidentStatus.UNDER_FOLLOW_UP:
        raise TransitionNotAllowed(_("Notes are added while the incident is under follow-up."))
    _note(incident, by, note)
    emit("internships.safetyincident.noted", incident, actor=by)
    return incident


@transaction.atomic
def incident_close(*, incident: SafetyIncident, by, note: str) -> SafetyIncident:
    """Close the incident with its outcome (the last note)."""
    incident = transition(incident, sources=[IncidentStatus.UNDER_FOLLOW_UP], target=IncidentStatus.CLOSED,
                          by=by, note=note)
    _note(incident, by, note)
    return incident
