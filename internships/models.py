"""Internships: postings, applications, placements, weekly logs, evaluations, outcomes, incidents."""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import Role
from accounts.policy import access_for
from core.search import DefersGrams, any_of, gram_field, ids_up_to
from core.tally import EnterpriseTally
from core.uploads import RandomUploadTo, UploadValidator

from .choices import (
    EMPLOYED_KINDS,
    ApplicationStatus,
    ComplianceRule,
    EvaluationStage,
    EvaluationStatus,
    EvaluatorRole,
    IncidentSeverity,
    IncidentStatus,
    LogGrade,
    LogStatus,
    OutcomeKind,
    PlacementStatus,
    PostingStatus,
)

# A placement in these states occupies the student and counts against the enterprise's intern caps.
CURRENT_PLACEMENT_STATES = (PlacementStatus.PENDING, PlacementStatus.ACTIVE)
# A placement in these states has begun: it has weeks, logs and evaluations.
STARTED_PLACEMENT_STATES = (PlacementStatus.ACTIVE, PlacementStatus.COMPLETED, PlacementStatus.TERMINATED)
# Days after the end of a placement week within which a log still counts as on time.
LOG_GRACE_DAYS = 3

CV_VALIDATOR = UploadValidator(kinds=("pdf", "docx"))
DOCUMENT_VALIDATOR = UploadValidator(kinds=("pdf", "jpg", "png"))
ATTACHMENT_VALIDATOR = UploadValidator()


def _placement_terms(acc) -> list[tuple[str, object]]:
    """The placement scope of a signed-in user who is not a college admin: ``(field, value)`` pairs, any of which
    shows a placement (``field = value``, or ``field IN value`` for a ``__in`` field). The one statement of the
    rule: ``_placement_scope`` writes it as SQL, ``placement_shown`` reads it off a loaded row."""
    terms: list[tuple[str, object]] = [("enterprise_mentor_id", acc.user_id)]
    if acc.enterprise_ids:
        terms.append(("enterprise_id__in", acc.enterprise_ids))
    if acc.is_teacher:
        terms.append(("school_mentor_id", acc.user_id))
    if acc.is_student:
        terms.append(("student_id", acc.user_id))
    if acc.is_department_admin:
        # The placements of their departments' students, whoever mentors or hosts them (a subquery).
        terms.append(("student_id__in", acc.department_members(Role.STUDENT)))
    return terms


def _placement_scope(user, prefix: str = "") -> Q | None:
    """Q over placements (optionally through ``prefix``) the user may see; None means everything."""
    acc = access_for(user)
    if acc.is_college_admin:
        return None
    if not acc.is_authenticated:
        return Q(pk__in=[])
    q = Q()
    for field, value in _placement_terms(acc):
        q |= Q(**{f"{prefix}{field}": value})
    return q


class PostingQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(enterprise_id__in=acc.enterprise_ids)
        if acc.is_student or acc.is_teacher or acc.is_department_admin:
            q |= Q(status__in=[PostingStatus.PUBLISHED, PostingStatus.CLOSED])
        return self.filter(q)

    def open(self):
        today = timezone.localdate()
        return self.filter(status=PostingStatus.PUBLISHED).filter(
            Q(application_deadline__isnull=True) | Q(application_deadline__gte=today)
        )


class PostingManager(DefersGrams, models.Manager.from_queryset(PostingQuerySet)):
    pass


