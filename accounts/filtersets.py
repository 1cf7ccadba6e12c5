import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.filters import FilterSet, StrictBooleanFilter

from .choices import OrganizationKind, Role
from .models import Invitation, InvitationStatus, Membership, Organization, User


class OrganizationFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    kind = django_filters.ChoiceFilter(choices=OrganizationKind.choices, label=_("Kind"))

    class Meta:
        model = Organization
        fields = ["kind", "is_active", "parent"]

    def search(self, qs, name, value):
        return qs.filter(Q(name__icontains=value) | Q(name_en__icontains=value) | Q(short_name__icontains=value))


class UserFilterSet(FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    role = django_filters.ChoiceFilter(choices=Role.choices, method="by_role", label=_("Role"))
    organization = django_filters.NumberFilter(field_name="memberships__organization", distinct=True,
                                               label=_("Organisation"))

    class Meta:
        model = User
        fields = ["is_active"]

    def search(self, qs, name, value):
        return qs.filter(
            Q(username__icontains=value) | Q(display_name__icontains=value) | Q(email__icontains=value)
            | Q(student_no__icontains=value)
        )

    def by_role(self, qs, name, value):
        # A role is held through a membership in force: active, in an active organisation.
        return qs.filter(pk__in=Membership.objects.in_force().filter(role=value).values("user_id"))


class MembershipFilterSet(FilterSet):
    role = django_filters.ChoiceFilter(choices=Role.choices, label=_("Role"))
    in_force = StrictBooleanFilter(method="by_force", label=_("In force today"))

    class Meta:
        model = Membership
        fields = ["user", "organization", "role", "is_org_admin"]

    def by_force(self, qs, name, value):
        current = Membership.objects.in_force().values("pk")
        return qs.filter(pk__in=current) if value else qs.exclude(pk__in=current)


class InvitationFilterSet(FilterSet):
    STATUS_CHOICES = [(s.value, s.label) for s in InvitationStatus]
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="by_status", label=_("Status"))
    q = django_filters.CharFilter(method="search", label=_("Search"))

    class Meta:
        model = Invitation
        fields = ["organization"]

    def search(self, qs, name, value):
        return qs.filter(Q(email__icontains=value) | Q(display_name__icontains=value))

    def by_status(self, qs, name, value):
        now = timezone.now()
        if value == InvitationStatus.ACCEPTED:
            return qs.filter(accepted_at__isnull=False)
        if value == InvitationStatus.REVOKED:
            return qs.filter(accepted_at__isnull=True, revoked_at__isnull=False)
        if value == InvitationStatus.EXPIRED:
            return qs.pending().filter(expires_at__lte=now)
        return qs.pending().filter(expires_at__gt=now)
