"""Registering endpoints and channels, fanning an event out to them, and each delivery attempt."""
from __future__ import annotations

import json
import time
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.choices import OrganizationKind
from accounts.models import Organization
from core.domain import DomainError
from core.events import Event, catalogue, emit

from . import formats
from .choices import SIGNED_PLATFORMS, DeliveryStatus
from .conf import setting
from .models import ChatChannel, Delivery, DeliveryAttempt, WebhookEndpoint, college_ids_of, new_secret, owner_org_ids
from .scopes import Concern, concern, person_name
from .targets import Answer, TargetRefused, check_url, post

# A worker that claimed a delivery owns it this long (longer than one attempt's timeouts): a duplicate task
# (a redelivered message) finds it claimed and sends nothing.
LEASE = timedelta(seconds=60)


class FieldError(ValidationError):
    """Bad input naming its field: the API answers 400 ``{field: [message]}``, a form shows it at the field."""

    def __init__(self, field: str, message: str):
        super().__init__({field: [message]})


# ----------------------------------------------------------------------------- validation

def clean_event_types(names: list[str], field: str = "event_types") -> list[str]:
    known = catalogue()
    names = list(dict.fromkeys(names or []))
    if not names:
        raise FieldError(field, _("Choose at least one event type."))
    unknown = [n for n in names if n != "*" and n not in known]
    if unknown:
        raise FieldError(field, _("Unknown event type: %(names)s.") % {"names": ", ".join(unknown)})
    return names


def clean_url(url: str, field: str) -> str:
    try:
        check_url(url)
    except TargetRefused as exc:
        raise FieldError(field, str(exc)) from exc
    return url


def owner_choices(user) -> list[Organization]:
    return list(Organization.objects.filter(pk__in=owner_org_ids(user)).order_by("kind", "name"))


def _owner_for(user, organization: Organization | None) -> Organization:
    mine = owner_choices(user)
    if organization is None:
        if len(mine) != 1:
            raise FieldError("organization", _("Choose the organisation the endpoint is for."))
        return mine[0]
    if organization.pk not in {o.pk for o in mine}:
        raise FieldError("organization", _("You cannot register endpoints for this organisation."))
    return organization


# ----------------------------------------------------------------------------- endpoints

@transaction.atomic
def endpoint_create(*, by, url: str, event_types: list[str], organization: Organization | None = None,
                    description: str = "") -> WebhookEndpoint:
    org = _owner_for(by, organization)
    return WebhookEndpoint.objects.create(
        organization=org, url=clean_url(url, "url"), event_types=clean_event_types(event_types),
        description=description, created_by=by)


@transaction.atomic
def endpoint_update(endpoint: WebhookEndpoint, *, by, **changes) -> WebhookEndpoint:
    if "url" in changes:
        endpoint.url = clean_url(changes["url"], "url")
    if "event_types" in changes:
        endpoint.event_types = clean_event_types(changes["event_types"])
    if "description" in changes:
        endpoint.description = changes["description"]
    if "is_active" in changes:
        _set_active(endpoint, changes["is_active"])
    endpoint.save()
    return endpoint


def _set_active(target, active: bool) -> None:
    if active and not target.is_active:
        target.consecutive_failures = 0
        target.disabled_at = None
    target.is_active = active


@transaction.atomic
def endpoint_rotate_secret(endpoint: WebhookEndpoint, *, by) -> WebhookEndpoint:
    """A new secret signs from now on; the old one still signs (a second ``v1``) for the overlap."""
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_until = timezone.now() + timedelta(seconds=setting("SECRET_OVERLAP_SECONDS"))
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret", "previous_secret", "previous_secret_until"])
    return endpoint


def signing_secrets(endpoint: WebhookEndpoint, now=None) -> list[str]:
    now = now or timezone.now()
    secrets = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_secret_until and endpoint.previous_secret_until > now:
        secrets.append(endpoint.previous_secret)
    return secrets


# ----------------------------------------------------------------------------- channels

