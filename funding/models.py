"""Support mechanisms (pathway 4): funding, budgets and spending, training bases, equipment and bookings,
incentives, association standards and multi-party programme evaluation."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.policy import access_for
from core.catalogue import Archivable, ArchivableQuerySet
from core.constraints import same_id
from core.formatting import money
from core.search import DefersGrams, any_of, gram_field
from core.uploads import RandomUploadTo, UploadValidator

from .choices import (
    HOLDING_BOOKING_STATUSES,
    BaseKind,
    BookingStatus,
    BudgetCategory,
    BudgetStatus,
    EquipmentKind,
    EquipmentStatus,
    EvaluationParty,
    EvaluationStatus,
    ExpenditureStatus,
    IncentiveKind,
    IncentiveStatus,
    SourceKind,
    SourceStatus,
    StandardKind,
    VersionStatus,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


def rate(part: Decimal, whole: Decimal) -> Decimal:
    """A share in percent with two decimals; an empty whole is 0 % rather than a division error."""
    if not whole:
        return Decimal("0.00")
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


# --- Funding sources and budgets ----------------------------------------------------------------

class FundingSourceQuerySet(models.QuerySet):
    def visible_to(self, user) -> FundingSourceQuerySet:
        """The college sees every source; an enterprise sees the investments it made, nobody else's."""
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.enterprise_ids:
            return self.none()
        return self.filter(funder_id__in=acc.enterprise_ids)


