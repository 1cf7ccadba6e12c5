"""Every write and rule of the faculty app.

Rules documented here (and in docs: the standing and dual-qualified rules):

* **Practice window.** The window ends on ``as_of`` (today) and covers the last
  ``IEI["TEACHER_PRACTICE_WINDOW_YEARS"]`` years: it starts the day after the same date N years earlier.
  Only *counted* placements (confirmed by the host enterprise and counted by the college) add days.
  A placement partly inside the window contributes its days pro rata to the part of its period inside
  the window, rounded down (``days × overlap ÷ period``), so a placement cannot carry days from outside.
* **Standing.** ``required`` = ``IEI["TEACHER_PRACTICE_DAYS_PER_5_YEARS"]``. ``expected`` by now =
  ``min(required, yearly target × years elapsed)``, where years elapsed are the whole window, or, for a
  teacher employed inside the window, the started years since ``employed_since`` (at least one).
  On track: counted ≥ expected. At risk: short of expected by at most one yearly target. Behind: more.
  Non-specialist teachers have no requirement and are always on track.
* **Dual-qualified (双师型).** ``settings.FACULTY_DUAL_QUALIFIED_RULE`` (defaults below) lists criteria;
  any one met is enough: a certificate of the listed kinds valid on ``as_of``; at least
  ``min_practice_days`` counted days in the window; at least ``min_industry_years`` years in industry.
  A criterion set to ``None`` is switched off.
* **Verified evidence only.** What a teacher declares (a certificate, a training record, a teaching
  reform, years in industry) waits as *pending* until a college admin other than the teacher verifies
  it or rejects it with a reason; only *verified* evidence counts toward dual-qualified status and the
  annual assessment. A college admin's own entry for another teacher is verified by that admin. The
  profile's ``industry_years`` is the figure of the latest verified declaration (or the admin's entry).
  Placement days count once the host enterprise confirmed and the college counted them (their own
  workflow); the host's confirmation never comes from the teacher.
"""
from __future__ import annotations

import io
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import OrganizationKind, Role
from accounts.models import Membership, Organization
from accounts.policy import access_for
from core.domain import DomainError, Overlap, RuleViolation, TransitionNotAllowed
from core.events import emit_created
from core.signed_links import make_link_token, read_link_token, spend_link
from core.workflow import history_for, transition

from .choices import BREAKDOWN_LABELS, EvidenceStatus, PlacementStatus, Standing
from .models import (
    PLACEMENT_ACTIVE_STATES,
    Assessment,
    AssessmentScheme,
    Evidence,
    IndustryYearsDeclaration,
    InstructorEvaluation,
    PartTimeInstructor,
    ReformRecord,
    TeacherAward,
    TeacherCertificate,
    TeacherPlacement,
    TeacherProfile,
    TeachingAssignment,
    TrainingRecord,
)

CENT = Decimal("0.01")
# The purpose names where the link goes: links are only ever made for the host's registered contact (issue 18
# item 7). It changed with that rule, so every link made for an address a teacher typed is refused.
LINK_PURPOSE = "faculty.placement.confirm.registered-contact"
PLACEMENT_AGREEMENT_KINDS = ("workstation", "mobility_station")
DEFAULT_DUAL_RULE = {
    "certificate_kinds": ["industry", "vocational_skill"],
    "min_practice_days": 180,
    "min_industry_years": 3,
}
DEFAULT_AWARD_POINTS = {"national": 20, "provincial": 12, "municipal": 8, "college": 4}
EDITABLE_STATES = (PlacementStatus.DRAFT, PlacementStatus.RETURNED)


# --- settings -------------------------------------------------------------------------------------

def dual_rule() -> dict:
    return {**DEFAULT_DUAL_RULE, **getattr(settings, "FACULTY_DUAL_QUALIFIED_RULE", {})}


def practice_settings() -> tuple[int, int, int]:
    """(window years, required days in the window, yearly target days)."""
    iei = settings.IEI
    return (
        int(iei["TEACHER_PRACTICE_WINDOW_YEARS"]),
        int(iei["TEACHER_PRACTICE_DAYS_PER_5_YEARS"]),
        int(iei["TEACHER_PRACTICE_YEARLY_TARGET_DAYS"]),
    )


def _years_before(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year - years)
    except ValueError:  # 29 February in a year that has none
        return d.replace(year=d.year - years, day=28)


def practice_window(as_of: date | None = None) -> tuple[date, date]:
    as_of = as_of or timezone.localdate()
    years, _required, _target = practice_settings()
    return _years_before(as_of, years) + timedelta(days=1), as_of


def days_inside(start: date, end: date, days: int, w_start: date, w_end: date) -> int:
    """Days of a placement that fall inside [w_start, w_end], pro rata to the overlap, rounded down."""
    overlap = (min(end, w_end) - max(start, w_start)).days + 1
    if overlap <= 0:
        return 0
    period = (end - start).days + 1
    if overlap >= period:
        return days
    return days * overlap // period


# --- standing and dual-qualified status -----------------------------------------------------------

