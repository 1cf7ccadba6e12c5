"""Every write and rule of attendance (CONVENTIONS.md rule 1); the daily job is in ``attendance/daily.py``.

Working time follows the 2021 *Regulations on the Management of Vocational School Student
Internships*: no night work (22:00-06:00), at most 8 hours a day and 40 a week, no work on rest days.
Check-ins are evidence, so a bad one is never half-written: a refusal raises before anything is saved
(``ValidationError`` is a 400, ``DomainError`` a 409).
"""
from __future__ import annotations

import datetime
import math
import uuid
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import access_for
from core.domain import DomainError, Overlap, TransitionNotAllowed
from core.events import emit, emit_created
from core.prepared import Prepared
from core.workflow import transition
from internships.choices import PlacementStatus
from internships.models import Placement

from .calendar import WorkWeek, calendar_map, forget, week_start
from .choices import (
    PENDING_LEAVE,
    ApprovalOrder,
    BreachKind,
    BreachStatus,
    CheckFlag,
    CheckKind,
    FlagStatus,
    HalfDay,
    LeaveKind,
    LeaveStatus,
)
from .geo import haversine_m
from .models import (
    Absence,
    AttendanceRules,
    CalendarDay,
    CheckIn,
    LeaveRequest,
    SupervisionVisit,
    VisitPhoto,
    WorkingTimeBreach,
    Workplace,
)

# A check-in kept on a phone without network is accepted for this long after it was made.
MAX_OFFLINE = datetime.timedelta(hours=72)
# A phone clock this far ahead of the server is wrong, not early.
FUTURE_TOLERANCE = datetime.timedelta(minutes=5)
# An online check-in whose phone clock differs more than this is flagged (the server's time counts).
CLOCK_SKEW = datetime.timedelta(minutes=10)
# A check-out closes the shift of a check-in at most this long before it.
MAX_SHIFT = datetime.timedelta(hours=24)
MAX_ACCURACY_M = 50_000
MAX_DAILY_HOURS = Decimal("8")
MAX_WEEKLY_HOURS = Decimal("40")
NIGHT_STARTS, NIGHT_ENDS = datetime.time(22, 0), datetime.time(6, 0)
# The unpaid break is taken off a day longer than this (a half day has none).
BREAK_AFTER = datetime.timedelta(hours=5)

APPROVAL_STAGES = {
    ApprovalOrder.ENTERPRISE_FIRST: (LeaveStatus.AWAITING_ENTERPRISE, LeaveStatus.AWAITING_SCHOOL),
    ApprovalOrder.SCHOOL_FIRST: (LeaveStatus.AWAITING_SCHOOL, LeaveStatus.AWAITING_ENTERPRISE),
    ApprovalOrder.SCHOOL_ONLY: (LeaveStatus.AWAITING_SCHOOL,),
}


class NoActivePlacement(DomainError):
    code = "no_active_placement"


class AlreadyRecorded(DomainError):
    code = "already_recorded"


class NotCheckedIn(DomainError):
    code = "not_checked_in"


class ClientIdTaken(DomainError):
    code = "client_id_taken"


# ----------------------------------------------------------------------------- placements

# Every check-in reads it: compiled once per process (core/prepared.py), the ORM's SQL with the student's id put in.
_ACTIVE_PLACEMENT = Prepared(
    lambda student_id: (Placement.objects.select_related("workplace", "enterprise")
                        .filter(student_id=student_id, status=PlacementStatus.ACTIVE)[:1]),
    -730_000_003)


def active_placement_of(student) -> Placement | None:
    """The student's active placement (a student holds at most one current placement; the newest first, as the
    placements' ordering has it), with its workplace and enterprise in the same query: a check-in needs the one,
    its answer names the other."""
    rows = _ACTIVE_PLACEMENT(student.pk)
    return rows[0] if rows else None


def _own_active_placement(student, placement: Placement | None) -> Placement:
    if placement is None:
        placement = active_placement_of(student)
        if placement is None:
            raise NoActivePlacement(_("You have no active placement."))
        return placement
    if placement.student_id != student.pk:
        raise ValidationError({"placement": [_("This is not one of your placements.")]})
    if placement.status != PlacementStatus.ACTIVE:
        raise DomainError(_("This placement is not active."), code="placement_not_active")
    return placement


