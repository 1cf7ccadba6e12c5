"""LDAP against a real directory (Debian's slapd, started by tests/signon/conftest.py): the login form's
username and password are bound against the campus directory."""
from __future__ import annotations

import pytest
from django.test import Client

from accounts.choices import Role
from accounts.models import Membership, User
from tests.conftest import PASSWORD

from .conftest import CAMPUS_PASSWORD

pytestmark = pytest.mark.django_db


def _login(username: str, password: str):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    return client, client.post("/accounts/login/", {"username": username, "password": password})


def _user_id(client):
    return client.session.get("_auth_user_id")


def test_a_student_signs_in_with_the_campus_password(ldap_settings, campus):
    client, r = _login("20230001", CAMPUS_PASSWORD)
    assert r.status_code == 302 and r.headers["Location"] == "/", r.content.decode()[:2000]
    student = campus["student"]
    assert _user_id(client) == str(student.pk)
    student.refresh_from_db()
    assert (student.display_name, student.email) == ("李华", "lihua@campus.example.cn")


def test_a_wrong_campus_password_signs_nobody_in(ldap_settings, campus):
    client, r = _login("20230001", "not-the-password")
    assert r.status_code == 200 and _user_id(client) is None


def test_a_person_the_college_has_not_imported_is_refused(ldap_settings, campus):
    before = User.objects.count()
    client, r = _login("20239999", CAMPUS_PASSWORD)
    assert r.status_code == 200 and _user_id(client) is None
    assert "not known on this platform" in r.content.decode()
    assert User.objects.count() == before


def test_a_person_not_imported_gets_an_account_when_settings_allow(ldap_settings, campus, signon_settings):
    signon_settings(CREATE_USERS=True)
    client, r = _login("20239999", CAMPUS_PASSWORD)
    assert r.status_code == 302
    user = User.objects.get(student_no="20239999")
    assert _user_id(client) == str(user.pk)
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.organization.name) == (Role.STUDENT, "数字媒体系")


def test_a_partner_still_signs_in_with_the_platform_password(ldap_settings, campus, enterprise_user, signon_settings):
    signon_settings(PASSWORD_LOGIN="partners")
    client, r = _login(enterprise_user.username, PASSWORD)
    assert r.status_code == 302 and _user_id(client) == str(enterprise_user.pk)
    # ...while the student's platform password is refused and the campus one accepted.
    campus["student"].set_password(PASSWORD)
    campus["student"].save()
    client, r = _login(campus["student"].username, PASSWORD)
    assert r.status_code == 200 and _user_id(client) is None
    client, r = _login("20230001", CAMPUS_PASSWORD)
    assert r.status_code == 302 and _user_id(client) == str(campus["student"].pk)


def test_logout_ends_the_platform_session(ldap_settings, campus):
    client, r = _login("20230001", CAMPUS_PASSWORD)
    assert _user_id(client) is not None
    r = client.post("/accounts/logout/")
    assert r.status_code == 302 and r.headers["Location"] == "/accounts/login/"
    assert _user_id(client) is None
