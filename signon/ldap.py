"""LDAP: the login form's username and password checked against the campus directory (django-auth-ldap).

Listed in ``AUTHENTICATION_BACKENDS`` only when ``IEI_LDAP_SERVER_URI`` is set (python-ldap, which the
library needs, is the project's ``ldap`` extra). The directory binds the person; the account comes from
``signon.services`` through the library's ``get_or_build_user`` hook, never from the library's own
user creation (``AUTH_LDAP_USER_ATTR_MAP`` is empty: the platform's mapping is applied instead).
"""
from __future__ import annotations

import ldap
from django.core.exceptions import ValidationError
from django_auth_ldap.backend import LDAPBackend
from django_auth_ldap.config import LDAPSearch

from core.domain import DomainError

from . import conf, services
from .backends import _ReadsUserWithRoles


class LdapBackend(_ReadsUserWithRoles, LDAPBackend):
    @property
    def settings(self):
        found = super().settings
        options = conf.protocol_options("ldap")
        if found.USER_SEARCH is None and found.USER_DN_TEMPLATE is None and options["USER_SEARCH_BASE"]:
            # The search is built here from plain settings, so the settings modules need not import python-ldap.
            found.USER_SEARCH = LDAPSearch(options["USER_SEARCH_BASE"], ldap.SCOPE_SUBTREE, options["USER_FILTER"])
        return found

    @settings.setter
    def settings(self, value):
        self._settings = value

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not conf.ldap_enabled():
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

    def get_or_build_user(self, username, ldap_user):
        """The platform's account of the person the directory just bound (never an unsaved one: ``built``
        is False, so the library neither creates nor overwrites anything)."""
        attributes = _Caseless({name.lower(): values for name, values in (ldap_user.attrs or {}).items()})
        identity = services.identity_from("ldap", ldap_user.dn, attributes)
        try:
            return services.sign_on(identity=identity), False
        except DomainError as exc:
            # Shown on the login form like a wrong password would be, with the reason.
            raise ValidationError(exc.message, code=exc.code) from exc


class _Caseless(dict):
    """LDAP attribute names are case-insensitive (``displayName`` is ``displayname``)."""

    def get(self, key, default=None):
        return super().get(key.lower(), default) if isinstance(key, str) else default
