"""The authentication backend: Django's ModelBackend, with the user's roles read in the same query.

Every request needs the signed-in user's active memberships (``accounts.policy.access_for`` scopes
each list and page by them). Loading them with the user from the session saves a round trip to the
database on every request of every page and API call: a tenth of a small API list.
"""
from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
from django.db.models.functions import Cast, Concat
from django_otp import device_classes

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


class AccessBackend(ModelBackend):
    def get_user(self, user_id):
        try:
            user = with_device_flag(with_memberships(User._default_manager.all())).get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