@dataclass
class PracticeStanding:
    counted_days: int
    pending_days: int
    required_days: int
    expected_days: int
    yearly_target: int
    window_start: date
    window_end: date
    status: str

    @property
    def status_label(self) -> str:
        return str(Standing(self.status).label)

    @property
    def percent(self) -> int:
        if not self.required_days:
            return 100
        return min(100, self.counted_days * 100 // self.required_days)


@dataclass
class DualStatus:
    qualified: bool
    reasons: list[str] = field(default_factory=list)


# Above this many teachers a query reads every teacher's rows and keeps the wanted ones in Python:
# Django prepares each value of an IN list one by one, 40 ms for the 8,000 teachers of a province
# against under 1 ms for the query itself (the admin dashboard asks for every teacher four times).
IN_LIST_LIMIT = 500


def _only_ids(qs, field: str, ids: set[int] | None):
    if ids is not None and len(ids) <= IN_LIST_LIMIT:
        return qs.filter(**{f"{field}__in": ids})
    return qs


def _window_days(profile_ids: Iterable[int] | None, statuses, as_of: date) -> dict[int, int]:
    w_start, w_end = practice_window(as_of)
    ids = None if profile_ids is None else set(profile_ids)
    qs = TeacherPlacement.objects.filter(status__in=list(statuses), start_date__lte=w_end, end_date__gte=w_start)
    totals: dict[int, int] = defaultdict(int)
    for pid, start, end, days in _only_ids(qs, "teacher_id", ids).values_list("teacher_id", "start_date",
                                                                             "end_date", "days"):
        if ids is None or pid in ids:
            totals[pid] += days_inside(start, end, days, w_start, w_end)
    return totals


def standing_for(profile: TeacherProfile, counted: int, pending: int, as_of: date) -> PracticeStanding:
    years, required, target = practice_settings()
    w_start, w_end = practice_window(as_of)
    if not profile.is_specialist:
        required = expected = 0
    else:
        elapsed = years
        if profile.employed_since and profile.employed_since > w_start:
            elapsed = max(1, math.ceil(((as_of - profile.employed_since).days + 1) / 365.25))
        expected = min(required, target * elapsed)
    if counted >= expected:
        status = Standing.ON_TRACK
    elif counted >= expected - target:
        status = Standing.AT_RISK
    else:
        status = Standing.BEHIND
    return PracticeStanding(
        counted_days=counted, pending_days=pending, required_days=required, expected_days=expected,
        yearly_target=target, window_start=w_start, window_end=w_end, status=status,
    )


def teacher_standings(profiles: Iterable[TeacherProfile], as_of: date | None = None) -> dict[int, PracticeStanding]:
    """Standing of many teachers in two queries."""
    as_of = as_of or timezone.localdate()
    profiles = list(profiles)
    ids = [p.pk for p in profiles]
    counted = _window_days(ids, [PlacementStatus.COUNTED], as_of)
    pending = _window_days(ids, [PlacementStatus.SUBMITTED, PlacementStatus.CONFIRMED], as_of)
    return {p.pk: standing_for(p, counted.get(p.pk, 0), pending.get(p.pk, 0), as_of) for p in profiles}


def dual_statuses(profiles: Iterable[TeacherProfile], as_of: date | None = None,
                  counted_days: dict[int, int] | None = None) -> dict[int, DualStatus]:
    """Dual-qualified status of many teachers in at most two queries (see the module docstring)."""
    as_of = as_of or timezone.localdate()
    rule = dual_rule()
    profiles = list(profiles)
    ids = {p.pk for p in profiles}
    with_cert: dict[int, list[str]] = defaultdict(list)
    if rule.get("certificate_kinds"):
        certificates = TeacherCertificate.objects.verified().filter(
            kind__in=rule["certificate_kinds"], issued_on__lte=as_of,
        ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=as_of))
        rows = _only_ids(certificates, "profile_id", ids).values_list("profile_id", "name")
        for pid, name in rows:
            if pid in ids:
                with_cert[pid].append(name)
    if counted_days is None and rule.get("min_practice_days") is not None:
        counted_days = _window_days(ids, [PlacementStatus.COUNTED], as_of)
    result = {}
    for p in profiles:
        reasons = []
        if with_cert.get(p.pk):
            reasons.append(_("Valid certificate: %(names)s") % {"names": "、".join(with_cert[p.pk])})
        min_days = rule.get("min_practice_days")
        if min_days is not None and (counted_days or {}).get(p.pk, 0) >= int(min_days):
            reasons.append(_("%(days)s counted practice days in the window") % {"days": counted_days[p.pk]})
        min_years = rule.get("min_industry_years")
        if min_years is not None and p.industry_years >= int(min_years):
            reasons.append(_("%(years)s years in industry") % {"years": p.industry_years})
        result[p.pk] = DualStatus(qualified=bool(reasons), reasons=reasons)
    return result


@dataclass
class RatioRow:
    name: str
    qualified: int
    total: int

    @property
    def percent(self) -> Decimal:
        if not self.total:
            return Decimal("0.0")
        return (Decimal(self.qualified) * 100 / self.total).quantize(Decimal("0.1"), ROUND_HALF_UP)


