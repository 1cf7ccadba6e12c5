"""Records the platform shell keeps for every app: workflow transitions and spent one-time links."""
from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class StatusChange(models.Model):
    """One recorded workflow transition of any object: who moved it, from what, to what, when."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    field = models.CharField(_("field"), max_length=40, default="status")
    from_status = models.CharField(_("from"), max_length=40, blank=True)
    to_status = models.CharField(_("to"), max_length=40)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                           on_delete=models.SET_NULL)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        db_table = "accounts_statuschange"  # the table predates the platform app
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"], name="accounts_st_content_520ded_idx")]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


def _new_link_id() -> str:
    return secrets.token_urlsafe(16)


class SignedLinkUse(models.Model):
    """Marks a one-time signed link as spent; the unique key makes a second use impossible."""

    link_id = models.CharField(max_length=64, unique=True, default=_new_link_id)
    purpose = models.CharField(max_length=60)
    object_id = models.PositiveBigIntegerField()
    used_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "accounts_signedlinkuse"
        verbose_name = _("used signed link")
        verbose_name_plural = _("used signed links")
        ordering = ["-used_at"]

    def __str__(self) -> str:
        return f"{self.purpose}:{self.object_id}"


class EventRecord(models.Model):
    """The journal of domain events (core/events.py), written by the audit subscriber after commit.

    It answers "what happened to this record, and who did it" across apps, and gives later consumers
    (webhooks, redelivery) a stored event to replay by its id.
    """

    id = models.CharField(primary_key=True, max_length=32, editable=False)
    name = models.CharField(_("event"), max_length=120, db_index=True)
    model = models.CharField(_("record type"), max_length=80)
    object_id = models.PositiveBigIntegerField(_("record"))
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(_("at"))
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("domain event")
        verbose_name_plural = _("domain events")
        ordering = ["-at"]
        indexes = [models.Index(fields=["model", "object_id"], name="core_event_record_idx")]

    def __str__(self) -> str:
        return f"{self.name} #{self.object_id}"