def week_of(placement: Placement) -> WorkWeek:
    return WorkWeek.of(Workplace.for_placement(placement))


# ----------------------------------------------------------------------------- positions and times

def check_position(latitude, longitude, accuracy_m) -> None:
    """Refuses a position no phone can report: out of range, (0, 0) or an accuracy that is no position."""
    errors = {}
    lat = None if latitude is None else float(latitude)
    lon = None if longitude is None else float(longitude)
    if lat is None or not math.isfinite(lat) or not -90 <= lat <= 90:
        errors["latitude"] = [_("A latitude is between -90 and 90 degrees.")]
    if lon is None or not math.isfinite(lon) or not -180 <= lon <= 180:
        errors["longitude"] = [_("A longitude is between -180 and 180 degrees.")]
    if not errors and lat == 0 and lon == 0:
        errors["latitude"] = [_("The phone did not find its position (it reported 0, 0).")]
    acc = None if accuracy_m is None else float(accuracy_m)
    if acc is None or not math.isfinite(acc) or acc <= 0 or acc > MAX_ACCURACY_M:
        errors["accuracy_m"] = [_("An accuracy is a distance in metres above 0 and at most %(max)s.")
                                % {"max": MAX_ACCURACY_M}]
    if errors:
        raise ValidationError(errors)


def _degrees(value) -> Decimal:
    return Decimal(str(value)).quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)