class Posting(models.Model):
    """An internship offer of an enterprise with a number of slots."""

    enterprise = models.ForeignKey(
        "accounts.Organization", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="postings",
        db_index=False,  # posting_enterprise_status leads with it
    )
    title = models.CharField(_("title"), max_length=200)
    post = models.CharField(_("post"), max_length=120, help_text=_("The job post (岗位) the intern fills."))
    description = models.TextField(_("description"), blank=True)
    slots = models.PositiveIntegerField(_("slots"), default=1)
    accepted_count = models.PositiveIntegerField(_("accepted"), default=0, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=PostingStatus.choices, default=PostingStatus.DRAFT, db_index=True
    )
    competencies = models.ManyToManyField(
        "curriculum.Competency", verbose_name=_("competencies required"), related_name="postings", blank=True
    )
    location = models.CharField(_("location"), max_length=120, blank=True)
    stipend_monthly = models.DecimalField(
        _("monthly stipend (CNY)"), max_digits=10, decimal_places=2, default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    daily_hours = models.DecimalField(
        _("daily working hours"), max_digits=4, decimal_places=1, default=Decimal("8"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    weekly_hours = models.DecimalField(
        _("weekly working hours"), max_digits=4, decimal_places=1, default=Decimal("40"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("168"))],
    )
    night_shift = models.BooleanField(_("night shifts"), default=False,
                                      help_text=_("Work between 22:00 and 06:00; not allowed for interns."))
    overtime = models.BooleanField(_("overtime"), default=False, help_text=_("Not allowed for interns."))
    post_staff_count = models.PositiveIntegerField(
        _("staff on this post"), default=0,
        help_text=_("How many employees hold this post; interns may be at most 20 percent of them."),
    )
    application_deadline = models.DateField(_("application deadline"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The characters and character pairs of the searched texts, kept by PostgreSQL on every write: ?search= finds
    # its candidates in their GIN index instead of reading every row (core.search, docs/PERFORMANCE.md).
    search_grams = gram_field("title", "post", "description", "location", verbose_name=_("search grams"))

    objects = PostingManager()

    class Meta:
        verbose_name = _("internship posting")
        verbose_name_plural = _("internship postings")
        ordering = ["-created_at"]
        # Lists read the newest first, alone or within one status (docs/PERFORMANCE.md, chosen with EXPLAIN).
        indexes = [
            models.Index(fields=["-created_at"], name="posting_newest"),
            models.Index(fields=["status", "-created_at"], name="posting_status_newest"),
            # An enterprise's postings, and their counts by status from the index alone (its dashboard's chart, the
            # per-enterprise numbers): the largest enterprise of a province has 6,500 postings on 4,400 pages.
            models.Index(fields=["enterprise", "status"], name="posting_enterprise_status"),
            GinIndex(fields=["search_grams"], name="posting_search_grams", fastupdate=False),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(slots__gte=1), name="posting_slots_positive"),
            # Last guard of the capacity rule: the counter the accept service raises can never pass the slots.
            models.CheckConstraint(condition=Q(accepted_count__lte=F("slots")), name="posting_accepted_within_slots"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(start_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="posting_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def slots_left(self) -> int:
        return max(self.slots - self.accepted_count, 0)


class ApplicationQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(posting__enterprise_id__in=acc.enterprise_ids)
        if acc.is_student:
            q |= Q(student_id=acc.user_id)
        if acc.is_department_admin:
            q |= Q(student_id__in=acc.department_members(Role.STUDENT))
        return self.filter(q)

    def tallied_total(self, user, status: str | None = None) -> int | None:
        """How many applications ``visible_to(user)`` holds (of ``status``), read from the tally the database keeps
        (``ApplicationTally``): a handful of rows instead of counting a college's or an enterprise's applications,
        which every write of anyone's application would make every list recount. None where the scope is not a
        set of whole enterprises (a student's own, a department's students): then the list counts its rows."""
        acc = access_for(user)
        if acc.is_college_admin:
            return ApplicationTally.total(status=status)
        if acc.is_authenticated and not (acc.is_student or acc.is_department_admin):
            return ApplicationTally.total(acc.enterprise_ids, status)
        return None


class Application(models.Model):
    """A student's application to one posting, moving through the hiring pipeline."""

    posting = models.ForeignKey(Posting, verbose_name=_("posting"), on_delete=models.CASCADE,
                                related_name="applications")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("student"), on_delete=models.PROTECT,
                                related_name="internship_applications")
    note = models.TextField(_("cover note"), blank=True, help_text=_("Why you fit this post, in a few lines."))
    cv = models.FileField(_("CV"), upload_to=RandomUploadTo("internships/cv"), validators=[CV_VALIDATOR], blank=True,
                          help_text=_("PDF or Word (DOCX), at most 10 MB."))
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.SUBMITTED, db_index=True)
    created_at = models.DateTimeField(_("applied at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        # Without them the default list sorts all applications joined to postings, users and enterprises
        # for every page; with them PostgreSQL walks the index and stops after one page.
        indexes = [
            models.Index(fields=["-created_at"], name="application_newest"),
            models.Index(fields=["status", "-created_at"], name="application_status_newest"),
            models.Index(fields=["posting", "-created_at"], name="application_posting_newest"),
            # Counts per posting and status (per-enterprise numbers) read the index alone.
            models.Index(fields=["posting", "status"], name="application_posting_status"),
        ]
        constraints = [models.UniqueConstraint(fields=["posting", "student"], name="application_once_per_posting")]

    def __str__(self) -> str:
        return f"{self.student} → {self.posting}"


class ApplicationTally(EnterpriseTally):
    """How many applications each enterprise's postings hold in each status, kept by the database (core/tally.py,
    migration 0011), exact in the same transaction whatever wrote them. An enterprise's applications by status
    (its dashboard, the per-enterprise numbers, its list's total) are then a handful of rows: the busiest
    enterprise of a province has 60,000 applications, counted in 30–45 ms and forgotten by every shortlist or
    reject of anyone's. Applying to one enterprise takes its row until the transaction ends: applications to
    one enterprise queue for the few milliseconds between the insert and the commit."""

    class Meta:
        verbose_name = _("application tally")
        verbose_name_plural = _("application tallies")


class PlacementTally(EnterpriseTally):
    """How many placements each enterprise hosts in each status, kept by the database (core/tally.py, migration
    0014): the college's and an enterprise's placement lists, narrowed by nothing but a status, answer their
    totals from it, as the dashboards their active and pending interns."""

    class Meta:
        verbose_name = _("placement tally")
        verbose_name_plural = _("placement tallies")


class WeeklyLogTally(EnterpriseTally):
    """How many weekly logs the placements at each enterprise hold in each status, kept by the database
    (core/tally.py, migration 0012): the college's list of six million logs and its review queue answer their
    totals from it instead of recounting after every log a student writes."""

    class Meta:
        verbose_name = _("weekly log tally")
        verbose_name_plural = _("weekly log tallies")


def placement_shown(user, placement) -> bool:
    """True when the placement scope (``_placement_terms``) is known from the loaded ``placement`` alone to show it
    to ``user``; False means "not known without asking the database" (a term that is a subquery, such as a
    department administrator's students), not "hidden". An endpoint that just wrote a row answers with it
    instead of reading it back (tests/internships/test_scoped_search.py compares it with the SQL scope)."""
    acc = access_for(user)
    if acc.is_college_admin:
        return True
    if not acc.is_authenticated:
        return False
    for field, value in _placement_terms(acc):
        if field.endswith("__in"):
            if isinstance(value, (set, frozenset, list, tuple)) and getattr(placement, field[:-4]) in value:
                return True
        elif getattr(placement, field) == value:
            return True
    return False


class PlacementQuerySet(models.QuerySet):
    def visible_to(self, user):
        q = _placement_scope(user)
        return self if q is None else self.filter(q)

    def shows(self, user, placement) -> bool:
        return placement_shown(user, placement)

    def tallied_total(self, user, status: str | None = None) -> int | None:
        """How many placements ``visible_to(user)`` holds (of ``status``), from the tally the database keeps
        (``PlacementTally``); None where the tally cannot tell (``placement_scope_tally``)."""
        return placement_scope_tally(PlacementTally, user, status)

    def current(self):
        return self.filter(status__in=CURRENT_PLACEMENT_STATES)

    def overlapping(self, start: datetime.date, end: datetime.date):
        return self.filter(start_date__lte=end, end_date__gte=start)


class Placement(models.Model):
    """A student's internship at an enterprise, from an accepted application or placed by the college."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("student"), on_delete=models.PROTECT,
                                related_name="placements")
    enterprise = models.ForeignKey("accounts.Organization", verbose_name=_("enterprise"), on_delete=models.PROTECT,
                                   related_name="placements")
    posting = models.ForeignKey(Posting, verbose_name=_("posting"), null=True, blank=True, on_delete=models.PROTECT,
                                related_name="placements")
    application = models.OneToOneField(Application, verbose_name=_("application"), null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="placement")
    post = models.CharField(_("post"), max_length=120)
    post_staff_count = models.PositiveIntegerField(_("staff on this post"), default=0)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    daily_hours = models.DecimalField(_("daily working hours"), max_digits=4, decimal_places=1, default=Decimal("8"))
    weekly_hours = models.DecimalField(_("weekly working hours"), max_digits=4, decimal_places=1,
                                       default=Decimal("40"))
    night_shift = models.BooleanField(_("night shifts"), default=False)
    overtime = models.BooleanField(_("overtime"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=PlacementStatus.choices,
                              default=PlacementStatus.PENDING, db_index=True)
    school_mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("school mentor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="mentored_placements",
    )
    enterprise_mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("enterprise mentor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="enterprise_mentored_placements", db_index=False,
        help_text=_("Leave empty and fill in name and e-mail when the mentor has no account."),
    )
    enterprise_mentor_name = models.CharField(_("enterprise mentor name"), max_length=100, blank=True)
    enterprise_mentor_email = models.EmailField(_("enterprise mentor e-mail"), blank=True)
    agreement_file = models.FileField(
        _("signed tripartite agreement"), upload_to=RandomUploadTo("internships/agreements"),
        validators=[DOCUMENT_VALIDATOR], blank=True,
        help_text=_("Scan of the agreement signed by student, college and enterprise (PDF, JPG, PNG)."),
    )
    agreement_signed_on = models.DateField(_("agreement signed on"), null=True, blank=True)
    insurer = models.CharField(_("insurer"), max_length=120, blank=True)
    insurance_policy_no = models.CharField(_("insurance policy number"), max_length=60, blank=True)
    insurance_start = models.DateField(_("insurance from"), null=True, blank=True)
    insurance_end = models.DateField(_("insurance until"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for ending early"), blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    final_grade = models.DecimalField(_("final grade"), max_digits=5, decimal_places=2, null=True, blank=True)
    # The compliance status, kept by the services that change its inputs (the placement, its enterprise's
    # staff count, other placements of the enterprise, recorded exceptions): the rules in breach without a
    # college's exception, as codes of services.RULES. A pending placement lists what it still lacks.
    # Database defaults too: bulk loaders (bench/generate.py) write placements without naming them.
    compliance_ok = models.BooleanField(_("compliant"), default=True, db_default=True, editable=False)
    compliance_issues = ArrayField(models.CharField(max_length=20), verbose_name=_("rules in breach"),
                                   default=list, db_default=RawSQL("'{}'", ()), blank=True, editable=False)
    compliance_checked_at = models.DateTimeField(_("compliance checked at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PlacementQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["compliance_ok", "compliance_issues", "compliance_checked_at"])
    # A list searched by its placements' students' names (weekly logs, check-ins, absences ...) reads the
    # placements so named from PlacementStudentName's index alone (core.search.search_q).
    search_tables = {"student__display_name": "internships.PlacementStudentName"}

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["-start_date", "-id"]
        # The default order, within a status (the current/compliance lists) and within a mentor's interns.
        indexes = [
            models.Index(fields=["-start_date", "-id"], name="placement_latest"),
            models.Index(fields=["status", "-start_date", "-id"], name="placement_status_latest"),
            models.Index(fields=["school_mentor", "-start_date", "-id"], name="placement_mentor_latest"),
            # Active interns per enterprise: the sort key of the per-enterprise numbers page.
            models.Index(fields=["enterprise", "status"], name="placement_enterprise_status"),
            # An enterprise mentor's placements, and whether any is outside the mentor's enterprises (the weekly
            # logs' tallied total) from the index alone: 0.3 ms where the heap held 6,000 of one mentor's (18 ms).
            models.Index(fields=["enterprise_mentor", "enterprise"], name="placement_mentor_enterprise"),
            # The compliance page: current placements in breach, few among many.
            models.Index(fields=["status"], condition=Q(compliance_ok=False), name="placement_in_breach"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["student"], condition=Q(status__in=["pending", "active"]),
                name="placement_one_current_per_student",
            ),
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="placement_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.student} @ {self.enterprise} ({self.post})"

    @property
    def mentor_display(self) -> str:
        return str(self.enterprise_mentor) if self.enterprise_mentor_id else self.enterprise_mentor_name

    def week_count(self) -> int:
        return (self.end_date - self.start_date).days // 7 + 1

    def week_start(self, week_no: int) -> datetime.date:
        return self.start_date + datetime.timedelta(days=7 * (week_no - 1))

    def due_weeks(self, today: datetime.date | None = None) -> list[int]:
        """Weeks whose log is due: begun within the placement and already over (or the placement is)."""
        today = today or timezone.localdate()
        if self.status not in STARTED_PLACEMENT_STATES:
            return []
        period_end = self.ended_at.date() if self.ended_at else self.end_date
        horizon = min(today, period_end)
        weeks = []
        for w in range(1, self.week_count() + 1):
            start = self.week_start(w)
            if start > horizon:
                break
            if min(start + datetime.timedelta(days=6), period_end) < today:
                weeks.append(w)
        return weeks


class PlacementStudentName(models.Model):
    """The grams (core.search.gram_field) of each placement's student's display name, one row each, with the name:
    kept by PostgreSQL (the triggers of migration internships/0017), read by the search only.

    A list searched by its students' names (``placement__student__display_name``) needs the placements whose
    student is so named. Through the people that meant the 2,125 students named ``王`` of a province from their
    gram index, 2,027 heap pages to check the name, then one probe of the placements per student: 7 ms before the
    list was asked. Here the placements of a gram are neighbours in one index that also holds the name, read
    without the table (an index-only scan of 2,906 entries, 0.5 ms); the name decides, the gram only narrows.
    """

    # Keyed like the tallies (core/tally.py): the key's index, by placement, also serves the triggers' rewrites.
    pk = models.CompositePrimaryKey("placement", "gram")
    gram = models.IntegerField(_("gram"))
    placement = models.ForeignKey(Placement, verbose_name=_("placement"), on_delete=models.CASCADE,
                                  related_name="+", db_index=False)
    name = models.CharField(_("name"), max_length=100)

    # Which column holds the related row's id, for core.search.
    search_key = "placement_id"

    class Meta:
        verbose_name = _("placement student name gram")
        verbose_name_plural = _("placement student name grams")
        indexes = [
            # The search: a gram's placements with their names, read from the index alone.
            models.Index(fields=["gram", "placement"], include=["name"], name="placement_name_gram"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.gram})"


class ComplianceExceptionQuerySet(models.QuerySet):
    def visible_to(self, user):
        q = _placement_scope(user, "placement__")
        return self if q is None else self.filter(q)


class ComplianceException(models.Model):
    """A college admin's recorded leave for a placement to break one rule: who, when, why and which rule.

    Only the rules the college may allow have exceptions (services.EXCEPTIONABLE_RULES); every other
    breach is refused. An exception is recorded with the change that needed it and never edited.
    """

    placement = models.ForeignKey(Placement, verbose_name=_("placement"), on_delete=models.CASCADE,
                                  related_name="compliance_exceptions")
    rule = models.CharField(_("rule"), max_length=20, choices=ComplianceRule.choices)
    message = models.TextField(_("breach"), help_text=_("What the rule said when the exception was granted."))
    reason = models.TextField(_("reason"))
    change = models.CharField(_("change"), max_length=200, blank=True,
                              help_text=_("The change that needed the exception."))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("granted by"), null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)

    objects = ComplianceExceptionQuerySet.as_manager()

    class Meta:
        verbose_name = _("compliance exception")
        verbose_name_plural = _("compliance exceptions")
        ordering = ["-granted_at", "-id"]
        indexes = [models.Index(fields=["-granted_at", "-id"], name="compliance_exception_newest")]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="compliance_exception_has_reason")]

    def __str__(self) -> str:
        return f"{self.placement} · {self.rule}"


def placements_first(user, as_ids: int, field: str = "placement_id") -> Q | None:
    """``field = ANY(<the placements user may see>)`` when there are at most ``as_ids`` of them (0: never), else None
    (the caller keeps its join or subquery). Used by every model scoped through its placement: the weekly logs
    (``WeeklyLogQuerySet.visible_to``) and attendance (``attendance.models.through_placement``).

    An enterprise user's scope holds every placement of its enterprises: when the tally the database keeps says
    those alone are more than ``as_ids``, the ids are not read (an enterprise of thousands read 5,001 of them,
    9.5 ms at scale 10, to learn it keeps the join)."""
    if not as_ids:
        return None
    acc = access_for(user)
    if acc.enterprise_ids and not acc.is_college_admin and PlacementTally.total(acc.enterprise_ids) > as_ids:
        return None
    ids = ids_up_to(Placement.objects.visible_to(user), as_ids)
    return None if ids is None else any_of(field, ids)


def placement_scope_tally(tally, user, status: str | None) -> int | None:
    """The rows of the placement scope of ``user`` (``_placement_terms``; of ``status``) that ``tally`` counts per
    enterprise, or None where the scope is not whole enterprises: a mentor's or a student's own, a department's
    students, or an enterprise user who also mentors an intern of another enterprise (the one query finds it out,
    from the (enterprise mentor, enterprise) index); the list then counts its rows."""
    from django.contrib.postgres.aggregates import BoolOr
    from django.db.models import Exists, Sum

    acc = access_for(user)
    if acc.is_college_admin:
        return tally.total(status=status)
    if not acc.is_authenticated or not acc.enterprise_ids or (
            acc.is_teacher or acc.is_student or acc.is_department_admin):
        return None
    # An enterprise user's placement scope: its enterprises' placements and those it mentors.
    mentored_elsewhere = Placement.objects.filter(enterprise_mentor_id=acc.user_id).exclude(
        enterprise_id__in=acc.enterprise_ids)
    got = tally.rows(acc.enterprise_ids, status).aggregate(total=Sum("n"), elsewhere=BoolOr(Exists(mentored_elsewhere)))
    if got["elsewhere"] or got["total"] is None:
        return None  # beyond whole enterprises, or no row to tell the mentored interns' rows from none
    return got["total"]


class WeeklyLogQuerySet(models.QuerySet):
    def visible_to(self, user, *, as_ids: int = 0):
        """The logs of the placements ``user`` may see.

        With ``as_ids`` the placements are read first and, when there are at most that many, the logs are
        filtered by ``placement_id = ANY(<those ids>)`` instead of a join: through the join PostgreSQL cannot tell
        a teacher's 1,754 placements from a sixth of the province's, so it searched every log text matching a
        term before keeping the teacher's (0.4-1.4 s at scale 10), or walked the whole province's logs in the
        page's order probing each one's placement (130 ms), where the constant array lets it read the scope's
        own logs through the placement index. Same rows either way; more placements than ``as_ids`` keep the
        join (an array that long costs more to send and plan than it saves).
        """
        q = _placement_scope(user, "placement__")
        if q is None:
            return self
        first = placements_first(user, as_ids)
        return self.filter(q if first is None else first)

    def tallied_total(self, user, status: str | None = None) -> int | None:
        """How many logs ``visible_to(user)`` holds (of ``status``), from the tally the database keeps
        (``WeeklyLogTally``) instead of counting six million logs, or an enterprise's hundreds of thousands, after
        every log anyone writes; None where the tally cannot tell (``placement_scope_tally``)."""
        return placement_scope_tally(WeeklyLogTally, user, status)


class WeeklyLogManager(DefersGrams, models.Manager.from_queryset(WeeklyLogQuerySet)):
    """content_grams (about 450 bytes a log) serves the search's WHERE only; no page or job reads it."""


class WeeklyLog(models.Model):
    """A student's log of one placement week, reviewed by the school mentor."""

    placement = models.ForeignKey(Placement, verbose_name=_("placement"), on_delete=models.CASCADE,
                                  related_name="weekly_logs")
    week_no = models.PositiveSmallIntegerField(_("week"), validators=[MinValueValidator(1)])
    content = models.TextField(_("what I did and learned"))
    status = models.CharField(_("status"), max_length=20, choices=LogStatus.choices, default=LogStatus.SUBMITTED,
                              db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    mentor_comment = models.TextField(_("school mentor's comment"), blank=True)
    grade = models.CharField(_("grade"), max_length=12, choices=LogGrade.choices, blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reviewed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    enterprise_comment = models.TextField(_("enterprise mentor's comment"), blank=True)
    enterprise_commented_at = models.DateTimeField(_("enterprise comment at"), null=True, blank=True)
    # The characters and character pairs of the text, kept by PostgreSQL on every write (COPY and bulk
    # writes too): ?search= finds its candidate logs in their GIN index instead of reading every text
    # (core.search, docs/PERFORMANCE.md).
    content_grams = gram_field("content", verbose_name=_("search grams"))

    objects = WeeklyLogManager()

    class Meta:
        verbose_name = _("weekly log")
        verbose_name_plural = _("weekly logs")
        ordering = ["placement_id", "week_no"]
        # The review queue (status=submitted) in list order, and the two sort columns the list offers; the
        # unique constraint serves the default order. Without them a sort reads all logs (1.4 s at scale 1).
        indexes = [
            models.Index(fields=["status", "placement", "week_no"], name="weeklylog_status_order"),
            models.Index(fields=["week_no"], name="weeklylog_week_no"),
            models.Index(fields=["submitted_at"], name="weeklylog_submitted_at"),
            # The HTML list's default order (review queue first, newest first).
            models.Index(fields=["status", "-submitted_at"], name="weeklylog_status_submitted"),
            # Written through at once (fastupdate off): a log is written at a person's pace, while a pending
            # list would be read by every search and flushed in one go by an unlucky write.
            GinIndex(fields=["content_grams"], name="weeklylog_content_grams", fastupdate=False),
        ]
        constraints = [models.UniqueConstraint(fields=["placement", "week_no"], name="weekly_log_once_per_week")]

    def __str__(self) -> str:
        return f"{self.placement.student} · W{self.week_no}"

    @property
    def due_date(self) -> datetime.date:
        return self.placement.week_start(self.week_no) + datetime.timedelta(days=6 + LOG_GRACE_DAYS)

    @property
    def is_late(self) -> bool:
        return timezone.localdate(self.submitted_at) > self.due_date


class WeeklyLogAttachment(models.Model):
    """A file attached to a weekly log (storyboards, renders, screenshots)."""

    log = models.ForeignKey(WeeklyLog, verbose_name=_("weekly log"), on_delete=models.CASCADE,
                            related_name="attachments")
    file = models.FileField(_("file"), upload_to=RandomUploadTo("internships/logs"), validators=[ATTACHMENT_VALIDATOR])
    name = models.CharField(_("name"), max_length=200, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("log attachment")
        verbose_name_plural = _("log attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name or self.file.name


class EvaluationQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        q = _placement_scope(user, "placement__")
        if q is None:
            return self
        if acc.is_student:
            # A student sees their evaluations only once submitted, never a pending request.
            own = Q(placement__student_id=acc.user_id)
            q = (q & ~own) | (own & Q(status=EvaluationStatus.SUBMITTED))
        return self.filter(q)


class EvaluationManager(DefersGrams, models.Manager.from_queryset(EvaluationQuerySet)):
    pass


class InternEvaluation(models.Model):
    """A mid-term or final evaluation of an intern by one of the two mentors, on the five-point rubric."""

    placement = models.ForeignKey(Placement, verbose_name=_("placement"), on_delete=models.CASCADE,
                                  related_name="evaluations")
    stage = models.CharField(_("stage"), max_length=10, choices=EvaluationStage.choices)
    evaluator_role = models.CharField(_("evaluator"), max_length=20, choices=EvaluatorRole.choices)
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("evaluated by"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    evaluator_name = models.CharField(_("evaluator name"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=EvaluationStatus.choices,
                              default=EvaluationStatus.SUBMITTED)
    professional_skill = models.PositiveSmallIntegerField(_("professional skill"), null=True, blank=True,
                                                          validators=[MaxValueValidator(100)])
    aigc_tools = models.PositiveSmallIntegerField(_("use of AIGC tools"), null=True, blank=True,
                                                  validators=[MaxValueValidator(100)])
    teamwork = models.PositiveSmallIntegerField(_("teamwork"), null=True, blank=True,
                                                validators=[MaxValueValidator(100)])
    innovation = models.PositiveSmallIntegerField(_("innovation"), null=True, blank=True,
                                                  validators=[MaxValueValidator(100)])
    attitude = models.PositiveSmallIntegerField(_("work attitude"), null=True, blank=True,
                                                validators=[MaxValueValidator(100)])
    score = models.DecimalField(_("weighted score"), max_digits=5, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    link_sent_to = models.EmailField(_("link sent to"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The characters and character pairs of the searched texts, kept by PostgreSQL on every write: ?search= finds
    # its candidates in their GIN index instead of reading every row (core.search, docs/PERFORMANCE.md).
    search_grams = gram_field("comment", verbose_name=_("search grams"))

    objects = EvaluationManager()
    history = HistoricalRecords(excluded_fields=["search_grams"])

    class Meta:
        verbose_name = _("intern evaluation")
        verbose_name_plural = _("intern evaluations")
        ordering = ["placement_id", "stage", "evaluator_role"]
        indexes = [GinIndex(fields=["search_grams"], name="evaluation_search_grams", fastupdate=False)]
        constraints = [
            models.UniqueConstraint(fields=["placement", "stage", "evaluator_role"], name="evaluation_once_per_role"),
            models.CheckConstraint(
                condition=Q(status="requested") | Q(score__isnull=False), name="evaluation_submitted_has_score"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.placement.student} · {self.get_stage_display()} · {self.get_evaluator_role_display()}"


class EmploymentOutcomeQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(student_id=acc.user_id)
        if acc.is_teacher:
            q |= Q(placement__school_mentor_id=acc.user_id)
        if acc.enterprise_ids:
            q |= Q(employer_id__in=acc.enterprise_ids) | Q(placement__enterprise_id__in=acc.enterprise_ids)
        if acc.is_department_admin:
            q |= Q(student_id__in=acc.department_members(Role.STUDENT))
        return self.filter(q)


class EmploymentOutcomeManager(DefersGrams, models.Manager.from_queryset(EmploymentOutcomeQuerySet)):
    pass


class EmploymentOutcome(models.Model):
    """Where a student went at graduation, for the employment statistics of the internship programme.

    Counterpart employment (专业对口) and the salary belong to a hire by an enterprise only; the database
    refuses them on any other outcome, so the statistics never average a salary of further study.
    """

    student = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("student"), on_delete=models.CASCADE,
                                   related_name="employment_outcome")
    placement = models.ForeignKey(Placement, verbose_name=_("placement"), null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="outcomes")
    program = models.ForeignKey(
        "curriculum.Program", verbose_name=_("programme"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="employment_outcomes", help_text=_("The programme the student graduated from."),
    )
    kind = models.CharField(_("outcome"), max_length=20, choices=OutcomeKind.choices)
    employer = models.ForeignKey("accounts.Organization", verbose_name=_("employer"), null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    employer_name = models.CharField(_("employer or school name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=120, blank=True)
    is_counterpart = models.BooleanField(
        _("in the field of study"), default=False,
        help_text=_("The job matches the student's major (counterpart employment)."),
    )
    monthly_salary = models.DecimalField(
        _("monthly salary (CNY)"), max_digits=10, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0"))], help_text=_("Starting monthly salary before tax, in yuan."),
    )
    recorded_on = models.DateField(_("recorded on"), default=timezone.localdate)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    # The characters and character pairs of the searched texts, kept by PostgreSQL on every write: ?search= finds
    # its candidates in their GIN index instead of reading every row (core.search, docs/PERFORMANCE.md).
    search_grams = gram_field("employer_name", "position", verbose_name=_("search grams"))

    objects = EmploymentOutcomeManager()
    history = HistoricalRecords(excluded_fields=["search_grams"])

    class Meta:
        verbose_name = _("employment outcome")
        verbose_name_plural = _("employment outcomes")
        ordering = ["-recorded_on", "-id"]
        indexes = [GinIndex(fields=["search_grams"], name="outcome_search_grams", fastupdate=False)]
        constraints = [
            models.CheckConstraint(condition=Q(monthly_salary__isnull=True) | Q(monthly_salary__gte=0),
                                   name="outcome_salary_nonnegative"),
            models.CheckConstraint(
                condition=Q(kind__in=list(EMPLOYED_KINDS)) | (Q(is_counterpart=False) & Q(monthly_salary__isnull=True)),
                name="outcome_job_figures_only_when_employed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.get_kind_display()}"

    @property
    def employer_display(self) -> str:
        return self.employer.name if self.employer_id else self.employer_name


class SafetyIncidentQuerySet(models.QuerySet):
    def visible_to(self, user):
        q = _placement_scope(user, "placement__")
        return self if q is None else self.filter(q)


class SafetyIncidentManager(DefersGrams, models.Manager.from_queryset(SafetyIncidentQuerySet)):
    pass


class SafetyIncident(models.Model):
    """A safety incident during a placement and how it was followed up: reported → under follow-up → closed.

    Each move is a transition (who, when, why in the status history); each note written while it is followed
    up is an ``IncidentFollowUp`` row with its author and time.
    """

    placement = models.ForeignKey(Placement, verbose_name=_("placement"), on_delete=models.CASCADE,
                                  related_name="incidents")
    occurred_on = models.DateField(_("date"))
    severity = models.CharField(_("severity"), max_length=12, choices=IncidentSeverity.choices)
    description = models.TextField(_("what happened"))
    follow_up = models.TextField(_("immediate measures"), blank=True)
    notified = models.CharField(_("who was told"), max_length=255, blank=True,
                                help_text=_("E.g. parents, department head, insurer."))
    status = models.CharField(_("status"), max_length=20, choices=IncidentStatus.choices,
                              default=IncidentStatus.REPORTED, db_index=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("reported by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # The characters and character pairs of the searched texts, kept by PostgreSQL on every write: ?search= finds
    # its candidates in their GIN index instead of reading every row (core.search, docs/PERFORMANCE.md).
    search_grams = gram_field("description", verbose_name=_("search grams"))

    objects = SafetyIncidentManager()
    history = HistoricalRecords(excluded_fields=["search_grams"])

    class Meta:
        verbose_name = _("safety incident")
        verbose_name_plural = _("safety incidents")
        ordering = ["-occurred_on", "-id"]
        indexes = [GinIndex(fields=["search_grams"], name="incident_search_grams", fastupdate=False)]

    def __str__(self) -> str:
        return f"{self.placement} · {self.occurred_on}"


class IncidentFollowUpQuerySet(models.QuerySet):
    def visible_to(self, user):
        q = _placement_scope(user, "incident__placement__")
        return self if q is None else self.filter(q)


class IncidentFollowUp(models.Model):
    """One follow-up note on a safety incident: what was done, by whom and when."""

    incident = models.ForeignKey(SafetyIncident, verbose_name=_("incident"), on_delete=models.CASCADE,
                                 related_name="follow_ups")
    note = models.TextField(_("note"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    objects = IncidentFollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident follow-up note")
        verbose_name_plural = _("incident follow-up notes")
        ordering = ["incident_id", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.incident} · {self.created_at:%Y-%m-%d}"
