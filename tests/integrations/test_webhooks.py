"""Outbound webhooks: signed thin payloads, strict scope, retries with backoff, disabling, redelivery,
timeouts and the SSRF guard, against two local receivers."""
from __future__ import annotations

import time
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from core import tasks as core_tasks
from core.events import Event, subscriptions
from integrations import formats, services
from integrations.choices import DeliveryStatus
from integrations.models import Delivery, DeliveryAttempt, WebhookEndpoint
from integrations.recipients import endpoint_disabled
from integrations.subscribers import on_event
from internships import services as internship_services
from tests.integrations.conftest import run_queued
from tests.internships.factories import ApplicationFactory, PostingFactory

pytestmark = pytest.mark.django_db

OFFERED = "internships.application.offered"


def another_application(posting, n: int):
    from accounts.choices import Role
    from accounts.models import Organization
    from tests.accounts.factories import make_member

    department = Organization.objects.get(kind="department")
    return ApplicationFactory(posting=posting, student=make_member(Role.STUDENT, department, username=f"s{n}"))


def offered(application) -> Event:
    return Event(name=OFFERED, model="internships.application", object_id=application.pk, data={"from_status": "x"})


@pytest.fixture
def application_a(enterprise_org, student):
    return ApplicationFactory(posting=PostingFactory(enterprise=enterprise_org), student=student)


@pytest.fixture
def application_b(other_enterprise_org, student2):
    return ApplicationFactory(posting=PostingFactory(enterprise=other_enterprise_org), student=student2)


def endpoint(user, url, types=(OFFERED,)):
    return services.endpoint_create(by=user, url=url, event_types=list(types))


def fan_out(event, captured) -> None:
    with captured(execute=True):
        on_event(event)


def test_the_fan_out_is_a_queued_subscriber_never_inline():
    [sub] = [s for s in subscriptions() if s.handler == "integrations.subscribers.on_event"]
    assert sub.pattern == "*" and not sub.inline


def test_a_step_only_queues_the_event_and_the_worker_delivers_it_signed(
        application_a, enterprise_user, receiver, sent, monkeypatch, django_capture_on_commit_callbacks):
    ep = endpoint(enterprise_user, receiver.url)
    queued = []
    monkeypatch.setattr(core_tasks.deliver_event, "delay", lambda payload, path: queued.append((payload, path)))
    # the worker splits an event for several subscribers (core.tasks.fan_out_event): run that part here
    monkeypatch.setattr(core_tasks.fan_out_event, "delay",
                        lambda payload, handlers: core_tasks.fan_out_event(payload, handlers))
    with django_capture_on_commit_callbacks(execute=True):
        internship_services.application_move(application=application_a, action="offer", by=enterprise_user)
    assert not Delivery.objects.exists() and not receiver.requests  # the request wrote and sent nothing
    [(payload, path)] = [q for q in queued if q[1] == "integrations.subscribers.on_event"]
    with django_capture_on_commit_callbacks(execute=True):
        core_tasks.deliver_event(payload, path)  # the events worker
    run_queued(sent)  # the webhooks worker
    [request] = receiver.requests
    headers, body = request["headers"], request["body"]
    assert headers["X-IEI-Event"] == OFFERED and headers["X-IEI-Event-Id"] == payload["id"]
    assert formats.verify_signature(headers["X-IEI-Signature"], ep.secret, body)
    assert not formats.verify_signature(headers["X-IEI-Signature"], "whsec_wrong", body)
    data = receiver.json()
    assert data["id"] == payload["id"] and data["type"] == OFFERED
    assert data["object"] == {"type": "internships.application", "id": application_a.pk,
                              "url": f"http://127.0.0.1:8000/api/v1/applications/{application_a.pk}/"}
    # Thin: no name, no note, nothing the enterprise's users would not read in the API.
    assert application_a.student.username not in body.decode() and application_a.note not in body.decode()
    d = Delivery.objects.get()
    assert d.status == DeliveryStatus.SUCCEEDED and d.last_status_code == 200 and d.attempts == 1
    assert DeliveryAttempt.objects.get().response_excerpt == "ok"