def dual_ratios(profiles: Iterable[TeacherProfile], as_of: date | None = None) -> tuple[RatioRow, list[RatioRow]]:
    """The college ratio and one per department; profiles must have ``department`` loaded."""
    profiles = list(profiles)
    statuses = dual_statuses(profiles, as_of)
    college = RatioRow(_("College"), sum(1 for s in statuses.values() if s.qualified), len(profiles))
    rows: dict[str, RatioRow] = {}
    for p in profiles:
        name = p.department.name if p.department_id else _("No department")
        row = rows.setdefault(name, RatioRow(name, 0, 0))
        row.total += 1
        row.qualified += int(statuses[p.pk].qualified)
    return college, sorted(rows.values(), key=lambda r: r.name)


# --- profiles ------------------------------------------------------------------------------------

@transaction.atomic
def teacher_profile_ensure(*, user) -> TeacherProfile:
    """The teacher's profile, created on first use with the department of their teacher membership."""
    profile = TeacherProfile.objects.filter(user=user).first()
    if profile:
        return profile
    membership = (
        Membership.objects.in_force().filter(user=user, role=Role.TEACHER)
        .select_related("organization").order_by("id").first()
    )
    if membership is None:
        raise RuleViolation(_("Only a teacher has a faculty profile."))
    dept = membership.organization if membership.organization.kind == OrganizationKind.DEPARTMENT else None
    profile, _created = TeacherProfile.objects.get_or_create(user=user, defaults={"department": dept})
    return profile


def _check_department(department: Organization | None) -> None:
    if department is not None and department.kind != OrganizationKind.DEPARTMENT:
        raise ValidationError({"department": _("Choose a department of the college.")})


@transaction.atomic
def teacher_profile_create(*, user, by=None, **data) -> TeacherProfile:
    if not Membership.objects.in_force().filter(user=user, role=Role.TEACHER).exists():
        raise ValidationError({"user": _("This user does not hold the teacher role.")})
    if TeacherProfile.objects.filter(user=user).exists():
        raise ValidationError({"user": _("This teacher already has a profile.")})
    _check_department(data.get("department"))
    years = data.pop("industry_years", 0) or 0
    profile = TeacherProfile(user=user, **data)
    profile.full_clean()
    profile.save()
    if years:
        industry_years_declare(profile=profile, by=by, years=years)
        profile.refresh_from_db()
    return profile


@transaction.atomic
def teacher_profile_update(*, profile: TeacherProfile, by=None, **data) -> TeacherProfile:
    """Change a profile. Years in industry are evidence: a changed figure is a declaration that counts
    once verified (``industry_years_declare``), never a value written straight into the profile."""
    _check_department(data.get("department", profile.department))
    acc = access_for(by)
    if ("department" in data and data["department"] != profile.department and acc.is_department_admin
            and not acc.is_college_admin and not acc.administers_department(getattr(data["department"], "pk", None))):
        # A department administrator does not hand a teacher to a department they do not administer.
        raise ValidationError({"department": _("Choose a department you administer.")})
    years = data.pop("industry_years", None)
    for key, value in data.items():
        setattr(profile, key, value)
    profile.full_clean()
    profile.save()
    if years is not None and years != profile.industry_years:
        industry_years_declare(profile=profile, by=by, years=years)
        profile.refresh_from_db()
    return profile


# --- evidence and its verification ------------------------------------------------------------------

class OwnEvidence(DomainError):
    status_code = 403
    code = "own_evidence"
    default_message = _("Nobody verifies their own evidence: another college admin must.")


def _entry_review(profile: TeacherProfile, by) -> dict:
    """Evidence a college admin enters for another teacher is verified by that admin; anything else
    (the teacher's own declaration, an entry without a known author) waits for verification."""
    if by is not None and profile.user_id != by.pk and access_for(by).is_college_admin:
        return {"status": EvidenceStatus.VERIFIED, "reviewed_by": by, "reviewed_at": timezone.now(),
                "rejection_reason": ""}
    return {"status": EvidenceStatus.PENDING, "reviewed_by": None, "reviewed_at": None, "rejection_reason": ""}


def _save_evidence(record: Evidence, by) -> Evidence:
    for key, value in _entry_review(record.profile, by).items():
        setattr(record, key, value)
    record.full_clean()
    record.save()
    emit_created(record, actor=by)
    return record


def _back_to_pending(record: Evidence, by) -> None:
    """A teacher who changes reviewed evidence of their own sends it back for verification."""
    if record.status == EvidenceStatus.PENDING:
        return
    if _entry_review(record.profile, by)["status"] == EvidenceStatus.PENDING:
        transition(record, sources=[EvidenceStatus.VERIFIED, EvidenceStatus.REJECTED], target=EvidenceStatus.PENDING,
                   by=by, note=_("Changed by the teacher"),
                   extra_updates={"reviewed_by": None, "reviewed_at": None, "rejection_reason": ""})


def _check_reviewer(record: Evidence, by) -> None:
    if by is None or not getattr(by, "is_authenticated", False):
        raise RuleViolation(_("A verification names the college admin who made it."))
    if record.profile.user_id == by.pk:
        raise OwnEvidence()


