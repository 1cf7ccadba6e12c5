"""Training system (pathway 1): competencies, programmes, course modules and courses, the competency map
(岗课赛证), student achievements and project-based teaching."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accounts.choices import Role
from core.catalogue import Archivable, ArchivableQuerySet
from core.uploads import RandomUploadTo, UploadValidator

from .choices import (
    AchievementKind,
    AchievementStatus,
    CertificateLevel,
    CompetencyCategory,
    CompetitionLevel,
    CourseProjectStatus,
    GoalDimension,
    GraderRole,
    Level,
    ModuleKind,
    ProgramStatus,
)


def _access(user):
    from accounts.policy import access_for

    return access_for(user)


class VisibleToAllQuerySet(models.QuerySet):
    """Catalogue data every signed-in user may read; writes are decided by the app's policy."""

    def visible_to(self, user):
        return self if getattr(user, "is_authenticated", False) else self.none()


class CatalogueQuerySet(VisibleToAllQuerySet, ArchivableQuerySet):
    """A catalogue of the competency map: read by everyone signed in, archived rather than deleted."""


class Competency(Archivable):
    """A competency the college trains and industry demands (art, technology, innovation, ...)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=CompetencyCategory.choices, db_index=True)
    description = models.TextField(_("description"), blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["category", "code"]

    def __str__(self) -> str:
        return self.name


class ProgramQuerySet(models.QuerySet):
    def visible_to(self, user) -> ProgramQuerySet:
        """College staff see every version; partners see versions once submitted; students the approved ones.

        A department administrator sees every version of their own departments' programmes and none of
        another department's (a teacher role they also hold still shows the whole catalogue).
        """
        acc = _access(user)
        if not acc.is_authenticated:
            return self.none()
        if acc.is_college_admin or acc.is_teacher:
            return self
        if acc.is_department_admin:
            return self.filter(department_id__in=acc.department_ids)
        if acc.is_enterprise or acc.is_association:
            return self.exclude(status=ProgramStatus.DRAFT)
        if acc.is_student:
            return self.filter(status=ProgramStatus.APPROVED)
        return self.none()


class Program(models.Model):
    """A talent-training programme (人才培养方案) of one major and cohort, in versions."""

    major = models.CharField(_("major"), max_length=120)
    cohort_year = models.PositiveSmallIntegerField(_("cohort year"))
    title = models.CharField(_("title"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT, db_index=True
    )
    length_years = models.PositiveSmallIntegerField(
        _("length (years)"), default=3, validators=[MinValueValidator(1), MaxValueValidator(6)]
    )
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("Orientation of the programme and the posts it trains for.")
    )
    department = models.ForeignKey(
        "accounts.Organization", verbose_name=_("department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="programs",
    )
    previous = models.ForeignKey(
        "self", verbose_name=_("previous version"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="next_versions",
    )
    courses = models.ManyToManyField(
        "Course", through="ProgramCourse", verbose_name=_("courses"), related_name="programs", blank=True
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        verbose_name = _("talent-training programme")
        verbose_name_plural = _("talent-training programmes")
        ordering = ["-cohort_year", "major", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["major", "cohort_year", "version"], name="program_unique_version"),
            # the last guard behind program_approve(): one approved version per major and cohort
            models.UniqueConstraint(
                fields=["major", "cohort_year"], condition=models.Q(status="approved"),
                name="program_one_approved_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class ProgramGoal(models.Model):
    """A goal of a programme under one dimension of the triad, with an outcome that can be measured."""

    program = models.ForeignKey(Program, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="goals")
    dimension = models.CharField(_("dimension"), max_length=20, choices=GoalDimension.choices)
    statement = models.CharField(_("goal"), max_length=300)
    outcome = models.CharField(
        _("measurable outcome"), max_length=300,
        help_text=_("How the goal is measured, e.g. “nine in ten graduates pass the AIGC certificate”."),
    )
    target = models.CharField(_("target value"), max_length=60, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("programme goal")
        verbose_name_plural = _("programme goals")
        ordering = ["program", "dimension", "order", "id"]

    def __str__(self) -> str:
        return self.statement


class ProgramComment(models.Model):
    """A review comment on a programme in review, by an enterprise, the association or the college."""

    program = models.ForeignKey(Program, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT,
                               related_name="+")
    organization = models.ForeignKey("accounts.Organization", verbose_name=_("organisation"), null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("comment"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("programme comment")
        verbose_name_plural = _("programme comments")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:40]}"


class CourseModule(Archivable):
    """A group of courses of one of the three kinds the paper names."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=ModuleKind.choices)
    description = models.TextField(_("description"), blank=True)
    program = models.ForeignKey(
        Program, verbose_name=_("programme"), null=True, blank=True, on_delete=models.CASCADE, related_name="modules"
    )

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("course module")
        verbose_name_plural = _("course modules")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    """A course of the catalogue, owned by one teacher, whose content is revised over time."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=160)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1, default=Decimal("2.0"),
                                  validators=[MinValueValidator(Decimal("0.5"))])
    theory_hours = models.PositiveSmallIntegerField(_("theory hours"), default=0)
    practice_hours = models.PositiveSmallIntegerField(_("practice hours"), default=0)
    module = models.ForeignKey(
        CourseModule, verbose_name=_("module"), null=True, blank=True, on_delete=models.SET_NULL, related_name="courses"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner teacher"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="owned_courses",
    )
    description = models.TextField(_("description"), blank=True)
    aigc_topics = ArrayField(
        models.CharField(max_length=60), verbose_name=_("AIGC topics"), default=list, blank=True,
        help_text=_("AIGC tools and themes the course teaches, separated by commas."),
    )
    content_since = models.DateField(
        _("content dated"), default=timezone.localdate,
        help_text=_("Date of the content before any recorded revision; staleness counts from the latest revision."),
    )
    competencies = models.ManyToManyField(Competency, through="CourseCompetency", verbose_name=_("competencies"),
                                          related_name="courses", blank=True)

    objects = VisibleToAllQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProgramCourse(models.Model):
    """A course in a programme version, in a semester."""

    program = models.ForeignKey(Program, verbose_name=_("programme"), on_delete=models.CASCADE,
                                related_name="program_courses")
    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.PROTECT, related_name="+")
    semester = models.PositiveSmallIntegerField(_("semester"), default=1,
                                                validators=[MinValueValidator(1), MaxValueValidator(12)])
    is_required = models.BooleanField(_("required"), default=True)

    class Meta:
        verbose_name = _("programme course")
        verbose_name_plural = _("programme courses")
        ordering = ["program", "semester", "course__code"]
        constraints = [models.UniqueConstraint(fields=["program", "course"], name="program_course_unique")]

    def __str__(self) -> str:
        return f"{self.program} · {self.course}"


class CourseRevision(models.Model):
    """A dated revision of a course's content: what was added and what was retired."""

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="revisions")
    revised_on = models.DateField(_("revised on"))
    summary = models.CharField(_("summary"), max_length=200)
    added = models.TextField(_("content added"), blank=True)
    retired = models.TextField(_("content retired"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("course revision")
        verbose_name_plural = _("course revisions")
        ordering = ["-revised_on", "-id"]

    def __str__(self) -> str:
        return f"{self.course.code} {self.revised_on}"


class CourseCompetency(models.Model):
    """A course covers a competency at a level (the 课 of 岗课赛证)."""

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="coverage")
    competency = models.ForeignKey(Competency, verbose_name=_("competency"), on_delete=models.CASCADE,
                                   related_name="course_coverage")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.BASIC)

    class Meta:
        verbose_name = _("course coverage")
        verbose_name_plural = _("course coverage")
        ordering = ["course", "competency"]
        constraints = [
            models.UniqueConstraint(fields=["course", "competency"], name="course_competency_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="course_competency_level"),
        ]

    def __str__(self) -> str:
        return f"{self.course} · {self.competency} ({self.level})"


class JobPost(Archivable):
    """A job post (岗位) of the industry and the competencies it requires (the 岗 of 岗课赛证)."""

    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(_("description"), blank=True)
    enterprise = models.ForeignKey("accounts.Organization", verbose_name=_("enterprise"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="job_posts",
                                   help_text=_("Leave empty for a post that the whole industry has."))
    is_current = models.BooleanField(_("current"), default=True,
                                     help_text=_("Only current posts count as industry demand."))
    competencies = models.ManyToManyField(Competency, through="JobPostCompetency", verbose_name=_("competencies"),
                                          related_name="job_posts", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # its required competencies are the post's own rows: they go with it
    catalogue_parts = ("requirements",)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("job post")
        verbose_name_plural = _("job posts")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class JobPostCompetency(models.Model):
    job_post = models.ForeignKey(JobPost, verbose_name=_("job post"), on_delete=models.CASCADE,
                                 related_name="requirements")
    competency = models.ForeignKey(Competency, verbose_name=_("competency"), on_delete=models.CASCADE,
                                   related_name="job_requirements")
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices, default=Level.BASIC)

    class Meta:
        verbose_name = _("required competency")
        verbose_name_plural = _("required competencies")
        ordering = ["job_post", "competency"]
        constraints = [
            models.UniqueConstraint(fields=["job_post", "competency"], name="jobpost_competency_unique"),
            models.CheckConstraint(condition=models.Q(level__gte=1, level__lte=4), name="jobpost_competency_level"),
        ]

    def __str__(self) -> str:
        return f"{self.job_post} · {self.competency} ({self.level})"


class Competition(Archivable):
    """A skill competition (the 赛 of 岗课赛证) linked to competencies and courses."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    organizer = models.CharField(_("organiser"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=CompetitionLevel.choices,
                             default=CompetitionLevel.PROVINCIAL)
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), related_name="competitions",
                                          blank=True)
    courses = models.ManyToManyField(Course, verbose_name=_("courses"), related_name="competitions", blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("skill competition")
        verbose_name_plural = _("skill competitions")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Certificate(Archivable):
    """A vocational certificate (the 证 of 岗课赛证, e.g. a 1+X certificate)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=CertificateLevel.choices,
                             default=CertificateLevel.INTERMEDIATE)
    competencies = models.ManyToManyField(Competency, verbose_name=_("competencies"), related_name="certificates",
                                          blank=True)
    courses = models.ManyToManyField(Course, verbose_name=_("courses"), related_name="certificates", blank=True)

    objects = CatalogueQuerySet.as_manager()

    class Meta:
        verbose_name = _("vocational certificate")
        verbose_name_plural = _("vocational certificates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StudentAchievementQuerySet(models.QuerySet):
    def visible_to(self, user) -> StudentAchievementQuerySet:
        """College staff see all; a department administrator their students'; a student only their own."""
        acc = _access(user)
        if acc.is_college_admin or acc.is_teacher:
            return self
        q = models.Q(pk__in=[])
        if acc.is_department_admin:
            q |= models.Q(student_id__in=acc.department_members(Role.STUDENT))
        if acc.is_student:
            q |= models.Q(student_id=acc.user_id)
        return self.filter(q) if acc.is_authenticated else self.none()


class StudentAchievement(models.Model):
    """A competition award or certificate a student earned, with evidence, verified by a college admin."""

    student = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("student"), on_delete=models.CASCADE,
                                related_name="achievements")
    program = models.ForeignKey(Program, verbose_name=_("programme"), null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="achievements",
                                help_text=_("The programme the student is enrolled in (gives the cohort)."))
    kind = models.CharField(_("kind"), max_length=20, choices=AchievementKind.choices)
    competition = models.ForeignKey(Competition, verbose_name=_("competition"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="achievements")
    certificate = models.ForeignKey(Certificate, verbose_name=_("certificate"), null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="achievements")
    title = models.CharField(_("title"), max_length=200, help_text=_("e.g. “First prize” or the certificate number."))
    achieved_on = models.DateField(_("achieved on"))
    evidence = models.FileField(
        _("evidence"), upload_to=RandomUploadTo("achievements"), blank=True,
        validators=[UploadValidator(kinds=("pdf", "jpg", "png"))],
        help_text=_("A scan or photo of the award or certificate: PDF, JPG or PNG."),
    )
    status = models.CharField(_("status"), max_length=20, choices=AchievementStatus.choices,
                              default=AchievementStatus.SUBMITTED, db_index=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("verified by"), null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    review_note = models.CharField(_("review note"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()
    objects = StudentAchievementQuerySet.as_manager()

    class Meta:
        verbose_name = _("student achievement")
        verbose_name_plural = _("student achievements")
        ordering = ["-achieved_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="award", competition__isnull=False, certificate__isnull=True)
                           | models.Q(kind="certificate", certificate__isnull=False, competition__isnull=True)),
                name="achievement_kind_matches_link",
            ),
        ]
        # The list's order, overall and per status (a province records 200,000 achievements).
        indexes = [
            models.Index(fields=["-achieved_on", "-id"], name="achievement_latest"),
            models.Index(fields=["status", "-achieved_on", "-id"], name="achievement_status_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.student} · {self.title}"


class CourseProjectQuerySet(models.QuerySet):
    def visible_to(self, user) -> CourseProjectQuerySet:
        """College staff see all; an enterprise its own projects' adoptions; a student the projects they work on."""
        acc = _access(user)
        if acc.is_college_admin or acc.is_teacher:
            return self
        q = models.Q(pk__in=[])
        if acc.is_enterprise:
            q |= models.Q(industry_project__enterprise_id__in=acc.enterprise_ids) | models.Q(mentor_id=acc.user_id)
        if acc.is_student:
            q |= models.Q(pk__in=TeamMember.objects.filter(student_id=acc.user_id).values("project_id"))
        return self.filter(q) if acc.is_authenticated else self.none()


class CourseProject(models.Model):
    """An enterprise's industry project adopted as a project of a course (project-based teaching)."""

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="projects")
    industry_project = models.ForeignKey("partnerships.IndustryProject", verbose_name=_("industry project"),
                                         on_delete=models.PROTECT, related_name="course_projects")
    title = models.CharField(_("title"), max_length=200)
    term = models.CharField(_("term"), max_length=20, help_text=_("e.g. 2026-2027-1"))
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("enterprise mentor"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="mentored_course_projects")
    status = models.CharField(_("status"), max_length=20, choices=CourseProjectStatus.choices,
                              default=CourseProjectStatus.PLANNED, db_index=True)
    teacher_weight = models.DecimalField(
        _("teacher's weight"), max_digits=3, decimal_places=2, default=Decimal("0.60"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("1"))],
        help_text=_("Share of the teacher's grade in a team's final grade; the mentor's share is the rest."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = CourseProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("course project")
        verbose_name_plural = _("course projects")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["-created_at", "-id"], name="courseproject_newest")]  # the list's order
        constraints = [
            models.UniqueConstraint(fields=["course", "industry_project", "term"], name="course_project_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class ProjectTeam(models.Model):
    """A student team working on a course project."""

    project = models.ForeignKey(CourseProject, verbose_name=_("course project"), on_delete=models.CASCADE,
                                related_name="teams")
    name = models.CharField(_("team name"), max_length=100)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("project team")
        verbose_name_plural = _("project teams")
        ordering = ["project", "name"]
        constraints = [models.UniqueConstraint(fields=["project", "name"], name="project_team_unique_name")]

    def __str__(self) -> str:
        return self.name


class TeamMember(models.Model):
    """A student in a team; the project is repeated so the database keeps a student in one team per project."""

    team = models.ForeignKey(ProjectTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members")
    project = models.ForeignKey(CourseProject, verbose_name=_("course project"), on_delete=models.CASCADE,
                                related_name="+")
    student = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("student"), on_delete=models.CASCADE,
                                related_name="project_teams")

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "student__username"]
        constraints = [
            models.UniqueConstraint(fields=["project", "student"], name="team_member_one_team_per_project"),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.student}"


class TeamGrade(models.Model):
    """A team's grade from the teacher or from the enterprise mentor (one of each)."""

    team = models.ForeignKey(ProjectTeam, verbose_name=_("team"), on_delete=models.CASCADE, related_name="grades")
    grader_role = models.CharField(_("graded as"), max_length=20, choices=GraderRole.choices)
    grader = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("grader"), null=True,
                               on_delete=models.SET_NULL, related_name="+")
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2,
                                validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))])
    comment = models.TextField(_("comment"), blank=True)
    graded_at = models.DateTimeField(_("graded at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("team grade")
        verbose_name_plural = _("team grades")
        ordering = ["team", "grader_role"]
        constraints = [
            models.UniqueConstraint(fields=["team", "grader_role"], name="team_grade_one_per_role"),
            models.CheckConstraint(condition=models.Q(score__gte=0, score__lte=100), name="team_grade_score_range"),
        ]

    def __str__(self) -> str:
        return f"{self.team} · {self.get_grader_role_display()} {self.score}"