def _local(at: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(at)


def night_minutes(start: datetime.datetime, end: datetime.datetime) -> int:
    """Minutes of [start, end) that fall between 22:00 and 06:00 local time."""
    start, end = _local(start), _local(end)
    tz = start.tzinfo
    total = datetime.timedelta()
    day = start.date() - datetime.timedelta(days=1)
    while day <= end.date():
        night_from = datetime.datetime.combine(day, NIGHT_STARTS, tz)
        night_to = datetime.datetime.combine(day + datetime.timedelta(days=1), NIGHT_ENDS, tz)
        overlap = min(end, night_to) - max(start, night_from)
        if overlap > datetime.timedelta():
            total += overlap
        day += datetime.timedelta(days=1)
    return int(total.total_seconds() // 60)


def worked(start: datetime.datetime, end: datetime.datetime, break_minutes: int) -> datetime.timedelta:
    """Working time of one shift: presence minus the unpaid break on a day longer than half a day."""
    presence = max(end - start, datetime.timedelta())
    if presence > BREAK_AFTER:
        presence -= datetime.timedelta(minutes=break_minutes)
    return max(presence, datetime.timedelta())


def _hours(delta: datetime.timedelta) -> Decimal:
    return (Decimal(delta.total_seconds()) / 3600).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# ----------------------------------------------------------------------------- check-ins

def check_in_record(*, student, kind: str, latitude, longitude, accuracy_m, client_id: uuid.UUID | None = None,
                    client_time: datetime.datetime | None = None, offline: bool = False,
                    placement: Placement | None = None, reason: str = "", note: str = "",
                    photo=None) -> tuple[CheckIn, bool]:
    """Record a check-in or check-out of ``student``; returns ``(row, created)``.

    The same ``client_id`` again returns the row it made (a retry), never a second row; a second
    check-in (or check-out) of the same work day is a 409. Outside the workplace radius the
    check-in is accepted and flagged with the distance; an online one must then say why.
    """
    client_id = client_id or uuid.uuid4()
    try:
        row, workplace, opening = _new_check_in(
            student=student, kind=kind, latitude=latitude, longitude=longitude, accuracy_m=accuracy_m,
            client_id=client_id, client_time=client_time, offline=offline, placement=placement, reason=reason,
            note=note, photo=photo)
    except (ValidationError, DomainError):
        # A retry is answered with its row even when the check-in would no longer pass (the placement ended,
        # the 72 hours went by): looked up only on a refusal, so a first check-in costs no lookup.
        existing = _by_client_id(client_id)
        if existing is not None:
            return _same_client(existing, student)
        raise
    try:
        with transaction.atomic():
            # The database decides whether the row is new: the unique client_id (a retry) and the one
            # check-in/check-out per placement and day. No SELECT before: most check-ins are first ones.
            row.save(force_insert=True)
            _after_check(row, workplace, opening, student)
    except IntegrityError:
        if row.photo:
            row.photo.delete(save=False)  # stored before the INSERT failed: no row will ever name it
        # A retry of the same phone (its row is the answer, whether it came before or raced this one), or
        # a second check-in of the day from another id (a conflict).
        existing = _by_client_id(client_id)
        if existing is not None:
            return _same_client(existing, student)
        if kind == CheckKind.IN:
            raise AlreadyRecorded(_("You already checked in on %(day)s.") % {"day": row.date}) from None
        raise AlreadyRecorded(_("You already checked out on %(day)s.") % {"day": row.date}) from None
    return row, True


def _by_client_id(client_id) -> CheckIn | None:
    # With what its answer shows (the student's and the enterprise's names): no query per field.
    return (CheckIn.objects.select_related("placement__student", "placement__enterprise")
            .filter(client_id=client_id).first())


def _new_check_in(*, student, kind: str, latitude, longitude, accuracy_m, client_id: uuid.UUID,
                  client_time: datetime.datetime | None, offline: bool, placement: Placement | None,
                  reason: str, note: str, photo) -> tuple[CheckIn, Workplace, CheckIn | None]:
    """The unsaved row of a check-in that passes every rule, its workplace and (a check-out) the check-in it closes."""
    check_position(latitude, longitude, accuracy_m)
    if kind not in CheckKind.values:
        raise ValidationError({"kind": [_("Choose check-in or check-out.")]})
    now = timezone.now()
    client_time = client_time or now
    if client_time > now + FUTURE_TOLERANCE:
        raise ValidationError({"client_time": [_("The phone's clock is ahead of the time; set it right and retry.")]})
    if now - client_time > MAX_OFFLINE:
        raise ValidationError({"client_time": [
            _("This check-in was made more than %(h)s hours ago; ask your school mentor to record the day.")
            % {"h": int(MAX_OFFLINE.total_seconds() // 3600)}]})
    flags: list[str] = []
    if offline:
        at = client_time  # kept on the phone: when it really happened
    else:
        at = now
        if abs(client_time - now) > CLOCK_SKEW:
            flags.append(CheckFlag.CLOCK_SKEW)

    placement = _own_active_placement(student, placement)
    # The placement is the student's (checked just above): its answer names the student from the user at
    # hand rather than from another read.
    Placement.student.field.set_cached_value(placement, student)
    workplace = Workplace.for_placement(placement)
    local = _local(at)
    if kind == CheckKind.IN:
        day = local.date()
        opening = None
    else:
        opening = (CheckIn.objects.filter(placement=placement, kind=CheckKind.IN, at__lte=at,
                                          date__gte=local.date() - datetime.timedelta(days=1), date__lte=local.date())
                   .order_by("-date").first())
        if opening is None or at - opening.at > MAX_SHIFT:
            raise NotCheckedIn(_("Check in first: there is no check-in of this shift to close."))
        day = opening.date
    if not placement.start_date <= day <= placement.end_date:
        raise DomainError(_("%(day)s is outside the dates of your placement.") % {"day": day},
                          code="outside_placement")

    distance = None
    if workplace.has_position:
        distance = round(haversine_m(float(latitude), float(longitude), float(workplace.latitude),
                                     float(workplace.longitude)))
        if distance > workplace.radius_m:
            flags.append(CheckFlag.OUTSIDE_RADIUS)
    if float(accuracy_m) > workplace.radius_m:
        flags.append(CheckFlag.IMPRECISE)
    reason = (reason or "").strip()
    if CheckFlag.OUTSIDE_RADIUS in flags and not reason and not offline:
        raise ValidationError({"reason": [
            _("You are %(d)s m from your workplace (allowed: %(r)s m). Say why you check in from here.")
            % {"d": distance, "r": workplace.radius_m}]})

    row = CheckIn(client_id=client_id, placement=placement, kind=kind, date=day, at=at, client_time=client_time,
                  server_time=now, offline=offline, latitude=_degrees(latitude), longitude=_degrees(longitude),
                  accuracy_m=max(1, round(float(accuracy_m))), distance_m=distance, flags=flags,
                  flag_status=FlagStatus.OPEN if flags else FlagStatus.NONE, reason=reason, note=note or "")
    if photo:
        row.photo = photo
    row.full_clean(exclude=["placement", "client_id"], validate_unique=False, validate_constraints=False)
    return row, workplace, opening


def _same_client(existing: CheckIn, student) -> tuple[CheckIn, bool]:
    if existing.placement.student_id != student.pk:
        raise ClientIdTaken(_("This client id was already used for another check-in."))
    return existing, False


def _after_check(row: CheckIn, workplace: Workplace, opening: CheckIn | None, student) -> None:
    """What a new check-in means beyond itself: flags to review, breaches, a closed absence undone."""
    if row.flag_status == FlagStatus.OPEN:
        emit("attendance.checkin.flagged", row, actor=student, distance_m=row.distance_m,
             flags=",".join(row.flags))
    week = WorkWeek.of(workplace)
    if row.kind == CheckKind.IN:
        if not week.is_working_day(row.date):
            record_breach(placement=row.placement, kind=BreachKind.REST_DAY, day=row.date, check_in=row)
        if row.date < timezone.localdate():
            # Sent later from a phone that was offline: the day was closed as an absence meanwhile.
            if Absence.objects.filter(placement=row.placement, date=row.date).delete()[0]:
                absences_restreak(row.placement, row.date, week)
        return
    _check_working_time(row, opening, workplace)


def _check_working_time(out: CheckIn, opening: CheckIn, workplace: Workplace) -> None:
    night = night_minutes(opening.at, out.at)
    if night > 0:
        record_breach(placement=out.placement, kind=BreachKind.NIGHT, day=out.date, check_in=out,
                      hours=Decimal(night) / 60)
    today_worked = _hours(worked(opening.at, out.at, workplace.break_minutes))
    if today_worked > MAX_DAILY_HOURS:
        record_breach(placement=out.placement, kind=BreachKind.DAILY_HOURS, day=out.date, check_in=out,
                      hours=today_worked)
    monday = week_start(out.date)
    shifts: dict[datetime.date, dict[str, datetime.datetime]] = {}
    for day, kind, at in CheckIn.objects.filter(
            placement=out.placement, date__gte=monday, date__lte=monday + datetime.timedelta(days=6),
    ).exclude(flag_status=FlagStatus.REJECTED).values_list("date", "kind", "at"):
        shifts.setdefault(day, {})[kind] = at
    week_total = sum((worked(s["in"], s["out"], workplace.break_minutes) for s in shifts.values()
                      if "in" in s and "out" in s), datetime.timedelta())
    if _hours(week_total) > MAX_WEEKLY_HOURS:
        record_breach(placement=out.placement, kind=BreachKind.WEEKLY_HOURS, day=monday, check_in=out,
                      hours=_hours(week_total))


def record_breach(*, placement: Placement, kind: str, day: datetime.date, check_in: CheckIn | None = None,
                  hours: Decimal | None = None) -> WorkingTimeBreach:
    """One breach per placement, kind and day (a weekly one grows its hours); announced once."""
    if hours is not None:
        hours = Decimal(hours).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    breach, created = WorkingTimeBreach.objects.get_or_create(
        placement=placement, kind=kind, date=day, defaults={"hours": hours, "check_in": check_in})
    if created:
        emit("attendance.workingtimebreach.created", breach, actor=None, kind=kind, hours=float(hours or 0))
    elif hours is not None and (breach.hours is None or hours > breach.hours):
        WorkingTimeBreach.objects.filter(pk=breach.pk).update(hours=hours, check_in=check_in)
    return breach


def _review_check_in(*, check_in: CheckIn, by, target: str, note: str) -> CheckIn:
    with transaction.atomic():
        transition(check_in, sources=[FlagStatus.OPEN], target=target, by=by, note=note, field="flag_status",
                   extra_updates={"reviewed_by": by, "reviewed_at": timezone.now(), "review_note": note})
        if target == FlagStatus.REJECTED and check_in.kind == CheckKind.IN:
            record_absence_if_due(check_in.placement, check_in.date)
        emit(f"attendance.checkin.{target}", check_in, actor=by)
    return check_in


def check_in_accept(*, check_in: CheckIn, by, note: str = "") -> CheckIn:
    """The mentor accepts the reason of a flagged check-in: it counts as it is."""
    return _review_check_in(check_in=check_in, by=by, target=FlagStatus.ACCEPTED, note=note)


def check_in_reject(*, check_in: CheckIn, by, reason: str) -> CheckIn:
    """The mentor rejects a flagged check-in (e.g. made from home): the day counts as not attended."""
    return _review_check_in(check_in=check_in, by=by, target=FlagStatus.REJECTED, note=reason)


# ----------------------------------------------------------------------------- absences

def _present_or_excused(placement: Placement, day: datetime.date) -> bool:
    present = CheckIn.objects.filter(placement=placement, date=day, kind=CheckKind.IN).exclude(
        flag_status=FlagStatus.REJECTED).exists()
    excused = LeaveRequest.objects.filter(placement=placement, status=LeaveStatus.APPROVED, half_day=HalfDay.FULL,
                                          start_date__lte=day, end_date__gte=day).exists()
    return present or excused


def record_absence_if_due(placement: Placement, day: datetime.date) -> Absence | None:
    """Record one closed day as an absence when nothing accounts for it (a check-in rejected afterwards)."""
    week = week_of(placement)
    if day >= timezone.localdate() or not week.is_working_day(day) or _present_or_excused(placement, day):
        return None
    if not placement.start_date <= day <= placement.end_date:
        return None
    absence, created = Absence.objects.get_or_create(placement=placement, date=day)
    if created:
        absences_restreak(placement, day, week)
    return absence


def absences_restreak(placement: Placement, since: datetime.date, week: WorkWeek | None = None) -> None:
    """Recount the streaks of a placement's absences from ``since`` on, after one of them came or went."""
    week = week or week_of(placement)
    cal = calendar_map()
    anchor = week.previous_working_day(since, cal) or since
    streaks: dict[datetime.date, int] = {}
    changed = []
    for absence in Absence.objects.filter(placement=placement, date__gte=anchor).order_by("date"):
        if absence.date < since:  # the working day before: its streak stands
            streaks[absence.date] = absence.streak
            continue
        streak = streaks.get(week.previous_working_day(absence.date, cal), 0) + 1
        streaks[absence.date] = streak
        if absence.streak != streak:
            absence.streak = streak
            changed.append(absence)
    if changed:
        Absence.objects.bulk_update(changed, ["streak"])


def _excuse_absences(leave: LeaveRequest) -> None:
    if leave.is_half_day:
        return
    gone = Absence.objects.filter(placement=leave.placement, date__gte=leave.start_date,
                                  date__lte=leave.end_date).delete()[0]
    if gone:
        absences_restreak(leave.placement, leave.start_date)


# ----------------------------------------------------------------------------- leave

def leave_days(placement: Placement, start: datetime.date, end: datetime.date, half_day: str) -> Decimal:
    days = len(week_of(placement).working_days(start, end))
    if half_day != HalfDay.FULL:
        return Decimal("0.5") if days else Decimal("0")
    return Decimal(days)


def leave_request_create(*, student, start_date: datetime.date, end_date: datetime.date, reason: str,
                         kind: str = LeaveKind.PERSONAL, half_day: str = HalfDay.FULL,
                         placement: Placement | None = None, attachment=None) -> LeaveRequest:
    """A student asks for leave; the first approver follows the college's order."""
    rules = AttendanceRules.current()
    placement = _own_active_placement(student, placement)
    today = timezone.localdate()
    if end_date < start_date:
        raise ValidationError({"end_date": [_("The leave ends before it starts.")]})
    if half_day != HalfDay.FULL and end_date != start_date:
        raise ValidationError({"half_day": [_("A half day of leave is one date: give the same start and end.")]})
    earliest = today - datetime.timedelta(days=rules.leave_backdate_days)
    if start_date < earliest:
        raise ValidationError({"start_date": [
            _("Leave can start at most %(n)s days ago (from %(day)s); for earlier days ask your school mentor.")
            % {"n": rules.leave_backdate_days, "day": earliest}]})
    if start_date < placement.start_date or end_date > placement.end_date:
        raise ValidationError({"start_date": [
            _("Leave must fall within your placement (%(start)s – %(end)s).")
            % {"start": placement.start_date, "end": placement.end_date}]})
    days = leave_days(placement, start_date, end_date, half_day)
    if not days:
        raise ValidationError({"start_date": [_("There is no working day in this period.")]})
    if days > rules.leave_max_days:
        raise ValidationError({"end_date": [_("One request covers at most %(n)s working days.")
                                            % {"n": rules.leave_max_days}]})
    order = rules.leave_approval_order
    leave = LeaveRequest(placement=placement, kind=kind, start_date=start_date, end_date=end_date, half_day=half_day,
                         days=days, reason=reason, approval_order=order, status=APPROVAL_STAGES[order][0])
    if attachment:
        leave.attachment = attachment
    leave.full_clean(exclude=["placement"], validate_constraints=False)
    try:
        with transaction.atomic():
            leave.save(force_insert=True)
            emit_created(leave, actor=student)
    except IntegrityError:
        raise Overlap(_("You already asked for leave on some of these days.")) from None
    return leave


def _decision_fields(stage: str, by) -> dict:
    now = timezone.now()
    if stage == LeaveStatus.AWAITING_ENTERPRISE:
        return {"enterprise_decided_by": by, "enterprise_decided_at": now}
    return {"school_decided_by": by, "school_decided_at": now}


def leave_approve(*, leave: LeaveRequest, by, note: str = "") -> LeaveRequest:
    """The approver of the current stage says yes: on to the next stage, or approved after the last."""
    stage = leave.status
    stages = APPROVAL_STAGES[ApprovalOrder(leave.approval_order)]
    if stage not in stages:
        raise TransitionNotAllowed()
    index = stages.index(stage)
    target = stages[index + 1] if index + 1 < len(stages) else LeaveStatus.APPROVED
    with transaction.atomic():
        transition(leave, sources=[stage], target=target, by=by, note=note, extra_updates=_decision_fields(stage, by))
        if target == LeaveStatus.APPROVED:
            _excuse_absences(leave)
    return leave


def leave_refuse(*, leave: LeaveRequest, by, reason: str) -> LeaveRequest:
    stage = leave.status
    if stage not in PENDING_LEAVE:
        raise TransitionNotAllowed()
    return transition(leave, sources=[stage], target=LeaveStatus.REFUSED, by=by, note=reason,
                      extra_updates={**_decision_fields(stage, by), "refusal_reason": reason})


def leave_cancel(*, leave: LeaveRequest, by, note: str = "") -> LeaveRequest:
    """The student withdraws a request still waiting, or an approved leave that has not begun."""
    sources = list(PENDING_LEAVE)
    if leave.start_date > timezone.localdate():
        sources.append(LeaveStatus.APPROVED)
    return transition(leave, sources=sources, target=LeaveStatus.CANCELLED, by=by, note=note)


# ----------------------------------------------------------------------------- working time breaches

def breach_acknowledge(*, breach: WorkingTimeBreach, by, note: str) -> WorkingTimeBreach:
    """The school mentor or the college records what was done about a breach."""
    return transition(breach, sources=[BreachStatus.OPEN], target=BreachStatus.ACKNOWLEDGED, by=by, note=note,
                      extra_updates={"note": note, "acknowledged_by": by, "acknowledged_at": timezone.now()})


# ----------------------------------------------------------------------------- workplace, calendar, rules

WORKPLACE_FIELDS = ("address", "latitude", "longitude", "radius_m", "work_start", "work_end", "break_minutes",
                    "weekdays", "follows_public_calendar")


@transaction.atomic
def workplace_update(*, placement: Placement, by, **values) -> Workplace:
    """Set where and when the intern works (the enterprise or the school mentor)."""
    unknown = set(values) - set(WORKPLACE_FIELDS)
    if unknown:
        raise ValueError(f"not workplace fields: {sorted(unknown)}")
    workplace = Workplace.objects.select_for_update().filter(placement=placement).first() \
        or Workplace(placement=placement, radius_m=AttendanceRules.current().default_radius_m)
    for name, value in values.items():
        setattr(workplace, name, value)
    if (workplace.latitude is None) != (workplace.longitude is None):
        raise ValidationError({"longitude": [_("Give both latitude and longitude, or neither.")]})
    if workplace.latitude is not None and workplace.latitude == 0 and workplace.longitude == 0:
        raise ValidationError({"latitude": [_("0, 0 is not a workplace: give its real position.")]})
    if workplace.work_end <= workplace.work_start:
        raise ValidationError({"work_end": [_("Work ends after it starts.")]})
    workplace.weekdays = "".join(sorted(workplace.weekdays or ""))
    workplace.updated_by = by if getattr(by, "is_authenticated", False) else None
    workplace.full_clean(exclude=["placement"], validate_constraints=False)
    workplace.save()
    return workplace


def calendar_day_save(*, by, day: CalendarDay | None = None, **values) -> CalendarDay:
    day = day or CalendarDay()
    for name, value in values.items():
        setattr(day, name, value)
    day.updated_by = by if getattr(by, "is_authenticated", False) else None
    day.full_clean()
    day.save()
    forget()
    return day


def calendar_day_delete(*, day: CalendarDay, by) -> None:
    day.delete()
    forget()


RULE_FIELDS = ("leave_approval_order", "leave_backdate_days", "leave_max_days", "reminder_time",
               "streak_mentor_days", "streak_admin_days", "visits_per_placement", "default_radius_m")


@transaction.atomic
def rules_update(*, by, **values) -> AttendanceRules:
    rules, _created = AttendanceRules.objects.select_for_update().get_or_create(pk=1)
    for name, value in values.items():
        if name not in RULE_FIELDS:
            raise ValueError(f"not a rule: {name}")
        setattr(rules, name, value)
    if rules.streak_admin_days < rules.streak_mentor_days:
        raise ValidationError({"streak_admin_days": [
            _("College admins are told of longer absences than school mentors, not shorter.")]})
    rules.updated_by = by if getattr(by, "is_authenticated", False) else None
    rules.full_clean()
    rules.save()
    forget()
    return rules


# ----------------------------------------------------------------------------- supervision visits

def _visit_rules(*, by, enterprise, visited_on: datetime.date, placements) -> list[Placement]:
    acc = access_for(by)
    placements = list(placements)
    if visited_on > timezone.localdate():
        raise ValidationError({"visited_on": [_("Record a visit once it has taken place.")]})
    if not acc.is_college_admin:
        mine = Placement.objects.filter(enterprise_id=enterprise.pk, school_mentor_id=by.pk)
        if not mine.exists():
            raise ValidationError({"enterprise": [_("None of your mentees is placed at this enterprise.")]})
    if not placements:
        raise ValidationError({"placements": [_("Name at least one intern you met.")]})
    wrong = [p for p in placements if p.enterprise_id != enterprise.pk
             or (not acc.is_college_admin and p.school_mentor_id != by.pk)]
    if wrong:
        raise ValidationError({"placements": [
            _("Only your own mentees placed at this enterprise: %(names)s is not.")
            % {"names": ", ".join(str(p.student) for p in wrong)}]})
    outside = [p for p in placements if not p.start_date <= visited_on <= p.end_date]
    if outside:
        raise ValidationError({"visited_on": [
            _("%(names)s was not on placement on that day.") % {"names": ", ".join(str(p.student) for p in outside)}]})
    return placements


def visit_record(*, by, enterprise, visited_on: datetime.date, mode: str, placements, findings: str,
                 follow_up: str = "") -> SupervisionVisit:
    """A teacher records a visit to a host enterprise where their mentees work."""
    placements = _visit_rules(by=by, enterprise=enterprise, visited_on=visited_on, placements=placements)
    visit = SupervisionVisit(teacher=by, enterprise=enterprise, visited_on=visited_on, mode=mode, findings=findings,
                             follow_up=follow_up)
    visit.full_clean(exclude=["teacher", "enterprise"])
    with transaction.atomic():
        visit.save()
        visit.placements.set(placements)
        emit_created(visit, actor=by)
    return visit


@transaction.atomic
def visit_update(*, visit: SupervisionVisit, by, placements=None, **values) -> SupervisionVisit:
    for name in ("visited_on", "mode", "findings", "follow_up"):
        if name in values:
            setattr(visit, name, values[name])
    current = placements if placements is not None else list(visit.placements.all())
    placements = _visit_rules(by=visit.teacher, enterprise=visit.enterprise, visited_on=visit.visited_on,
                              placements=current)
    visit.full_clean(exclude=["teacher", "enterprise"])
    visit.save()
    visit.placements.set(placements)
    return visit


def visit_add_photo(*, visit: SupervisionVisit, by, file) -> VisitPhoto:
    photo = VisitPhoto(visit=visit, file=file)
    photo.full_clean(exclude=["visit"])
    photo.save()
    return photo