def rejectable_states(model) -> tuple[str, ...]:
    """Verified evidence may be revoked (a forged scan found later) except years in industry, whose
    verified figure has already become the profile's."""
    if model is IndustryYearsDeclaration:
        return (EvidenceStatus.PENDING,)
    return (EvidenceStatus.PENDING, EvidenceStatus.VERIFIED)


@transaction.atomic
def evidence_verify(*, record: Evidence, by, note: str = "") -> Evidence:
    """A college admin other than the teacher checked the evidence: from now on it counts."""
    _check_reviewer(record, by)
    transition(record, sources=[EvidenceStatus.PENDING], target=EvidenceStatus.VERIFIED, by=by, note=note,
               extra_updates={"reviewed_by": by, "reviewed_at": timezone.now(), "rejection_reason": ""})
    if isinstance(record, IndustryYearsDeclaration):
        profile = TeacherProfile.objects.select_for_update().get(pk=record.profile_id)
        profile.industry_years = record.years
        profile.save(update_fields=["industry_years", "updated_at"])
    return record


@transaction.atomic
def evidence_reject(*, record: Evidence, by, reason: str) -> Evidence:
    """The evidence does not hold up; the teacher sees why. It does not count (any more)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the evidence is rejected.")})
    _check_reviewer(record, by)
    return transition(record, sources=rejectable_states(type(record)), target=EvidenceStatus.REJECTED, by=by,
                      note=reason, extra_updates={"reviewed_by": by, "reviewed_at": timezone.now(),
                                                  "rejection_reason": reason})


@transaction.atomic
def certificate_create(*, profile: TeacherProfile, by=None, **data) -> TeacherCertificate:
    return _save_evidence(TeacherCertificate(profile=profile, **data), by)


@transaction.atomic
def industry_years_declare(*, profile: TeacherProfile, by=None, years: int, description: str = "",
                           file=None) -> IndustryYearsDeclaration:
    """Declare years in industry. A teacher's declaration waits for verification (a second one while the
    first waits replaces its figures); a college admin's entry for another teacher counts at once."""
    profile = TeacherProfile.objects.select_for_update().get(pk=profile.pk)  # one pending declaration at a time
    review = _entry_review(profile, by)
    declaration = None
    if review["status"] == EvidenceStatus.PENDING:
        declaration = profile.industry_years_declarations.filter(status=EvidenceStatus.PENDING).first()
    if declaration is not None:
        declaration.years, declaration.description = years, description
        if file:
            declaration.file = file
        declaration.full_clean()
        declaration.save()
        return declaration
    declaration = _save_evidence(IndustryYearsDeclaration(profile=profile, years=years, description=description,
                                                          file=file or ""), by)
    if declaration.status == EvidenceStatus.VERIFIED:
        profile.industry_years = years
        profile.save(update_fields=["industry_years", "updated_at"])
    return declaration


# --- placements ----------------------------------------------------------------------------------

def _validate_placement(p: TeacherPlacement) -> None:
    errors: dict[str, str] = {}
    if p.host_id and p.host.kind != OrganizationKind.ENTERPRISE:
        errors["host"] = _("The host must be a partner enterprise.")
    if p.start_date and p.end_date:
        if p.end_date < p.start_date:
            errors["end_date"] = _("The end date is before the start date.")
        elif p.days and p.days > p.period_days:
            errors["days"] = _("At most %(n)s days fit in this period.") % {"n": p.period_days}
    if p.agreement_id:
        agreement = p.agreement
        if agreement.kind not in PLACEMENT_AGREEMENT_KINDS:
            errors["agreement"] = _("Only an enterprise-workstation or teacher-mobility-station agreement applies.")
        elif p.host_id and not agreement.parties.filter(pk=p.host_id).exists():
            errors["agreement"] = _("The host enterprise is not a party to this agreement.")
    if errors:
        raise ValidationError(errors)
    p.full_clean(exclude=["teacher", "host", "agreement", "industry_project"])


PLACEMENT_FIELDS = (
    "host", "agreement", "start_date", "end_date", "role", "project", "industry_project", "days", "outcomes",
    "evidence",
)


@transaction.atomic
def placement_create(*, teacher: TeacherProfile, by=None, **data) -> TeacherPlacement:
    """Record a placement as a draft; the teacher submits it when the evidence is complete."""
    unknown = set(data) - set(PLACEMENT_FIELDS)
    if unknown:
        raise ValueError(f"unexpected fields {sorted(unknown)}")
    placement = TeacherPlacement(teacher=teacher, **data)
    _validate_placement(placement)
    placement.save()
    emit_created(placement, actor=by)
    return placement


@transaction.atomic
def placement_update(*, placement: TeacherPlacement, by=None, **data) -> TeacherPlacement:
    placement = TeacherPlacement.objects.select_for_update().get(pk=placement.pk)
    if placement.status not in EDITABLE_STATES:
        raise TransitionNotAllowed(_("A placement can be edited only as a draft or after it was returned."))
    for key, value in data.items():
        if key not in PLACEMENT_FIELDS:
            raise ValueError(f"unexpected field {key}")
        setattr(placement, key, value)
    _validate_placement(placement)
    placement.save()
    return placement


