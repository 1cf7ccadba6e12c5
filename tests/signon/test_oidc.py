"""OpenID Connect against a real provider (django-oauth-toolkit with OIDC on, in its own process)."""
from __future__ import annotations

import pytest

from accounts.choices import Role
from accounts.models import Membership, User

from .conftest import EXPIRED_CLIENT_ID, PLATFORM, Browser

pytestmark = pytest.mark.django_db

START = "/signon/oidc/login/"
CALLBACK = f"{PLATFORM}/signon/oidc/callback/"


def _signed_out_with(page, code: str, browser) -> None:
    assert page.url.startswith(f"{PLATFORM}/accounts/login/") and page.status == 200, (page.url, page.status)
    assert f"signon-{code}" in page.text, page.text[:3000]
    assert browser.user_id is None


def test_a_student_the_college_imported_signs_in(oidc, campus, browser):
    page = browser.sign_in_at_campus(START, "20230001")
    assert page.url == f"{PLATFORM}/" and page.status == 200, (page.url, page.status)
    student = campus["student"]
    assert browser.user_id == str(student.pk)
    student.refresh_from_db()
    assert (student.display_name, student.email) == ("李华", "lihua@campus.example.cn")


def test_a_teacher_is_found_by_staff_number(oidc, campus, browser):
    page = browser.sign_in_at_campus(START, "T1001")
    assert page.status == 200
    assert browser.user_id == str(campus["teacher"].pk)


def test_matching_by_e_mail(oidc, campus, browser, signon_settings):
    signon_settings(MATCH_BY="email")
    campus["student"].email = "LiHua@campus.example.cn"
    campus["student"].save()
    browser.sign_in_at_campus(START, "20230001")
    assert browser.user_id == str(campus["student"].pk)


def test_a_person_the_college_has_not_imported_is_refused(oidc, campus, browser):
    before = User.objects.count()
    page = browser.sign_in_at_campus(START, "20239999")
    _signed_out_with(page, "unknown_person", browser)
    assert User.objects.count() == before


def test_a_person_not_imported_gets_an_account_when_settings_allow(oidc, campus, browser, signon_settings):
    signon_settings(CREATE_USERS=True, CREATE_ROLE="teacher")
    page = browser.sign_in_at_campus(START, "20239999")
    assert page.url == f"{PLATFORM}/" and page.status == 200
    user = User.objects.get(staff_no="20239999")
    assert browser.user_id == str(user.pk)
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.organization.name) == (Role.TEACHER, "数字媒体系")


def test_a_token_from_another_issuer_signs_nobody_in(oidc, oidc_provider, campus, browser, signon_settings):
    # The endpoints are the provider's; the issuer the platform trusts is spelled with another host, so the
    # ID token's "iss" (the provider's own name) is not the trusted one.
    oidc.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{oidc_provider}/authorize/"
    oidc.OIDC_OP_TOKEN_ENDPOINT = f"{oidc_provider}/token/"
    oidc.OIDC_OP_USER_ENDPOINT = f"{oidc_provider}/userinfo/"
    oidc.OIDC_OP_JWKS_ENDPOINT = f"{oidc_provider}/.well-known/jwks.json"
    signon_settings(OIDC={"ISSUER": oidc_provider.replace("127.0.0.1", "localhost")})
    page = browser.sign_in_at_campus(START, "20230001")
    _signed_out_with(page, "wrong_issuer", browser)


def test_an_expired_id_token_signs_nobody_in(oidc, campus, browser):
    oidc.OIDC_RP_CLIENT_ID = EXPIRED_CLIENT_ID  # the provider issues this client tokens that expired already
    page = browser.sign_in_at_campus(START, "20230001")
    _signed_out_with(page, "expired_token", browser)


def test_a_replayed_answer_signs_nobody_in(oidc, campus, browser):
    browser.sign_in_at_campus(START, "20230001")
    answer = next(url for url in browser.visited if url.startswith(CALLBACK))
    browser.open("/accounts/logout/", method="post")
    # The same browser, its state used up: refused.
    page = browser.open(answer)
    _signed_out_with(page, "replayed_state", browser)
    # Another browser that started a sign-in of its own: the state is not one it started.
    thief = Browser()
    thief.open(START)
    page = thief.open(answer)
    _signed_out_with(page, "replayed_state", thief)


def test_logout_ends_the_platform_and_the_provider_session(oidc, oidc_provider, campus, browser):
    browser.sign_in_at_campus(START, "20230001")
    assert browser.user_id is not None
    page = browser.open("/accounts/logout/", method="post")
    assert browser.user_id is None
    # The provider announced an end_session_endpoint: the browser went there and came back.
    assert any(url.startswith(f"{oidc_provider}/logout/") for url in browser.visited), browser.visited
    assert page.url.startswith(f"{PLATFORM}/accounts/login/") and page.status == 200
    page = browser.open(START)  # the provider asks for the password again: its session ended too
    assert page.url.startswith(oidc_provider.removesuffix("/o") + "/accounts/login/") and page.status == 200, page.url
    page.form("password")


def test_a_provider_that_is_not_reachable_is_said_so(oidc, campus, browser, signon_settings):
    signon_settings(OIDC={"ISSUER": "http://127.0.0.1:9/o"})  # discard port: nothing answers
    page = browser.open(START)
    _signed_out_with(page, "server_unreachable", browser)
