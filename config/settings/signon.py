"""Campus single sign-on (the ``signon`` app): CAS, OpenID Connect and LDAP, each off until named.

Read by base.py. A provider is switched on by its server's address in the environment
(``IEI_CAS_SERVER_URL``, ``IEI_OIDC_ISSUER``, ``IEI_LDAP_SERVER_URI``); README "Campus sign-on" lists
every variable. The libraries read their own settings names (``CAS_*`` for django-cas-ng, ``OIDC_*``
for mozilla-django-oidc, ``AUTH_LDAP_*`` for django-auth-ldap); what the platform decides itself
(how a person is matched, whether an unknown person gets an account, who may still use a password)
is in ``IEI_SIGNON`` and applied once, by ``signon.services``.
"""
from __future__ import annotations

import importlib.util
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from .environment import env

_MATCH_BY = ("number", "email", "username")
_CREATE_ROLES = ("student", "teacher")
_PASSWORD_LOGIN = ("everyone", "partners")


def _choice(name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = env(name, default=default).strip().lower()
    if value not in allowed:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(allowed)} (it is {value!r}).")
    return value


def _mapping(name: str, default: dict[str, str]) -> dict[str, str]:
    """``field=attribute,field=attribute`` from the environment over the defaults (fields: number, name,
    email, department, username)."""
    given = env.dict(name, default={})
    unknown = set(given) - {"number", "name", "email", "department", "username"}
    if unknown:
        raise ImproperlyConfigured(f"{name} names unknown fields: {', '.join(sorted(unknown))}.")
    return {**default, **{key: str(value) for key, value in given.items()}}


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


# --- CAS 2.0 / 3.0 (django-cas-ng) ---------------------------------------------------------------
CAS_SERVER_URL = env("IEI_CAS_SERVER_URL", default="") or None
CAS_VERSION = _choice("IEI_CAS_VERSION", "3", ("2", "3"))
CAS_CREATE_USER = False  # never the library's own get_or_create: signon.services decides (CasBackend)
CAS_CHECK_NEXT = True
CAS_IGNORE_REFERER = True  # where to go after login comes from a checked ``next`` only
CAS_STORE_NEXT = False
CAS_LOGIN_MSG = None
CAS_LOGGED_MSG = None
CAS_RETRY_LOGIN = False  # a refused ticket is said on the login page, not bounced back to the server
CAS_LOGOUT_COMPLETELY = True  # logging out of the platform also ends the campus (CAS) session
CAS_LOGOUT_NEXT_PAGE = env("IEI_CAS_LOGOUT_NEXT_PAGE", default="/accounts/login/")
CAS_VERIFY_SSL_CERTIFICATE = env.bool("IEI_CAS_VERIFY_SSL", default=True)
CAS_REDIRECT_URL = "/"