@transaction.atomic
def placement_delete(*, placement: TeacherPlacement, by=None) -> None:
    placement = TeacherPlacement.objects.select_for_update().get(pk=placement.pk)
    if placement.status != PlacementStatus.DRAFT:
        raise TransitionNotAllowed(_("Only a draft placement can be deleted."))
    # A draft returned by the host enterprise has a history of transitions: it is kept, not deleted.
    if history_for(placement).exists():
        raise RuleViolation(_("This placement has a history of transitions and cannot be deleted."),
                            code="has_history")
    placement.delete()


def placement_link_token(placement: TeacherPlacement) -> str:
    return make_link_token(LINK_PURPOSE, placement.pk)


class NotTheHost(DomainError):
    """Only the host enterprise confirms a teacher's placement; never the teacher, never anyone else."""

    status_code = 403
    code = "not_the_host"
    default_message = _("Only the host enterprise confirms or returns this placement, never the teacher.")


def registered_contact(placement: TeacherPlacement) -> tuple[str, str]:
    """(name, e-mail) of the contact the host enterprise registered on its partner profile (partnerships),
    read through the host organisation; ("", "") when it registered none. The teacher's own address never
    counts as the host's contact: a link to it would let the teacher confirm their own placement."""
    profile = getattr(placement.host, "enterprise", None)  # reverse one-to-one; None without a partner profile
    if profile is None:
        return "", ""
    name, email = (profile.contact_name or "").strip(), (profile.contact_email or "").strip()
    if email and email.lower() == (placement.teacher.user.email or "").strip().lower():
        return name, ""
    return name, email


def check_confirmer(placement: TeacherPlacement, user) -> None:
    """A signed-in user who answers for the host must be of the host enterprise and not the teacher."""
    if user is None or not getattr(user, "is_authenticated", False):
        return  # the e-mail link: its token went to the host's registered contact only
    if user.pk == placement.teacher.user_id or placement.host_id not in access_for(user).enterprise_ids:
        raise NotTheHost()


@transaction.atomic
def placement_submit(*, placement: TeacherPlacement, by=None) -> TeacherPlacement:
    """Send the placement to the host enterprise. Two active placements of one teacher never overlap:
    the profile row serialises concurrent submissions and the exclusion constraint is the last guard.

    The host's staff confirm in the platform; the contact the host registered (partner profile) gets a
    one-time link by e-mail. The teacher names no address (issue 18 item 7)."""
    list(TeacherProfile.objects.select_for_update().filter(pk=placement.teacher_id).order_by().values_list("pk"))
    placement.refresh_from_db()
    clash = TeacherPlacement.objects.filter(
        teacher_id=placement.teacher_id, status__in=list(PLACEMENT_ACTIVE_STATES),
        start_date__lte=placement.end_date, end_date__gte=placement.start_date,
    ).exclude(pk=placement.pk).first()
    if clash:
        raise Overlap(_("This period overlaps your placement at %(host)s (%(start)s – %(end)s).") % {
            "host": clash.host, "start": clash.start_date, "end": clash.end_date,
        })
    contact_name, contact_email = registered_contact(placement)
    try:
        with transaction.atomic():
            transition(placement, sources=EDITABLE_STATES, target=PlacementStatus.SUBMITTED, by=by,
                       extra_updates={"return_reason": "", "link_sent_at": None, "contact_name": contact_name,
                                      "contact_email": contact_email})
    except IntegrityError as exc:
        raise Overlap() from exc
    if placement.contact_email:
        from .tasks import send_placement_confirmation_link

        pk = placement.pk
        transaction.on_commit(lambda: send_placement_confirmation_link.delay(pk))
    return placement


@transaction.atomic
def placement_confirm(*, placement: TeacherPlacement, by=None, by_name: str = "", note: str = "") -> TeacherPlacement:
    """The host enterprise confirms: a user of the host signed in, or its registered contact through the link
    (``by`` None). The teacher never confirms their own placement (NotTheHost, behind the policy)."""
    check_confirmer(placement, by)
    name = by_name or (str(by) if by is not None else "")
    return transition(
        placement, sources=[PlacementStatus.SUBMITTED], target=PlacementStatus.CONFIRMED, by=by, note=note,
        extra_updates={"confirmed_by": by, "confirmed_by_name": name, "confirmed_at": timezone.now()},
    )


@transaction.atomic
def placement_return(*, placement: TeacherPlacement, reason: str, by=None) -> TeacherPlacement:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the placement is returned.")})
    if by is not None and by.pk == placement.teacher.user_id:
        raise NotTheHost()
    return transition(
        placement, sources=[PlacementStatus.SUBMITTED, PlacementStatus.CONFIRMED], target=PlacementStatus.RETURNED,
        by=by, note=reason, extra_updates={"return_reason": reason, "confirmed_by": None, "confirmed_at": None,
                                           "confirmed_by_name": ""},
    )


@transaction.atomic
def placement_count(*, placement: TeacherPlacement, by=None) -> TeacherPlacement:
    return transition(placement, sources=[PlacementStatus.CONFIRMED], target=PlacementStatus.COUNTED, by=by)


