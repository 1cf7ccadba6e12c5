"""Group-chat channels: each robot's documented format and signature, checked by a local receiver; masked
names only, the channel's language, department routing, and a channel without its secret refused."""
from __future__ import annotations

import base64
import hashlib
import hmac
from urllib.parse import parse_qs, unquote_plus, urlsplit

import pytest
from django.utils import translation

from accounts.choices import OrganizationKind, Role
from core.events import Event, catalogue
from integrations import services
from integrations.choices import DeliveryStatus
from integrations.models import ChatChannel, Delivery
from integrations.subscribers import on_event
from tests.accounts.factories import OrganizationFactory, make_member
from tests.integrations.conftest import run_queued
from tests.internships.factories import ApplicationFactory, PostingFactory

pytestmark = pytest.mark.django_db

OFFERED = "internships.application.offered"
SECRET = "SEC0123456789abcdef"


@pytest.fixture
def zhang(department):
    return make_member(Role.STUDENT, department, username="zhangsan", display_name="张三丰")


@pytest.fixture
def application(enterprise_org, zhang):
    return ApplicationFactory(posting=PostingFactory(enterprise=enterprise_org), student=zhang)


def offered(application) -> Event:
    return Event(name=OFFERED, model="internships.application", object_id=application.pk)


def channel(admin_user, platform, url, **kw):
    return services.channel_create(by=admin_user, name=f"{platform} group", platform=platform, webhook_url=url,
                                   event_types=[OFFERED], **kw)


def deliver(event, sent, captured) -> None:
    with captured(execute=True):
        on_event(event)
    run_queued(sent)


def test_wecom_markdown_with_a_masked_name(admin_user, application, receiver, sent,
                                           django_capture_on_commit_callbacks):
    receiver.answers = [(200, '{"errcode":0,"errmsg":"ok"}')]
    channel(admin_user, "wecom", receiver.url + "?key=abc", language="zh-hans")
    deliver(offered(application), sent, django_capture_on_commit_callbacks)
    [req] = receiver.requests
    assert req["path"] == "/hook?key=abc"
    body = receiver.json()
    assert body["msgtype"] == "markdown" and set(body["markdown"]) == {"content"}
    content = body["markdown"]["content"]
    with translation.override("zh-hans"):
        assert str(catalogue()[OFFERED].label) in content
    assert "张*" in content and "三" not in content and "zhangsan" not in content
    assert Delivery.objects.get().status == DeliveryStatus.SUCCEEDED


def test_dingtalk_markdown_signed_in_the_query(admin_user, application, receiver, sent,
                                               django_capture_on_commit_callbacks):
    receiver.answers = [(200, '{"errcode":0,"errmsg":"ok"}')]
    channel(admin_user, "dingtalk", receiver.url + "?access_token=tok", secret=SECRET, language="en")
    deliver(offered(application), sent, django_capture_on_commit_callbacks)
    [req] = receiver.requests
    query = parse_qs(urlsplit(req["path"]).query)
    assert query["access_token"] == ["tok"]
    timestamp = query["timestamp"][0]
    # DingTalk's check: base64(HMAC-SHA256(secret, timestamp + "\n" + secret)), url-encoded in the query.
    expected = base64.b64encode(hmac.new(SECRET.encode(), f"{timestamp}\n{SECRET}".encode(),
                                         hashlib.sha256).digest()).decode()
    raw_sign = urlsplit(req["path"]).query.split("sign=", 1)[1].split("&")[0]
    assert unquote_plus(raw_sign) == expected and len(timestamp) == 13  # milliseconds
    body = receiver.json()
    assert body["msgtype"] == "markdown" and set(body["markdown"]) == {"title", "text"}
    assert body["markdown"]["title"] == "Offer made"  # the channel's language
    assert "张*" in body["markdown"]["text"] and "张三丰" not in body["markdown"]["text"]


