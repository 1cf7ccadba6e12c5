"""Every write of the funding app and the rules it keeps (CONVENTIONS.md rule 1).

Capacity-like rules (a budget line's money, a resource's time) hold under concurrency: the budget
line row is locked with ``select_for_update`` before the check, and bookings rely on PostgreSQL
exclusion constraints, whose violation becomes an ``Overlap`` (409).
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, DateTimeField, DurationField, ExpressionWrapper, F, Sum, Value
from django.db.models.functions import Greatest, Least
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.choices import OrganizationKind, Role
from accounts.models import Membership, Organization
from accounts.policy import access_for
from core.domain import Overlap, RuleViolation, TransitionNotAllowed
from core.events import emit, emit_created
from core.formatting import money
from core.workflow import transition

from .choices import (
    HOLDING_BOOKING_STATUSES,
    INVESTMENT_KINDS,
    BookingStatus,
    BudgetStatus,
    EquipmentStatus,
    EvaluationParty,
    EvaluationStatus,
    ExpenditureStatus,
    IncentiveKind,
    IncentiveStatus,
    SourceStatus,
    VersionStatus,
)
from .models import (
    ZERO,
    Booking,
    Budget,
    BudgetLine,
    Equipment,
    EvaluationCriterion,
    EvaluationScore,
    Expenditure,
    FundingSource,
    Incentive,
    MaintenanceRecord,
    ProgramEvaluation,
    ProgramStandard,
    Standard,
    StandardVersion,
    TrainingBase,
)

CENT = Decimal("0.01")


def _money(value) -> Decimal:
    return Decimal(value).quantize(CENT)


# --- Funding sources ----------------------------------------------------------------------------

def _check_source_rules(*, by, data: dict) -> None:
    """An enterprise records only its own cash or in-kind investment; any investment names its enterprise."""
    acc = access_for(by)
    if not acc.is_college_admin:
        if data.get("kind") not in INVESTMENT_KINDS:
            raise ValidationError({"kind": _("Enterprises record only their own cash or in-kind investment.")})
        funder = data.get("funder")
        if funder is None or funder.pk not in acc.enterprise_ids:
            raise ValidationError({"funder": _("Choose your own enterprise as the funder.")})
    if data.get("kind") in INVESTMENT_KINDS and (
        data.get("funder") is None or data["funder"].kind != OrganizationKind.ENTERPRISE
    ):
        raise ValidationError({"funder": _("An enterprise investment names the investing enterprise.")})


@transaction.atomic
def funding_source_create(*, by, **data) -> FundingSource:
    """An admin records any source (confirmed at once); an enterprise records its own investment,
    which waits for the college to confirm it before it counts."""
    _check_source_rules(by=by, data=data)
    data["status"] = SourceStatus.CONFIRMED if access_for(by).is_college_admin else SourceStatus.PENDING
    source = FundingSource(recorded_by=by, **data)
    source.full_clean()
    source.save()
    # An enterprise's record waits for the college to confirm it.
    emit_created(source, actor=by, status=source.status)
    return source


@transaction.atomic
def funding_source_update(*, source: FundingSource, by, **data) -> FundingSource:
    """Edits keep the creation rules, and a source never shrinks below what budget lines already use."""
    source = FundingSource.objects.select_for_update().get(pk=source.pk)
    merged = {"kind": source.kind, "funder": source.funder, **data}
    _check_source_rules(by=by, data=merged)
    allocated = source.budget_lines.aggregate(s=Sum("amount"))["s"] or ZERO
    if "amount" in data and data["amount"] < allocated:
        raise RuleViolation(_("Budget lines already use %(allocated)s of this source; the amount cannot be lower.")
                            % {"allocated": money(allocated)})
    for key, value in data.items():
        setattr(source, key, value)
    source.full_clean()
    source.save()
    return source


def funding_source_confirm(*, source: FundingSource, by) -> FundingSource:
    return transition(source, sources=[SourceStatus.PENDING], target=SourceStatus.CONFIRMED, by=by)


def funding_source_reject(*, source: FundingSource, by, note: str = "") -> FundingSource:
    return transition(source, sources=[SourceStatus.PENDING], target=SourceStatus.REJECTED, by=by, note=note)


def surcharge_credit(amount: Decimal) -> Decimal:
    """Estimated education-surcharge credit of a certified enterprise (DESIGN.md section 6)."""
    return _money(Decimal(amount) * Decimal(settings.IEI["EDUCATION_SURCHARGE_CREDIT_RATE"]))


def enterprise_investment_summary(*, org) -> dict:
    """Confirmed investment of one enterprise and, if it is certified, the estimated credit."""
    total = FundingSource.objects.filter(
        funder=org, kind__in=INVESTMENT_KINDS, status=SourceStatus.CONFIRMED
    ).aggregate(total=Sum("amount"))["total"] or ZERO
    profile = getattr(org, "enterprise", None)
    certified = bool(profile and profile.is_certified_iei)
    return {
        "investment_cny": _money(total),
        "is_certified": certified,
        "credit_cny": surcharge_credit(total) if certified else None,
        "credit_rate": Decimal(settings.IEI["EDUCATION_SURCHARGE_CREDIT_RATE"]),
    }


# --- Budgets and expenditures -------------------------------------------------------------------

@transaction.atomic
def budget_create(*, by, **data) -> Budget:
    budget = Budget(**data)
    budget.full_clean()
    budget.save()
    return budget


def budget_approve(*, budget: Budget, by) -> Budget:
    return transition(budget, sources=[BudgetStatus.DRAFT], target=BudgetStatus.APPROVED, by=by)


def budget_close(*, budget: Budget, by) -> Budget:
    return transition(budget, sources=[BudgetStatus.APPROVED], target=BudgetStatus.CLOSED, by=by)


@transaction.atomic
def budget_line_create(*, budget: Budget, by, category: str, name: str, amount: Decimal,
                       source: FundingSource | None = None) -> BudgetLine:
    """Adds a line; a source never funds more than its amount across all the lines it funds."""
    if budget.status == BudgetStatus.CLOSED:
        raise RuleViolation(_("A closed budget cannot get new lines."))
    amount = _money(amount)
    if source is not None:
        source = FundingSource.objects.select_for_update().get(pk=source.pk)
        if source.status != SourceStatus.CONFIRMED:
            raise RuleViolation(_("Only a confirmed funding source can fund a budget line."))
        allocated = source.budget_lines.aggregate(s=Sum("amount"))["s"] or ZERO
        if allocated + amount > source.amount:
            raise RuleViolation(
                _("“%(source)s” has only %(left)s left to allocate.")
                % {"source": source, "left": money(source.amount - allocated)}
            )
    line = BudgetLine(budget=budget, category=category, name=name, amount=amount, source=source)
    line.full_clean()
    line.save()
    return line


@transaction.atomic
def expenditure_record(*, line: BudgetLine, by, spent_on: date, payee: str, description: str, amount: Decimal,
                       invoice=None, override_reason: str = "") -> Expenditure:
    """Records a payment against a line. The line row is locked first, so two concurrent payments see
    each other's effect; beyond what is left, only a college admin with a written reason may go on."""
    amount = _money(amount)
    if amount <= 0:
        raise ValidationError({"amount": _("The amount must be positive.")})
    locked = BudgetLine.objects.select_for_update().select_related("budget").get(pk=line.pk)
    if locked.budget.status != BudgetStatus.APPROVED:
        raise RuleViolation(_("Spending is recorded only against an approved budget."))
    available = locked.amount + locked.override_allowance - locked.spent
    excess = max(amount - available, ZERO)
    override_reason = (override_reason or "").strip()
    if excess > 0:
        if not access_for(by).is_college_admin or not override_reason:
            raise RuleViolation(
                _("This exceeds the budget line “%(line)s”: %(left)s left. A college administrator may record "
                  "an override with a reason.") % {"line": locked.name, "left": money(max(available, ZERO))},
                code="overspend",
            )
    expenditure = Expenditure(
        line=locked, spent_on=spent_on, payee=payee, description=description, amount=amount,
        override_amount=excess, override_reason=override_reason if excess > 0 else "", recorded_by=by,
    )
    if invoice:
        expenditure.invoice = invoice
    expenditure.full_clean()
    expenditure.save()
    locked.spent += amount
    locked.override_allowance += excess
    locked.save(update_fields=["spent", "override_allowance"])
    line.spent, line.override_allowance = locked.spent, locked.override_allowance
    if excess > 0:
        # Spending beyond the line on an administrator's word is what an auditor asks about first.
        emit("funding.expenditure.overspend_override", expenditure, actor=by, line_id=locked.pk,
             amount=str(amount), override_amount=str(excess))
    return expenditure


