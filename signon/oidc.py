"""The OpenID Connect provider as its discovery document describes it.

mozilla-django-oidc reads each endpoint from a setting. A campus provider announces them at
``<issuer>/.well-known/openid-configuration``; ``setting()`` answers the library's questions from that
document (kept for ``IEI_SIGNON["OIDC"]["DISCOVERY_SECONDS"]``) unless a setting names the endpoint,
so a college sets only the issuer, the client id and the secret. The document also says whether the
provider ends its own session on logout (``end_session_endpoint``).
"""
from __future__ import annotations

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from mozilla_django_oidc.utils import import_from_settings

from . import conf

log = logging.getLogger(__name__)

# mozilla-django-oidc's setting -> the discovery document's member (OpenID Connect Discovery 1.0, 3).
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_END_SESSION_ENDPOINT": "end_session_endpoint",
}


class DiscoveryFailed(ImproperlyConfigured):
    pass


def issuer() -> str:
    return conf.protocol_options("oidc")["ISSUER"].rstrip("/")


def discovery() -> dict:
    """The provider's discovery document, fetched once per ``DISCOVERY_SECONDS``; its issuer must be ours."""
    url = f"{issuer()}/.well-known/openid-configuration"
    key = f"signon:oidc-discovery:{url}"
    document = cache.get(key)
    if document is not None:
        return document
    try:
        response = requests.get(url, timeout=getattr(settings, "OIDC_TIMEOUT", 10),
                                verify=getattr(settings, "OIDC_VERIFY_SSL", True))
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise DiscoveryFailed(f"OpenID Connect discovery at {url} failed: {exc}") from exc
    # Discovery 1.0, 4.3: the document's issuer must be exactly the one it was fetched for.
    if not isinstance(document, dict) or document.get("issuer", "").rstrip("/") != issuer():
        raise DiscoveryFailed(f"OpenID Connect discovery at {url} names another issuer: {document.get('issuer')!r}")
    cache.set(key, document, conf.protocol_options("oidc")["DISCOVERY_SECONDS"])
    return document


def setting(attr: str, *default):
    """mozilla-django-oidc's ``get_settings``: a setting that names a value wins, else the discovery document."""
    given = getattr(settings, attr, None)
    if given:
        return given
    if attr in DISCOVERED:
        found = discovery().get(DISCOVERED[attr])
        if found:
            return found
        if default:
            return default[0]
        raise DiscoveryFailed(f"The OpenID Connect provider announces no {DISCOVERED[attr]}.")
    return import_from_settings(attr, *default)


def logout_url(id_token: str | None, return_to: str) -> str | None:
    """Where the browser ends its session at the provider (RP-initiated logout), if the provider has such
    an endpoint; then it comes back to ``return_to``."""
    try:
        endpoint = setting("OIDC_OP_END_SESSION_ENDPOINT", None)
    except DiscoveryFailed as exc:
        log.warning("OIDC logout: %s", exc)
        return None
    if not endpoint:
        return None
    params = {"post_logout_redirect_uri": return_to, "client_id": settings.OIDC_RP_CLIENT_ID}
    if id_token:
        params["id_token_hint"] = id_token
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{urlencode(params)}"