def placement_from_link(token: str, user=None) -> TeacherPlacement:
    """The placement a confirmation link is for (forged or expired → InvalidLink 403, used → UsedLink 410;
    opened by a signed-in user who is not of the host enterprise, or by the teacher → NotTheHost 403)."""
    payload = read_link_token(token, LINK_PURPOSE)
    placement = TeacherPlacement.objects.select_related("teacher__user", "host").filter(pk=payload.object_id).first()
    if placement is None:
        from core.signed_links import InvalidLink

        raise InvalidLink()
    check_confirmer(placement, user)
    return placement


@transaction.atomic
def placement_answer_by_link(*, token: str, confirm: bool, name: str = "", reason: str = "",
                             user=None) -> TeacherPlacement:
    """The host's registered contact confirms or returns through the one-time signed link e-mailed to them.
    A signed-in ``user`` answering through it must be of the host enterprise and not the teacher; the
    answer is recorded in their name."""
    payload = read_link_token(token, LINK_PURPOSE)
    placement = TeacherPlacement.objects.select_related("teacher__user").get(pk=payload.object_id)
    check_confirmer(placement, user)
    spend_link(payload)
    by = user if getattr(user, "is_authenticated", False) else None
    signer = (name or "").strip() or placement.contact_name or placement.contact_email
    note = _("Answered through the e-mail link by %(name)s") % {"name": signer}
    if confirm:
        return placement_confirm(placement=placement, by=by, by_name=signer, note=note)
    return placement_return(placement=placement, reason=reason, by=by)


# --- training, reform, awards --------------------------------------------------------------------

@transaction.atomic
def training_create(*, profile: TeacherProfile, by=None, **data) -> TrainingRecord:
    record = TrainingRecord(profile=profile, **data)
    if record.start_date and record.end_date and record.end_date < record.start_date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})
    return _save_evidence(record, by)


@transaction.atomic
def training_update(*, record: TrainingRecord, by=None, **data) -> TrainingRecord:
    for key, value in data.items():
        setattr(record, key, value)
    if record.end_date < record.start_date:
        raise ValidationError({"end_date": _("The end date is before the start date.")})
    record.full_clean()
    record.save()
    if data:
        _back_to_pending(record, by)
    return record


@transaction.atomic
def reform_create(*, profile: TeacherProfile, by=None, **data) -> ReformRecord:
    return _save_evidence(ReformRecord(profile=profile, **data), by)


def _check_incentive(award: TeacherAward, by, incentive) -> None:
    """The incentive is money the college pays: only a college admin sets or changes it."""
    if incentive is None or by is None or access_for(by).is_college_admin:
        return
    if Decimal(incentive) != award.incentive_cny:
        raise ValidationError({"incentive_cny": _("Only a college admin sets the incentive.")})


@transaction.atomic
def award_create(*, profile: TeacherProfile, by=None, **data) -> TeacherAward:
    award = TeacherAward(profile=profile)
    _check_incentive(award, by, data.get("incentive_cny"))
    for key, value in data.items():
        setattr(award, key, value)
    award.full_clean()
    award.save()
    return award


@transaction.atomic
def award_update(*, award: TeacherAward, by=None, **data) -> TeacherAward:
    award = TeacherAward.objects.select_for_update().get(pk=award.pk)
    data.pop("profile", None)  # an award stays with its teacher
    _check_incentive(award, by, data.get("incentive_cny"))
    for key, value in data.items():
        setattr(award, key, value)
    award.full_clean()
    award.save()
    return award


@transaction.atomic
def award_delete(*, award: TeacherAward, by=None) -> None:
    """No row refers to an award (an assessment keeps its own breakdown), so it may go."""
    TeacherAward.objects.filter(pk=award.pk).delete()


# --- part-time instructors -----------------------------------------------------------------------

def compute_pay(hours: Decimal, rate: Decimal) -> Decimal:
    """Pay in yuan, rounded half up to the fen (Decimal all the way, never float)."""
    return (Decimal(hours) * Decimal(rate)).quantize(CENT, rounding=ROUND_HALF_UP)


@transaction.atomic
def instructor_create(*, by=None, **data) -> PartTimeInstructor:
    instructor = PartTimeInstructor(**data)
    if instructor.enterprise_id and instructor.enterprise.kind != OrganizationKind.ENTERPRISE:
        raise ValidationError({"enterprise": _("A part-time instructor comes from a partner enterprise.")})
    instructor.full_clean()
    instructor.save()
    return instructor


@transaction.atomic
def instructor_update(*, instructor: PartTimeInstructor, by=None, **data) -> PartTimeInstructor:
    for key, value in data.items():
        setattr(instructor, key, value)
    if instructor.enterprise.kind != OrganizationKind.ENTERPRISE:
        raise ValidationError({"enterprise": _("A part-time instructor comes from a partner enterprise.")})
    instructor.full_clean()
    instructor.save()
    return instructor


