"""Outbound webhooks and group-chat channels: where the platform tells other systems what happened.

A ``WebhookEndpoint`` belongs to an organisation (the college, or one enterprise); a ``ChatChannel`` to
the college, optionally narrowed to one department. Each event an endpoint or channel subscribes to
becomes one ``Delivery`` (unique per target and event id: a redelivered event never sends twice), and
each try of it one ``DeliveryAttempt`` (status code, latency, an excerpt of the answer).
"""
from __future__ import annotations

import secrets

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import DeliveryStatus, Platform


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def _access(user):
    from core.access import access_for

    return access_for(user)


def college_ids_of(user) -> set[int]:
    """The colleges a user administers: a college admin membership in force in the college or a department."""
    from accounts.choices import OrganizationKind, Role
    from accounts.models import Membership

    if not getattr(user, "is_authenticated", False):
        return set()
    ids: set[int] = set()
    rows = Membership.objects.in_force().filter(user=user, role=Role.COLLEGE_ADMIN).values_list(
        "organization_id", "organization__kind", "organization__parent_id")
    for org_id, kind, parent_id in rows:
        ids.add(org_id if kind == OrganizationKind.COLLEGE else parent_id)
    ids.discard(None)
    return ids


def owner_org_ids(user) -> set[int]:
    """The organisations whose webhook endpoints a user manages: their colleges (admin) and enterprises."""
    acc = _access(user)
    if not acc.is_authenticated:
        return set()
    return college_ids_of(user) | set(acc.enterprise_ids)


class WebhookEndpointQuerySet(models.QuerySet):
    def visible_to(self, user) -> WebhookEndpointQuerySet:
        return self.filter(organization_id__in=owner_org_ids(user))


class WebhookEndpoint(models.Model):
    organization = models.ForeignKey("accounts.Organization", verbose_name=_("organisation"),
                                     on_delete=models.CASCADE, related_name="webhook_endpoints")
    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    event_types = ArrayField(models.CharField(max_length=120), verbose_name=_("event types"), default=list)
    # Kept in clear: every delivery is signed with it (an HMAC key cannot be hashed). Shown once.
    secret = models.CharField(_("secret"), max_length=100, default=new_secret)
    previous_secret = models.CharField(max_length=100, blank=True, default="")
    previous_secret_until = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "is_active"], name="webhook_org_active")]

    def __str__(self) -> str:
        return self.url

    def subscribes_to(self, name: str) -> bool:
        return "*" in self.event_types or name in self.event_types


class ChatChannelQuerySet(models.QuerySet):
    def visible_to(self, user) -> ChatChannelQuerySet:
        return self.filter(college_id__in=college_ids_of(user))


class ChatChannel(models.Model):
    college = models.ForeignKey("accounts.Organization", verbose_name=_("college"), on_delete=models.CASCADE,
                                related_name="chat_channels")
    department = models.ForeignKey("accounts.Organization", verbose_name=_("department"), null=True, blank=True,
                                   on_delete=models.CASCADE, related_name="department_chat_channels",
                                   help_text=_("Empty: events of the whole college."))
    name = models.CharField(_("name"), max_length=100)
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    webhook_url = models.URLField(_("robot webhook URL"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=200, blank=True)
    event_types = ArrayField(models.CharField(max_length=120), verbose_name=_("event types"), default=list)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="zh-hans")
    is_active = models.BooleanField(_("active"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("failures in a row"), default=0)
    disabled_at = models.DateTimeField(_("disabled at"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ChatChannelQuerySet.as_manager()

    class Meta:
        verbose_name = _("group-chat channel")
        verbose_name_plural = _("group-chat channels")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def subscribes_to(self, name: str) -> bool:
        return "*" in self.event_types or name in self.event_types


class DeliveryQuerySet(models.QuerySet):
    def visible_to(self, user) -> DeliveryQuerySet:
        return self.filter(models.Q(endpoint__organization_id__in=owner_org_ids(user))
                           | models.Q(channel__college_id__in=college_ids_of(user)))


class Delivery(models.Model):
    """One event for one endpoint or channel: sent until it succeeds or its 24 hours are up."""

    endpoint = models.ForeignKey(WebhookEndpoint, verbose_name=_("webhook endpoint"), null=True, blank=True,
                                 on_delete=models.CASCADE, related_name="deliveries")
    channel = models.ForeignKey(ChatChannel, verbose_name=_("group-chat channel"), null=True, blank=True,
                                on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.CharField(_("event id"), max_length=32)
    event_name = models.CharField(_("event"), max_length=120)
    event = models.JSONField(_("event record"))
    body = models.TextField(_("body"))  # the exact JSON sent, the same on every attempt (signed per attempt)
    status = models.CharField(_("status"), max_length=20, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING, db_index=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("last status code"), null=True, blank=True)
    last_latency_ms = models.PositiveIntegerField(_("last latency (ms)"), null=True, blank=True)
    last_response = models.TextField(_("last response"), blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="delivery_unique_endpoint_event"),
            models.UniqueConstraint(fields=["channel", "event_id"], name="delivery_unique_channel_event"),
            models.CheckConstraint(
                condition=models.Q(endpoint__isnull=False, channel__isnull=True)
                | models.Q(endpoint__isnull=True, channel__isnull=False),
                name="delivery_one_target"),
        ]

    def __str__(self) -> str:
        return f"{self.event_name} ({self.event_id})"

    @property
    def target(self):
        return self.endpoint or self.channel


class DeliveryAttempt(models.Model):
    delivery = models.ForeignKey(Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE,
                                 related_name="attempt_log")
    at = models.DateTimeField(_("at"), auto_now_add=True)
    status_code = models.PositiveIntegerField(_("status code"), null=True, blank=True)
    latency_ms = models.PositiveIntegerField(_("latency (ms)"), default=0)
    response_excerpt = models.TextField(_("response"), blank=True)
    error = models.CharField(_("error"), max_length=300, blank=True)
    succeeded = models.BooleanField(_("succeeded"), default=False)
    manual = models.BooleanField(_("redelivery"), default=False)

    class Meta:
        verbose_name = _("delivery attempt")
        verbose_name_plural = _("delivery attempts")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.delivery_id} @ {self.at:%Y-%m-%d %H:%M:%S}"