@transaction.atomic
def expenditure_void(*, expenditure: Expenditure, by, note: str = "") -> Expenditure:
    """Voids a payment and gives its money back to the line (the authorised overspend stays on record)."""
    line = BudgetLine.objects.select_for_update().get(pk=expenditure.line_id)
    transition(expenditure, sources=[ExpenditureStatus.RECORDED], target=ExpenditureStatus.VOIDED, by=by, note=note)
    line.spent -= expenditure.amount
    line.save(update_fields=["spent"])
    return expenditure


def budget_execution(*, budget: Budget) -> dict:
    """Amount, spending and execution rate per line and overall, from one query."""
    from .models import rate

    lines = list(budget.lines.select_related("source").order_by("category", "name"))
    total = sum((ln.amount for ln in lines), ZERO)
    spent = sum((ln.spent for ln in lines), ZERO)
    return {"lines": lines, "amount": total, "spent": spent, "rate": rate(spent, total)}


# --- Training bases, equipment, bookings --------------------------------------------------------

@transaction.atomic
def training_base_save(*, by, instance: TrainingBase | None = None, **data) -> TrainingBase:
    base = instance or TrainingBase()
    for key, value in data.items():
        setattr(base, key, value)
    if base.kind == "off_campus" and base.host_id is None:
        raise ValidationError({"host": _("An off-campus base names its host enterprise.")})
    if base.host_id is not None and base.host.kind != OrganizationKind.ENTERPRISE:
        raise ValidationError({"host": _("The host must be an enterprise.")})
    if base.agreement_id and base.host_id and not base.agreement.parties.filter(pk=base.host_id).exists():
        raise ValidationError({"agreement": _("The host enterprise is not a party to this agreement.")})
    base.full_clean()
    base.save()
    return base


