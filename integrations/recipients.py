"""The owners of an endpoint or channel hear that it was disabled (the ``recipients`` hook, notifications host)."""
from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.audiences import enterprise_users_by_org
from accounts.choices import OrganizationKind, Role
from accounts.models import Membership
from core.events import Event
from core.hosts import Audience

from .models import ChatChannel, WebhookEndpoint


def _college_admins(college_id: int) -> tuple[int, ...]:
    rows = Membership.objects.in_force().filter(role=Role.COLLEGE_ADMIN, user__is_active=True).filter(
        organization_id=college_id) | Membership.objects.in_force().filter(
        role=Role.COLLEGE_ADMIN, user__is_active=True, organization__parent_id=college_id)
    return tuple(sorted(set(rows.values_list("user_id", flat=True))))


def endpoint_disabled(event: Event) -> list[Audience]:
    endpoint = WebhookEndpoint.objects.select_related("organization").filter(pk=event.object_id).first()
    if endpoint is None:
        return []
    org = endpoint.organization
    if org.kind == OrganizationKind.ENTERPRISE:
        users = tuple(enterprise_users_by_org([org.pk]).get(org.pk, []))
    else:
        users = _college_admins(org.pk)
    return [Audience(user_ids=users, kind="general",
                     title=format_lazy(_("Webhook endpoint {url} was disabled"), url=endpoint.url),
                     body=_("Its deliveries failed repeatedly. Check the receiver, then enable it again."),
                     url=reverse("integrations:endpoint_detail", args=[endpoint.pk]))]


def channel_disabled(event: Event) -> list[Audience]:
    channel = ChatChannel.objects.filter(pk=event.object_id).first()
    if channel is None:
        return []
    return [Audience(user_ids=_college_admins(channel.college_id), kind="general",
                     title=format_lazy(_("Group-chat channel {name} was disabled"), name=channel.name),
                     body=_("Its messages failed repeatedly. Check the robot, then enable it again."),
                     url=reverse("integrations:channel_detail", args=[channel.pk]))]


EVENT_RECIPIENTS = {
    "integrations.webhookendpoint.disabled": endpoint_disabled,
    "integrations.chatchannel.disabled": channel_disabled,
}
