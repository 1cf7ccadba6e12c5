"""Campus sign-on in the browser (issue 20 item 5), against the real campus servers of the sign-on tests.

The CAS server (django-cas-server), the OpenID Connect provider (django-oauth-toolkit) and slapd are the
ones tests/signon/campus.py starts once per session; the platform is the e2e live server on the demo
college. A journey switches its protocol on for the live server through pytest-django's ``settings``
(the server runs in this process), presses the login page's button, signs in on the campus server's own
pages (OIDC: its login and consent pages too), comes back signed in, and logs out of both. LDAP signs in
through the platform's own login form. With password login for partners only, a student's password is
refused with the way to the campus button while an enterprise contact still signs in with theirs.

The college's imported people are the directory's: student 20230001 and teacher T1001 (made here once
for the module; the demo's numbers are longer, so they never collide).
"""
import copy
import re
from urllib.parse import urlsplit

import pytest
from django.utils import translation
from playwright.sync_api import expect

from accounts.choices import Role
from accounts.models import Organization, User
from tests.accounts.factories import make_member
from tests.signon.campus import (
    CAMPUS_PASSWORD,
    CLIENT_SECRET,
    CONSENT_CLIENT_ID,
    LDAP_ADMIN,
    LDAP_ADMIN_PASSWORD,
    LDAP_PEOPLE,
    signon_options,
)

from .conftest import DEMO_PASSWORD, serious_violations

AXES = "axes.backends.AxesStandaloneBackend"
GATE = "signon.backends.PasswordGate"
ACCESS = "accounts.backends.AccessBackend"
PLATFORM_PASSWORD = "pw-Secret-123"  # tests.accounts.factories.UserFactory
# The campus servers' pages name style sheets on CDNs; the machine is offline and the journey needs none.
OFF_SITE = re.compile(r"^https?://(?!localhost[:/]|127\.0\.0\.1[:/])")


@pytest.fixture(scope="module")
def campus_student(e2e_server, django_db_blocker):
    """李华, student 20230001 of the demo college's first department, as the college imported her."""
    with django_db_blocker.unblock():
        user = User.objects.filter(student_no="20230001").first()
        if user is None:
            department = Organization.objects.filter(kind="department").order_by("pk").first()
            user = make_member(Role.STUDENT, department, username="campus20230001", student_no="20230001",
                               display_name="李华(导入)")
        return user


def _allow_form_action(settings, server: str) -> None:
    """What config/settings/signon.py does when the server is configured at start (SIGNON_FORM_ACTIONS): the
    logout form's post is redirected to the campus server, which the browser allows only if form-action
    names it. Without this the browser stops the logout on the platform (net::ERR_ABORTED)."""
    parts = urlsplit(server)
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["form-action"] = [*policy["DIRECTIVES"]["form-action"], f"{parts.scheme}://{parts.netloc}"]
    settings.CONTENT_SECURITY_POLICY = policy


@pytest.fixture
def cas_on(settings, cas_server):
    settings.CAS_SERVER_URL = cas_server
    settings.CAS_VERSION = "3"
    settings.AUTHENTICATION_BACKENDS = [AXES, "signon.backends.CasBackend", GATE, ACCESS]
    _allow_form_action(settings, cas_server)
    return cas_server


@pytest.fixture
def oidc_on(settings, oidc_provider):
    signon_options(settings, OIDC={"ISSUER": oidc_provider})
    settings.OIDC_RP_CLIENT_ID = CONSENT_CLIENT_ID  # the client the provider asks the person's consent for
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.AUTHENTICATION_BACKENDS = [AXES, "signon.backends.OidcBackend", GATE, ACCESS]
    _allow_form_action(settings, oidc_provider)
    return oidc_provider


@pytest.fixture
def ldap_on(settings, ldap_server):
    signon_options(settings, LDAP={"USER_SEARCH_BASE": LDAP_PEOPLE})
    settings.AUTH_LDAP_SERVER_URI = ldap_server
    settings.AUTH_LDAP_BIND_DN = LDAP_ADMIN
    settings.AUTH_LDAP_BIND_PASSWORD = LDAP_ADMIN_PASSWORD
    settings.AUTHENTICATION_BACKENDS = [AXES, "signon.ldap.LdapBackend", GATE, ACCESS]
    return ldap_server


def _session(open_session, language: str = "zh-hans"):
    s = open_session(language=language)
    s.context.route(OFF_SITE, lambda route: route.abort())
    return s


def _signed_in_as(s, name: str):
    expect(s.page.locator(".whoami")).to_contain_text(name)


def _signed_out(s):
    """The platform has no session: its dashboard sends the browser to the login page."""
    s.goto("/")
    s.page.wait_for_url(re.compile(r"/accounts/login/"))
    expect(s.page.locator(".whoami")).to_have_count(0)


def _log_out(s, lands_on: str):
    with s.page.expect_navigation(url=re.compile(lands_on)):
        s.logout()


def _label(msgid: str, language: str) -> str:
    with translation.override(language):
        return translation.gettext(msgid)


