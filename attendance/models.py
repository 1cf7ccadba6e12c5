"""Attendance: check-ins, leave, the working-day calendar, absences, working-time breaches, visits.

Every row hangs on an internship placement (``internships.Placement``) and is seen through the
placement's scope: a student sees their own, an enterprise its interns', a teacher their mentees',
a college admin everything (``visible_to``).
"""
from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, F, Func, OuterRef, Q, Value
from django.utils.translation import gettext_lazy as _

from accounts.policy import access_for
from core.constraints import same_id
from core.search import DefersGrams, gram_field
from core.uploads import RandomUploadTo, UploadValidator
from internships.models import Placement, placement_shown, placements_first

from .choices import (
    ApprovalOrder,
    BreachKind,
    BreachStatus,
    CalendarDayKind,
    CheckKind,
    FlagStatus,
    HalfDay,
    LeaveKind,
    LeaveStatus,
    NoticeKind,
    VisitMode,
)

PHOTO_VALIDATOR = UploadValidator(kinds=("jpg", "png"))
DOCUMENT_VALIDATOR = UploadValidator(kinds=("pdf", "jpg", "png"))
DEFAULT_RADIUS_M = 500
DEFAULT_WEEKDAYS = "12345"
WEEKDAYS_VALIDATOR = RegexValidator(r"^(?!.*(.).*\1)[1-7]{1,7}$",
                                    _("ISO weekdays as digits without repeats: 1 is Monday, 7 is Sunday (e.g. 12345)."))


def through_placement(qs: models.QuerySet, user, field: str = "placement", *, as_ids: int = 0) -> models.QuerySet:
    """Rows whose placement the user may see: the one scope of internships.Placement, reused.

    With ``as_ids`` (a list's rows) the placements are read first and, when there are at most that many, given as
    a constant array (``internships.models.placements_first``, ``core.search.SCOPE_IDS``): through the subquery
    PostgreSQL took a teacher's placements for a sixth of the province's and walked every check-in in the list's
    order probing each one's placement (45 ms at scale 10) where the array lets it read the teacher's own.
    """
    acc = access_for(user)
    if acc.is_college_admin:
        return qs
    if not acc.is_authenticated:
        return qs.none()
    first = placements_first(user, as_ids, f"{field}_id")
    if first is not None:
        return qs.filter(first)
    return qs.filter(**{f"{field}__in": Placement.objects.visible_to(user).values("pk")})


# ----------------------------------------------------------------------------- the college's rules

class AttendanceRules(models.Model):
    """The college's attendance rules: one row, edited by college admins (``AttendanceRules.current()``)."""

    leave_approval_order = models.CharField(_("leave approval order"), max_length=20, choices=ApprovalOrder.choices,
                                            default=ApprovalOrder.ENTERPRISE_FIRST)
    leave_backdate_days = models.PositiveSmallIntegerField(
        _("leave may start up to (days ago)"), default=3, validators=[MaxValueValidator(60)],
        help_text=_("Leave for days further in the past must be settled with the school mentor."))
    leave_max_days = models.PositiveSmallIntegerField(
        _("longest leave in one request (days)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(180)])
    reminder_time = models.TimeField(
        _("daily reminder at"), default=datetime.time(10, 0),
        help_text=_("Students without a check-in are reminded at this time; yesterday's absences are closed then."))
    streak_mentor_days = models.PositiveSmallIntegerField(
        _("tell the school mentor after (days absent in a row)"), default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)])
    streak_admin_days = models.PositiveSmallIntegerField(
        _("show college admins from (days absent in a row)"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)])
    visits_per_placement = models.PositiveSmallIntegerField(
        _("supervision visits per placement and term"), default=1, validators=[MaxValueValidator(20)])
    default_radius_m = models.PositiveIntegerField(
        _("default workplace radius (m)"), default=DEFAULT_RADIUS_M,
        validators=[MinValueValidator(50), MaxValueValidator(5000)])
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance rules")
        verbose_name_plural = _("attendance rules")
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(id=1), name="attendance_rules_single_row")]

    def __str__(self) -> str:
        return str(_("Attendance rules"))

    @classmethod
    def current(cls) -> AttendanceRules:
        from .calendar import cached_rules

        return cached_rules()


# ----------------------------------------------------------------------------- where and when one works

