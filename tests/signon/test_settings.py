"""The environment switches each protocol on; unset, nothing of it is on (a fresh interpreter per case)."""
from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys

from django.conf import settings

PROBE = """
import json
from django.conf import settings
print(json.dumps({
    "backends": settings.AUTHENTICATION_BACKENDS,
    "cas": settings.CAS_SERVER_URL,
    "form_action": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"],
    "signon": settings.IEI_SIGNON,
}))
"""


def _probe(tmp_path, **env) -> dict:
    clean = {
        "PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "config.settings.production", "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "iei.example.cn", "IEI_ENV_FILE": str(tmp_path / "no.env"),
        "DATABASE_URL": "postgres://iei@db.internal/iei", "REDIS_URL": "redis://redis.internal:6379/0", **env,
    }
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=settings.BASE_DIR, env=clean, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_off_by_default(tmp_path):
    out = _probe(tmp_path)
    assert out["backends"] == ["axes.backends.AxesStandaloneBackend", "signon.backends.PasswordGate",
                               "accounts.backends.AccessBackend"]
    assert out["cas"] is None and out["form_action"] == ["'self'"]
    assert out["signon"]["PASSWORD_LOGIN"] == "everyone" and out["signon"]["CREATE_USERS"] is False


def test_each_protocol_is_switched_on_by_its_server(tmp_path):
    out = _probe(tmp_path, IEI_CAS_SERVER_URL="https://cas.college.example.cn/cas/",
                 IEI_OIDC_ISSUER="https://id.college.example.cn", IEI_OIDC_CLIENT_ID="iei", IEI_OIDC_CLIENT_SECRET="s",
                 IEI_LDAP_SERVER_URI="ldaps://ldap.college.example.cn", IEI_LDAP_USER_SEARCH_BASE="ou=people,dc=c",
                 IEI_SSO_PASSWORD_LOGIN="partners", IEI_SSO_MATCH_BY="email",
                 IEI_CAS_ATTRIBUTES="number=employeeNumber,department=ou")
    assert out["backends"][1:4] == ["signon.backends.CasBackend", "signon.backends.OidcBackend",
                                    "signon.ldap.LdapBackend"]
    assert out["form_action"] == ["'self'", "https://cas.college.example.cn", "https://id.college.example.cn"]
    assert out["signon"]["PASSWORD_LOGIN"] == "partners" and out["signon"]["MATCH_BY"] == "email"
    assert out["signon"]["CAS"]["ATTRIBUTES"]["number"] == "employeeNumber"
    assert out["signon"]["CAS"]["ATTRIBUTES"]["name"] == "displayName"


def test_a_misspelt_choice_stops_the_start(tmp_path):
    clean_env = {"IEI_SSO_MATCH_BY": "phone"}
    try:
        _probe(tmp_path, **clean_env)
    except AssertionError as exc:
        assert "IEI_SSO_MATCH_BY must be one of" in str(exc)
    else:
        raise AssertionError("a wrong IEI_SSO_MATCH_BY was accepted")
