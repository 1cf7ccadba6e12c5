"""Authentication backends: each protocol's library checks the server's answer, ``signon.services`` says who.

``AUTHENTICATION_BACKENDS`` (config/settings/base.py) lists the configured protocols first, then
``PasswordGate``, then accounts' ``AccessBackend``. Every backend reads a signed-in user back through
``AccessBackend.get_user`` (the user with their roles in one query), whichever protocol signed them in.
"""
from __future__ import annotations

import logging

import jwt
import requests
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, SuspiciousOperation, ValidationError
from django.utils.translation import gettext_lazy as _
from django_cas_ng.backends import CASBackend
from django_cas_ng.signals import cas_user_authenticated
from django_cas_ng.utils import get_cas_client
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from accounts.backends import AccessBackend

from . import conf, oidc, services

log = logging.getLogger(__name__)


class _ReadsUserWithRoles:
    def get_user(self, user_id):
        return AccessBackend().get_user(user_id)


class PasswordGate(AccessBackend):
    """The password check when students and staff must use the campus sign-on.

    With ``IEI_SIGNON["PASSWORD_LOGIN"] == "everyone"`` it steps aside at once. Otherwise it checks the
    password itself: a right password of a student or staff member is refused with a ``ValidationError``
    naming the campus sign-on (the login form shows it; the API token view answers 400 with it); a
    partner's is accepted; a wrong one stops here (``PermissionDenied``, counted by django-axes) so the
    password is not hashed twice. The password is checked before the role, so the answer never tells
    whether a username belongs to a student.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not conf.passwords_for_partners_only() or username is None or password is None:
            return None
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            raise PermissionDenied
        if not services.password_login_allowed(user):
            refusal = services.password_refusal()
            raise ValidationError(refusal.message, code=refusal.code)
        return user


class CasBackend(_ReadsUserWithRoles, CASBackend):
    """django-cas-ng's backend with the platform's matching: the CAS server validates the ticket, the
    user comes from ``signon.services.sign_on`` (``CAS_CREATE_USER`` is off: the library never creates)."""

    def authenticate(self, request, ticket, service):
        if not conf.cas_enabled():
            return None
        client = get_cas_client(service_url=service, request=request)
        try:
            username, attributes, pgtiou = client.verify_ticket(ticket)
        except (requests.RequestException, ValueError, SyntaxError) as exc:
            # An unreachable server or an answer that is not CAS XML (lxml's errors are SyntaxErrors).
            log.warning("CAS ticket validation failed: %s", exc)
            raise services.SignOnFailed(_("The campus sign-on server could not be reached; please try again later."),
                                        code="server_unreachable") from exc
        if not username:
            raise services.SignOnFailed(_("The campus sign-on server did not confirm this sign-in: the ticket is "
                                          "invalid, expired or already used. Please sign in again."),
                                        code="bad_ticket")
        identity = services.identity_from("cas", username, {**(attributes or {}), "cas:user": username})
        user = services.sign_on(identity=identity)
        if not self.user_can_authenticate(user):
            return None
        cas_user_authenticated.send(sender=self, user=user, created=False, username=username, attributes=attributes,
                                    pgtiou=pgtiou, ticket=ticket, service=service, request=request)
        return user


class OidcBackend(_ReadsUserWithRoles, OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend: the library runs the code flow and checks the ID token's signature
    and nonce; this adds the issuer and audience checks, turns a token that fails them into a message,
    and finds the person through ``signon.services`` (``filter_users_by_claims`` / ``create_user``)."""

    get_settings = staticmethod(oidc.setting)

    def __init__(self, *args, **kwargs):
        # Django builds every listed backend for every login, password ones included; the library's own
        # __init__ reads the endpoints (the provider's discovery document), so it runs only for an answer
        # of the provider (authenticate), never for a password login or a session's user.
        self.UserModel = get_user_model()

    def authenticate(self, request, **kwargs):
        # The callback view passes the nonce and PKCE verifier it kept; any other call is not for OIDC.
        if not conf.oidc_enabled() or request is None or "nonce" not in kwargs:
            return None
        super().__init__()
        try:
            return super().authenticate(request, **kwargs)
        except requests.RequestException as exc:
            log.warning("OIDC token exchange failed: %s", exc)
            raise services.SignOnFailed(_("The campus sign-on server did not accept this sign-in (the code is "
                                          "invalid, expired or already used). Please sign in again."),
                                        code="bad_code") from exc

    def verify_token(self, token, **kwargs):
        try:
            payload = super().verify_token(token, **kwargs)
        except jwt.ExpiredSignatureError as exc:
            raise services.SignOnFailed(_("The campus sign-on answer has expired. Please sign in again."),
                                        code="expired_token") from exc
        except (jwt.InvalidTokenError, SuspiciousOperation) as exc:
            log.warning("OIDC token refused: %s", exc)
            raise services.SignOnFailed(_("The campus sign-on answer could not be verified. Please sign in again."),
                                        code="bad_token") from exc
        if payload.get("iss") != oidc.issuer():
            log.warning("OIDC token from issuer %r, expected %r", payload.get("iss"), oidc.issuer())
            raise services.SignOnFailed(_("The campus sign-on answer comes from another server than the one this "
                                          "platform trusts."), code="wrong_issuer")
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise services.SignOnFailed(_("The campus sign-on answer was meant for another application."),
                                        code="wrong_audience")
        return payload

    def verify_claims(self, claims):
        return True  # what the platform needs is asked by services.match_users, which says what is missing

    def _identity(self, claims) -> services.Identity:
        return services.identity_from("oidc", str(claims.get("sub", "")), claims)

    def filter_users_by_claims(self, claims):
        user = services.find_user(self._identity(claims))
        return [user] if user is not None else []

    def create_user(self, claims):
        return services.create_user(identity=self._identity(claims))

    def update_user(self, user, claims):
        return services.update_profile(user=user, identity=self._identity(claims))

