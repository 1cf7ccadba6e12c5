"""Real campus servers for the sign-on tests, started once per test session, each in its own process.

- CAS: django-cas-server (``servers/cas_settings.py``, its own sqlite), people from ``people.json``.
- OpenID Connect: django-oauth-toolkit with OIDC on (``servers/oidc_settings.py``), an RSA key made here.
- LDAP: Debian's slapd with a generated configuration and directory (LDIF) in a temporary folder, as a
  non-root process on a free port.

A server that cannot start fails the test that needs it (never a skip): sign-on untested is not sign-on
tested. ``Browser`` is the person: a Django test client for the platform and a requests session for the
campus servers, following redirects from one to the other and posting the servers' login forms.
"""
from __future__ import annotations

import base64
import json
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.test import Client

from accounts.choices import OrganizationKind, Role
from tests.accounts.factories import OrganizationFactory, make_member

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = "http://testserver"
START_SECONDS = 90

# The campus directory every server serves: two students the college imported (one of them in the
# platform below), one person it has not, and a teacher.
CAMPUS_PASSWORD = "Campus-Pass-2026"
PEOPLE = {
    "20230001": {"name": "李华", "email": "lihua@campus.example.cn", "department": "影视系"},
    "20239999": {"name": "王新", "email": "wangxin@campus.example.cn", "department": "数字媒体系"},
    "T1001": {"name": "张老师", "email": "zhang@campus.example.cn", "department": "影视系"},
}
CLIENT_ID, CLIENT_SECRET = "platform", "platform-secret-0123456789"
EXPIRED_CLIENT_ID = "platform-expired"


# --- processes -----------------------------------------------------------------------------------

def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start_django_server(kind: str, spec: dict, prepare=None):
    """Start ``servers/serve.py`` for ``kind``; returns (process, base url, folder)."""
    folder = Path(tempfile.mkdtemp(prefix=f"iei-{kind}-"))
    (folder / "people.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")
    if prepare is not None:
        prepare(folder)
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["IEI_TEST_SERVER_SECRET"] = secrets.token_urlsafe(40)
    log = open(folder / "server.log", "w+b")  # noqa: SIM115 - read back when the server does not start
    proc = subprocess.Popen([sys.executable, "-m", "tests.signon.servers.serve", kind, str(folder)], cwd=ROOT,
                            env=env, stdout=subprocess.PIPE, stderr=log)
    deadline = time.monotonic() + START_SECONDS
    line = b""
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if line.startswith(b"READY ") or proc.poll() is not None:
            break
    if not line.startswith(b"READY "):
        proc.kill()
        log.seek(0)
        pytest.fail(f"the test {kind} server did not start:\n{log.read().decode(errors='replace')[-3000:]}")
    return proc, line.decode().split()[1], folder


def _stop(proc: subprocess.Popen, folder: Path) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def cas_server():
    people = {number: {"password": CAMPUS_PASSWORD,
                       "attributes": {"displayName": p["name"], "mail": p["email"], "department": p["department"]}}
              for number, p in PEOPLE.items()}
    proc, url, folder = _start_django_server("cas", {"people": people, "service_pattern": r"^http://testserver/.*$"})
    yield url + "/cas/"
    _stop(proc, folder)


def _rsa_key(folder: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    (folder / "oidc-key.pem").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))


@pytest.fixture(scope="session")
def oidc_provider():
    people = {number: {"password": CAMPUS_PASSWORD,
                       "claims": {"preferred_username": number, "name": p["name"], "email": p["email"],
                                  "department": p["department"]}}
              for number, p in PEOPLE.items()}
    clients = [{"name": name, "client_id": client_id, "client_secret": CLIENT_SECRET,
                "redirect_uri": f"{PLATFORM}/signon/oidc/callback/",
                "post_logout_redirect_uri": f"{PLATFORM}/accounts/login/"}
               for name, client_id in (("platform", CLIENT_ID), ("expired", EXPIRED_CLIENT_ID))]
    proc, url, folder = _start_django_server("oidc", {"people": people, "clients": clients}, prepare=_rsa_key)
    yield url + "/o"
    _stop(proc, folder)


# --- slapd ---------------------------------------------------------------------------------------

LDAP_BASE = "dc=college,dc=example"
LDAP_ADMIN = f"cn=admin,{LDAP_BASE}"
LDAP_ADMIN_PASSWORD = "Ldap-Admin-2026"
LDAP_PEOPLE = f"ou=people,{LDAP_BASE}"