def _check_channel(channel: ChatChannel) -> None:
    if channel.platform in SIGNED_PLATFORMS and not channel.secret:
        raise FieldError("secret", _("This platform signs each message: enter the robot's signing secret."))
    if channel.department_id:
        dept = channel.department
        if dept.kind != OrganizationKind.DEPARTMENT or dept.parent_id != channel.college_id:
            raise FieldError("department", _("Choose a department of the college."))


@transaction.atomic
def channel_create(*, by, name: str, platform: str, webhook_url: str, event_types: list[str], secret: str = "",
                   department: Organization | None = None, language: str = "zh-hans",
                   college: Organization | None = None, is_active: bool = True) -> ChatChannel:
    colleges = college_ids_of(by)
    if college is None:
        if department is not None and department.parent_id in colleges:
            college_id = department.parent_id
        elif len(colleges) == 1:
            college_id = next(iter(colleges))
        else:
            raise FieldError("college", _("Choose the college the channel is for."))
    elif college.pk in colleges:
        college_id = college.pk
    else:
        raise FieldError("college", _("You cannot add channels for this college."))
    channel = ChatChannel(college_id=college_id, department=department, name=name, platform=platform,
                          webhook_url=clean_url(webhook_url, "webhook_url"), secret=secret,
                          event_types=clean_event_types(event_types), language=language, is_active=is_active,
                          created_by=by)
    _check_channel(channel)
    channel.save()
    return channel


@transaction.atomic
def channel_update(channel: ChatChannel, *, by, **changes) -> ChatChannel:
    for name in ("name", "platform", "secret", "language", "department"):
        if name in changes:
            setattr(channel, name, changes[name])
    if "webhook_url" in changes:
        channel.webhook_url = clean_url(changes["webhook_url"], "webhook_url")
    if "event_types" in changes:
        channel.event_types = clean_event_types(changes["event_types"])
    if "is_active" in changes:
        _set_active(channel, changes["is_active"])
    _check_channel(channel)
    channel.save()
    return channel


# ----------------------------------------------------------------------------- fan-out

def _subscribed(qs, name: str):
    return qs.filter(is_active=True).filter(Q(event_types__contains=[name]) | Q(event_types__contains=["*"]))


def webhook_payload(event: Event, found: Concern) -> dict:
    """Thin: what happened and to which record; the receiver reads the record through the API as its owner."""
    return {
        "id": event.id,
        "type": event.name,
        "created_at": event.at,
        "object": {"type": event.model, "id": event.object_id, "url": found.api_url},
        "data": {k: v for k, v in event.data.items() if isinstance(v, str | int | float | bool) or v is None},
    }


def chat_message(event: Event, found: Concern, language: str) -> dict:
    """Title and lines in the channel's language; a person appears as a masked name only."""
    from django.apps import apps

    with translation.override(language):
        kind = catalogue().get(event.name)
        title = str(kind.label) if kind else event.name
        model = apps.get_model(event.model)
        lines = [f"{model._meta.verbose_name} #{event.object_id}"]
        if found.person_id:
            lines.append(_("Person: %(name)s") % {"name": person_name(found.person_id)})
        lines.append(_("Time: %(at)s") % {"at": timezone.localtime(event.occurred_at).strftime("%Y-%m-%d %H:%M")})
    return {"title": title, "lines": lines}