class Workplace(models.Model):
    """Where and when the intern of one placement works: position, radius and working week."""

    placement = models.OneToOneField(Placement, verbose_name=_("placement"), primary_key=True,
                                     on_delete=models.CASCADE, related_name="workplace")
    address = models.CharField(_("address"), max_length=255, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                   validators=[MinValueValidator(-90), MaxValueValidator(90)],
                                   help_text=_("WGS-84, as phones report it (not the GCJ-02 of Chinese map apps)."))
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True,
                                    validators=[MinValueValidator(-180), MaxValueValidator(180)])
    radius_m = models.PositiveIntegerField(_("radius (m)"), default=DEFAULT_RADIUS_M,
                                           validators=[MinValueValidator(50), MaxValueValidator(5000)])
    work_start = models.TimeField(_("work starts"), default=datetime.time(9, 0))
    work_end = models.TimeField(_("work ends"), default=datetime.time(18, 0))
    break_minutes = models.PositiveSmallIntegerField(_("unpaid break (minutes)"), default=60,
                                                     validators=[MaxValueValidator(240)])
    weekdays = models.CharField(_("working week"), max_length=7, default=DEFAULT_WEEKDAYS,
                                validators=[WEEKDAYS_VALIDATOR],
                                help_text=_("ISO weekdays: 1 is Monday, 7 is Sunday; 12345 is Monday to Friday."))
    follows_public_calendar = models.BooleanField(
        _("follows the public holiday calendar"), default=True,
        help_text=_("Public holidays are rest days and make-up workdays (调休) are working days."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("workplace")
        verbose_name_plural = _("workplaces")
        ordering = ["placement_id"]
        constraints = [
            models.CheckConstraint(condition=Q(latitude__isnull=True, longitude__isnull=True)
                                   | Q(latitude__isnull=False, longitude__isnull=False),
                                   name="workplace_both_coordinates_or_none"),
            models.CheckConstraint(condition=Q(latitude__gte=-90, latitude__lte=90) | Q(latitude__isnull=True),
                                   name="workplace_latitude_range"),
            models.CheckConstraint(condition=Q(longitude__gte=-180, longitude__lte=180) | Q(longitude__isnull=True),
                                   name="workplace_longitude_range"),
            models.CheckConstraint(condition=Q(radius_m__gte=50, radius_m__lte=5000), name="workplace_radius_range"),
            models.CheckConstraint(condition=Q(work_end__gt=F("work_start")), name="workplace_hours_ordered"),
            models.CheckConstraint(condition=Q(weekdays__regex=r"^[1-7]{1,7}$"), name="workplace_weekdays_digits"),
        ]

    def __str__(self) -> str:
        return self.address or str(self.placement)

    @property
    def has_position(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @classmethod
    def for_placement(cls, placement: Placement) -> Workplace:
        """The placement's workplace, or an unsaved one with the defaults (radius from the college's rules)."""
        try:
            return placement.workplace
        except cls.DoesNotExist:
            return cls(placement=placement, radius_m=AttendanceRules.current().default_radius_m)


class CalendarDayQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if access_for(user).is_authenticated else self.none()


class CalendarDay(models.Model):
    """A day that breaks the ordinary week: a public holiday, or a weekend day worked instead (调休)."""

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField(_("name"), max_length=60, help_text=_("E.g. Spring Festival (春节)."))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("updated by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CalendarDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


# ----------------------------------------------------------------------------- check-ins

class CheckInQuerySet(models.QuerySet):
    def visible_to(self, user, *, as_ids: int = 0):
        return through_placement(self, user, as_ids=as_ids)

    def shows(self, user, check_in) -> bool:
        """True when the check-in (its placement loaded) is known to be in ``visible_to(user)`` without a query."""
        return placement_shown(user, check_in.placement)


class CheckIn(models.Model):
    """One check-in or check-out of an intern, with where the phone was and both clocks.

    ``client_id`` is made by the phone: a retry on a flaky network, or a check-in kept offline and
    sent again, finds its row instead of making a second one. ``date`` is the work day the record
    belongs to (a check-out after midnight closes the previous day's shift); ``at`` is when it
    happened: the phone's time for a check-in kept offline and sent later, the server's otherwise.
    """

    client_id = models.UUIDField(_("client id"), unique=True, default=uuid.uuid4,
                                 help_text=_("Made by the phone; the same id never makes a second row."))
    # No index of its own: the unique (placement, date, kind) below serves every lookup by placement.
    placement = models.ForeignKey(Placement, verbose_name=_("placement"), on_delete=models.PROTECT,
                                  related_name="check_ins", db_index=False)
    kind = models.CharField(_("kind"), max_length=3, choices=CheckKind.choices)
    date = models.DateField(_("work day"))
    at = models.DateTimeField(_("time"))
    client_time = models.DateTimeField(_("time on the phone"))
    server_time = models.DateTimeField(_("time received"))
    offline = models.BooleanField(_("kept offline and sent later"), default=False)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6)
    accuracy_m = models.PositiveIntegerField(_("accuracy (m)"))
    distance_m = models.PositiveIntegerField(_("distance from the workplace (m)"), null=True, blank=True)
    flags = ArrayField(models.CharField(max_length=20), verbose_name=_("flags"), default=list, blank=True)
    flag_status = models.CharField(_("review"), max_length=10, choices=FlagStatus.choices, default=FlagStatus.NONE)
    reason = models.TextField(_("reason"), blank=True, max_length=1000,
                              help_text=_("Why the check-in is away from the workplace."))
    note = models.TextField(_("note"), blank=True, max_length=1000)
    photo = models.FileField(_("photo"), upload_to=RandomUploadTo("attendance/photos"), blank=True,
                             validators=[PHOTO_VALIDATOR])
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        ordering = ["-date", "-id"]
        indexes = [
            # Lists newest first (all of a college, or one day's board): an index walk that stops after a page.
            # Kind and placement are carried in it so that a day's check-ins of active placements (the
            # dashboards' "checked in today") is one range of this index hashed against the active placements:
            # without them PostgreSQL priced that range as heap reads and probed the unique index once for
            # each of a province's 90,000 active placements instead (250-300 ms against 50 ms).
            models.Index(fields=["-date", "-id"], name="checkin_newest", include=["kind", "placement"]),
            # The review queue: only the few open flags are indexed.
            models.Index(fields=["-date", "-id"], name="checkin_open_flags", condition=Q(flag_status="open")),
        ]
        constraints = [
            # At most one check-in and one check-out per placement and work day; it also serves every lookup of
            # one placement's days (the absence job's NOT EXISTS, a student's month).
            models.UniqueConstraint(fields=["placement", "date", "kind"], name="checkin_once_per_day_and_kind"),
            models.CheckConstraint(condition=Q(latitude__gte=-90, latitude__lte=90), name="checkin_latitude_range"),
            models.CheckConstraint(condition=Q(longitude__gte=-180, longitude__lte=180),
                                   name="checkin_longitude_range"),
            models.CheckConstraint(condition=Q(accuracy_m__gte=1), name="checkin_accuracy_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date} · {self.placement_id}"

    @property
    def counts(self) -> bool:
        """A rejected check-in does not make the day a present one."""
        return self.flag_status != FlagStatus.REJECTED


# ----------------------------------------------------------------------------- leave

class LeaveRequestQuerySet(models.QuerySet):
    def visible_to(self, user, *, as_ids: int = 0):
        return through_placement(self, user, as_ids=as_ids)


class LeaveRequest(models.Model):
    """A student's request for leave (请假), decided by the two mentors in the order the college set."""

    placement = models.ForeignKey(Placement, verbose_name=_("placement"), on_delete=models.PROTECT,
                                  related_name="leave_requests", db_index=False)  # leave_placement_start leads with it
    kind = models.CharField(_("kind"), max_length=10, choices=LeaveKind.choices, default=LeaveKind.PERSONAL)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    half_day = models.CharField(_("part of the day"), max_length=4, choices=HalfDay.choices, default=HalfDay.FULL,
                                help_text=_("A half day is one date only."))
    days = models.DecimalField(_("working days"), max_digits=5, decimal_places=1, editable=False)
    reason = models.TextField(_("reason"), max_length=2000)
    attachment = models.FileField(_("attachment"), upload_to=RandomUploadTo("attendance/leave"), blank=True,
                                  validators=[DOCUMENT_VALIDATOR],
                                  help_text=_("E.g. a doctor's note (PDF, JPG, PNG)."))
    approval_order = models.CharField(_("approval order"), max_length=20, choices=ApprovalOrder.choices,
                                      editable=False)
    status = models.CharField(_("status"), max_length=20, choices=LeaveStatus.choices, db_index=True)
    enterprise_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("enterprise decision by"),
                                              null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    enterprise_decided_at = models.DateTimeField(_("enterprise decision at"), null=True, blank=True)
    school_decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("school decision by"),
                                          null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    school_decided_at = models.DateTimeField(_("school decision at"), null=True, blank=True)
    refusal_reason = models.TextField(_("reason for refusal"), blank=True)
    created_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = LeaveRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("leave request")
        verbose_name_plural = _("leave requests")
        ordering = ["-start_date", "-id"]
        # leave_newest is the lists' order, walked for a page: without it every request of the province (190,000)
        # was read and sorted for each page of 50 (110 ms; 160 ms for a college's 19,000 on a cold plan).
        indexes = [models.Index(fields=["placement", "start_date"], name="leave_placement_start"),
                   models.Index(fields=["-start_date", "-id"], name="leave_newest")]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="leave_dates_ordered"),
            models.CheckConstraint(condition=Q(half_day="full") | Q(end_date=F("start_date")),
                                   name="leave_half_day_is_one_date"),
            # Two open or granted requests of one placement never cover the same day.
            ExclusionConstraint(
                name="leave_no_overlap",
                expressions=[
                    (same_id("placement"), RangeOperators.OVERLAPS),
                    (Func(F("start_date"), F("end_date"), Value("[]"), function="daterange",
                          output_field=DateRangeField()), RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=["awaiting_enterprise", "awaiting_school", "approved"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement.student} · {self.start_date}–{self.end_date}"

    @property
    def is_half_day(self) -> bool:
        return self.half_day != HalfDay.FULL


# ----------------------------------------------------------------------------- absences and notices

class AbsenceQuerySet(models.QuerySet):
    def visible_to(self, user, *, as_ids: int = 0):
        return through_placement(self, user, as_ids=as_ids)


class Absence(models.Model):
    """A working day of an active placement without a check-in or approved leave, closed by the daily job.

    ``streak`` counts the absent working days in a row ending on this one (rest days do not break it).
    """

    placement = models.ForeignKey(Placement, verbose_name=_("placement"), on_delete=models.CASCADE,
                                  related_name="absences", db_index=False)  # absence_once_per_day leads with it
    date = models.DateField(_("date"))
    streak = models.PositiveSmallIntegerField(_("days in a row"), default=1)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        ordering = ["-date", "-id"]
        # Who is absent several days in a row on a day (the admins' list, the mentors' notices); the lists' order.
        indexes = [models.Index(fields=["date", "streak"], name="absence_day_streak"),
                   models.Index(fields=["-date", "-id"], name="absence_newest")]
        constraints = [models.UniqueConstraint(fields=["placement", "date"], name="absence_once_per_day")]

    def __str__(self) -> str:
        return f"{self.placement_id} · {self.date} ({self.streak})"


class JobRun(models.Model):
    """One run of the daily attendance job: at most one per day, whichever worker gets there first."""

    day = models.DateField(_("day"), unique=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    stats = models.JSONField(_("figures"), default=dict, blank=True)

    class Meta:
        verbose_name = _("daily attendance run")
        verbose_name_plural = _("daily attendance runs")
        ordering = ["-day"]

    def __str__(self) -> str:
        return str(self.day)


class NoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if not acc.is_authenticated:
            return self.none()
        return self.filter(recipient_id=acc.user_id)


class Notice(models.Model):
    """Everything the daily job has to tell one person on one day, in one message (at most one a day)."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
                                  related_name="attendance_notices")
    day = models.DateField(_("day"))
    kind = models.CharField(_("about"), max_length=20, choices=NoticeKind.choices)
    items = models.JSONField(_("items"), default=list)
    run = models.ForeignKey(JobRun, verbose_name=_("run"), null=True, blank=True, on_delete=models.SET_NULL,
                            related_name="notices")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("attendance notice")
        verbose_name_plural = _("attendance notices")
        ordering = ["-day", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="notice_once_per_person_and_day")]

    def __str__(self) -> str:
        return f"{self.recipient_id} · {self.day} · {self.kind}"


# ----------------------------------------------------------------------------- working time

class BreachQuerySet(models.QuerySet):
    def visible_to(self, user, *, as_ids: int = 0):
        return through_placement(self, user, as_ids=as_ids)


class WorkingTimeBreach(models.Model):
    """Work the clock shows and the 2021 rules forbid interns: night work, overtime, rest days."""

    placement = models.ForeignKey(Placement, verbose_name=_("placement"), on_delete=models.CASCADE,
                                  related_name="working_time_breaches", db_index=False)  # breach_once_per_day leads
    kind = models.CharField(_("kind"), max_length=15, choices=BreachKind.choices)
    date = models.DateField(_("day"), help_text=_("The work day; for a weekly breach, the Monday of the week."))
    hours = models.DecimalField(_("hours"), max_digits=5, decimal_places=2, null=True, blank=True)
    check_in = models.ForeignKey(CheckIn, verbose_name=_("shown by"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=15, choices=BreachStatus.choices, default=BreachStatus.OPEN,
                              db_index=True)
    note = models.TextField(_("follow-up"), blank=True)
    acknowledged_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("followed up by"), null=True,
                                        blank=True, on_delete=models.SET_NULL, related_name="+")
    acknowledged_at = models.DateTimeField(_("followed up at"), null=True, blank=True)
    created_at = models.DateTimeField(_("detected at"), auto_now_add=True)

    objects = BreachQuerySet.as_manager()

    class Meta:
        verbose_name = _("working-time breach")
        verbose_name_plural = _("working-time breaches")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["-date", "-id"], name="breach_newest")]  # the lists' order
        constraints = [models.UniqueConstraint(fields=["placement", "kind", "date"], name="breach_once_per_day")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.date}"


# ----------------------------------------------------------------------------- supervision visits

class VisitQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        met = SupervisionVisit.placements.through.objects.filter(
            supervisionvisit_id=OuterRef("pk"), placement__in=Placement.objects.visible_to(user).values("pk"))
        q = Q(teacher_id=acc.user_id) | Q(Exists(met))
        if acc.enterprise_ids:
            q |= Q(enterprise_id__in=acc.enterprise_ids)
        return self.filter(q)


class VisitManager(DefersGrams, models.Manager.from_queryset(VisitQuerySet)):
    pass


class SupervisionVisit(models.Model):
    """A teacher's visit (巡查/走访) to a host enterprise: whom they met, what they found, what follows."""

    teacher = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("teacher"), on_delete=models.PROTECT,
                                related_name="supervision_visits")
    enterprise = models.ForeignKey("accounts.Organization", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="supervision_visits")
    visited_on = models.DateField(_("date"))
    mode = models.CharField(_("how"), max_length=10, choices=VisitMode.choices, default=VisitMode.ON_SITE)
    placements = models.ManyToManyField(Placement, verbose_name=_("interns met"), related_name="supervision_visits")
    findings = models.TextField(_("findings"), max_length=5000)
    follow_up = models.TextField(_("follow-up"), blank=True, max_length=5000)
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The characters and character pairs of the searched texts, kept by PostgreSQL on every write: ?search= finds
    # its candidates in their GIN index instead of reading every row (core.search, docs/PERFORMANCE.md).
    search_grams = gram_field("findings", "follow_up", verbose_name=_("search grams"))

    objects = VisitManager()

    class Meta:
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        ordering = ["-visited_on", "-id"]
        indexes = [models.Index(fields=["teacher", "-visited_on"], name="visit_teacher_latest"),
                   models.Index(fields=["enterprise", "-visited_on"], name="visit_enterprise_latest"),
                   # The lists' order: a page of 50 read every visit of the province and sorted them (43 ms).
                   models.Index(fields=["-visited_on", "-id"], name="visit_newest"),
                   GinIndex(fields=["search_grams"], name="visit_search_grams", fastupdate=False)]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.visited_on}"


class VisitPhoto(models.Model):
    """A photo taken on a supervision visit."""

    visit = models.ForeignKey(SupervisionVisit, verbose_name=_("visit"), on_delete=models.CASCADE,
                              related_name="photos")
    file = models.FileField(_("photo"), upload_to=RandomUploadTo("attendance/visits"), validators=[PHOTO_VALIDATOR])
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.file.name
