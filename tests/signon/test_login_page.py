"""The login page shows a button per configured campus sign-on, and none when none is configured."""
from __future__ import annotations

import pytest

from .conftest import CLIENT_ID, CLIENT_SECRET

pytestmark = pytest.mark.django_db


def test_no_provider_no_button(client):
    r = client.get("/accounts/login/")
    assert r.status_code == 200
    assert "/signon/" not in r.content.decode()


def test_each_configured_provider_has_its_button(client, settings, signon_settings):
    settings.CAS_SERVER_URL = "https://cas.college.example.cn/cas/"
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = CLIENT_ID, CLIENT_SECRET
    signon_settings(CAS={"LABEL": "统一身份认证"}, OIDC={"ISSUER": "https://id.college.example.cn", "LABEL": ""})
    r = client.get("/accounts/login/?next=/internships/")
    assert r.status_code == 200
    body = r.content.decode()
    assert 'href="/signon/cas/login/?next=%2Finternships%2F"' in body and "统一身份认证" in body
    assert 'href="/signon/oidc/login/?next=%2Finternships%2F"' in body


def test_a_protocol_that_is_off_has_no_route(client):
    for url in ("/signon/cas/login/", "/signon/oidc/login/", "/signon/oidc/callback/"):
        assert client.get(url).status_code == 404
