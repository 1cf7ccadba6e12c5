"""Who the signed-in user is in the platform, as the shell sees it.

The shell sits below ``accounts`` in the stack, so it cannot import the roles model; like
``AUTH_USER_MODEL``, a setting names the function that answers (``IEI_ACCESS_FOR``, by default
``accounts.policy.access_for``). The answer has ``is_authenticated``, ``has_role(*roles)``,
``primary_role`` and ``primary_role_label``.
"""
from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@cache
def _resolver():
    return import_string(getattr(settings, "IEI_ACCESS_FOR", "accounts.policy.access_for"))


def access_for(user):
    return _resolver()(user)