@pytest.mark.e2e
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_login_page_has_a_button_per_configured_campus_sign_on(open_session, cas_on, oidc_on, language):
    s = _session(open_session, language)
    page = s.goto("/accounts/login/?next=/internships/")
    cas_button = page.locator("a.signon-cas")
    oidc_button = page.locator("a.signon-oidc")
    expect(cas_button).to_have_text(_label("Campus sign-on (CAS)", language))
    expect(oidc_button).to_have_text(_label("Campus sign-on (OpenID Connect)", language))
    assert cas_button.get_attribute("href") == "/signon/cas/login/?next=%2Finternships%2F"
    assert serious_violations(page) == []
    s.screenshot(f"signon-login-buttons-{language}")


@pytest.mark.e2e
def test_no_button_when_no_campus_sign_on_is_configured(open_session):
    s = _session(open_session)
    page = s.goto("/accounts/login/")
    expect(page.locator("input[name=password]")).to_be_visible()
    expect(page.locator(".signon a")).to_have_count(0)


@pytest.mark.e2e
def test_a_student_signs_in_at_the_cas_server_and_logs_out_of_both(open_session, cas_on, campus_student):
    s = _session(open_session)
    page = s.goto("/accounts/login/?next=/internships/placements/")
    page.locator("a.signon-cas").click()
    # The CAS server's own login page, not the platform's.
    page.wait_for_url(lambda url: url.startswith(cas_on + "login"))
    page.locator("input[name=username]").fill("20230001")
    page.locator("input[name=password]").fill(CAMPUS_PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: url.startswith(s.base_url + "/internships/placements/"))
    _signed_in_as(s, "李华")  # CAS 3.0 attributes renamed the imported person
    s.screenshot("signon-cas-signed-in")

    _log_out(s, r"/accounts/login/")
    _signed_out(s)
    # The CAS session ended too: the button asks for the campus password again instead of signing in.
    page.locator("a.signon-cas").click()
    page.wait_for_url(lambda url: url.startswith(cas_on + "login"))
    expect(page.locator("input[name=password]")).to_be_visible()


@pytest.mark.e2e
def test_a_student_signs_in_at_the_oidc_provider_with_consent_and_logs_out_of_both(open_session, oidc_on,
                                                                                   campus_student):
    s = _session(open_session)
    page = s.goto("/accounts/login/")
    page.locator("a.signon-oidc").click()
    # The provider's login page...
    page.wait_for_url(lambda url: url.startswith(oidc_on.removesuffix("/o") + "/accounts/login/"))
    page.locator("input[name=username]").fill("20230001")
    page.locator("input[name=password]").fill(CAMPUS_PASSWORD)
    page.locator("button[type=submit]").click()
    # ...then its consent page for this platform.
    page.wait_for_url(lambda url: url.startswith(oidc_on + "/authorize/"))
    page.locator("input[name=allow]").click()
    page.wait_for_url(s.base_url + "/")
    _signed_in_as(s, "李华")
    s.screenshot("signon-oidc-signed-in")

    # Logout goes through the provider's end-session endpoint and back to the platform's login page.
    _log_out(s, r"/accounts/login/")
    _signed_out(s)
    page.locator("a.signon-oidc").click()
    page.wait_for_url(lambda url: url.startswith(oidc_on.removesuffix("/o") + "/accounts/login/"))
    expect(page.locator("input[name=password]")).to_be_visible()


@pytest.mark.e2e
def test_a_student_signs_in_with_the_campus_password_through_ldap(open_session, ldap_on, campus_student):
    s = _session(open_session)
    page = s.goto("/accounts/login/")
    expect(page.locator(".signon .helptext")).to_have_text(
        s.t("Students and staff: enter your campus username and password below."))
    page.locator("input[name=username]").fill("20230001")
    page.locator("input[name=password]").fill(CAMPUS_PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(s.base_url + "/")
    _signed_in_as(s, "李华")
    _log_out(s, r"/accounts/login/")
    _signed_out(s)


@pytest.mark.e2e
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_password_login_off_for_students_while_an_enterprise_keeps_it(open_session, settings, cas_on, campus_student,
                                                                       language):
    signon_options(settings, PASSWORD_LOGIN="partners")
    campus_student.set_password(PLATFORM_PASSWORD)
    campus_student.save(update_fields=["password"])
    s = _session(open_session, language)
    page = s.goto("/accounts/login/")
    expect(page.locator(".signon .helptext")).to_have_text(s.t(
        "The password form is for partner enterprises and associations; students and staff sign in with their "
        "campus account."))
    page.locator("input[name=username]").fill(campus_student.username)
    page.locator("input[name=password]").fill(PLATFORM_PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    button = s.t("Campus sign-on (CAS)")
    expect(page.locator("form.stacked")).to_contain_text(s.t(
        "Students and staff sign in with their campus account: use the “%(button)s” button on the login page. "
        "Password login is kept for partner enterprises and associations.", button=button))
    assert "/accounts/login/" in page.url
    expect(page.locator(".whoami")).to_have_count(0)
    s.screenshot(f"signon-password-refused-{language}")

    partner = _session(open_session, language)
    partner.login("enterprise", DEMO_PASSWORD)
    assert partner.page.url == partner.base_url + "/"
    expect(partner.page.locator(".whoami")).to_be_visible()