def _ldif_value(name: str, value: str) -> str:
    """One LDIF line; non-ASCII values are base64 (RFC 2849)."""
    if value.isascii():
        return f"{name}: {value}"
    return f"{name}:: {base64.b64encode(value.encode()).decode()}"


def _ldif() -> str:
    entries = [
        [f"dn: {LDAP_BASE}", "objectClass: dcObject", "objectClass: organization", "o: College", "dc: college"],
        [f"dn: {LDAP_PEOPLE}", "objectClass: organizationalUnit", "ou: people"],
    ]
    for number, p in PEOPLE.items():
        entries.append([f"dn: uid={number},{LDAP_PEOPLE}", "objectClass: inetOrgPerson", f"uid: {number}",
                        _ldif_value("cn", p["name"]), _ldif_value("sn", p["name"][0]),
                        _ldif_value("displayName", p["name"]), f"mail: {p['email']}",
                        _ldif_value("departmentNumber", p["department"]), f"userPassword: {CAMPUS_PASSWORD}"])
    return "\n\n".join("\n".join(entry) for entry in entries) + "\n"


def _unprivileged() -> pwd.struct_passwd | None:
    """The account slapd runs as when the tests run as root (Debian's slapd package creates openldap)."""
    if os.geteuid() != 0:
        return None
    for name in ("openldap", "nobody"):
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    pytest.fail("no unprivileged account to run slapd as")


@pytest.fixture(scope="session")
def ldap_server():
    slapd, slapadd = Path("/usr/sbin/slapd"), Path("/usr/sbin/slapadd")
    if not (slapd.exists() and slapadd.exists()):
        pytest.fail("Debian's slapd is not installed: `python3 scripts/platform.py test` installs it (apt-get)")
    folder = Path(tempfile.mkdtemp(prefix="iei-slapd-"))
    (folder / "data").mkdir()
    conf = folder / "slapd.conf"
    conf.write_text("\n".join([
        *(f"include /etc/ldap/schema/{name}.schema" for name in ("core", "cosine", "inetorgperson")),
        "modulepath /usr/lib/ldap",
        "moduleload back_mdb",
        f"pidfile {folder}/slapd.pid",
        f"argsfile {folder}/slapd.args",
        "database mdb",
        "maxsize 10485760",
        f'suffix "{LDAP_BASE}"',
        f'rootdn "{LDAP_ADMIN}"',
        f"rootpw {LDAP_ADMIN_PASSWORD}",
        f"directory {folder}/data",
        "",
    ]))
    (folder / "campus.ldif").write_text(_ldif(), encoding="utf-8")
    loaded = subprocess.run([str(slapadd), "-f", str(conf), "-l", str(folder / "campus.ldif")],
                            capture_output=True, text=True)
    if loaded.returncode != 0:
        pytest.fail(f"slapadd could not load the test directory:\n{loaded.stderr}")
    account = _unprivileged()
    drop = []
    if account is not None:
        for path in (folder, *folder.rglob("*")):
            os.chown(path, account.pw_uid, account.pw_gid)
        drop = ["-u", account.pw_name, "-g", str(account.pw_gid)]
    port = _free_port()
    url = f"ldap://127.0.0.1:{port}/"
    log = open(folder / "slapd.log", "w+b")  # noqa: SIM115
    proc = subprocess.Popen([str(slapd), "-d", "0", "-f", str(conf), "-h", url, *drop], stdout=log, stderr=log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    else:
        proc.kill()
    if proc.poll() is not None:
        log.seek(0)
        pytest.fail(f"slapd did not start:\n{log.read().decode(errors='replace')[-3000:]}")
    yield url
    _stop(proc, folder)


# --- the platform's side -------------------------------------------------------------------------

AXES = "axes.backends.AxesStandaloneBackend"
GATE = "signon.backends.PasswordGate"
ACCESS = "accounts.backends.AccessBackend"


def _options(settings, **changes) -> None:
    options = {key: (dict(value) if isinstance(value, dict) else value) for key, value in settings.IEI_SIGNON.items()}
    for key, value in changes.items():
        if isinstance(value, dict):
            options[key].update(value)
        else:
            options[key] = value
    settings.IEI_SIGNON = options


@pytest.fixture
def signon_settings(settings):
    """``configure(**IEI_SIGNON changes)`` changes the platform's sign-on options for one test."""
    def configure(**changes):
        _options(settings, **changes)
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
