"""Composite faculty (pathway 3): teacher profiles, industry placements, training, part-time instructors,
teaching reform and the annual assessment.

Dual-qualified status and practice standing are computed from evidence in ``faculty.services``; no model
has a field a person could type them into.
"""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import Role
from accounts.policy import access_for
from core.catalogue import Archivable, ArchivableQuerySet
from core.constraints import same_id
from core.uploads import DOCUMENT_KINDS, RandomUploadTo, UploadValidator

from .choices import (
    AwardLevel,
    CertificateKind,
    EvidenceStatus,
    PlacementStatus,
    ReformKind,
    TitleRank,
    TrainingKind,
    breakdown_label,
)

ZERO = Decimal("0")
# Placements in these states hold the teacher's calendar: two of them may not overlap.
PLACEMENT_ACTIVE_STATES = (PlacementStatus.SUBMITTED, PlacementStatus.CONFIRMED, PlacementStatus.COUNTED)
TERM_VALIDATOR = RegexValidator(
    r"^(\d{4})-(\d{4})-([12])$", _("Use the form 2024-2025-1 (academic year and term 1 or 2).")
)


class TeacherOwnedQuerySet(models.QuerySet):
    """Rows that belong to one teacher profile: the teacher sees their own, the college admin all."""

    profile_field = "profile"

    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(pk__in=[])
        if acc.is_teacher:
            q |= Q(**{f"{self.profile_field}__user_id": user.pk})
        if acc.is_department_admin:
            q |= Q(**{f"{self.profile_field}__user_id__in": acc.department_members(Role.TEACHER)})
        return self.filter(q)


class EvidenceQuerySet(TeacherOwnedQuerySet):
    def verified(self):
        return self.filter(status=EvidenceStatus.VERIFIED)

    def pending(self):
        return self.filter(status=EvidenceStatus.PENDING)