@transaction.atomic
def instructor_delete(*, instructor: PartTimeInstructor, by=None) -> None:
    """Only an instructor who never taught goes; one with teaching assignments is archived instead (their
    hours and pay are the record behind the college's accounts)."""
    instructor = PartTimeInstructor.objects.select_for_update().get(pk=instructor.pk)
    if instructor.assignments.exists():
        raise RuleViolation(_("This instructor has teaching assignments: archive them instead."), code="in_use")
    instructor.delete()


def _check_mentor(mentor) -> None:
    if mentor is not None and not Membership.objects.in_force().filter(user=mentor, role=Role.TEACHER).exists():
        raise ValidationError({"mentor": _("The mentor must be a full-time teacher.")})


@transaction.atomic
def assignment_create(*, instructor: PartTimeInstructor, course, term: str, hours: Decimal,
                      rate: Decimal | None = None, mentor=None, by=None) -> TeachingAssignment:
    if instructor.is_archived:
        raise RuleViolation(_("This instructor is no longer active."))
    _check_mentor(mentor)
    rate = instructor.hourly_rate if rate is None else rate
    assignment = TeachingAssignment(
        instructor=instructor, course=course, term=term, hours=hours, rate=rate, mentor=mentor,
        pay=compute_pay(hours, rate),
    )
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_update(*, assignment: TeachingAssignment, by=None, **data) -> TeachingAssignment:
    for key, value in data.items():
        setattr(assignment, key, value)
    if assignment.rate is None:
        assignment.rate = assignment.instructor.hourly_rate
    _check_mentor(assignment.mentor)
    assignment.pay = compute_pay(assignment.hours, assignment.rate)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_delete(*, assignment: TeachingAssignment, by=None) -> None:
    """An assignment that was evaluated stays: the evaluations are the record of that teaching."""
    assignment = TeachingAssignment.objects.select_for_update().get(pk=assignment.pk)
    if assignment.evaluations.exists():
        raise RuleViolation(_("This assignment has evaluations and cannot be deleted."), code="in_use")
    assignment.delete()


@transaction.atomic
def evaluation_update(*, evaluation: InstructorEvaluation, by=None, **data) -> InstructorEvaluation:
    evaluation = InstructorEvaluation.objects.select_for_update().get(pk=evaluation.pk)
    for key in ("score", "comment"):
        if key in data:
            setattr(evaluation, key, data[key])
    evaluation.full_clean(exclude=["evaluator"])
    evaluation.save()
    return evaluation


@transaction.atomic
def evaluation_create(*, assignment: TeachingAssignment, by, score: Decimal, comment: str = "") -> InstructorEvaluation:
    if InstructorEvaluation.objects.filter(assignment=assignment, evaluator=by).exists():
        raise RuleViolation(_("You have already evaluated this assignment."), code="already_evaluated")
    evaluation = InstructorEvaluation(assignment=assignment, evaluator=by, score=score, comment=comment)
    evaluation.full_clean(exclude=["evaluator"])
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError as exc:
        raise RuleViolation(_("You have already evaluated this assignment."), code="already_evaluated") from exc
    return evaluation


# --- annual assessment ---------------------------------------------------------------------------

@transaction.atomic
def scheme_update(*, year: int, by, **fields) -> AssessmentScheme:
    """Set the points of ``year``'s assessment (college admins); the next computation uses them."""
    if not access_for(by).is_college_admin:
        raise RuleViolation(_("Only college administrators set the assessment points."))
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": [_("Choose a year between 2000 and 2100.")]})
    scheme = AssessmentScheme.objects.select_for_update().filter(pk=scheme_for(int(year)).pk).get()
    for name, value in fields.items():
        setattr(scheme, name, value)
    scheme.full_clean()
    scheme.save()
    return scheme


def default_award_points() -> dict:
    return dict(getattr(settings, "FACULTY_AWARD_POINTS", DEFAULT_AWARD_POINTS))


def scheme_for(year: int) -> AssessmentScheme:
    scheme, _created = AssessmentScheme.objects.get_or_create(year=year,
                                                              defaults={"award_points": default_award_points()})
    return scheme


def _assessment_inputs(profiles: list[TeacherProfile], year: int) -> dict[int, dict[str, Decimal]]:
    """Quantities per teacher for one calendar year, in a fixed number of queries."""
    ids = [p.pk for p in profiles]
    by_user = {p.user_id: p.pk for p in profiles}
    y_start, y_end = date(year, 1, 1), date(year, 12, 31)
    data: dict[int, dict] = {pid: {"placement_days": 0, "projects": 0, "mentored": 0, "training_hours": Decimal(0),
                                   "reforms": 0, "awards": defaultdict(int)} for pid in ids}
    rows = TeacherPlacement.objects.filter(
        teacher_id__in=ids, status=PlacementStatus.COUNTED, start_date__lte=y_end, end_date__gte=y_start,
    ).values_list("teacher_id", "start_date", "end_date", "days", "project", "industry_project_id")
    for pid, start, end, days, project, ip in rows:
        inside = days_inside(start, end, days, y_start, y_end)
        data[pid]["placement_days"] += inside
        if inside and (project or ip):
            data[pid]["projects"] += 1
    mentored = TeachingAssignment.objects.filter(mentor_id__in=list(by_user), term__startswith=f"{year}-")
    for mentor_id in mentored.values_list("mentor_id", flat=True):
        data[by_user[mentor_id]]["mentored"] += 1
    # Only verified evidence counts (the module docstring); placements count once counted.
    hours = (TrainingRecord.objects.verified().filter(profile_id__in=ids, end_date__year=year)
             .values("profile_id").annotate(total=Sum("hours")))
    for row in hours:
        data[row["profile_id"]]["training_hours"] = row["total"]
    for pid in ReformRecord.objects.verified().filter(profile_id__in=ids, year=year).values_list("profile_id",
                                                                                                  flat=True):
        data[pid]["reforms"] += 1
    for pid, level in TeacherAward.objects.filter(profile_id__in=ids, year=year).values_list("profile_id", "level"):
        data[pid]["awards"][level] += 1
    return data