def test_enterprise_a_never_receives_enterprise_bs_event(application_a, application_b, enterprise_user,
                                                         other_enterprise_user, admin_user, receiver, receiver_b,
                                                         sent, django_capture_on_commit_callbacks):
    endpoint(enterprise_user, receiver.url, ["*"])
    endpoint(other_enterprise_user, receiver_b.url, ["*"])
    fan_out(offered(application_b), django_capture_on_commit_callbacks)
    run_queued(sent)
    assert receiver.requests == []
    assert [r["object"]["id"] for r in map(lambda i: receiver_b.json(i), range(len(receiver_b.requests)))] == [
        application_b.pk]
    fan_out(offered(application_a), django_capture_on_commit_callbacks)
    run_queued(sent)
    assert len(receiver.requests) == 1 and len(receiver_b.requests) == 1
    assert receiver.json()["object"]["id"] == application_a.pk


def test_a_college_endpoint_hears_every_enterprises_events(application_a, application_b, admin_user, receiver, sent,
                                                           django_capture_on_commit_callbacks):
    endpoint(admin_user, receiver.url)
    fan_out(offered(application_a), django_capture_on_commit_callbacks)
    fan_out(offered(application_b), django_capture_on_commit_callbacks)
    run_queued(sent)
    assert sorted(receiver.json(i)["object"]["id"] for i in range(2)) == sorted([application_a.pk, application_b.pk])


def test_a_record_the_partner_cannot_read_is_not_sent(enterprise_org, enterprise_user, receiver, sent,
                                                      django_capture_on_commit_callbacks):
    """An internal contact note names enterprise A, yet A's users cannot read it in the API: not sent."""
    from partnerships.models import ContactLog

    fields = {f.name for f in ContactLog._meta.get_fields()}
    assert "is_internal" in fields
    endpoint(enterprise_user, receiver.url, ["*"])
    from tests.partnerships.factories import ContactLogFactory

    note = ContactLogFactory(enterprise=enterprise_org, is_internal=True)
    fan_out(Event(name="partnerships.contactlog.created", model="partnerships.contactlog", object_id=note.pk),
            django_capture_on_commit_callbacks)
    run_queued(sent)
    assert receiver.requests == [] and not Delivery.objects.exists()


def test_the_same_event_twice_is_delivered_once(application_a, enterprise_user, receiver, sent,
                                                django_capture_on_commit_callbacks):
    endpoint(enterprise_user, receiver.url)
    event = offered(application_a)
    fan_out(event, django_capture_on_commit_callbacks)
    pk = sent[0]["pk"]
    fan_out(event, django_capture_on_commit_callbacks)  # the subscriber task redelivered
    sent.append({"pk": pk, "manual": False, "countdown": 0})  # and the delivery task too
    run_queued(sent)
    assert len(receiver.requests) == 1 and Delivery.objects.count() == 1


