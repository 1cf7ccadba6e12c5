"""Which campus sign-on protocols are on, read from settings at the moment of asking (tests change them)."""
from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

CAS_BACKEND = "signon.backends.CasBackend"
OIDC_BACKEND = "signon.backends.OidcBackend"
LDAP_BACKEND = "signon.ldap.LdapBackend"


def options() -> dict:
    return settings.IEI_SIGNON


def protocol_options(protocol: str) -> dict:
    return options()[protocol.upper()]


def cas_enabled() -> bool:
    return bool(getattr(settings, "CAS_SERVER_URL", None))


def oidc_enabled() -> bool:
    return bool(protocol_options("oidc").get("ISSUER") and getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def ldap_enabled() -> bool:
    return bool(getattr(settings, "AUTH_LDAP_SERVER_URI", ""))


def passwords_for_partners_only() -> bool:
    return options()["PASSWORD_LOGIN"] == "partners"


@dataclass(frozen=True)
class Provider:
    """A sign-on button on the login page."""

    key: str
    label: str
    url: str


def buttons() -> list[Provider]:
    """One button per configured redirect protocol (LDAP has none: it checks the login form's password)."""
    found = []
    if cas_enabled():
        found.append(Provider("cas", protocol_options("cas")["LABEL"] or _("Campus sign-on (CAS)"),
                              reverse("signon:cas_login")))
    if oidc_enabled():
        found.append(Provider("oidc", protocol_options("oidc")["LABEL"] or _("Campus sign-on (OpenID Connect)"),
                              reverse("signon:oidc_login")))
    return found