def score_breakdown(scheme: AssessmentScheme, q: dict) -> tuple[Decimal, dict]:
    """Points per item and the total, capped at the scheme's maximum; all in Decimal."""
    items = [
        ("placement_days", Decimal(q["placement_days"]), scheme.per_placement_day),
        ("projects", Decimal(q["projects"]), scheme.per_project),
        ("mentored", Decimal(q["mentored"]), scheme.per_mentored_assignment),
        ("training_hours", Decimal(q["training_hours"]), scheme.per_training_hour),
        ("reforms", Decimal(q["reforms"]), scheme.per_reform),
    ]
    for level, count in sorted(q["awards"].items()):
        items.append((f"award_{level}", Decimal(count), Decimal(str(scheme.award_points.get(level, 0)))))
    breakdown = {}
    total = Decimal("0")
    for key, quantity, weight in items:
        points = (quantity * weight).quantize(CENT, rounding=ROUND_HALF_UP)
        total += points
        breakdown[key] = {"quantity": str(quantity), "weight": str(weight), "points": str(points)}
    score = min(total, scheme.max_score).quantize(CENT)
    return score, breakdown


@transaction.atomic
def assessment_compute(*, year: int, by=None, profiles: Iterable[TeacherProfile] | None = None) -> list[Assessment]:
    """(Re)compute the annual score of the given teachers (all when omitted) from recorded evidence."""
    if not 2000 <= int(year) <= 2100:
        raise ValidationError({"year": _("Enter a year between 2000 and 2100.")})
    scheme = scheme_for(int(year))
    profiles = list(profiles if profiles is not None else TeacherProfile.objects.all())
    inputs = _assessment_inputs(profiles, int(year))
    result = []
    for p in profiles:
        score, breakdown = score_breakdown(scheme, inputs[p.pk])
        obj, _created = Assessment.objects.update_or_create(
            profile=p, year=year,
            defaults={"scheme": scheme, "score": score, "breakdown": breakdown, "computed_by": by},
        )
        result.append(obj)
    return result


def assessments_xlsx(assessments: Iterable[Assessment]) -> bytes:
    """A workbook for the title-evaluation committee: one row per teacher and year with the breakdown."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = _("Assessment")
    keys = list(BREAKDOWN_LABELS)
    header = [_("Teacher"), _("Staff number"), _("Department"), _("Title rank"), _("Year")]
    # Every header through the catalogue (the labels are marked for translation where they are declared).
    header += [str(BREAKDOWN_LABELS[k]) for k in keys] + [_("Awards"), _("Score")]
    ws.append(header)
    for a in assessments:
        p = a.profile
        awards = sum(Decimal(v["points"]) for k, v in a.breakdown.items() if k.startswith("award_"))
        row = [str(p.user), p.user.staff_no, p.department.name if p.department_id else "", p.get_title_rank_display(),
               a.year]
        row += [float(Decimal(a.breakdown.get(k, {}).get("points", "0"))) for k in keys]
        row += [float(awards), float(a.score)]
        ws.append(row)
    for i in range(1, len(header) + 1):
        ws.column_dimensions[get_column_letter(i)].width = 16
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# --- enterprise metrics --------------------------------------------------------------------------

def hosted_metrics(org_ids: Iterable[int], *, start: date, end: date) -> dict[int, dict[str, int]]:
    """Teachers hosted and practice days inside [start, end] per enterprise, from confirmed/counted placements."""
    org_ids = list(org_ids)
    result = {oid: {"teachers_hosted": 0, "teacher_placement_days": 0} for oid in org_ids}
    teachers: dict[int, set[int]] = defaultdict(set)
    rows = TeacherPlacement.objects.filter(
        host_id__in=org_ids, status__in=[PlacementStatus.CONFIRMED, PlacementStatus.COUNTED],
        start_date__lte=end, end_date__gte=start,
    ).values_list("host_id", "teacher_id", "start_date", "end_date", "days")
    for host_id, teacher_id, s, e, days in rows:
        teachers[host_id].add(teacher_id)
        result[host_id]["teacher_placement_days"] += days_inside(s, e, days, start, end)
    for host_id, ids in teachers.items():
        result[host_id]["teachers_hosted"] = len(ids)
    return result