def test_feishu_text_signed_in_the_body(admin_user, application, receiver, sent, django_capture_on_commit_callbacks):
    receiver.answers = [(200, '{"code":0,"msg":"success"}')]
    channel(admin_user, "feishu", receiver.url, secret=SECRET, language="en")
    deliver(offered(application), sent, django_capture_on_commit_callbacks)
    body = receiver.json()
    assert body["msg_type"] == "text" and set(body["content"]) == {"text"}
    ts = body["timestamp"]
    assert len(ts) == 10  # seconds
    # Feishu's check: base64(HMAC-SHA256(key=timestamp + "\n" + secret, message=empty)).
    expected = base64.b64encode(hmac.new(f"{ts}\n{SECRET}".encode(), b"", hashlib.sha256).digest()).decode()
    assert body["sign"] == expected
    assert body["content"]["text"].startswith("Offer made") and "张*" in body["content"]["text"]


def test_a_robot_error_code_is_a_failure_and_retried(admin_user, application, receiver, sent,
                                                     django_capture_on_commit_callbacks):
    receiver.answers = [(200, '{"errcode":310000,"errmsg":"sign not match"}')]
    channel(admin_user, "dingtalk", receiver.url, secret=SECRET)
    deliver(offered(application), sent, django_capture_on_commit_callbacks)
    d = Delivery.objects.get()
    assert d.status == DeliveryStatus.RETRYING and "sign not match" in d.last_response


def test_a_department_channel_hears_only_its_department(admin_user, college, department, application, receiver,
                                                        receiver_b, sent, django_capture_on_commit_callbacks):
    other = OrganizationFactory(kind=OrganizationKind.DEPARTMENT, name="动画系", parent=college)
    channel(admin_user, "wecom", receiver.url, department=department)
    channel(admin_user, "wecom", receiver_b.url, department=other)
    deliver(offered(application), sent, django_capture_on_commit_callbacks)
    assert len(receiver.requests) == 1 and receiver_b.requests == []


@pytest.mark.parametrize("platform", ["dingtalk", "feishu"])
def test_a_signed_platform_without_its_secret_is_400_on_secret(api_admin, admin_user, platform, receiver):
    r = api_admin.post("/api/v1/chat-channels/", {"name": "g", "platform": platform, "webhook_url": receiver.url,
                                                  "event_types": [OFFERED]}, format="json")
    assert r.status_code == 400 and "secret" in r.json()["errors"], r.content
    assert not ChatChannel.objects.exists()


def test_channels_in_the_api(api_admin, api_enterprise, api_teacher, admin_user, receiver):
    r = api_admin.post("/api/v1/chat-channels/", {"name": "g", "platform": "wecom", "webhook_url": receiver.url,
                                                  "event_types": [OFFERED], "language": "en",
                                                  "is_active": False}, format="json")
    assert r.status_code == 201, r.content
    assert r.json()["is_active"] is False
    assert "secret" not in r.json() and r.json()["has_secret"] is False
    pk = r.json()["id"]
    assert api_enterprise.get(f"/api/v1/chat-channels/{pk}/").status_code == 404
    assert api_teacher.get("/api/v1/chat-channels/").json()["results"] == []
    assert api_enterprise.post("/api/v1/chat-channels/", {}, format="json").status_code == 403
    r = api_admin.patch(f"/api/v1/chat-channels/{pk}/", {"platform": "feishu"}, format="json")
    assert r.status_code == 400 and "secret" in r.json()["errors"]
    r = api_admin.patch(f"/api/v1/chat-channels/{pk}/", {"platform": "feishu", "secret": SECRET}, format="json")
    assert r.status_code == 200 and r.json()["has_secret"] is True


def test_unknown_event_type_and_bad_url_name_their_fields(api_admin, admin_user, local_targets):
    local_targets.IEI_WEBHOOKS = {**local_targets.IEI_WEBHOOKS, "ALLOW_PRIVATE_HOSTS": False, "REQUIRE_HTTPS": True}
    r = api_admin.post("/api/v1/chat-channels/", {"name": "g", "platform": "wecom",
                                                  "webhook_url": "https://192.168.1.5/send", "event_types": ["zz"]},
                       format="json")
    assert r.status_code == 400 and "webhook_url" in r.json()["errors"]
    r = api_admin.post("/api/v1/chat-channels/", {"name": "g", "platform": "wecom",
                                                  "webhook_url": "https://8.8.8.8/cgi-bin/webhook/send",
                                                  "event_types": ["zz"]}, format="json")
    assert r.status_code == 400 and "event_types" in r.json()["errors"]
