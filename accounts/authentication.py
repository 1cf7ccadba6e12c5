"""API token authentication: django-rest-knox's header and hashing, one query per request."""
from __future__ import annotations

from hmac import compare_digest

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from knox.auth import TokenAuthentication as KnoxTokenAuthentication
from knox.crypto import hash_token
from knox.settings import CONSTANTS, knox_settings
from rest_framework.exceptions import AuthenticationFailed

from .models import ApiToken


class TokenAuthentication(KnoxTokenAuthentication):
    """knox's ``Authorization: Token <key>`` check, without its per-request sweep.

    knox reads every other token of the user on each request and deletes the expired ones, a second
    query and a write on a GET. Here an expired token is simply refused; expired rows are purged
    when the user is next issued a token (accounts/tokens.py). An inactive user's token is refused
    by knox's ``validate_user``.
    """

    def authenticate_credentials(self, token: bytes):
        try:
            key = token.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise AuthenticationFailed(_("Invalid token.")) from exc
        digest = hash_token(key)
        rows = ApiToken.objects.filter(token_key=key[:CONSTANTS.TOKEN_KEY_LENGTH]).select_related("user")
        for row in rows:
            if compare_digest(digest, row.digest):
                if row.expiry is not None and row.expiry <= timezone.now():
                    raise AuthenticationFailed(_("This token has expired; ask for a new one."))
                return self.validate_user(row)
        raise AuthenticationFailed(_("Invalid token."))


class TokenScheme(OpenApiAuthenticationExtension):
    """The schema names the token scheme as it did with DRF's tokens ("tokenAuth", ``Token <key>``)."""

    target_class = "accounts.authentication.TokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization",
                                                   token_prefix=knox_settings.AUTH_HEADER_PREFIX)
