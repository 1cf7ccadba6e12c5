"""Password login turned off for students and staff (IEI_SSO_PASSWORD_LOGIN=partners); partners keep it."""
from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def partners_only(signon_settings, settings):
    settings.CAS_SERVER_URL = "https://cas.college.example.cn/cas/"  # a button to point to; no request goes there
    return signon_settings(PASSWORD_LOGIN="partners", CAS={"LABEL": "统一身份认证"})


def _login(username: str, password: str = PASSWORD):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    return client, client.post("/accounts/login/", {"username": username, "password": password})


def test_a_student_and_a_teacher_are_sent_to_the_campus_button(partners_only, student, teacher):
    for user in (student, teacher):
        client, r = _login(user.username)
        assert r.status_code == 200 and client.session.get("_auth_user_id") is None
        body = r.content.decode()
        assert "use the “统一身份认证” button" in body, body[:3000]
        assert 'href="/signon/cas/login/"' in body


def test_an_enterprise_and_an_association_user_still_log_in_with_a_password(partners_only, enterprise_user,
                                                                             association_user):
    for user in (enterprise_user, association_user):
        client, r = _login(user.username)
        assert r.status_code == 302 and client.session.get("_auth_user_id") == str(user.pk)


def test_a_wrong_password_says_nothing_of_the_role(partners_only, student):
    _client, wrong = _login(student.username, "wrong-password")
    _client, unknown = _login("nobody-of-that-name", "wrong-password")
    assert wrong.status_code == unknown.status_code == 200
    for r in (wrong, unknown):
        body = r.content.decode()
        assert "Please enter a correct username and password" in body
        assert "button on the login page" not in body  # the refusal comes only after the right password


def test_the_api_token_login_likewise(partners_only, student, enterprise_user):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    r = api.post("/api/v1/auth/token/", {"username": student.username, "password": PASSWORD}, format="json")
    assert r.status_code == 400 and "campus account" in r.json()["detail"], r.json()
    r = api.post("/api/v1/auth/token/", {"username": enterprise_user.username, "password": PASSWORD}, format="json")
    assert r.status_code == 200 and r.json()["token"]


def test_by_default_everyone_logs_in_with_a_password(student):
    client, r = _login(student.username)
    assert r.status_code == 302 and client.session.get("_auth_user_id") == str(student.pk)
