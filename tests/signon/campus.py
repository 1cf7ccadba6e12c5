"""Real campus servers for the sign-on tests, started once per test session, each in its own process.

A pytest plugin (tests/conftest.py loads it), so the sign-on tests (tests/signon/, through Django's test
client at ``http://testserver``) and the browser journeys (tests/e2e/, a live server at
``http://localhost:<port>``) share one server of each kind:

- CAS: django-cas-server (``servers/cas_settings.py``, its own sqlite), people from ``people.json``; it
  serves both platform addresses (the service pattern).
- OpenID Connect: django-oauth-toolkit with OIDC on (``servers/oidc_settings.py``), an RSA key made here.
  Its clients may come back to either platform address (``localhost`` counts as loopback there, so any
  port); ``CONSENT_CLIENT_ID`` asks the person to consent, as a campus provider does the first time.
- LDAP: Debian's slapd with a generated configuration and directory (LDIF) in a temporary folder, as a
  non-root process on a free port.

A server that cannot start fails the test that needs it (never a skip): sign-on untested is not sign-on
tested.
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
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLATFORM = "http://testserver"
# The e2e live server's address (any port): the servers accept it beside the test client's.
LIVE = "http://localhost"
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
CONSENT_CLIENT_ID = "platform-consent"


# --- processes -----------------------------------------------------------------------------------

def signon_options(settings, **changes) -> None:
    """Change the platform's sign-on options (``IEI_SIGNON``) for one test: a dict value updates that
    protocol's options, any other value replaces the option. pytest-django's ``settings`` restores them."""
    options = {key: (dict(value) if isinstance(value, dict) else value) for key, value in settings.IEI_SIGNON.items()}
    for key, value in changes.items():
        if isinstance(value, dict):
            options[key].update(value)
        else:
            options[key] = value
    settings.IEI_SIGNON = options


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
    proc, url, folder = _start_django_server("cas", {"people": people,
                                                      "service_pattern": r"^http://(testserver|localhost:\d+)/.*$"})
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
                "redirect_uri": f"{PLATFORM}/signon/oidc/callback/ {LIVE}/signon/oidc/callback/",
                "post_logout_redirect_uri": f"{PLATFORM}/accounts/login/ {LIVE}/accounts/login/",
                "skip_authorization": client_id != CONSENT_CLIENT_ID}
               for name, client_id in (("platform", CLIENT_ID), ("expired", EXPIRED_CLIENT_ID),
                                       ("consent", CONSENT_CLIENT_ID))]
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
