"""The sign-on routes: each protocol library's own view, switched off (404) while its protocol is not
configured, with a refused or failed sign-on said on the login page instead of an error page."""
from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import auth, messages
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django_cas_ng import views as cas_views
from mozilla_django_oidc import views as oidc_views

from core.domain import DomainError
from core.views import safe_next

from . import conf, oidc

log = logging.getLogger(__name__)

GENERIC_FAILURE = _("The campus sign-on could not be completed; please try again.")
REPLAYED = _("This sign-in answer was already used or was not started in this browser. Please sign in again.")
UNREACHABLE = _("The campus sign-on server could not be reached; please try again later.")


def _refused(request, message, code: str) -> HttpResponse:
    """Back to the login page with the reason (its code is a class of the message). Nobody new is signed in;
    a session already open stays open, so a forged answer sent to someone's browser cannot end it."""
    messages.error(request, message, extra_tags=f"signon-{code}")
    return redirect(settings.LOGIN_URL)


def _keep_local_next(request) -> None:
    """Drop a ``next`` that leaves this site before the library reads it (core.views.safe_next decides)."""
    target = safe_next(request, "")
    for name in ("GET", "POST"):
        query = getattr(request, name)
        if "next" in query:
            query = query.copy()
            query.pop("next")
            if target:
                query["next"] = target
            setattr(request, name, query)


# --- CAS -----------------------------------------------------------------------------------------

@method_decorator(csrf_exempt, name="dispatch")  # the CAS server's single-logout POST carries no CSRF token
class CasLoginView(cas_views.LoginView):
    """django-cas-ng's login: to the CAS server without a ticket, the ticket validated on the way back."""

    def dispatch(self, request, *args, **kwargs):
        if not conf.cas_enabled():
            raise Http404
        _keep_local_next(request)
        try:
            return super().dispatch(request, *args, **kwargs)
        except DomainError as exc:
            return _refused(request, exc.message, exc.code)
        except PermissionDenied:
            return _refused(request, GENERIC_FAILURE, "failed")


class CasLogoutView(cas_views.LogoutView):
    """Ends the platform session, then the CAS server's (``CAS_LOGOUT_COMPLETELY``), back to the login page."""


# --- OpenID Connect ------------------------------------------------------------------------------

class OidcAuthenticateView(oidc_views.OIDCAuthenticationRequestView):
    """To the provider's authorization endpoint, with state, nonce and a PKCE challenge in the session."""

    get_settings = staticmethod(oidc.setting)

    def __init__(self, **kwargs):
        # The library reads the endpoints when the view is built; here they are read when a request comes,
        # so a provider that is not configured (404) or not reachable (a message) costs nothing before.
        View.__init__(self, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        if not conf.oidc_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = self.get_settings("OIDC_OP_AUTHORIZATION_ENDPOINT")
            self.OIDC_RP_CLIENT_ID = self.get_settings("OIDC_RP_CLIENT_ID")
        except oidc.DiscoveryFailed as exc:
            log.warning("%s", exc)
            return _refused(request, UNREACHABLE, "server_unreachable")
        return super().dispatch(request, *args, **kwargs)


class OidcCallbackView(oidc_views.OIDCAuthenticationCallbackView):
    """The provider's answer: state and nonce (library), token and issuer (OidcBackend), person (services)."""

    get_settings = staticmethod(oidc.setting)

    def dispatch(self, request, *args, **kwargs):
        if not conf.oidc_enabled():
            raise Http404
        try:
            return super().dispatch(request, *args, **kwargs)
        except SuspiciousOperation as exc:
            # A state this session did not start or already used: a replayed or forged answer.
            log.warning("OIDC callback refused: %s", exc)
            return _refused(request, REPLAYED, "replayed_state")
        except DomainError as exc:
            return _refused(request, exc.message, exc.code)
        except oidc.DiscoveryFailed as exc:
            log.warning("%s", exc)
            return _refused(request, UNREACHABLE, "server_unreachable")

    def login_failure(self):
        if "error" in self.request.GET:
            return _refused(self.request, _("The campus sign-on server refused the sign-in."), "provider_error")
        if "state" in self.request.GET:
            return _refused(self.request, REPLAYED, "replayed_state")
        return _refused(self.request, GENERIC_FAILURE, "failed")


# --- logout --------------------------------------------------------------------------------------

class LogoutView(View):
    """Logout of the platform that also ends the campus session the user signed in with.

    CAS: django-cas-ng's logout, which sends the browser to the CAS server's ``/logout``. OpenID Connect:
    the provider's ``end_session_endpoint`` with the ID token as hint, when its discovery document
    announces one. Otherwise (a password, LDAP) the platform session only. Mounted at accounts' logout
    address (config/urls.py), so every logout button and test uses it; like Django's, POST only.
    """

    http_method_names = ["post", "options"]

    def post(self, request):
        signed_in_with = request.session.get(auth.BACKEND_SESSION_KEY, "")
        done = safe_next(request, resolve_url(settings.LOGOUT_REDIRECT_URL))
        if signed_in_with == conf.CAS_BACKEND and conf.cas_enabled():
            return CasLogoutView.as_view()(request)
        provider_logout = None
        if signed_in_with == conf.OIDC_BACKEND and conf.oidc_enabled():
            provider_logout = oidc.logout_url(request.session.get("oidc_id_token"), request.build_absolute_uri(done))
        auth.logout(request)
        return redirect(provider_logout or done)
