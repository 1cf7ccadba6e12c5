"""Internships: postings (more models follow in this app)."""
from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.policy import access_for

from .choices import PostingStatus


class PostingQuerySet(models.QuerySet):
    def visible_to(self, user):
        acc = access_for(user)
        if acc.is_college_admin:
            return self
        if not acc.is_authenticated:
            return self.none()
        q = Q(enterprise_id__in=acc.enterprise_ids)
        if acc.is_student or acc.is_teacher:
            q |= Q(status__in=[PostingStatus.PUBLISHED, PostingStatus.CLOSED])
        return self.filter(q)


class Posting(models.Model):
    """An internship offer of an enterprise with a number of slots."""

    enterprise = models.ForeignKey(
        "accounts.Organization", verbose_name=_("enterprise"), on_delete=models.PROTECT, related_name="postings"
    )
    title = models.CharField(_("title"), max_length=200)
    post = models.CharField(_("post"), max_length=120, help_text=_("The job post (岗位) the intern fills."))
    description = models.TextField(_("description"), blank=True)
    slots = models.PositiveIntegerField(_("slots"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=PostingStatus.choices, default=PostingStatus.DRAFT, db_index=True
    )
    competencies = models.ManyToManyField(
        "curriculum.Competency", verbose_name=_("competencies required"), related_name="postings", blank=True
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = PostingQuerySet.as_manager()

    class Meta:
        verbose_name = _("internship posting")
        verbose_name_plural = _("internship postings")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=Q(slots__gte=1), name="posting_slots_positive")]

    def __str__(self) -> str:
        return self.title
