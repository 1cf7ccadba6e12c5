"""Demo data: a webhook endpoint for the college and for two partners, a WeCom channel, a few deliveries.

Rows are written directly: the demo's example hosts do not resolve (the registration check would refuse
them), and nothing is ever sent to them (no delivery is pending).
"""
from __future__ import annotations

import json
import uuid
from datetime import timedelta

from django.utils import timezone

from accounts.choices import Role
from accounts.models import Membership

from .choices import DeliveryStatus, Platform
from .models import ChatChannel, Delivery, DeliveryAttempt, WebhookEndpoint

OFFERED = "internships.application.offered"


def _delivery(target: dict, n: int, ok: bool) -> None:
    event_id = uuid.uuid4().hex
    at = timezone.now() - timedelta(hours=n)
    body = json.dumps({"id": event_id, "type": OFFERED, "created_at": at.isoformat(),
                       "object": {"type": "internships.application", "id": n, "url": ""}, "data": {}})
    d = Delivery.objects.create(**target, event_id=event_id, event_name=OFFERED, event={"id": event_id}, body=body,
                                status=DeliveryStatus.SUCCEEDED if ok else DeliveryStatus.FAILED, attempts=1,
                                last_status_code=200 if ok else 500, last_latency_ms=120,
                                last_response="ok" if ok else "Internal Server Error",
                                delivered_at=at if ok else None)
    DeliveryAttempt.objects.create(delivery=d, status_code=d.last_status_code, latency_ms=120,
                                   response_excerpt=d.last_response, succeeded=ok)


def seed(ctx) -> None:
    owners = []
    if ctx.college is not None:
        owners.append((ctx.college, ctx.users.get("admin")))
    for username in ("enterprise", "enterprise2"):
        user = ctx.users.get(username)
        m = Membership.objects.filter(user=user, role=Role.ENTERPRISE).select_related("organization").first()
        if m is not None:
            owners.append((m.organization, user))
    for i, (org, user) in enumerate(owners):
        endpoint = WebhookEndpoint.objects.create(
            organization=org, url=f"https://hooks.example.com/iei/{i}", description="HR system",
            event_types=[OFFERED, "internships.application.accepted"], created_by=user)
        _delivery({"endpoint": endpoint}, 2 * i + 1, ok=True)
        _delivery({"endpoint": endpoint}, 2 * i + 2, ok=False)
    if ctx.college is not None:
        channel = ChatChannel.objects.create(
            college=ctx.college, name="实习工作群", platform=Platform.WECOM,
            webhook_url="https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo", event_types=[OFFERED],
            created_by=ctx.users.get("admin"))
        _delivery({"channel": channel}, 9, ok=True)
