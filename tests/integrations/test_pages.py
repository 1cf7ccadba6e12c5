"""The owner's pages: endpoints, the secret shown once, the delivery log and its redeliver button."""
import pytest
from django.test import Client
from django.urls import reverse

from integrations import services
from integrations.choices import DeliveryStatus
from integrations.models import Delivery, WebhookEndpoint

pytestmark = pytest.mark.django_db

OFFERED = "internships.application.offered"


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_an_enterprise_adds_an_endpoint_and_sees_its_secret_once(enterprise_user, enterprise_org, receiver):
    c = client_for(enterprise_user)
    assert c.get(reverse("integrations:index")).status_code == 200
    r = c.post(reverse("integrations:endpoint_create"), {"organization": enterprise_org.pk, "url": receiver.url,
                                                         "event_types": [OFFERED]})
    ep = WebhookEndpoint.objects.get()
    assert r.status_code == 200 and ep.secret in r.content.decode()
    detail = c.get(reverse("integrations:endpoint_detail", args=[ep.pk]))
    assert detail.status_code == 200 and ep.secret not in detail.content.decode()
    rotated = c.post(reverse("integrations:endpoint_rotate", args=[ep.pk]))
    ep.refresh_from_db()
    assert rotated.status_code == 200 and ep.secret in rotated.content.decode() and ep.previous_secret


def test_bad_input_is_shown_at_its_field(enterprise_user, enterprise_org, local_targets):
    local_targets.IEI_WEBHOOKS = {**local_targets.IEI_WEBHOOKS, "ALLOW_PRIVATE_HOSTS": False}
    r = client_for(enterprise_user).post(reverse("integrations:endpoint_create"), {
        "organization": enterprise_org.pk, "url": "https://127.0.0.1/x", "event_types": [OFFERED]})
    assert r.status_code == 400 and not WebhookEndpoint.objects.exists()
    assert "errorlist" in r.content.decode()


def test_other_parties_get_404_or_403(enterprise_user, other_enterprise_user, student, receiver):
    ep = services.endpoint_create(by=enterprise_user, url=receiver.url, event_types=[OFFERED])
    assert client_for(other_enterprise_user).get(reverse("integrations:endpoint_detail", args=[ep.pk])).status_code \
        == 404
    assert client_for(other_enterprise_user).post(reverse("integrations:endpoint_rotate", args=[ep.pk])).status_code \
        == 404
    assert client_for(student).get(reverse("integrations:index")).status_code == 403


def test_the_delivery_page_redelivers(enterprise_user, receiver, sent):
    ep = services.endpoint_create(by=enterprise_user, url=receiver.url, event_types=[OFFERED])
    d = Delivery.objects.create(endpoint=ep, event_id="e" * 32, event_name=OFFERED, event={}, body="{}",
                                status=DeliveryStatus.FAILED, attempts=1)
    c = client_for(enterprise_user)
    page = c.get(reverse("integrations:delivery_detail", args=[d.pk]))
    assert page.status_code == 200
    action = reverse("integrations:delivery_action", args=[d.pk, "redeliver"])
    assert action in page.content.decode()
    r = c.post(action)
    assert r.status_code == 302
    d.refresh_from_db()
    assert d.status == DeliveryStatus.PENDING