def fan_out(event: Event) -> list[int]:
    """Create one delivery per endpoint and channel the event concerns; returns the ids to send."""
    if event.name.startswith("integrations."):
        return []  # an endpoint's own troubles are told to its owners in-app, never sent in a loop
    endpoints = list(_subscribed(WebhookEndpoint.objects.select_related("organization"), event.name))
    channels = list(_subscribed(ChatChannel.objects.all(), event.name))
    if not endpoints and not channels:
        return []
    found = concern(event)
    if not found.exists:
        return []
    ids: list[int] = []
    now = timezone.now()
    record = event.as_dict()
    for ep in endpoints:
        if ep.organization.kind == OrganizationKind.ENTERPRISE and ep.organization_id not in found.enterprise_ids:
            continue  # enterprise A never hears of a record that is not A's
        if ep.organization.kind not in (OrganizationKind.ENTERPRISE, OrganizationKind.COLLEGE):
            continue
        if not _readable_by_owner(event, ep):
            continue  # nor of a record its users could not read in the API (a draft, an internal note)
        body = json.dumps(webhook_payload(event, found), ensure_ascii=False, separators=(",", ":"))
        ids.append(_delivery(dict(endpoint=ep), event, record, body, now))
    for ch in channels:
        if ch.department_id and ch.department_id != found.department_id:
            continue
        body = json.dumps(chat_message(event, found, ch.language), ensure_ascii=False)
        ids.append(_delivery(dict(channel=ch), event, record, body, now))
    return [i for i in ids if i]


def _owner_user_ids(ep: WebhookEndpoint) -> list[int]:
    """The users acting for the endpoint's organisation now (memberships in force), its creator first."""
    from accounts.audiences import enterprise_users_by_org
    from accounts.choices import Role
    from accounts.models import Membership

    if ep.organization.kind == OrganizationKind.ENTERPRISE:
        users = enterprise_users_by_org([ep.organization_id]).get(ep.organization_id, [])
    else:
        users = list(Membership.objects.in_force().filter(
            Q(organization_id=ep.organization_id) | Q(organization__parent_id=ep.organization_id),
            role=Role.COLLEGE_ADMIN, user__is_active=True).order_by("user_id").values_list("user_id", flat=True))
    return sorted(set(users), key=lambda u: u != ep.created_by_id)


def _readable_by_owner(event: Event, ep: WebhookEndpoint) -> bool:
    """The record is in ``visible_to`` of a user acting for the endpoint's organisation (its creator if still so).

    A model without a scope of its own is not sent to an enterprise; the college's admins oversee it.
    """
    from django.apps import apps
    from django.contrib.auth import get_user_model

    users = _owner_user_ids(ep)
    if not users:
        return False
    model = apps.get_model(event.model)
    if not hasattr(model.objects, "visible_to"):
        return ep.organization.kind == OrganizationKind.COLLEGE
    user = get_user_model().objects.get(pk=users[0])
    return model.objects.visible_to(user).filter(pk=event.object_id).exists()


def _delivery(target: dict, event: Event, record: dict, body: str, now) -> int | None:
    try:
        with transaction.atomic():
            d, _created = Delivery.objects.get_or_create(
                **target, event_id=event.id,
                defaults=dict(event_name=event.name, event=record, body=body, next_attempt_at=now))
    except IntegrityError:  # the same event fanned out twice at once
        return None
    # A re-run subscriber sends again only what was never tried (the claim in ``attempt`` stops doubles).
    return d.pk if d.attempts == 0 and d.status == DeliveryStatus.PENDING else None


def queue(ids: list[int]) -> None:
    from .tasks import deliver

    for pk in ids:
        deliver.delay(pk)


# ----------------------------------------------------------------------------- attempts

def backoff(attempts: int) -> int:
    """Seconds before try ``attempts + 1``: base * 2^(attempts-1), capped."""
    return int(min(setting("BACKOFF_BASE_SECONDS") * 2 ** max(attempts - 1, 0), setting("BACKOFF_MAX_SECONDS")))


def _claim(pk: int) -> bool:
    now = timezone.now()
    return bool(Delivery.objects.filter(
        pk=pk, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING], next_attempt_at__lte=now + timedelta(
            seconds=5)).update(next_attempt_at=now + LEASE))