class Evidence(models.Model):
    """Evidence a teacher declares: it counts toward dual-qualified status and the annual assessment only
    once a college admin other than the teacher verified it (who and when kept here and in the status
    history; a rejection says why). Pending until then; a college admin's own entry is verified by them."""

    status = models.CharField(_("verification"), max_length=20, choices=EvidenceStatus.choices,
                              default=EvidenceStatus.PENDING, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("verified or rejected by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    reviewed_at = models.DateTimeField(_("verified or rejected at"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def counts(self) -> bool:
        return self.status == EvidenceStatus.VERIFIED


def evidence_constraints(name: str) -> list[models.BaseConstraint]:
    """The database's guard behind the verification rule: a review has its time, a rejection its reason."""
    return [
        models.CheckConstraint(condition=Q(status=EvidenceStatus.PENDING) | Q(reviewed_at__isnull=False),
                               name=f"faculty_{name}_review_dated"),
        models.CheckConstraint(condition=~Q(status=EvidenceStatus.REJECTED) | ~Q(rejection_reason=""),
                               name=f"faculty_{name}_rejection_has_reason"),
    ]


class TeacherProfileQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(pk__in=[])
        if acc.is_teacher:
            q |= Q(user_id=user.pk)
        if acc.is_department_admin:
            q |= Q(user_id__in=acc.department_members(Role.TEACHER))
        if acc.enterprise_ids:
            # A host enterprise sees the teachers it hosts (not drafts it was never shown).
            hosted = TeacherPlacement.objects.filter(host_id__in=acc.enterprise_ids).exclude(
                status=PlacementStatus.DRAFT
            )
            q |= Q(pk__in=hosted.values("teacher_id"))
        return self.filter(q)


class TeacherProfile(models.Model):
    """A full-time teacher's faculty record; one per user holding the teacher role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="teacher_profile"
    )
    department = models.ForeignKey(
        "accounts.Organization", verbose_name=_("department"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="teacher_profiles", limit_choices_to={"kind": "department"},
    )
    title_rank = models.CharField(_("title rank"), max_length=30, choices=TitleRank.choices, default=TitleRank.LECTURER)
    subjects = ArrayField(models.CharField(max_length=60), verbose_name=_("subjects"), default=list, blank=True)
    aigc_skills = ArrayField(models.CharField(max_length=60), verbose_name=_("AIGC skills"), default=list, blank=True)
    industry_years = models.PositiveSmallIntegerField(
        _("years in industry"), default=0, help_text=_("Full years worked in the film, TV or AIGC industry.")
    )
    employed_since = models.DateField(
        _("employed at the college since"), null=True, blank=True,
        help_text=_("Used to pro-rate the practice target for teachers who joined within the window."),
    )
    is_specialist = models.BooleanField(
        _("specialist teacher"), default=True,
        help_text=_("Specialist (professional course) teachers must do enterprise practice."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TeacherProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("teacher profile")
        verbose_name_plural = _("teacher profiles")
        ordering = ["department__name", "user__username"]

    def __str__(self) -> str:
        return str(self.user)


class TeacherCertificate(Evidence):
    """A certificate held by a teacher; valid industry certificates are evidence for dual-qualified status."""

    profile = models.ForeignKey(
        TeacherProfile, verbose_name=_("teacher"), on_delete=models.CASCADE, related_name="certificates"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CertificateKind.choices)
    name = models.CharField(_("name"), max_length=160)
    issuer = models.CharField(_("issuer"), max_length=160, blank=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Leave empty if it never expires.")
    )
    file = models.FileField(
        _("scan"), upload_to=RandomUploadTo("faculty/certificates"), blank=True,
        validators=[UploadValidator(kinds=DOCUMENT_KINDS)], help_text=_("PDF, JPG or PNG, up to 10 MB."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("teacher certificate")
        verbose_name_plural = _("teacher certificates")
        ordering = ["-issued_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("issued_on")),
                name="faculty_certificate_dates_ordered",
            ),
            *evidence_constraints("certificate"),
        ]

    def __str__(self) -> str:
        return self.name


class TeacherPlacementQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(pk__in=[])
        if acc.is_teacher:
            q |= Q(teacher__user_id=user.pk)
        if acc.is_department_admin:
            q |= Q(teacher__user_id__in=acc.department_members(Role.TEACHER))
        if acc.enterprise_ids:
            q |= Q(host_id__in=acc.enterprise_ids) & ~Q(status=PlacementStatus.DRAFT)
        return self.filter(q)


class TeacherPlacement(models.Model):
    """A teacher's industry practice (企业实践) at a host enterprise, confirmed by that enterprise."""

    teacher = models.ForeignKey(
        TeacherProfile, verbose_name=_("teacher"), on_delete=models.PROTECT, related_name="placements"
    )
    host = models.ForeignKey(
        "accounts.Organization", verbose_name=_("host enterprise"), on_delete=models.PROTECT,
        related_name="hosted_teacher_placements", limit_choices_to={"kind": "enterprise"},
    )
    agreement = models.ForeignKey(
        "partnerships.Agreement", verbose_name=_("workstation or mobility-station agreement"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="teacher_placements",
        help_text=_("Only an enterprise-workstation or teacher-mobility-station agreement with the host."),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    role = models.CharField(_("role at the enterprise"), max_length=120, help_text=_("e.g. AIGC storyboard artist"))
    project = models.CharField(_("project led or joined"), max_length=200, blank=True)
    industry_project = models.ForeignKey(
        "partnerships.IndustryProject", verbose_name=_("industry project"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="teacher_placements",
    )
    days = models.PositiveSmallIntegerField(
        _("practice days"), help_text=_("Days actually worked at the enterprise; at most the length of the period.")
    )
    outcomes = models.TextField(_("outcomes"), blank=True, help_text=_("What was produced or learned."))
    evidence = models.FileField(
        _("evidence"), upload_to=RandomUploadTo("faculty/placements"), blank=True,
        validators=[UploadValidator(kinds=DOCUMENT_KINDS)],
        help_text=_("Certificate of practice or work samples: PDF, JPG, PNG, DOCX or XLSX, up to 10 MB."),
    )
    # Where the confirmation link went: the contact the host enterprise registered on its partner
    # profile, copied at submission. Never typed by the teacher (issue 18 item 7).
    contact_name = models.CharField(_("enterprise contact"), max_length=100, blank=True, editable=False)
    contact_email = models.EmailField(
        _("confirmation link sent to"), blank=True, editable=False,
        help_text=_("The contact the host enterprise registered; its staff may also confirm in the platform."),
    )
    link_sent_at = models.DateTimeField(_("confirmation link sent at"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=PlacementStatus.choices, default=PlacementStatus.DRAFT, db_index=True
    )
    return_reason = models.TextField(_("reason for return"), blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    confirmed_by_name = models.CharField(_("confirmed by (name)"), max_length=120, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = TeacherPlacementQuerySet.as_manager()

    class Meta:
        verbose_name = _("teacher industry placement")
        verbose_name_plural = _("teacher industry placements")
        ordering = ["-start_date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="faculty_placement_dates_ordered"),
            models.CheckConstraint(condition=Q(days__gte=1), name="faculty_placement_days_positive"),
            ExclusionConstraint(
                name="faculty_placement_no_overlap",
                expressions=[
                    (Func(F("start_date"), F("end_date"), Value("[]"), function="daterange",
                          output_field=DateRangeField()), RangeOperators.OVERLAPS),
                    (same_id("teacher"), RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=list(PLACEMENT_ACTIVE_STATES)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.teacher} @ {self.host} ({self.start_date:%Y-%m-%d})"

    @property
    def period_days(self) -> int:
        return (self.end_date - self.start_date).days + 1


class TrainingRecord(Evidence):
    """Professional development: a workshop, AIGC training or conference, with hours and certificate."""

    profile = models.ForeignKey(TeacherProfile, verbose_name=_("teacher"), on_delete=models.CASCADE,
                                related_name="trainings")
    kind = models.CharField(_("kind"), max_length=20, choices=TrainingKind.choices)
    title = models.CharField(_("title"), max_length=200)
    organizer = models.CharField(_("organiser"), max_length=160, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    hours = models.DecimalField(
        _("hours"), max_digits=6, decimal_places=1, validators=[MinValueValidator(Decimal("0.5"))],
    )
    certificate_name = models.CharField(_("certificate obtained"), max_length=160, blank=True)
    certificate_file = models.FileField(
        _("certificate scan"), upload_to=RandomUploadTo("faculty/trainings"), blank=True,
        validators=[UploadValidator(kinds=DOCUMENT_KINDS)], help_text=_("PDF, JPG or PNG, up to 10 MB."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-start_date", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="faculty_training_dates_ordered"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="faculty_training_hours_positive"),
            *evidence_constraints("training"),
        ]

    def __str__(self) -> str:
        return self.title


class ReformRecord(Evidence):
    """A teaching-reform achievement: project-based or case teaching, flipped class, a course or resource built."""

    profile = models.ForeignKey(TeacherProfile, verbose_name=_("teacher"), on_delete=models.CASCADE,
                                related_name="reforms")
    kind = models.CharField(_("kind"), max_length=20, choices=ReformKind.choices)
    title = models.CharField(_("title"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    course = models.ForeignKey("curriculum.Course", verbose_name=_("course"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="reform_records")
    industry_project = models.ForeignKey(
        "partnerships.IndustryProject", verbose_name=_("industry project"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="reform_records",
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("teaching-reform record")
        verbose_name_plural = _("teaching-reform records")
        ordering = ["-year", "title"]
        constraints = evidence_constraints("reform")

    def __str__(self) -> str:
        return self.title


class IndustryYearsDeclaration(Evidence):
    """Years in industry a teacher declares; once verified they become the profile's ``industry_years``."""

    profile = models.ForeignKey(TeacherProfile, verbose_name=_("teacher"), on_delete=models.CASCADE,
                                related_name="industry_years_declarations")
    years = models.PositiveSmallIntegerField(_("years in industry"), validators=[MaxValueValidator(60)],
                                             help_text=_("Full years worked in the film, TV or AIGC industry."))
    description = models.TextField(_("where and as what"), blank=True,
                                   help_text=_("Employers, roles and periods, so the college can check them."))
    file = models.FileField(
        _("proof"), upload_to=RandomUploadTo("faculty/industry"), blank=True,
        validators=[UploadValidator(kinds=DOCUMENT_KINDS)],
        help_text=_("Employment certificate or contract: PDF, JPG or PNG, up to 10 MB."),
    )
    created_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("declaration of years in industry")
        verbose_name_plural = _("declarations of years in industry")
        ordering = ["-created_at", "-id"]
        constraints = [
            *evidence_constraints("industry_years"),
            # One declaration waits at a time: a new one while one is pending replaces its figures.
            models.UniqueConstraint(fields=["profile"], condition=Q(status=EvidenceStatus.PENDING),
                                    name="faculty_industry_years_one_pending"),
        ]

    def __str__(self) -> str:
        return f"{self.profile}: {self.years}"


class TeacherAward(models.Model):
    """An award or incentive a teacher received; counted in the annual assessment."""

    profile = models.ForeignKey(TeacherProfile, verbose_name=_("teacher"), on_delete=models.CASCADE,
                                related_name="awards")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=200)
    level = models.CharField(_("level"), max_length=20, choices=AwardLevel.choices)
    incentive_cny = models.DecimalField(_("incentive (CNY)"), max_digits=10, decimal_places=2, default=ZERO,
                                        validators=[MinValueValidator(ZERO)])
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = TeacherOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = _("award or incentive")
        verbose_name_plural = _("awards and incentives")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


class PartTimeInstructorQuerySet(ArchivableQuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(pk__in=[])
        if acc.is_teacher or acc.is_department_admin:
            # The college's roster of part-time instructors, read as a teacher reads it: the current ones.
            q |= Q(archived_at__isnull=True)
        if acc.enterprise_ids:
            q |= Q(enterprise_id__in=acc.enterprise_ids)
        return self.filter(q)


class PartTimeInstructor(Archivable, models.Model):
    """An enterprise professional who teaches at the college part-time (兼职教师).

    Part of the college's roster, archived like any catalogue entry (core/catalogue.py): an archived
    instructor keeps their teaching assignments but is offered for no new one and hidden from teachers.
    """

    name = models.CharField(_("name"), max_length=100)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("platform account"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="part_time_instructor",
    )
    enterprise = models.ForeignKey(
        "accounts.Organization", verbose_name=_("enterprise"), on_delete=models.PROTECT,
        related_name="part_time_instructors", limit_choices_to={"kind": "enterprise"},
    )
    position = models.CharField(_("position at the enterprise"), max_length=120, blank=True)
    expertise = models.CharField(_("expertise"), max_length=200, blank=True)
    phone = models.CharField(_("phone number"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    hourly_rate = models.DecimalField(
        _("hourly rate (CNY)"), max_digits=8, decimal_places=2, validators=[MinValueValidator(ZERO)],
        help_text=_("Pay per teaching hour, in yuan."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PartTimeInstructorQuerySet.as_manager()

    class Meta:
        verbose_name = _("part-time instructor")
        verbose_name_plural = _("part-time instructors")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(hourly_rate__gte=0), name="faculty_instructor_rate_nonnegative"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        """On the current roster (not archived): what the API's ``is_active`` has always said."""
        return self.archived_at is None


class TeachingAssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(pk__in=[])
        if acc.is_teacher:
            q |= Q(mentor_id=user.pk) | Q(course__owner_id=user.pk)
        if acc.is_department_admin:
            teachers = acc.department_members(Role.TEACHER)
            q |= Q(mentor_id__in=teachers) | Q(course__owner_id__in=teachers)
        if acc.enterprise_ids:
            q |= Q(instructor__enterprise_id__in=acc.enterprise_ids)
        q |= Q(instructor__user_id=user.pk)
        return self.filter(q)


class TeachingAssignment(models.Model):
    """A course a part-time instructor teaches in a term; pay = hours × rate, fixed when recorded."""

    instructor = models.ForeignKey(PartTimeInstructor, verbose_name=_("instructor"), on_delete=models.PROTECT,
                                   related_name="assignments")
    course = models.ForeignKey("curriculum.Course", verbose_name=_("course"), on_delete=models.PROTECT,
                               related_name="part_time_assignments")
    term = models.CharField(_("term"), max_length=11, validators=[TERM_VALIDATOR], help_text=_("e.g. 2024-2025-1"))
    hours = models.DecimalField(_("teaching hours"), max_digits=6, decimal_places=1,
                                validators=[MinValueValidator(Decimal("0.5"))])
    rate = models.DecimalField(_("hourly rate (CNY)"), max_digits=8, decimal_places=2,
                               validators=[MinValueValidator(ZERO)],
                               help_text=_("Taken from the instructor's rate when left empty."))
    pay = models.DecimalField(_("pay (CNY)"), max_digits=12, decimal_places=2, editable=False)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mentoring teacher"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="mentored_assignments",
        help_text=_("The full-time teacher who guides the instructor in this course."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = TeachingAssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("teaching assignment")
        verbose_name_plural = _("teaching assignments")
        ordering = ["-term", "course__code"]
        constraints = [
            models.UniqueConstraint(fields=["instructor", "course", "term"], name="faculty_assignment_unique_term"),
            models.CheckConstraint(condition=Q(hours__gt=0), name="faculty_assignment_hours_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.instructor} · {self.course} · {self.term}"

    @property
    def start_year(self) -> int:
        return int(self.term[:4])


class InstructorEvaluationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Whoever sees the assignment sees its evaluations (the college, the mentor and course owner, the
        instructor's enterprise and the instructor)."""
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        return self.filter(assignment__in=TeachingAssignment.objects.visible_to(user).values("pk"))


class InstructorEvaluation(models.Model):
    """An evaluation of a part-time instructor's teaching in one assignment (score out of 100)."""

    assignment = models.ForeignKey(TeachingAssignment, verbose_name=_("assignment"), on_delete=models.CASCADE,
                                   related_name="evaluations")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("evaluator"), null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2,
                                validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))])
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = InstructorEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("instructor evaluation")
        verbose_name_plural = _("instructor evaluations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "evaluator"], name="faculty_evaluation_once_per_evaluator"),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="faculty_evaluation_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.assignment}: {self.score}"


class AssessmentScheme(models.Model):
    """Points per unit of industry–education work for one assessment year; edited by college admins."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    per_placement_day = models.DecimalField(_("points per counted placement day"), max_digits=6, decimal_places=2,
                                            default=Decimal("0.50"))
    per_project = models.DecimalField(_("points per industry project in a placement"), max_digits=6,
                                      decimal_places=2, default=Decimal("5.00"))
    per_mentored_assignment = models.DecimalField(_("points per part-time instructor mentored"), max_digits=6,
                                                  decimal_places=2, default=Decimal("3.00"))
    per_training_hour = models.DecimalField(_("points per training hour"), max_digits=6, decimal_places=2,
                                            default=Decimal("0.20"))
    per_reform = models.DecimalField(_("points per teaching-reform record"), max_digits=6, decimal_places=2,
                                     default=Decimal("4.00"))
    award_points = models.JSONField(
        _("points per award level"), default=dict, blank=True,
        help_text=_('e.g. {"national": 20, "provincial": 12, "municipal": 8, "college": 4}'),
    )
    max_score = models.DecimalField(_("maximum score"), max_digits=6, decimal_places=2, default=Decimal("100.00"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)


class AssessmentQuerySet(TeacherOwnedQuerySet):
    profile_field = "profile"


class Assessment(models.Model):
    """A teacher's annual industry–education score with its breakdown (computed, never typed)."""

    profile = models.ForeignKey(TeacherProfile, verbose_name=_("teacher"), on_delete=models.CASCADE,
                                related_name="assessments")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    scheme = models.ForeignKey(AssessmentScheme, verbose_name=_("scheme"), on_delete=models.PROTECT,
                               related_name="assessments")
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2)
    breakdown = models.JSONField(_("breakdown"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)
    computed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("computed by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()
    objects = AssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual assessment")
        verbose_name_plural = _("annual assessments")
        ordering = ["-year", "-score"]
        constraints = [models.UniqueConstraint(fields=["profile", "year"], name="faculty_assessment_once_per_year")]

    def __str__(self) -> str:
        return f"{self.profile} {self.year}: {self.score}"

    @property
    def breakdown_rows(self) -> list[tuple[str, dict]]:
        """(label people read, item) per item of the breakdown, in its order."""
        return [(breakdown_label(key), item) for key, item in self.breakdown.items()]
