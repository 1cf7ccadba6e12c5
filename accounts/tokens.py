"""Issuing and revoking API tokens (django-rest-knox rows of ``ApiToken``).

A user holds one token per name, at most ``API_TOKEN_LIMIT_PER_USER`` live ones; each expires after
``API_TOKEN_TTL_DAYS``. Issuing a token under a name the user already uses replaces that token, so a
script that logs in on every run keeps one token instead of piling them up. Every token of a user
is revoked when their password changes or their account is deactivated (``revoke_on_user_change``).
"""
from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.domain import DomainError

from .models import ApiToken, User

DEFAULT_NAME = "api"


class TokenLimitReached(DomainError):
    code = "token_limit"
    default_message = _("You hold the most API tokens allowed; revoke one you no longer use first.")


def issue_token(user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token of ``user`` under ``name``; returns the row and the key (shown once, never stored)."""
    name = (name or "").strip() or DEFAULT_NAME
    with transaction.atomic():
        # One issuer per user at a time: the replace-by-name and the limit stay right under concurrency.
        User.objects.select_for_update().only("pk").get(pk=user.pk)
        mine = ApiToken.objects.filter(user=user)
        mine.filter(expiry__lte=timezone.now()).delete()
        mine.filter(name=name).delete()
        if mine.count() >= settings.API_TOKEN_LIMIT_PER_USER:
            raise TokenLimitReached()
        return ApiToken.objects.create(user=user, name=name)


def revoke_token(token: ApiToken) -> None:
    token.delete()


def revoke_all(user: User) -> int:
    deleted, _rows = ApiToken.objects.filter(user=user).delete()
    return deleted


# --- Password change and deactivation ------------------------------------------------------------
_WATCHED = {"password", "is_active"}


def remember_credentials(sender, instance: User, update_fields=None, **kwargs) -> None:
    """pre_save of User: note whether this save sets a new password or deactivates the account.

    A new password is one given through ``set_password()`` (the password change and reset pages, the
    admin, ``changepassword``) or a different hash saved whole. Django re-hashing the same password on
    login (a stronger hasher setting) saves only ``password`` without ``set_password()`` pending, and
    leaves the tokens alone.
    """
    instance._revoke_tokens = False
    if instance.pk is None or (update_fields is not None and not _WATCHED & set(update_fields)):
        return
    before = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    password_set = getattr(instance, "_password", None) is not None
    hash_replaced = update_fields is None and before["password"] != instance.password
    deactivated = before["is_active"] and not instance.is_active
    instance._revoke_tokens = password_set or hash_replaced or deactivated


def revoke_on_user_change(sender, instance: User, created: bool, **kwargs) -> None:
    """post_save of User: a new password or a deactivated account leaves no token behind."""
    if getattr(instance, "_revoke_tokens", False):
        instance._revoke_tokens = False
        revoke_all(instance)
