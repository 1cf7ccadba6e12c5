"""Training system (pathway 1): competencies, programmes, course modules and courses."""
from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import CompetencyCategory, ModuleKind, ProgramStatus


class VisibleToAllQuerySet(models.QuerySet):
    """Catalogue data every signed-in user may read; writes are decided by the app's policy."""

    def visible_to(self, user):
        return self if getattr(user, "is_authenticated", False) else self.none()


class Competency(models.Model):
    """A competency the college trains and industry demands (art, technology, innovation, ...)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=120, blank=True)
    category = models.CharField(_("category"), max_length=20, choices=CompetencyCategory.choices, db_index=True)
    description = models.TextField(_("description"), blank=True)

    objects = VisibleToAllQuerySet.as_manager()

    class Meta:
        verbose_name = _("competency")
        verbose_name_plural = _("competencies")
        ordering = ["category", "code"]

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    """A talent-training programme (人才培养方案) of one major and cohort, in versions."""

    major = models.CharField(_("major"), max_length=120)
    cohort_year = models.PositiveSmallIntegerField(_("cohort year"))
    title = models.CharField(_("title"), max_length=200)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT, db_index=True
    )
    length_years = models.PositiveSmallIntegerField(_("length (years)"), default=3)
    department = models.ForeignKey(
        "accounts.Organization", verbose_name=_("department"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="programs",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = VisibleToAllQuerySet.as_manager()

    class Meta:
        verbose_name = _("talent-training programme")
        verbose_name_plural = _("talent-training programmes")
        ordering = ["-cohort_year", "major", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["major", "cohort_year", "version"], name="program_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class CourseModule(models.Model):
    """A group of courses of one of the three kinds the paper names."""

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=ModuleKind.choices)
    program = models.ForeignKey(
        Program, verbose_name=_("programme"), null=True, blank=True, on_delete=models.CASCADE, related_name="modules"
    )

    objects = VisibleToAllQuerySet.as_manager()

    class Meta:
        verbose_name = _("course module")
        verbose_name_plural = _("course modules")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class Course(models.Model):
    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=160)
    credits = models.DecimalField(_("credits"), max_digits=4, decimal_places=1, default=Decimal("2.0"))
    theory_hours = models.PositiveSmallIntegerField(_("theory hours"), default=0)
    practice_hours = models.PositiveSmallIntegerField(_("practice hours"), default=0)
    module = models.ForeignKey(
        CourseModule, verbose_name=_("module"), null=True, blank=True, on_delete=models.SET_NULL, related_name="courses"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner teacher"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="owned_courses",
    )

    objects = VisibleToAllQuerySet.as_manager()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