class FundingSource(models.Model):
    """A grant or investment that funds the college's industry–education work (amounts in CNY)."""

    kind = models.CharField(_("kind"), max_length=30, choices=SourceKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    funder = models.ForeignKey(
        "accounts.Organization", verbose_name=_("funder organisation"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="funding_sources",
        help_text=_("The organisation on the platform that provides the money or equipment, if any."),
    )
    funder_name = models.CharField(
        _("funder name"), max_length=200, blank=True,
        help_text=_("Name of a funder that has no organisation on the platform."),
    )
    amount = models.DecimalField(_("amount (CNY)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    received_on = models.DateField(_("received on"))
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    restrictions = models.TextField(_("restrictions"), blank=True, help_text=_("Conditions on how it may be spent."))
    document = models.FileField(
        _("document"), upload_to=RandomUploadTo("funding/sources"), blank=True,
        validators=[UploadValidator()], help_text=_("PDF, image, Word or Excel file, up to 10 MB."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=SourceStatus.choices, default=SourceStatus.CONFIRMED, db_index=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = FundingSourceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding source")
        verbose_name_plural = _("funding sources")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="funding_source_amount_positive"),
            models.CheckConstraint(
                condition=(Q(period_end__isnull=True) | Q(period_start__isnull=True)
                           | Q(period_end__gte=F("period_start"))),
                name="funding_source_period_ordered",
            ),
            models.CheckConstraint(
                condition=Q(funder__isnull=False) | ~Q(funder_name=""), name="funding_source_has_funder"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def funder_display(self) -> str:
        return str(self.funder) if self.funder_id else self.funder_name


class BudgetQuerySet(models.QuerySet):
    def visible_to(self, user) -> BudgetQuerySet:
        return self if access_for(user).is_college_admin else self.none()

    def with_totals(self) -> BudgetQuerySet:
        return self.annotate(
            total_amount=Coalesce(models.Sum("lines__amount"), ZERO, output_field=models.DecimalField(**MONEY)),
            total_spent=Coalesce(models.Sum("lines__spent"), ZERO, output_field=models.DecimalField(**MONEY)),
        ).order_by("-year", "title")  # GROUP BY drops Meta.ordering; pagination needs a stable order


class Budget(models.Model):
    """The college's industry–education budget of one year, split into lines by category."""

    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=BudgetStatus.choices, default=BudgetStatus.DRAFT, db_index=True
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = BudgetQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        ordering = ["-year", "title"]
        constraints = [models.UniqueConstraint(fields=["year", "title"], name="budget_unique_year_title")]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class BudgetLineQuerySet(models.QuerySet):
    def visible_to(self, user) -> BudgetLineQuerySet:
        return self if access_for(user).is_college_admin else self.none()


class BudgetLine(models.Model):
    """One category of a budget, funded from a source; ``spent`` is kept by the expenditure service."""

    budget = models.ForeignKey(Budget, verbose_name=_("budget"), on_delete=models.CASCADE, related_name="lines")
    category = models.CharField(_("category"), max_length=30, choices=BudgetCategory.choices, db_index=True)
    name = models.CharField(_("name"), max_length=200)
    source = models.ForeignKey(
        FundingSource, verbose_name=_("funded from"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="budget_lines",
    )
    amount = models.DecimalField(_("amount (CNY)"), validators=[MinValueValidator(ZERO)], **MONEY)
    spent = models.DecimalField(_("spent (CNY)"), default=ZERO, editable=False, **MONEY)
    # Sum of overspending that college admins have authorised with a reason; the CHECK below allows it.
    override_allowance = models.DecimalField(_("authorised overspend (CNY)"), default=ZERO, editable=False, **MONEY)

    objects = BudgetLineQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["budget", "category", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="budget_line_amount_nonnegative"),
            models.CheckConstraint(condition=Q(spent__gte=0), name="budget_line_spent_nonnegative"),
            # Last guard of the no-overspend rule, whatever path writes the row.
            models.CheckConstraint(
                condition=Q(spent__lte=F("amount") + F("override_allowance")), name="budget_line_not_overspent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget} · {self.name}"

    @property
    def remaining(self) -> Decimal:
        return self.amount - self.spent

    @property
    def execution_rate(self) -> Decimal:
        return rate(self.spent, self.amount)


class ExpenditureQuerySet(models.QuerySet):
    def visible_to(self, user) -> ExpenditureQuerySet:
        return self if access_for(user).is_college_admin else self.none()


class ExpenditureManager(DefersGrams, models.Manager.from_queryset(ExpenditureQuerySet)):
    pass


class Expenditure(models.Model):
    """Money paid out of a budget line, with its invoice; an overspend carries the admin's reason."""

    line = models.ForeignKey(BudgetLine, verbose_name=_("budget line"), on_delete=models.PROTECT,
                             related_name="expenditures")
    spent_on = models.DateField(_("date"))
    payee = models.CharField(_("payee"), max_length=200)
    description = models.CharField(_("description"), max_length=255)
    amount = models.DecimalField(_("amount (CNY)"), validators=[MinValueValidator(Decimal("0.01"))], **MONEY)
    invoice = models.FileField(
        _("invoice"), upload_to=RandomUploadTo("funding/invoices"), blank=True,
        validators=[UploadValidator(kinds=("pdf", "jpg", "png"))],
        help_text=_("PDF or image of the invoice, up to 10 MB."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ExpenditureStatus.choices, default=ExpenditureStatus.RECORDED, db_index=True
    )
    override_amount = models.DecimalField(_("overspend authorised (CNY)"), default=ZERO, editable=False, **MONEY)
    override_reason = models.TextField(_("override reason"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The characters and character pairs of the searched texts, kept by PostgreSQL on every write: ?search= finds
    # its candidates in their GIN index instead of reading every row (core.search, docs/PERFORMANCE.md).
    search_grams = gram_field("payee", "description", verbose_name=_("search grams"))

    objects = ExpenditureManager()
    history = HistoricalRecords(excluded_fields=["search_grams"])

    class Meta:
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        ordering = ["-spent_on", "-id"]
        # The ledger reads the latest first, overall and per status: an index walk instead of a sort (PERFORMANCE.md).
        indexes = [
            models.Index(fields=["-spent_on", "-id"], name="expenditure_latest"),
            models.Index(fields=["status", "-spent_on", "-id"], name="expenditure_status_latest"),
            # A budget line's spending: without it the planner walks expenditure_latest past a whole
            # province's rows looking for one line (0.9 s at scale 10).
            models.Index(fields=["line", "-spent_on", "-id"], name="expenditure_line_latest"),
            GinIndex(fields=["search_grams"], name="expenditure_search_grams", fastupdate=False),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expenditure_amount_positive"),
            models.CheckConstraint(
                condition=Q(override_amount=0) | ~Q(override_reason=""), name="expenditure_override_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.spent_on} {self.payee} {money(self.amount)}"


# --- Training bases, equipment and bookings ------------------------------------------------------

class TrainingBaseQuerySet(models.QuerySet):
    def visible_to(self, user) -> TrainingBaseQuerySet:
        """College people see active bases; an enterprise sees the bases it hosts; admins see all."""
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(host_id__in=acc.enterprise_ids)
        if acc.is_teacher or acc.is_student or acc.is_association or acc.is_department_admin:
            q |= Q(is_active=True)
        return self.filter(q)


class TrainingBase(models.Model):
    """An on-campus AIGC lab or an off-campus practice base hosted by an enterprise."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=BaseKind.choices, db_index=True)
    host = models.ForeignKey(
        "accounts.Organization", verbose_name=_("host enterprise"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="training_bases",
        help_text=_("Required for an off-campus base."),
    )
    agreement = models.ForeignKey(
        "partnerships.Agreement", verbose_name=_("agreement"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="training_bases",
    )
    location = models.CharField(_("location"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("capacity (people)"), default=30)
    rules = models.TextField(_("rules of use"), blank=True)
    requires_approval = models.BooleanField(
        _("bookings need approval"), default=False,
        help_text=_("If set, bookings of the base and its equipment wait for an administrator."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = TrainingBaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("training base")
        verbose_name_plural = _("training bases")
        ordering = ["kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=BaseKind.ON_CAMPUS) | Q(host__isnull=False), name="training_base_offcampus_has_host"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EquipmentQuerySet(models.QuerySet):
    def visible_to(self, user) -> EquipmentQuerySet:
        return self.filter(base__in=TrainingBase.objects.visible_to(user))


class Equipment(models.Model):
    """A bookable item of a training base (GPU workstation, render node, LED stage, ...)."""

    base = models.ForeignKey(TrainingBase, verbose_name=_("training base"), on_delete=models.PROTECT,
                             related_name="equipment")
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=EquipmentKind.choices, db_index=True)
    asset_no = models.CharField(_("asset number"), max_length=60, unique=True)
    spec = models.TextField(_("specification"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=EquipmentStatus.choices, default=EquipmentStatus.AVAILABLE, db_index=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EquipmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ["base", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class MaintenanceRecord(models.Model):
    """A service or repair of an equipment item."""

    equipment = models.ForeignKey(Equipment, verbose_name=_("equipment"), on_delete=models.CASCADE,
                                  related_name="maintenance")
    performed_on = models.DateField(_("date"))
    description = models.CharField(_("description"), max_length=255)
    cost = models.DecimalField(_("cost (CNY)"), default=ZERO, validators=[MinValueValidator(ZERO)], **MONEY)
    performed_by = models.CharField(_("performed by"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("maintenance record")
        verbose_name_plural = _("maintenance records")
        ordering = ["-performed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.equipment} {self.performed_on}"


class TsTzRange(models.Func):
    function = "TSTZRANGE"
    output_field = models.DateTimeField()  # only used inside the constraint expression


class BookingQuerySet(models.QuerySet):
    def visible_to(self, user) -> BookingQuerySet:
        """Own bookings; a host enterprise sees bookings of its bases; admins see all."""
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(booked_by_id=user.pk)
        if acc.enterprise_ids:
            # The bases it hosts are read first and given as a constant array: beside the OR with the booker, the
            # join to the bases left PostgreSQL one plan, walking every booking of the province in the list's order
            # to test its base (475 ms at scale 10 for an enterprise that hosts none).
            hosted = TrainingBase.objects.filter(host_id__in=acc.enterprise_ids).values_list("pk", flat=True)
            q |= any_of("base_id", list(hosted))
        return self.filter(q)


class BookingManager(DefersGrams, models.Manager.from_queryset(BookingQuerySet)):
    pass


class Booking(models.Model):
    """A time slot of a room (base) or of one equipment item. ``base`` is always set; for an equipment
    booking it is the item's base, so that host scoping and base reports need no join."""

    base = models.ForeignKey(TrainingBase, verbose_name=_("training base"), on_delete=models.PROTECT,
                             related_name="bookings")
    equipment = models.ForeignKey(Equipment, verbose_name=_("equipment"), null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="bookings")
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("booked by"), on_delete=models.PROTECT,
                                  related_name="funding_bookings", db_index=False)  # booking_booker_latest leads
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    purpose = models.CharField(_("purpose"), max_length=255)
    participants = models.PositiveIntegerField(_("participants"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=BookingStatus.choices, default=BookingStatus.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("decided by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The characters and character pairs of the searched texts, kept by PostgreSQL on every write: ?search= finds
    # its candidates in their GIN index instead of reading every row (core.search, docs/PERFORMANCE.md).
    search_grams = gram_field("purpose", verbose_name=_("search grams"))

    objects = BookingManager()

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["-starts_at", "-id"]
        # The booking lists read the latest first, overall and per status (PERFORMANCE.md).
        indexes = [
            models.Index(fields=["-starts_at", "-id"], name="booking_latest"),
            # A booker's own list in its order: a teacher's 1,900 bookings were read and sorted for a page (12 ms).
            models.Index(fields=["booked_by", "-starts_at", "-id"], name="booking_booker_latest"),
            models.Index(fields=["status", "-starts_at", "-id"], name="booking_status_latest"),
            # Utilisation of a period reads the approved bookings that end after its start: the recent
            # ones, not the years before (a province's 500,000 bookings were a sequential scan).
            models.Index(fields=["status", "ends_at"], name="booking_status_ends"),
            GinIndex(fields=["search_grams"], name="booking_search_grams", fastupdate=False),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start"),
            models.CheckConstraint(condition=Q(participants__gte=1), name="booking_participants_positive"),
            ExclusionConstraint(
                name="booking_equipment_no_overlap",
                expressions=[
                    (same_id("equipment"), RangeOperators.OVERLAPS),
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                ],
                condition=Q(equipment__isnull=False, status__in=HOLDING_BOOKING_STATUSES),
            ),
            ExclusionConstraint(
                name="booking_room_no_overlap",
                expressions=[
                    (same_id("base"), RangeOperators.OVERLAPS),
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                ],
                condition=Q(equipment__isnull=True, status__in=HOLDING_BOOKING_STATUSES),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.equipment or self.base} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def resource(self):
        return self.equipment or self.base


# --- Incentives ---------------------------------------------------------------------------------

class IncentiveQuerySet(models.QuerySet):
    def visible_to(self, user) -> IncentiveQuerySet:
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        return self.filter(Q(recipient_user_id=user.pk) | Q(recipient_org_id__in=acc.enterprise_ids))


class Incentive(models.Model):
    """A scholarship, honour, award or enterprise policy benefit and where it stands."""

    kind = models.CharField(_("kind"), max_length=30, choices=IncentiveKind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="funding_incentives",
    )
    recipient_org = models.ForeignKey(
        "accounts.Organization", verbose_name=_("recipient enterprise"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="funding_incentives",
    )
    amount = models.DecimalField(_("amount (CNY)"), null=True, blank=True, validators=[MinValueValidator(ZERO)],
                                 **MONEY)
    eligibility = models.TextField(_("eligibility"), blank=True, help_text=_("Who qualifies and on what grounds."))
    status = models.CharField(
        _("status"), max_length=20, choices=IncentiveStatus.choices, default=IncentiveStatus.NOMINATED, db_index=True
    )
    awarded_on = models.DateField(_("awarded on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = IncentiveQuerySet.as_manager()

    class Meta:
        verbose_name = _("incentive")
        verbose_name_plural = _("incentives")
        ordering = ["-year", "kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind=IncentiveKind.ENTERPRISE_BENEFIT, recipient_org__isnull=False)
                           | (~Q(kind=IncentiveKind.ENTERPRISE_BENEFIT) & Q(recipient_user__isnull=False))),
                name="incentive_recipient_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def recipient_display(self) -> str:
        return str(self.recipient_org or self.recipient_user or "")


# --- Standards ----------------------------------------------------------------------------------

class StandardQuerySet(models.QuerySet):
    def visible_to(self, user) -> StandardQuerySet:
        """Everyone signed in reads standards with a published version; the publisher also its drafts."""
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        published = StandardVersion.objects.filter(status=VersionStatus.PUBLISHED).values("standard_id")
        return self.filter(Q(pk__in=published) | Q(association_id__in=acc.association_ids))


class Standard(models.Model):
    """A standard an industry association publishes: training standard, post norm, evaluation standard."""

    association = models.ForeignKey(
        "accounts.Organization", verbose_name=_("association"), on_delete=models.PROTECT, related_name="standards"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=StandardKind.choices, db_index=True)
    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    scope = models.TextField(_("scope"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = StandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class StandardVersion(models.Model):
    """One version of a standard with the checklist a programme is measured against."""

    standard = models.ForeignKey(Standard, verbose_name=_("standard"), on_delete=models.CASCADE,
                                 related_name="versions")
    version = models.CharField(_("version"), max_length=20)
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT, db_index=True
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    summary = models.TextField(_("summary of changes"), blank=True)
    checklist = ArrayField(models.CharField(max_length=255), verbose_name=_("checklist items"), default=list,
                           blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("standard version")
        verbose_name_plural = _("standard versions")
        ordering = ["standard", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "version"], name="standard_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.standard.code} {self.version}"


class ProgramStandard(models.Model):
    """A programme's declaration that it follows a standard version, with the checklist items it meets."""

    program = models.ForeignKey("curriculum.Program", verbose_name=_("programme"), on_delete=models.CASCADE,
                                related_name="standard_declarations")
    version = models.ForeignKey(StandardVersion, verbose_name=_("standard version"), on_delete=models.PROTECT,
                                related_name="declarations")
    met_items = ArrayField(models.PositiveSmallIntegerField(), verbose_name=_("checklist items met"), default=list,
                           blank=True)
    note = models.TextField(_("note"), blank=True)
    declared_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("declared by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("programme standard declaration")
        verbose_name_plural = _("programme standard declarations")
        ordering = ["program", "version"]
        constraints = [models.UniqueConstraint(fields=["program", "version"], name="program_standard_unique")]

    def __str__(self) -> str:
        return f"{self.program} → {self.version}"

    @property
    def completion_rate(self) -> Decimal:
        return rate(Decimal(len(self.met_items)), Decimal(len(self.version.checklist)))


# --- Multi-party evaluation ---------------------------------------------------------------------

class EvaluationCriterionQuerySet(ArchivableQuerySet):
    def visible_to(self, user) -> EvaluationCriterionQuerySet:
        """Whoever evaluates programmes or reads evaluations (the college, teachers, partners) reads the criteria."""
        acc = access_for(user)
        if acc.is_college_admin or acc.is_teacher or acc.is_enterprise or acc.is_association or getattr(
                acc, "is_department_admin", False):
            return self
        return self.none()


class EvaluationCriterion(Archivable):
    """A configurable criterion of programme evaluation with its weight; archived criteria are scored no more."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    weight = models.DecimalField(_("weight"), max_digits=5, decimal_places=2, default=Decimal("1.00"),
                                 validators=[MinValueValidator(Decimal("0.01"))])

    objects = EvaluationCriterionQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        ordering = ["code"]
        constraints = [models.CheckConstraint(condition=Q(weight__gt=0), name="criterion_weight_positive")]

    def __str__(self) -> str:
        return self.name


class ProgramEvaluationQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProgramEvaluationQuerySet:
        """Evaluators see their own; teachers read submitted ones; admins see all."""
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(evaluator_id=user.pk)
        if acc.is_teacher:
            q |= Q(status=EvaluationStatus.SUBMITTED)
        if acc.is_department_admin:
            # The submitted evaluations of their departments' programmes, none of another department's.
            q |= Q(status=EvaluationStatus.SUBMITTED, program__department_id__in=acc.department_ids)
        return self.filter(q)


class ProgramEvaluation(models.Model):
    """One party's evaluation of a programme for a year, scored on the criteria."""

    program = models.ForeignKey("curriculum.Program", verbose_name=_("programme"), on_delete=models.CASCADE,
                                related_name="evaluations")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    party = models.CharField(_("party"), max_length=20, choices=EvaluationParty.choices, db_index=True)
    organization = models.ForeignKey("accounts.Organization", verbose_name=_("organisation"), on_delete=models.PROTECT,
                                     related_name="program_evaluations")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), on_delete=models.PROTECT,
                                  related_name="program_evaluations")
    status = models.CharField(
        _("status"), max_length=20, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT, db_index=True
    )
    comment = models.TextField(_("comment"), blank=True)
    weighted_score = models.DecimalField(_("weighted score"), max_digits=5, decimal_places=2, null=True, blank=True,
                                         editable=False)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProgramEvaluationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("programme evaluation")
        verbose_name_plural = _("programme evaluations")
        ordering = ["-year", "program", "party"]
        constraints = [
            models.UniqueConstraint(fields=["program", "year", "evaluator"], name="program_evaluation_once_per_year"),
        ]

    def __str__(self) -> str:
        return f"{self.program} {self.year} {self.get_party_display()}"


class EvaluationScore(models.Model):
    """The score (0–100) one evaluation gives on one criterion."""

    evaluation = models.ForeignKey(ProgramEvaluation, verbose_name=_("evaluation"), on_delete=models.CASCADE,
                                   related_name="scores")
    criterion = models.ForeignKey(EvaluationCriterion, verbose_name=_("criterion"), on_delete=models.PROTECT,
                                  related_name="scores")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2,
                                validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))])

    class Meta:
        verbose_name = _("evaluation score")
        verbose_name_plural = _("evaluation scores")
        ordering = ["evaluation", "criterion"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="evaluation_score_unique"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="evaluation_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"
