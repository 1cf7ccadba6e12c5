"""The authentication backend: Django's ModelBackend, with the user's roles read in the same query.

Every request needs the signed-in user's active memberships (``accounts.policy.access_for`` scopes
each list and page by them). Loading them with the user from the session saves a round trip to the
database on every request of every page and API call: a tenth of a small API list. The user's query
(``load_user``) is a ``core.prepared.Prepared``: the ORM's queryset compiled once per process and day,
run with the id of the session's user.
"""
from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django_otp import device_classes

from core.prepared import Prepared

from .models import Membership, User


def with_memberships(queryset):
    """Users annotated with ``_iei_memberships``: their active roles as ``"<role>:<organisation id>"``, with
    ``":a"`` after a membership that makes them their organisation's administrator (accounts.policy reads it)."""
    admin_mark = Case(When(is_org_admin=True, then=Value(":a")), default=Value(""), output_field=CharField())
    rows = (Membership.objects.in_force().filter(user_id=OuterRef("pk"))
            .order_by()
            .values_list(Concat("role", Value(":"), Cast("organization_id", CharField()), admin_mark,
                                output_field=CharField())))
    return queryset.annotate(_iei_memberships=ArraySubquery(rows))


def with_device_flag(queryset):
    """Users annotated with ``_iei_has_otp``: whether they hold a confirmed two-factor device.

    The two-factor middleware asks this on every request of a session that has not passed the code
    step; read with the user, it costs no query of its own (django_otp's ``user_has_device`` runs one
    per device class).
    """
    confirmed = Q()
    for model in device_classes():
        confirmed |= Exists(model.objects.filter(user_id=OuterRef("pk"), confirmed=True))
    return queryset.annotate(_iei_has_otp=confirmed) if confirmed else queryset


# The user with their roles and device flag, for every request of a session. Building this queryset (the roles'
# array subquery, an EXISTS per device class) and compiling it cost a third of the Python calls of a small API
# request, for the same SQL every time: it is compiled once per process and day (core/prepared.py; ``in_force``
# compares with today's date, a parameter of the SQL) and run with the user's id in the place of the mark, an id
# no user has. The SQL and the user are the ORM's (tests/accounts/test_backends.py compares them).
_USER = Prepared(lambda pk: with_device_flag(with_memberships(User._default_manager.order_by())).filter(pk=pk),
                 -730_000_001)


def load_user(user_id) -> User | None:
    """The user ``user_id`` with ``_iei_memberships`` and ``_iei_has_otp``, or None (one query)."""
    rows = _USER(int(user_id), key=timezone.localdate())
    return rows[0] if rows else None


class AccessBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = load_user(user_id)
        except (TypeError, ValueError):  # not an id (a session written by another user model)
            return None
        if user is None:
            return None
        return user if self.user_can_authenticate(user) else None