# --- OpenID Connect (mozilla-django-oidc) ----------------------------------------------------------
# Endpoints come from the issuer's discovery document unless given one by one (signon/oidc.py).
OIDC_ISSUER = env("IEI_OIDC_ISSUER", default="").rstrip("/")
OIDC_RP_CLIENT_ID = env("IEI_OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("IEI_OIDC_CLIENT_SECRET", default="")
if OIDC_ISSUER and not (OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET):
    raise ImproperlyConfigured("IEI_OIDC_ISSUER is set: IEI_OIDC_CLIENT_ID and IEI_OIDC_CLIENT_SECRET must be too.")
OIDC_RP_SCOPES = env("IEI_OIDC_SCOPES", default="openid profile email")
OIDC_RP_SIGN_ALGO = env("IEI_OIDC_SIGN_ALGO", default="RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = env("IEI_OIDC_AUTHORIZATION_ENDPOINT", default="") or None
OIDC_OP_TOKEN_ENDPOINT = env("IEI_OIDC_TOKEN_ENDPOINT", default="") or None
OIDC_OP_USER_ENDPOINT = env("IEI_OIDC_USERINFO_ENDPOINT", default="") or None
OIDC_OP_JWKS_ENDPOINT = env("IEI_OIDC_JWKS_ENDPOINT", default="") or None
OIDC_OP_END_SESSION_ENDPOINT = env("IEI_OIDC_END_SESSION_ENDPOINT", default="") or None
OIDC_USE_PKCE = True
OIDC_USE_NONCE = True
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the provider's logout
OIDC_CREATE_USER = True  # the library asks signon.services.create_user, which applies IEI_SIGNON["CREATE_USERS"]
OIDC_TIMEOUT = env.int("IEI_OIDC_TIMEOUT_SECONDS", default=10)
OIDC_VERIFY_SSL = env.bool("IEI_OIDC_VERIFY_SSL", default=True)
OIDC_AUTHENTICATION_CALLBACK_URL = "signon:oidc_callback"

# --- LDAP (django-auth-ldap; install the "ldap" extra) ---------------------------------------------
AUTH_LDAP_SERVER_URI = env("IEI_LDAP_SERVER_URI", default="")
AUTH_LDAP_BIND_DN = env("IEI_LDAP_BIND_DN", default="")
AUTH_LDAP_BIND_PASSWORD = env("IEI_LDAP_BIND_PASSWORD", default="")
AUTH_LDAP_START_TLS = env.bool("IEI_LDAP_START_TLS", default=False)
AUTH_LDAP_USER_DN_TEMPLATE = env("IEI_LDAP_USER_DN_TEMPLATE", default="") or None
AUTH_LDAP_USER_ATTR_MAP: dict = {}  # signon.services maps the attributes, for every protocol alike
AUTH_LDAP_ALWAYS_UPDATE_USER = False
if AUTH_LDAP_SERVER_URI and importlib.util.find_spec("django_auth_ldap") is None:
    raise ImproperlyConfigured("IEI_LDAP_SERVER_URI is set: install the LDAP extra (pip install '.[ldap]').")
if AUTH_LDAP_SERVER_URI and not (AUTH_LDAP_USER_DN_TEMPLATE or env("IEI_LDAP_USER_SEARCH_BASE", default="")):
    raise ImproperlyConfigured("IEI_LDAP_SERVER_URI is set: IEI_LDAP_USER_SEARCH_BASE or IEI_LDAP_USER_DN_TEMPLATE "
                               "must say where the people are.")

IEI_SIGNON = {
    # How a campus identity finds its platform account: the student or staff number, the e-mail or the username.
    "MATCH_BY": _choice("IEI_SSO_MATCH_BY", "number", _MATCH_BY),
    # An identity the college has not imported gets no account unless this is on; then it is created with
    # CREATE_ROLE in the department the identity names (or the college when no department matches).
    "CREATE_USERS": env.bool("IEI_SSO_CREATE_USERS", default=False),
    "CREATE_ROLE": _choice("IEI_SSO_CREATE_ROLE", "student", _CREATE_ROLES),
    # "partners": students and staff sign in through the campus only; enterprises and associations keep passwords.
    "PASSWORD_LOGIN": _choice("IEI_SSO_PASSWORD_LOGIN", "everyone", _PASSWORD_LOGIN),
    "UPDATE_PROFILE": env.bool("IEI_SSO_UPDATE_PROFILE", default=True),
    "CAS": {
        "LABEL": env("IEI_CAS_LABEL", default=""),
        "ATTRIBUTES": _mapping("IEI_CAS_ATTRIBUTES", {
            "number": "cas:user", "username": "cas:user", "name": "displayName", "email": "mail",
            "department": "department",
        }),
    },
    "OIDC": {
        "ISSUER": OIDC_ISSUER,
        "LABEL": env("IEI_OIDC_LABEL", default=""),
        "DISCOVERY_SECONDS": env.int("IEI_OIDC_DISCOVERY_SECONDS", default=3600),
        "ATTRIBUTES": _mapping("IEI_OIDC_CLAIMS", {
            "number": "preferred_username", "username": "preferred_username", "name": "name", "email": "email",
            "department": "department",
        }),
    },
    "LDAP": {
        "USER_SEARCH_BASE": env("IEI_LDAP_USER_SEARCH_BASE", default=""),
        "USER_FILTER": env("IEI_LDAP_USER_FILTER", default="(uid=%(user)s)"),
        "ATTRIBUTES": _mapping("IEI_LDAP_ATTRIBUTES", {
            "number": "uid", "username": "uid", "name": "displayName", "email": "mail",
            "department": "departmentNumber",
        }),
    },
}

# The backends of the configured protocols, ahead of the password check (PasswordGate, then accounts').
SIGNON_BACKENDS = [
    *(["signon.backends.CasBackend"] if CAS_SERVER_URL else []),
    *(["signon.backends.OidcBackend"] if OIDC_ISSUER else []),
    *(["signon.ldap.LdapBackend"] if AUTH_LDAP_SERVER_URI else []),
]
# A logout that ends the campus session redirects the logout form's post to the campus server: the browser
# holds such a redirect to form-action.
SIGNON_FORM_ACTIONS = sorted({_origin(url) for url in (CAS_SERVER_URL, OIDC_ISSUER, OIDC_OP_END_SESSION_ENDPOINT)
                              if url})