def _send(d: Delivery) -> tuple[Answer, bool]:
    now = time.time()
    if d.endpoint_id:
        ep = d.endpoint
        body = d.body.encode()
        ts = int(now)
        headers = {
            "X-IEI-Event": d.event_name,
            "X-IEI-Event-Id": d.event_id,
            "X-IEI-Delivery": str(d.pk),
            "X-IEI-Signature": formats.signature_header(signing_secrets(ep), ts, body),
            "User-Agent": "IEI-Webhooks/1",
        }
        answer = post(ep.url, body, headers)
        return answer, answer.ok
    ch = d.channel
    message = json.loads(d.body)
    url, body = formats.chat_request(ch.platform, ch.webhook_url, ch.secret, message["title"], message["lines"], now)
    answer = post(url, body, {"User-Agent": "IEI-Webhooks/1"})
    return answer, answer.ok and formats.chat_answer_ok(ch.platform, answer.text)


def attempt(pk: int, *, manual: bool = False) -> Delivery | None:
    """Send one delivery once, if it is due and not claimed by another worker; schedule the next try."""
    if not _claim(pk):
        return None
    d = Delivery.objects.select_related("endpoint", "channel").get(pk=pk)
    target = d.target
    model = type(target)
    if not target.is_active:
        d.status, d.next_attempt_at = DeliveryStatus.FAILED, None
        d.last_error = _("The endpoint is disabled.")
        d.save(update_fields=["status", "next_attempt_at", "last_error"])
        return d
    answer, ok = _send(d)
    now = timezone.now()
    error = answer.error or ("" if ok else _("The receiver did not accept the delivery."))
    DeliveryAttempt.objects.create(delivery=d, status_code=answer.status_code, latency_ms=answer.latency_ms,
                                   response_excerpt=answer.text, error=error[:300], succeeded=ok, manual=manual)
    d.attempts += 1
    d.last_status_code, d.last_latency_ms = answer.status_code, answer.latency_ms
    d.last_response, d.last_error = answer.text, error[:300]
    if ok:
        d.status, d.delivered_at, d.next_attempt_at = DeliveryStatus.SUCCEEDED, now, None
        d.save()
        model.objects.filter(pk=target.pk).exclude(consecutive_failures=0).update(consecutive_failures=0)
        return d
    delay = timedelta(seconds=backoff(d.attempts))
    if now + delay <= d.created_at + timedelta(seconds=setting("RETRY_FOR_SECONDS")):
        d.status, d.next_attempt_at = DeliveryStatus.RETRYING, now + delay
    else:
        d.status, d.next_attempt_at = DeliveryStatus.FAILED, None
    d.save()
    _count_failure(target)
    if d.status == DeliveryStatus.RETRYING:
        from .tasks import deliver

        deliver.apply_async((d.pk,), countdown=int(delay.total_seconds()))
    return d


def _count_failure(target) -> None:
    model = type(target)
    model.objects.filter(pk=target.pk).update(consecutive_failures=F("consecutive_failures") + 1)
    limit = setting("DISABLE_AFTER_FAILURES")
    with transaction.atomic():
        disabled = model.objects.filter(pk=target.pk, is_active=True, consecutive_failures__gte=limit).update(
            is_active=False, disabled_at=timezone.now())
        if disabled:
            target.refresh_from_db()
            emit(f"integrations.{model._meta.model_name}.disabled", target, failures=target.consecutive_failures)


@transaction.atomic
def redeliver(delivery: Delivery, *, by) -> Delivery:
    """Send a delivery again now (same body, same event id: the receiver can tell it has it already)."""
    d = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if not d.target.is_active:
        raise DomainError(_("Enable the endpoint or channel before redelivering."))
    d.status, d.next_attempt_at = DeliveryStatus.PENDING, timezone.now()
    d.save(update_fields=["status", "next_attempt_at"])
    pk = d.pk
    transaction.on_commit(lambda: _queue_manual(pk))
    return d


def _queue_manual(pk: int) -> None:
    from .tasks import deliver

    deliver.delay(pk, manual=True)


def retry_due() -> int:
    """Queue deliveries whose retry time passed long ago (a lost task, a worker restart): nothing is lost."""
    stale = timezone.now() - timedelta(minutes=2)
    ids = list(Delivery.objects.filter(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING],
                                       next_attempt_at__lte=stale).values_list("pk", flat=True)[:1000])
    queue(ids)
    return len(ids)
