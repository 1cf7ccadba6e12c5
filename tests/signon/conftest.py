"""The platform's side of the sign-on tests: its settings per protocol, the college's imported people, and
``Browser``, the person: a Django test client for the platform and a requests session for the campus
servers, following redirects from one to the other and posting the servers' login forms.

The campus servers themselves (CAS, OpenID Connect provider, slapd) are started once per session by
tests/signon/campus.py, a plugin shared with the browser journeys (tests/e2e/test_signon_journeys.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.test import Client

from accounts.choices import OrganizationKind, Role
from tests.accounts.factories import OrganizationFactory, make_member

from .campus import (  # noqa: F401 - the tests import the directory's names from here
    CAMPUS_PASSWORD,
    CLIENT_ID,
    CLIENT_SECRET,
    EXPIRED_CLIENT_ID,
    LDAP_ADMIN,
    LDAP_ADMIN_PASSWORD,
    LDAP_PEOPLE,
    PEOPLE,
    PLATFORM,
    signon_options,
)

# --- the platform's side -------------------------------------------------------------------------

AXES = "axes.backends.AxesStandaloneBackend"
GATE = "signon.backends.PasswordGate"
ACCESS = "accounts.backends.AccessBackend"


@pytest.fixture
def signon_settings(settings):
    """``configure(**IEI_SIGNON changes)`` changes the platform's sign-on options for one test."""
    def configure(**changes):
        signon_options(settings, **changes)
        return settings

    return configure


@pytest.fixture
def cas(settings, cas_server, signon_settings):
    settings.CAS_SERVER_URL = cas_server
    settings.CAS_VERSION = "3"
    settings.AUTHENTICATION_BACKENDS = [AXES, "signon.backends.CasBackend", GATE, ACCESS]
    return settings


@pytest.fixture
def oidc(settings, oidc_provider, signon_settings):
    signon_settings(OIDC={"ISSUER": oidc_provider})
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.AUTHENTICATION_BACKENDS = [AXES, "signon.backends.OidcBackend", GATE, ACCESS]
    return settings


@pytest.fixture
def ldap_settings(settings, ldap_server, signon_settings):
    signon_settings(LDAP={"USER_SEARCH_BASE": LDAP_PEOPLE})
    settings.AUTH_LDAP_SERVER_URI = ldap_server
    settings.AUTH_LDAP_BIND_DN = LDAP_ADMIN
    settings.AUTH_LDAP_BIND_PASSWORD = LDAP_ADMIN_PASSWORD
    settings.AUTHENTICATION_BACKENDS = [AXES, "signon.ldap.LdapBackend", GATE, ACCESS]
    return settings


@pytest.fixture
def campus(department):
    """The college's imported people: 李华 (student 20230001) and 张老师 (teacher T1001); 王新 is not imported."""
    OrganizationFactory(kind=OrganizationKind.DEPARTMENT, name="数字媒体系", parent=department.parent)
    student = make_member(Role.STUDENT, department, username="lihua", student_no="20230001",
                          display_name="李华(旧)", email="old@example.cn")
    teacher = make_member(Role.TEACHER, department, username="zhang", staff_no="T1001")
    return {"student": student, "teacher": teacher}


# --- the person at the browser -------------------------------------------------------------------

class _Forms(HTMLParser):
    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action") or "", "method": (attrs.get("method") or "get").lower(),
                               "fields": {}})
        elif tag in ("input", "button") and self.forms and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.forms[-1]["fields"].setdefault(attrs["name"], attrs.get("value") or "")


@dataclass
class Page:
    url: str
    status: int
    text: str

    def form(self, containing: str = "password") -> tuple[str, dict]:
        """(absolute action, fields) of the first POST form with a field named ``containing``."""
        parser = _Forms()
        parser.feed(self.text)
        for form in parser.forms:
            if form["method"] == "post" and containing in form["fields"]:
                return urljoin(self.url, form["action"]), dict(form["fields"])
        raise AssertionError(f"no form with {containing!r} on {self.url}:\n{self.text[:2000]}")


class Browser:
    """One person's browser: the platform through Django's test client, campus servers over HTTP."""

    def __init__(self):
        self.client = Client(HTTP_ACCEPT_LANGUAGE="en")
        self.web = requests.Session()
        self.visited: list[str] = []

    def open(self, url: str, *, method: str = "get", data: dict | None = None, hops: int = 12) -> Page:
        url = urljoin(PLATFORM + "/", url)
        for _ in range(hops):
            self.visited.append(url)
            parts = urlsplit(url)
            if parts.netloc == "testserver":
                path = parts.path + (f"?{parts.query}" if parts.query else "")
                response = (self.client.post(path, data or {}) if method == "post" else self.client.get(path))
                status, location, text = response.status_code, response.headers.get("Location"), \
                    response.content.decode()
            else:
                response = self.web.request(method, url, data=data, allow_redirects=False, timeout=30)
                status, location, text = response.status_code, response.headers.get("Location"), response.text
            if status in (301, 302, 303, 307, 308) and location:
                url, method, data = urljoin(url, location), "get", None
                continue
            return Page(url, status, text)
        raise AssertionError(f"too many redirects: {self.visited[-hops:]}")

    def submit(self, page: Page, **values) -> Page:
        action, fields = page.form(next(iter(values)) if values else "password")
        fields.update(values)
        return self.open(action, method="post", data=fields)

    def sign_in_at_campus(self, start: str, username: str, password: str = CAMPUS_PASSWORD) -> Page:
        """Press a campus sign-on button (``start``), sign in on the campus server's form, come back."""
        page = self.open(start)
        assert not page.url.startswith(PLATFORM), f"the button did not lead to the campus server: {page.url}"
        assert page.status == 200, page.text[:2000]
        return self.submit(page, username=username, password=password)

    @property
    def user_id(self):
        from django.contrib.auth import SESSION_KEY

        return self.client.session.get(SESSION_KEY)


@pytest.fixture
def browser():
    return Browser()