def test_a_500_is_retried_with_exponential_backoff_then_delivered(application_a, enterprise_user, receiver, sent,
                                                                  django_capture_on_commit_callbacks):
    ep = endpoint(enterprise_user, receiver.url)
    receiver.answers = [(500, "boom"), (503, "busy"), (200, "fine")]
    fan_out(offered(application_a), django_capture_on_commit_callbacks)
    run_queued(sent)
    d = Delivery.objects.get()
    assert d.status == DeliveryStatus.RETRYING and d.attempts == 1 and d.last_status_code == 500
    assert d.last_response == "boom"
    assert [c["countdown"] for c in sent] == []  # popped by run_queued: look at the schedule on the row
    assert abs((d.next_attempt_at - timezone.now()).total_seconds() - services.backoff(1)) < 5
    assert [services.backoff(n) for n in (1, 2, 3)] == [30, 60, 120]
    for expected_status, expected_delay in ((503, services.backoff(2)), (200, None)):
        Delivery.objects.filter(pk=d.pk).update(next_attempt_at=timezone.now())  # the countdown ran out
        services.attempt(d.pk)
        d.refresh_from_db()
        if expected_delay:
            assert d.status == DeliveryStatus.RETRYING and d.last_status_code == expected_status
            assert abs((d.next_attempt_at - timezone.now()).total_seconds() - expected_delay) < 5
    assert d.status == DeliveryStatus.SUCCEEDED and d.attempts == 3
    assert len({r["headers"]["X-IEI-Event-Id"] for r in receiver.requests}) == 1  # one event id for every try
    ep.refresh_from_db()
    assert ep.consecutive_failures == 0
    assert list(DeliveryAttempt.objects.order_by("id").values_list("status_code", flat=True)) == [500, 503, 200]


def test_a_task_arriving_early_or_twice_sends_nothing(application_a, enterprise_user, receiver, sent,
                                                      django_capture_on_commit_callbacks):
    endpoint(enterprise_user, receiver.url)
    receiver.answers = [(500, "boom"), (200, "ok")]
    fan_out(offered(application_a), django_capture_on_commit_callbacks)
    run_queued(sent)
    d = Delivery.objects.get()
    assert services.attempt(d.pk) is None  # the retry is not due: a redelivered message does nothing
    assert len(receiver.requests) == 1


def test_retries_stop_after_24_hours(application_a, enterprise_user, receiver, sent,
                                     django_capture_on_commit_callbacks):
    endpoint(enterprise_user, receiver.url)
    receiver.answers = [(500, "boom")]
    fan_out(offered(application_a), django_capture_on_commit_callbacks)
    d = Delivery.objects.get()
    Delivery.objects.filter(pk=d.pk).update(created_at=timezone.now() - timedelta(hours=24))
    run_queued(sent)
    d.refresh_from_db()
    assert d.status == DeliveryStatus.FAILED and d.next_attempt_at is None
    assert DeliveryAttempt.objects.count() == 1  # logged, never lost: it can be redelivered


def test_an_endpoint_is_disabled_after_repeated_failures_and_its_owner_told(
        application_a, enterprise_user, receiver, sent, local_targets, django_capture_on_commit_callbacks,
        monkeypatch):
    local_targets.IEI_WEBHOOKS = {**local_targets.IEI_WEBHOOKS, "DISABLE_AFTER_FAILURES": 3}
    ep = endpoint(enterprise_user, receiver.url)
    receiver.answers = [(500, "down")]
    emitted = []
    monkeypatch.setattr("integrations.services.emit", lambda name, obj, **kw: emitted.append((name, obj.pk)))
    for n in range(3):
        app = another_application(application_a.posting, n)
        fan_out(offered(app), django_capture_on_commit_callbacks)
        run_queued(sent)
    ep.refresh_from_db()
    assert not ep.is_active and ep.consecutive_failures == 3 and ep.disabled_at
    assert emitted == [("integrations.webhookendpoint.disabled", ep.pk)]
    [audience] = endpoint_disabled(Event(name="integrations.webhookendpoint.disabled",
                                         model="integrations.webhookendpoint", object_id=ep.pk))
    assert audience.user_ids == (enterprise_user.pk,)
    # Disabled: nothing more is sent, a pending retry gives up.
    fan_out(offered(another_application(application_a.posting, 9)), django_capture_on_commit_callbacks)
    d = Delivery.objects.filter(status=DeliveryStatus.RETRYING).first()
    Delivery.objects.filter(pk=d.pk).update(next_attempt_at=timezone.now())
    services.attempt(d.pk)
    d.refresh_from_db()
    assert d.status == DeliveryStatus.FAILED and len(receiver.requests) == 3


