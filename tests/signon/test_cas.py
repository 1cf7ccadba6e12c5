"""CAS 2.0 / 3.0 against a real CAS server (django-cas-server in its own process, tests/signon/conftest.py)."""
from __future__ import annotations

import pytest

from accounts.choices import Role
from accounts.models import Membership, User

from .conftest import PLATFORM, Browser

pytestmark = pytest.mark.django_db

START = "/signon/cas/login/"


def _signed_out_with(page, code: str, browser) -> None:
    assert page.url.startswith(f"{PLATFORM}/accounts/login/") and page.status == 200, (page.url, page.status)
    assert f"signon-{code}" in page.text, page.text[:3000]
    assert browser.user_id is None


@pytest.mark.parametrize("version", ["3", "2"])
def test_a_student_the_college_imported_signs_in(cas, campus, browser, version):
    cas.CAS_VERSION = version
    page = browser.sign_in_at_campus(START, "20230001")
    assert page.url == f"{PLATFORM}/" and page.status == 200, (page.url, page.status)
    student = campus["student"]
    assert browser.user_id == str(student.pk)
    student.refresh_from_db()
    if version == "3":  # CAS 3.0 carries attributes: the name and e-mail of the campus directory
        assert (student.display_name, student.email) == ("李华", "lihua@campus.example.cn")


def test_next_is_kept_on_this_site_only(cas, campus, browser):
    page = browser.sign_in_at_campus(f"{START}?next=/accounts/tokens/", "20230001")
    assert page.url == f"{PLATFORM}/accounts/tokens/" and page.status == 200

    other = Browser()
    page = other.sign_in_at_campus(f"{START}?next=https://evil.example/", "20230001")
    assert page.url == f"{PLATFORM}/" and page.status == 200, page.url


def test_a_person_the_college_has_not_imported_is_refused(cas, campus, browser):
    before = User.objects.count()
    page = browser.sign_in_at_campus(START, "20239999")
    _signed_out_with(page, "unknown_person", browser)
    assert User.objects.count() == before


def test_a_person_not_imported_gets_an_account_when_settings_allow(cas, campus, browser, signon_settings):
    signon_settings(CREATE_USERS=True, CREATE_ROLE="student")
    page = browser.sign_in_at_campus(START, "20239999")
    assert page.url == f"{PLATFORM}/" and page.status == 200
    user = User.objects.get(student_no="20239999")
    assert browser.user_id == str(user.pk)
    assert (user.username, user.display_name, user.email) == ("20239999", "王新", "wangxin@campus.example.cn")
    assert not user.has_usable_password()
    membership = Membership.objects.get(user=user)
    assert (membership.role, membership.organization.name) == (Role.STUDENT, "数字媒体系")


def test_a_forged_ticket_signs_nobody_in(cas, campus, browser):
    page = browser.open(f"{START}?ticket=ST-forged-0123456789")
    _signed_out_with(page, "bad_ticket", browser)


def test_a_ticket_used_once_cannot_be_used_again(cas, campus, browser):
    browser.sign_in_at_campus(START, "20230001")
    callback = next(url for url in browser.visited if url.startswith(f"{PLATFORM}{START}") and "ticket=" in url)
    thief = Browser()
    page = thief.open(callback)
    _signed_out_with(page, "bad_ticket", thief)


def test_a_partner_account_cannot_be_reached_through_the_campus(cas, campus, browser, enterprise_user):
    enterprise_user.staff_no = "T1001"
    enterprise_user.save()
    campus["teacher"].delete()
    page = browser.sign_in_at_campus(START, "T1001")
    _signed_out_with(page, "partner_account", browser)


def test_logout_ends_the_platform_and_the_cas_session(cas, campus, browser):
    browser.sign_in_at_campus(START, "20230001")
    assert browser.user_id is not None
    page = browser.open("/accounts/logout/", method="post")
    assert browser.user_id is None
    assert any(url.startswith(cas.CAS_SERVER_URL + "logout") for url in browser.visited), browser.visited
    assert page.status == 200, page.url
    # The campus server forgot the person too: the next sign-on asks for the password again.
    page = browser.open(START)
    assert page.url.startswith(cas.CAS_SERVER_URL) and page.status == 200
    page.form("password")