@transaction.atomic
def equipment_save(*, by, instance: Equipment | None = None, **data) -> Equipment:
    item = instance or Equipment()
    for key, value in data.items():
        setattr(item, key, value)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def maintenance_record(*, equipment: Equipment, by, performed_on: date, description: str,
                       cost: Decimal = ZERO, performed_by: str = "", status: str | None = None) -> MaintenanceRecord:
    record = MaintenanceRecord(equipment=equipment, performed_on=performed_on, description=description,
                               cost=_money(cost), performed_by=performed_by)
    record.full_clean()
    record.save()
    if status and status != equipment.status:
        equipment.status = status
        equipment.save(update_fields=["status"])
    return record


def _overlap_message(*, resource, starts_at: datetime, ends_at: datetime) -> str:
    return _("“%(resource)s” is already booked between %(start)s and %(end)s. Choose another time.") % {
        "resource": resource,
        "start": date_format(timezone.localtime(starts_at), "Y-m-d H:i"),
        "end": date_format(timezone.localtime(ends_at), "Y-m-d H:i"),
    }


def booking_create(*, by, starts_at: datetime, ends_at: datetime, purpose: str, base: TrainingBase | None = None,
                   equipment: Equipment | None = None, participants: int = 1) -> Booking:
    """Books a room or an item. The exclusion constraints decide overlaps atomically, so two racing
    requests cannot both win; the loser gets an ``Overlap`` (409) naming the slot."""
    acc = access_for(by)
    if not (acc.is_teacher or acc.is_student or acc.is_college_admin):
        raise RuleViolation(_("Only teachers, students and college administrators book training resources."))
    if (base is None) == (equipment is None):
        raise ValidationError({"equipment": _("Book either a training base or one equipment item.")})
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end must be after the start.")})
    if starts_at < timezone.now():
        raise ValidationError({"starts_at": _("A booking cannot start in the past.")})
    if equipment is not None:
        base = equipment.base
        if equipment.status != EquipmentStatus.AVAILABLE:
            raise RuleViolation(
                _("“%(item)s” is %(status)s and cannot be booked.")
                % {"item": equipment, "status": equipment.get_status_display()}
            )
    if not base.is_active:
        raise RuleViolation(_("This training base is not open for bookings."))
    if equipment is None and participants > base.capacity:
        raise ValidationError({"participants": _("The base holds at most %(n)s people.") % {"n": base.capacity}})
    booking = Booking(
        base=base, equipment=equipment, booked_by=by, starts_at=starts_at, ends_at=ends_at, purpose=purpose,
        participants=participants,
        status=BookingStatus.PENDING if base.requires_approval and not acc.is_college_admin else BookingStatus.APPROVED,
    )
    booking.full_clean(exclude=["base", "equipment", "booked_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError as exc:
        if "no_overlap" in str(exc):
            raise Overlap(_overlap_message(resource=equipment or base, starts_at=starts_at, ends_at=ends_at)) from exc
        raise
    # A pending booking waits for the college or the host enterprise to decide.
    emit_created(booking, actor=by, status=booking.status)
    return booking


def booking_approve(*, booking: Booking, by) -> Booking:
    return transition(booking, sources=[BookingStatus.PENDING], target=BookingStatus.APPROVED, by=by,
                      extra_updates={"decided_by": by, "decided_at": timezone.now()})


def booking_reject(*, booking: Booking, by, note: str = "") -> Booking:
    return transition(booking, sources=[BookingStatus.PENDING], target=BookingStatus.REJECTED, by=by, note=note,
                      extra_updates={"decided_by": by, "decided_at": timezone.now()})


def booking_cancel(*, booking: Booking, by, note: str = "") -> Booking:
    if booking.ends_at <= timezone.now() and booking.status == BookingStatus.APPROVED:
        raise RuleViolation(_("A booking that has already taken place cannot be cancelled."))
    return transition(booking, sources=list(HOLDING_BOOKING_STATUSES), target=BookingStatus.CANCELLED, by=by,
                      note=note)


def _hours(seconds: float) -> Decimal:
    return (Decimal(seconds) / 3600).quantize(CENT)


class _ItemRows:
    """The per-item rows of ``utilization``, built only for the slice a page reads.

    A province has thousands of pieces of equipment; the page shows fifty. Works with Django's
    Paginator (``len`` and slices) and iterates every row for the API and the tests.
    """

    def __init__(self, queryset, row):
        self._queryset, self._row = queryset, row

    def __len__(self) -> int:
        return self._queryset.count()

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._row(item) for item in self._queryset[index]]
        return self._row(self._queryset[index])

    def __iter__(self):
        return (self._row(item) for item in self._queryset)


def utilization(*, start: datetime, end: datetime, bases=None) -> dict:
    """Share of the period's hours that approved bookings occupy, per item and per base.

    A base's room rate counts bookings of the room; its equipment rate counts item-hours booked over
    item-hours available (retired items are no capacity). A constant number of queries, whatever the
    number of bases and items; the per-item rows are built for the page that shows them.
    """
    from .models import Equipment, rate

    if end <= start:
        raise ValidationError({"end": _("The end must be after the start.")})
    period_hours = _hours((end - start).total_seconds())
    base_qs = TrainingBase.objects.all() if bases is None else bases
    base_list = list(base_qs)
    base_ids = [b.pk for b in base_list]
    in_service = Equipment.objects.filter(base_id__in=base_ids).exclude(status=EquipmentStatus.RETIRED)
    item_counts = dict(in_service.order_by().values_list("base_id").annotate(n=Count("pk")).values_list("base_id", "n"))
    retired = set(Equipment.objects.filter(base_id__in=base_ids, status=EquipmentStatus.RETIRED)
                  .values_list("pk", flat=True))
    # The database sums each resource's booked time clipped to the period: one row per room or item
    # instead of every booking (a province books 500,000 slots a year).
    clipped = ExpressionWrapper(
        Least(F("ends_at"), Value(end, output_field=DateTimeField()))
        - Greatest(F("starts_at"), Value(start, output_field=DateTimeField())),
        output_field=DurationField(),
    )
    rows = (
        Booking.objects.filter(base_id__in=base_ids, status=BookingStatus.APPROVED, starts_at__lt=end,
                               ends_at__gt=start)
        .order_by().values("base_id", "equipment_id").annotate(booked=Sum(clipped))
        .values_list("base_id", "equipment_id", "booked")
    )
    room_seconds: dict[int, float] = defaultdict(float)
    item_seconds: dict[int, float] = defaultdict(float)
    item_base: dict[int, int] = {}
    for base_id, equipment_id, booked in rows:
        seconds = booked.total_seconds() if booked else 0.0
        if equipment_id:
            item_seconds[equipment_id] += seconds
            item_base[equipment_id] = base_id
        else:
            room_seconds[base_id] += seconds
    # Rounded per item like the item rows, so that a base's hours are the sum of its rows.
    base_item_hours: dict[int, Decimal] = defaultdict(lambda: Decimal("0.00"))
    for equipment_id, seconds in item_seconds.items():
        if equipment_id not in retired:
            base_item_hours[item_base[equipment_id]] += _hours(seconds)
    result = {"period_hours": period_hours, "bases": []}
    for base in base_list:
        item_hours = base_item_hours[base.pk]
        room_hours = _hours(room_seconds[base.pk])
        result["bases"].append({
            "base": base, "room_hours": room_hours, "room_rate": rate(room_hours, period_hours),
            "equipment_hours": item_hours,
            "equipment_rate": rate(item_hours, period_hours * item_counts.get(base.pk, 0)),
        })
    bases_by_id = {b.pk: b for b in base_list}

    def item_row(item) -> dict:
        hours = _hours(item_seconds[item.pk])
        return {"equipment": item, "base": bases_by_id[item.base_id], "hours": hours, "rate": rate(hours, period_hours)}

    result["items"] = _ItemRows(in_service.order_by("base__kind", "base__name", "base_id", "kind", "name", "pk"),
                                item_row)
    return result


# --- Incentives ---------------------------------------------------------------------------------

_INCENTIVE_ROLE = {
    IncentiveKind.SCHOLARSHIP: Role.STUDENT,
    IncentiveKind.HONOUR: Role.STUDENT,
    IncentiveKind.TEACHER_AWARD: Role.TEACHER,
    IncentiveKind.ENTERPRISE_STAFF_AWARD: Role.ENTERPRISE,
}


@transaction.atomic
def incentive_create(*, by, **data) -> Incentive:
    """Each kind goes to the right kind of recipient: scholarships to students, awards to teachers or
    enterprise staff, policy benefits to an enterprise."""
    kind = data.get("kind")
    if kind == IncentiveKind.ENTERPRISE_BENEFIT:
        org = data.get("recipient_org")
        if org is None or org.kind != OrganizationKind.ENTERPRISE:
            raise ValidationError({"recipient_org": _("A policy benefit goes to an enterprise.")})
        data["recipient_user"] = None
    else:
        user = data.get("recipient_user")
        role = _INCENTIVE_ROLE.get(kind)
        if user is None or role is None or not access_for(user).has_role(role):
            raise ValidationError({"recipient_user": _("The recipient does not hold the role this incentive is for.")})
        data["recipient_org"] = None
    incentive = Incentive(**data)
    incentive.full_clean()
    incentive.save()
    return incentive


def incentive_approve(*, incentive: Incentive, by) -> Incentive:
    return transition(incentive, sources=[IncentiveStatus.NOMINATED], target=IncentiveStatus.APPROVED, by=by)


def incentive_award(*, incentive: Incentive, by, awarded_on: date | None = None) -> Incentive:
    return transition(incentive, sources=[IncentiveStatus.APPROVED], target=IncentiveStatus.AWARDED, by=by,
                      extra_updates={"awarded_on": awarded_on or timezone.localdate()})


def incentive_reject(*, incentive: Incentive, by, note: str = "") -> Incentive:
    return transition(incentive, sources=[IncentiveStatus.NOMINATED, IncentiveStatus.APPROVED],
                      target=IncentiveStatus.REJECTED, by=by, note=note)


# --- Standards ----------------------------------------------------------------------------------

@transaction.atomic
def standard_create(*, by, **data) -> Standard:
    acc = access_for(by)
    association = data.get("association")
    if association is None or association.kind != OrganizationKind.ASSOCIATION:
        raise ValidationError({"association": _("Standards are published by an industry association.")})
    if not acc.is_college_admin and association.pk not in acc.association_ids:
        raise ValidationError({"association": _("You publish standards only for your own association.")})
    standard = Standard(**data)
    standard.full_clean()
    standard.save()
    return standard


@transaction.atomic
def standard_version_add(*, standard: Standard, by, version: str, checklist: list[str],
                         summary: str = "") -> StandardVersion:
    items = [c.strip() for c in checklist if c and c.strip()]
    if not items:
        raise ValidationError({"checklist": _("A version lists at least one checklist item.")})
    if standard.versions.filter(version=version).exists():
        raise ValidationError({"version": _("This version already exists.")})
    v = StandardVersion(standard=standard, version=version, checklist=items, summary=summary)
    v.full_clean(validate_constraints=False)
    v.save()
    return v


@transaction.atomic
def standard_version_publish(*, version: StandardVersion, by) -> StandardVersion:
    """Publishing a version withdraws the one published before, so a standard has one current version."""
    for old in StandardVersion.objects.select_for_update().filter(
        standard_id=version.standard_id, status=VersionStatus.PUBLISHED
    ).exclude(pk=version.pk):
        transition(old, sources=[VersionStatus.PUBLISHED], target=VersionStatus.WITHDRAWN, by=by)
    return transition(version, sources=[VersionStatus.DRAFT], target=VersionStatus.PUBLISHED, by=by,
                      extra_updates={"published_on": timezone.localdate()})


@transaction.atomic
def program_standard_declare(*, program, version: StandardVersion, by, met_items: list[int] | None = None,
                             note: str = "") -> ProgramStandard:
    """A programme follows a published version; ``met_items`` are indexes into its checklist."""
    if version.status != VersionStatus.PUBLISHED:
        raise RuleViolation(_("A programme can follow only a published version of a standard."))
    met = sorted(set(met_items or []))
    if any(i < 0 or i >= len(version.checklist) for i in met):
        raise ValidationError({"met_items": _("A checklist item does not belong to this version.")})
    decl, _created = ProgramStandard.objects.update_or_create(
        program=program, version=version, defaults={"met_items": met, "note": note, "declared_by": by}
    )
    return decl


# --- Multi-party evaluation ---------------------------------------------------------------------

def _party_for(by) -> tuple[str, int]:
    acc = access_for(by)
    if acc.is_college_admin:
        # The college of a membership in force (active, in an active organisation), else the college
        # the platform runs for (an administrator without a college membership).
        colleges = Organization.objects.filter(kind=OrganizationKind.COLLEGE, is_active=True)
        college = colleges.filter(
            pk__in=Membership.objects.in_force().filter(user=by).values("organization_id")
        ).first() or colleges.first()
        if college is None:
            raise RuleViolation(_("No college is set up to evaluate for."))
        return EvaluationParty.COLLEGE, college.pk
    if acc.association_ids:
        return EvaluationParty.ASSOCIATION, min(acc.association_ids)
    if acc.enterprise_ids:
        return EvaluationParty.ENTERPRISE, min(acc.enterprise_ids)
    raise RuleViolation(_("Only the college, enterprises and association reviewers evaluate programmes."))


def _weighted(scores: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    total_weight = sum((w for _s, w in scores), Decimal("0"))
    if not total_weight:
        return None
    return (sum((s * w for s, w in scores), Decimal("0")) / total_weight).quantize(CENT)


@transaction.atomic
def program_evaluation_save(*, by, program, year: int, scores: dict[int, Decimal], comment: str = "",
                            evaluation: ProgramEvaluation | None = None) -> ProgramEvaluation:
    """Creates or edits a draft evaluation; the party follows from the evaluator's role."""
    party, org_id = _party_for(by)
    criteria = {c.pk: c for c in EvaluationCriterion.objects.active()}
    unknown = set(scores) - set(criteria)
    if unknown:
        raise ValidationError({"scores": _("Unknown or inactive criterion.")})
    for value in scores.values():
        if not (Decimal("0") <= Decimal(value) <= Decimal("100")):
            raise ValidationError({"scores": _("Scores are between 0 and 100.")})
    if evaluation is None:
        if ProgramEvaluation.objects.filter(program=program, year=year, evaluator=by).exists():
            raise ValidationError({"year": _("You have already evaluated this programme for this year.")})
        evaluation = ProgramEvaluation(program=program, year=year, party=party, organization_id=org_id, evaluator=by)
    elif evaluation.status != EvaluationStatus.DRAFT:
        raise TransitionNotAllowed(_("A submitted evaluation can no longer be changed."))
    evaluation.comment = comment
    evaluation.full_clean(validate_constraints=False)
    evaluation.save()
    for criterion_id, value in scores.items():
        EvaluationScore.objects.update_or_create(evaluation=evaluation, criterion_id=criterion_id,
                                                 defaults={"score": _money(value)})
    return evaluation


@transaction.atomic
def program_evaluation_submit(*, evaluation: ProgramEvaluation, by) -> ProgramEvaluation:
    """Submits once every active criterion is scored, fixing the weighted score."""
    rows = list(evaluation.scores.select_related("criterion").filter(criterion__archived_at__isnull=True))
    active = EvaluationCriterion.objects.active().count()
    if len(rows) < active or not rows:
        raise RuleViolation(_("Score every criterion before submitting."))
    weighted = _weighted([(r.score, r.criterion.weight) for r in rows])
    return transition(evaluation, sources=[EvaluationStatus.DRAFT], target=EvaluationStatus.SUBMITTED, by=by,
                      extra_updates={"weighted_score": weighted, "submitted_at": timezone.now()})


def evaluation_summary(*, evaluations) -> list[dict]:
    """Per programme and year: the mean weighted score of each party and the combined score, the mean
    of the party means, so a party with many reviewers does not outweigh the others."""
    rows = evaluations.filter(status=EvaluationStatus.SUBMITTED, weighted_score__isnull=False).values_list(
        "program_id", "program__title", "year", "party", "weighted_score"
    )
    grouped: dict[tuple[int, int], dict] = {}
    for program_id, title, year, party, score in rows:
        g = grouped.setdefault((program_id, year), {"program": program_id, "program_title": title, "year": year,
                                                    "_by": defaultdict(list)})
        g["_by"][party].append(score)
    result = []
    for key in sorted(grouped, key=lambda k: (-k[1], k[0])):
        g = grouped[key]
        by_party = {p: (sum(v, Decimal("0")) / len(v)).quantize(CENT) for p, v in g.pop("_by").items()}
        g["by_party"] = {p: by_party.get(p) for p in EvaluationParty.values}
        g["combined"] = (sum(by_party.values(), Decimal("0")) / len(by_party)).quantize(CENT)
        result.append(g)
    return result