def test_the_disabled_event_is_declared():
    from core.events import is_declared

    assert is_declared("integrations.webhookendpoint.disabled") and is_declared("integrations.chatchannel.disabled")


def test_a_hanging_receiver_does_not_hold_the_worker(application_a, enterprise_user, receiver, sent,
                                                     django_capture_on_commit_callbacks):
    endpoint(enterprise_user, receiver.url)
    receiver.sleep = 3
    fan_out(offered(application_a), django_capture_on_commit_callbacks)
    started = time.monotonic()
    with translation.override("en"):  # the log is written in the worker's language
        run_queued(sent)
    assert time.monotonic() - started < 2  # read timeout 0.5 s in these settings
    d = Delivery.objects.get()
    assert d.status == DeliveryStatus.RETRYING and d.last_status_code is None
    assert "time" in d.last_error


def test_redelivery_through_the_api(application_a, enterprise_user, api_enterprise, api_other_enterprise,
                                    receiver, sent, django_capture_on_commit_callbacks):
    endpoint(enterprise_user, receiver.url)
    fan_out(offered(application_a), django_capture_on_commit_callbacks)
    run_queued(sent)
    d = Delivery.objects.get()
    listed = api_enterprise.get("/api/v1/webhooks/deliveries/")
    assert listed.status_code == 200 and [r["id"] for r in listed.json()["results"]] == [d.pk]
    assert listed.json()["results"][0]["attempt_log"][0]["status_code"] == 200
    assert api_other_enterprise.get(f"/api/v1/webhooks/deliveries/{d.pk}/").status_code == 404
    assert api_other_enterprise.post(f"/api/v1/webhooks/deliveries/{d.pk}/redeliver/").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        r = api_enterprise.post(f"/api/v1/webhooks/deliveries/{d.pk}/redeliver/")
    assert r.status_code == 200, r.content
    run_queued(sent)
    assert len(receiver.requests) == 2
    assert receiver.requests[0]["body"] == receiver.requests[1]["body"]  # same event id: the receiver de-duplicates
    assert DeliveryAttempt.objects.filter(manual=True).count() == 1


def test_a_delivery_is_refused_at_send_time_when_the_host_turned_private(
        application_a, enterprise_user, receiver, sent, local_targets, django_capture_on_commit_callbacks):
    endpoint(enterprise_user, receiver.url)
    fan_out(offered(application_a), django_capture_on_commit_callbacks)
    local_targets.IEI_WEBHOOKS = {**local_targets.IEI_WEBHOOKS, "ALLOW_PRIVATE_HOSTS": False}
    with translation.override("en"):
        run_queued(sent)
    assert receiver.requests == []
    d = Delivery.objects.get()
    assert d.status == DeliveryStatus.RETRYING and "private" in d.last_error


# ----------------------------------------------------------------------------- API and bad input

@pytest.fixture
def production_guard(local_targets):
    local_targets.IEI_WEBHOOKS = {**local_targets.IEI_WEBHOOKS, "ALLOW_PRIVATE_HOSTS": False, "REQUIRE_HTTPS": True}


@pytest.mark.parametrize("url", ["http://example.com/hook", "https://127.0.0.1/hook", "https://10.1.2.3/hook",
                                 "https://169.254.169.254/latest", "https://[::1]/hook", "https://localhost/x",
                                 "https://user:pw@example.com/", "ftp://example.com/"])
def test_an_endpoint_url_that_is_not_public_https_is_400_on_url(api_enterprise, enterprise_user, production_guard,
                                                                  url):
    r = api_enterprise.post("/api/v1/webhooks/endpoints/", {"url": url, "event_types": [OFFERED]}, format="json")
    assert r.status_code == 400 and "url" in r.json()["errors"], r.content
    assert not WebhookEndpoint.objects.exists()


