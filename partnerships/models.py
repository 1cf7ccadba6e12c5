"""School–enterprise collaboration (pathway 2): partners, agreements, cohorts, industry projects, contacts."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.policy import access_for
from core.search import DefersGrams, gram_field
from core.uploads import DOCUMENT_KINDS, RandomUploadTo, UploadValidator

from .choices import (
    AgreementKind,
    AgreementRelation,
    AgreementStatus,
    AssociationLevel,
    CohortKind,
    CommitmentKind,
    ContactChannel,
    DocumentKind,
    EnrollmentStatus,
    HiringOutcome,
    IndustrySegment,
    ProjectRole,
    ProjectStatus,
    SignatureMethod,
)
from .validators import validate_credit_code

PENDING_AGREEMENT_STATUSES = (AgreementStatus.DRAFT, AgreementStatus.UNDER_REVIEW)


# --- Enterprises and associations -----------------------------------------------------------------

class EnterpriseQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        # The partner directory is the college's: a department administrator reads it as a teacher does.
        if acc.is_college_admin or acc.is_teacher or acc.is_student or acc.is_department_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        return self.filter(organization_id__in=acc.enterprise_ids)


class Enterprise(models.Model):
    """The partner profile of an Organization of kind enterprise (same primary key)."""

    organization = models.OneToOneField(
        "accounts.Organization", verbose_name=_("organisation"), primary_key=True,
        on_delete=models.CASCADE, related_name="enterprise",
    )
    segment = models.CharField(_("industry segment"), max_length=20, choices=IndustrySegment.choices, db_index=True)
    staff_count = models.PositiveIntegerField(
        _("staff count"), default=0, help_text=_("Internship caps are computed from it (one tenth of the staff).")
    )
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code],
        help_text=_("18 characters, GB 32100-2015; the last one is a check character."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_title = models.CharField(_("contact's job title"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    is_aigc_leader = models.BooleanField(_("AIGC leader"), default=False)
    is_certified_iei = models.BooleanField(_("certified industry–education integration enterprise"), default=False)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    tags = ArrayField(models.CharField(max_length=40), verbose_name=_("tags"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = EnterpriseQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="enterprise_unique_credit_code"
            ),
            models.CheckConstraint(
                condition=Q(is_certified_iei=False) | Q(certified_on__isnull=False),
                name="enterprise_certified_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organization)


class AssociationQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if not acc.is_authenticated:
            return self.none()
        return self


class Association(models.Model):
    """The profile of an industry association (Organization of kind association, same primary key)."""

    organization = models.OneToOneField(
        "accounts.Organization", verbose_name=_("organisation"), primary_key=True,
        on_delete=models.CASCADE, related_name="association_profile",
    )
    level = models.CharField(_("level"), max_length=20, choices=AssociationLevel.choices, default="national")
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code],
        help_text=_("18 characters, GB 32100-2015; the last one is a check character."),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    description = models.TextField(_("description"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    member_count = models.PositiveIntegerField(_("member enterprises"), default=0)
    tags = ArrayField(models.CharField(max_length=40), verbose_name=_("tags"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        verbose_name = _("industry association")
        verbose_name_plural = _("industry associations")
        ordering = ["organization__name"]

    def __str__(self) -> str:
        return str(self.organization)


# --- Agreements ------------------------------------------------------------------------------------

class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(pk__in=[])
        if acc.is_teacher or acc.is_department_admin:
            q |= Q(status=AgreementStatus.ACTIVE)
        party_ids = acc.enterprise_ids | acc.association_ids
        if party_ids:
            # A subquery rather than a join, so no DISTINCT is needed and ordering stays free.
            links = Agreement.parties.through.objects.filter(organization_id__in=party_ids)
            q |= Q(pk__in=links.values("agreement_id"))
        return self.filter(q)


class AgreementManager(DefersGrams, models.Manager.from_queryset(AgreementQuerySet)):
    pass


class Agreement(models.Model):
    """A cooperation agreement between the college and one or more enterprises or associations.

    Amendments and renewals are separate rows linked through ``previous``: an amendment replaces
    its predecessor when approved (the old row becomes *superseded*); a renewal follows it in time.
    """

    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=30, choices=AgreementKind.choices, db_index=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AgreementStatus.choices, default=AgreementStatus.DRAFT, db_index=True
    )
    college = models.ForeignKey(
        "accounts.Organization", verbose_name=_("college"), on_delete=models.PROTECT, related_name="college_agreements"
    )
    parties = models.ManyToManyField(
        "accounts.Organization", verbose_name=_("partner parties"), related_name="agreements", blank=True
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    summary = models.TextField(_("summary"), blank=True)
    previous = models.ForeignKey(
        "self", verbose_name=_("previous version"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="successors",
    )
    relation = models.CharField(
        _("relation to the previous version"), max_length=20, choices=AgreementRelation.choices, blank=True, default=""
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    signature_method = models.CharField(
        _("signature"), max_length=20, choices=SignatureMethod.choices, blank=True, default=""
    )
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    # The characters and character pairs of the code and title, kept by PostgreSQL on every write: ?search= finds
    # its candidates in their GIN index instead of reading every row (core.search, docs/PERFORMANCE.md).
    search_grams = gram_field("code", "title", verbose_name=_("search grams"))

    objects = AgreementManager()
    history = HistoricalRecords(m2m_fields=[parties], excluded_fields=["search_grams"])

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-start_date", "code"]
        # The list's order: a province has 30,000 agreements.
        indexes = [models.Index(fields=["-start_date", "code"], name="agreement_latest"),
                   GinIndex(fields=["search_grams"], name="agreement_search_grams", fastupdate=False)]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="agreement_dates_ordered"),
            # At most one pending amendment and one pending renewal per agreement, even under races.
            models.UniqueConstraint(
                fields=["previous", "relation"], condition=Q(status__in=PENDING_AGREEMENT_STATUSES),
                name="agreement_one_pending_successor",
            ),
            models.CheckConstraint(
                condition=Q(signature_method="") | Q(signed_on__isnull=False), name="agreement_signature_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def is_signed(self) -> bool:
        return bool(self.signature_method and self.signed_on)


class AgreementCommitment(models.Model):
    """One structured promise of an agreement, measured per agreement year against what happened."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="commitments"
    )
    kind = models.CharField(_("commitment"), max_length=30, choices=CommitmentKind.choices)
    amount = models.DecimalField(
        _("amount a year"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        ordering = ["agreement", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "kind"], name="commitment_unique_kind"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="commitment_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount}"


class AgreementDocument(models.Model):
    """A file attached to an agreement (its signed scan, the draft text, an annex)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("document kind"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file"), upload_to=RandomUploadTo("agreements"), validators=[UploadValidator(kinds=DOCUMENT_KINDS)],
        help_text=_("PDF, JPG, PNG, DOCX or XLSX; checked by content, at most 10 MB."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agreement document")
        verbose_name_plural = _("agreement documents")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title


# --- Order classes and directed cohorts -----------------------------------------------------------

class OrderClassQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin or acc.is_teacher or acc.is_department_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(enterprise_id__in=acc.enterprise_ids)
        if acc.is_student:
            q |= Q(pk__in=Enrollment.objects.filter(student_id=user.pk).values("order_class_id"))
        return self.filter(q)


class OrderClass(models.Model):
    """An order-based class (订单班) or directed-training cohort (定向培养) run with one enterprise."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.PROTECT, related_name="order_classes"
    )
    enterprise = models.ForeignKey(
        "accounts.Organization", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="order_classes"
    )
    program = models.ForeignKey(
        "curriculum.Program", verbose_name=_("programme"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="order_classes",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CohortKind.choices, default=CohortKind.ORDER_CLASS)
    name = models.CharField(_("name"), max_length=200)
    cohort_year = models.PositiveSmallIntegerField(_("cohort year"))
    quota = models.PositiveIntegerField(_("quota"), validators=[MinValueValidator(1)])
    hiring_commitment = models.PositiveIntegerField(
        _("hiring commitment"), default=0, help_text=_("Graduates the enterprise promises to hire.")
    )
    graduation_date = models.DateField(_("graduation date"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OrderClassQuerySet.as_manager()

    class Meta:
        verbose_name = _("order class")
        verbose_name_plural = _("order classes")
        ordering = ["-cohort_year", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(quota__gte=1), name="order_class_quota_positive"),
            models.CheckConstraint(
                condition=Q(hiring_commitment__lte=models.F("quota")), name="order_class_hiring_within_quota"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Enrollment(models.Model):
    """A student in an order class, and whether the enterprise hired them at graduation."""

    order_class = models.ForeignKey(
        OrderClass, verbose_name=_("order class"), on_delete=models.CASCADE, related_name="enrollments"
    )
    student = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("student"), on_delete=models.PROTECT,
        related_name="order_class_enrollments",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EnrollmentStatus.choices, default=EnrollmentStatus.ENROLLED
    )
    outcome = models.CharField(
        _("hiring outcome"), max_length=20, choices=HiringOutcome.choices, default=HiringOutcome.PENDING
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), auto_now_add=True)
    outcome_recorded_at = models.DateTimeField(_("outcome recorded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["order_class", "student__username"]
        constraints = [
            models.UniqueConstraint(fields=["order_class", "student"], name="enrollment_unique_student"),
            # A student is promised to one employer at a time.
            models.UniqueConstraint(
                fields=["student"], condition=Q(status="enrolled"), name="enrollment_one_active_per_student"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.order_class}"


# --- Industry projects ----------------------------------------------------------------------------

class IndustryProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(enterprise_id__in=acc.enterprise_ids)
        if acc.is_teacher or acc.is_student or acc.is_association or acc.is_department_admin:
            q |= ~Q(status=ProjectStatus.DRAFT)
        return self.filter(q)


class IndustryProject(models.Model):
    """Real commercial AIGC work an enterprise brings to the college."""

    enterprise = models.ForeignKey(
        "accounts.Organization", verbose_name=_("enterprise"), on_delete=models.PROTECT,
        related_name="industry_projects",
    )
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="industry_projects",
    )
    title = models.CharField(_("title"), max_length=200)
    brief = models.TextField(_("brief"), blank=True)
    deliverables = models.TextField(_("deliverables"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT, db_index=True
    )
    competencies = models.ManyToManyField(
        "curriculum.Competency", verbose_name=_("competencies needed"), related_name="industry_projects", blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    max_students = models.PositiveSmallIntegerField(
        _("student places"), default=6, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    outcome = models.TextField(_("outcome"), blank=True)
    feedback = models.TextField(_("enterprise feedback"), blank=True)
    rating = models.PositiveSmallIntegerField(
        _("enterprise rating"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = IndustryProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("industry project")
        verbose_name_plural = _("industry projects")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["-created_at"], name="project_newest")]
        constraints = [
            models.CheckConstraint(
                condition=Q(start_date__isnull=True) | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="project_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5), name="project_rating_range"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectMember(models.Model):
    """A teacher or student on an industry project, with a role and (for students) a team."""

    project = models.ForeignKey(
        IndustryProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("member"), on_delete=models.PROTECT, related_name="project_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=ProjectRole.choices)
    team = models.CharField(_("team"), max_length=60, blank=True)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project member")
        verbose_name_plural = _("project members")
        ordering = ["project", "role", "joined_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "user"], name="project_member_unique"),
            models.UniqueConstraint(
                fields=["project"], condition=Q(role="lead_teacher"), name="project_one_lead_teacher"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class ProjectMilestone(models.Model):
    """A dated step of an industry project with what is delivered at it."""

    project = models.ForeignKey(
        IndustryProject, verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"))
    deliverable = models.CharField(_("deliverable"), max_length=200, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["project", "due_date", "id"]

    def __str__(self) -> str:
        return self.title


# --- Contact log ----------------------------------------------------------------------------------

class ContactLogQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(pk__in=[])
        if acc.is_teacher:
            q |= Q(recorded_by_id=user.pk)
        if acc.enterprise_ids:
            # Internal notes of the college about a partner are never shown to that partner.
            q |= Q(enterprise_id__in=acc.enterprise_ids, is_internal=False)
        return self.filter(q)


class ContactLog(models.Model):
    """A meeting, visit or call with an enterprise, with an optional follow-up date."""

    enterprise = models.ForeignKey(
        "accounts.Organization", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="contact_logs"
    )
    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="contact_logs",
    )
    channel = models.CharField(_("channel"), max_length=20, choices=ContactChannel.choices)
    occurred_on = models.DateField(_("date"))
    subject = models.CharField(_("subject"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    participants = models.CharField(_("participants"), max_length=255, blank=True)
    is_internal = models.BooleanField(
        _("internal note"), default=False, help_text=_("Internal notes are not shown to the enterprise.")
    )
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    follow_up_done_at = models.DateTimeField(_("follow-up done at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ContactLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact log")
        verbose_name_plural = _("contact logs")
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["enterprise", "-occurred_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(follow_up_on__isnull=True) | Q(follow_up_on__gte=models.F("occurred_on")),
                name="contact_follow_up_after_contact",
            ),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def follow_up_pending(self) -> bool:
        return bool(self.follow_up_on and not self.follow_up_done_at)
