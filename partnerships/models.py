"""School–enterprise collaboration (pathway 2): enterprises, agreements, industry projects."""
from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.policy import access_for

from .choices import AgreementKind, AgreementStatus, IndustrySegment, ProjectStatus


class EnterpriseQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin or acc.is_teacher or acc.is_student:
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
    staff_count = models.PositiveIntegerField(_("staff count"), default=0)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
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

    def __str__(self) -> str:
        return str(self.organization)


class AgreementQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(pk__in=[])
        if acc.is_teacher:
            q |= Q(status=AgreementStatus.ACTIVE)
        if acc.enterprise_ids or acc.association_ids:
            q |= Q(parties__in=acc.enterprise_ids | acc.association_ids)
        return self.filter(q).distinct()


class Agreement(models.Model):
    """A cooperation agreement between the college and one or more enterprises or associations."""

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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-start_date", "code"]
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=models.F("start_date")), name="agreement_dates_ordered"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class IndustryProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(enterprise_id__in=acc.enterprise_ids)
        if acc.is_teacher or acc.is_student:
            q |= ~Q(status=ProjectStatus.DRAFT)
        return self.filter(q)


class IndustryProject(models.Model):
    """Real commercial AIGC work an enterprise brings to the college."""

    enterprise = models.ForeignKey(
        "accounts.Organization", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="industry_projects"
    )
    title = models.CharField(_("title"), max_length=200)
    brief = models.TextField(_("brief"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT, db_index=True
    )
    competencies = models.ManyToManyField(
        "curriculum.Competency", verbose_name=_("competencies needed"), related_name="industry_projects", blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = IndustryProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("industry project")
        verbose_name_plural = _("industry projects")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title