def test_unknown_event_type_is_400_on_event_types(api_enterprise, enterprise_user, receiver):
    r = api_enterprise.post("/api/v1/webhooks/endpoints/", {"url": receiver.url, "event_types": ["nope.x.y"]},
                            format="json")
    assert r.status_code == 400 and "event_types" in r.json()["errors"]
    r = api_enterprise.post("/api/v1/webhooks/endpoints/", {"url": receiver.url, "event_types": []}, format="json")
    assert r.status_code == 400 and "event_types" in r.json()["errors"]


def test_the_secret_is_shown_once_and_rotation_overlaps(api_enterprise, api_other_enterprise, api_student,
                                                        enterprise_user, enterprise_org, receiver):
    r = api_enterprise.post("/api/v1/webhooks/endpoints/", {"url": receiver.url, "event_types": [OFFERED]},
                            format="json")
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["secret"].startswith("whsec_") and body["organization"] == enterprise_org.pk
    pk = body["id"]
    read = api_enterprise.get(f"/api/v1/webhooks/endpoints/{pk}/")
    assert read.status_code == 200 and "secret" not in read.json()
    assert api_other_enterprise.get(f"/api/v1/webhooks/endpoints/{pk}/").status_code == 404
    assert api_other_enterprise.post(f"/api/v1/webhooks/endpoints/{pk}/rotate-secret/").status_code == 404
    assert api_student.post("/api/v1/webhooks/endpoints/", {"url": receiver.url, "event_types": [OFFERED]},
                            format="json").status_code == 403
    rotated = api_enterprise.post(f"/api/v1/webhooks/endpoints/{pk}/rotate-secret/")
    assert rotated.status_code == 200 and rotated.json()["secret"] not in ("", body["secret"])
    ep = WebhookEndpoint.objects.get(pk=pk)
    header = formats.signature_header(services.signing_secrets(ep), int(time.time()), b"{}")
    assert formats.verify_signature(header, body["secret"], b"{}")  # the old secret, within the overlap
    assert formats.verify_signature(header, rotated.json()["secret"], b"{}")
    later = timezone.now() + timedelta(days=2)
    assert services.signing_secrets(ep, later) == [ep.secret]


def test_an_enterprise_cannot_register_for_another_organisation(api_enterprise, other_enterprise_org, receiver):
    r = api_enterprise.post("/api/v1/webhooks/endpoints/", {
        "url": receiver.url, "event_types": [OFFERED], "organization": other_enterprise_org.pk}, format="json")
    assert r.status_code == 400 and "organization" in r.json()["errors"]


def test_a_college_admin_updates_and_disables_an_endpoint(api_admin, admin_user, college, receiver):
    ep = endpoint(admin_user, receiver.url)
    assert ep.organization == college
    r = api_admin.patch(f"/api/v1/webhooks/endpoints/{ep.pk}/", {"is_active": False, "event_types": ["*"]},
                        format="json")
    assert r.status_code == 200 and r.json()["is_active"] is False and r.json()["event_types"] == ["*"]
    r = api_admin.patch(f"/api/v1/webhooks/endpoints/{ep.pk}/", {"event_types": ["x"]}, format="json")
    assert r.status_code == 400 and "event_types" in r.json()["errors"]


def test_an_overdue_retry_lost_with_its_worker_is_requeued(application_a, enterprise_user, receiver, sent,
                                                           django_capture_on_commit_callbacks):
    from integrations.tasks import retry_due

    endpoint(enterprise_user, receiver.url)
    receiver.answers = [(500, "boom"), (200, "ok")]
    fan_out(offered(application_a), django_capture_on_commit_callbacks)
    run_queued(sent)
    d = Delivery.objects.get()
    assert retry_due() == 0  # not overdue: its own task will come
    Delivery.objects.filter(pk=d.pk).update(next_attempt_at=timezone.now() - timedelta(minutes=5))
    assert retry_due() == 1
    run_queued(sent)
    d.refresh_from_db()
    assert d.status == DeliveryStatus.SUCCEEDED and len(receiver.requests) == 2
