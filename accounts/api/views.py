from django.contrib.auth import authenticate
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django_otp import user_has_device
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts import services
from accounts.filtersets import InvitationFilterSet, MembershipFilterSet, OrganizationFilterSet, UserFilterSet
from accounts.models import ApiToken, Invitation, Membership, Organization, User
from accounts.personal_data import reveal
from accounts.policies import InvitationPolicy, MembershipPolicy, OrganizationPolicy, UserPolicy
from accounts.policy import access_for
from accounts.steps import INVITATION_STEPS, MEMBERSHIP_STEPS, USER_STEPS
from accounts.tokens import issue_token, revoke_token
from accounts.twofactor import verify_code
from core.api import Policy, ScopedModelViewSet

from .serializers import (
    ApiTokenSerializer,
    InvitationSerializer,
    MembershipWriteSerializer,
    MeSerializer,
    OrganizationSerializer,
    RevealRequestSerializer,
    RevealResponseSerializer,
    SignInSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
    UserSerializer,
)


class TokenView(APIView):
    """Exchange a username and password for an API token (throttled, and locked out by django-axes).

    A user with a confirmed authenticator device must also send a valid ``otp_token``.
    """

    authentication_classes: list = []
    permission_classes = [permissions.AllowAny]
    throttle_classes = [ScopedRateThrottle]
    throttle_scope = "token"

    def get_authenticate_header(self, request) -> str:
        return "Token"  # so failed credentials are a 401, as the contract says, not a 403

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenResponseSerializer})
    def post(self, request):
        ser = TokenRequestSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        user = authenticate(request=request._request, username=ser.validated_data["username"],
                            password=ser.validated_data["password"])
        if user is None:
            raise AuthenticationFailed(_("Unable to log in with the credentials provided."))
        if not user.is_active:
            raise AuthenticationFailed(_("This account is disabled."))
        if user_has_device(user, confirmed=True):
            # The password alone is half a login for a user who turned on two-factor login.
            code = ser.validated_data.get("otp_token") or ""
            if not code:
                raise ValidationError({"otp_token": [_("This account uses two-factor login: send the six-digit "
                                                       "code of your authenticator app as otp_token.")]})
            if verify_code(user, code) is None:
                raise ValidationError({"otp_token": [_("This code is not valid.")]})
        token, key = issue_token(user, ser.validated_data.get("name", ""))
        body = {"token": key, "id": token.pk, "name": token.name, "created": token.created, "expiry": token.expiry}
        return Response(TokenResponseSerializer(body).data, status=status.HTTP_200_OK)


class ApiTokenPolicy(Policy):
    def can_delete(self, user, obj) -> bool:
        return obj.user_id == user.pk  # the scope already holds only the user's own tokens


class ApiTokenViewSet(ScopedModelViewSet):
    """The caller's own live API tokens: list them and revoke one (DELETE). Issued by ``auth/token/``."""

    serializer_class = ApiTokenSerializer
    policy_class = ApiTokenPolicy
    http_method_names = ["get", "delete", "head", "options"]
    filter_backends: list = []  # a handful of rows per user: no filters, search or ordering to offer

    def get_queryset(self):
        return ApiToken.objects.visible_to(self.request.user)

    def perform_destroy(self, instance):
        revoke_token(instance)


class MeView(generics.RetrieveUpdateAPIView):
    serializer_class = MeSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        return User.objects.prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("organization"))
        ).get(pk=self.request.user.pk)


class OrganizationViewSet(ScopedModelViewSet):
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilterSet
    policy_class = OrganizationPolicy
    search_fields = ["name", "name_en", "short_name"]
    ordering_fields = ["name", "kind", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        return Organization.objects.visible_to(self.request.user)


class UserViewSet(ScopedModelViewSet):
    """Users of the platform: create, edit, the steps of ``accounts/steps.py`` (deactivate, reactivate, send a
    password link, unlock, revoke tokens) and what they sign in with. College admins manage everyone; a
    department administrator reads the people of their departments and manages their students and teachers
    (``UserPolicy``; a new account comes with a student's or teacher's role in their department)."""

    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    policy_class = UserPolicy
    search_fields = ["username", "display_name", "email"]
    ordering_fields = ["username", "date_joined", "last_login"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    steps = USER_STEPS

    def perform_create(self, serializer):
        serializer.instance = services.user_create(by=self.request.user, **serializer.flat())

    def perform_update(self, serializer):
        serializer.instance = services.user_update(user=serializer.instance, by=self.request.user, **serializer.flat())

    # Not a workflow step: a read-only view of how the person signs in (last login, lockout, tokens).
    @extend_schema(responses={200: SignInSerializer})
    @action(detail=True, methods=["get"], url_path="sign-in")
    def sign_in(self, request, pk=None):
        user = self.get_object()
        if not UserPolicy().can_update(request.user, user):  # in scope (a fellow administrator), not theirs
            raise PermissionDenied(services.PersonNotManaged.default_message)
        attempts = list(services.lockout_attempts(user).values_list("failures_since_start", flat=True))
        tokens = ApiToken.objects.live().filter(user=user).order_by("-created")
        return Response(SignInSerializer({
            "last_login": user.last_login, "locked_out": services.is_locked_out(user),
            "failed_attempts": sum(attempts), "has_usable_password": user.has_usable_password(),
            "tokens": [{"id": t.pk, "name": t.name, "created": t.created, "expiry": t.expiry} for t in tokens],
        }).data)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        acc = access_for(request.user)
        # A department administrator reaches the people of their departments (the scope: another's is a 404)
        # and changes the accounts of their students and teachers (the policy: anyone else's is a 403).
        if not (acc.is_college_admin or acc.is_department_admin):
            raise PermissionDenied(_("Only college and department administrators manage users."))

    @extend_schema(request=RevealRequestSerializer, responses={200: RevealResponseSerializer})
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """Show one full personal-data value (college admins); every reveal is recorded."""
        subject = self.get_object()
        ser = RevealRequestSerializer(data=request.data)
        ser.is_valid(raise_exception=True)
        value = reveal(actor=request.user, subject=subject, **ser.validated_data)
        return Response({"field": ser.validated_data["field"], "value": value})

    def get_queryset(self):
        return User.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("memberships", queryset=Membership.objects.select_related("organization"))
        )


class MembershipViewSet(ScopedModelViewSet):
    """Roles: who holds which role in which organisation, from when until when. College admins give and
    change them; a department administrator a student's or teacher's role in their department, to the people
    they manage (another role or department: 400 on the field); they and a partner organisation's
    administrator take them away (``end``)."""

    serializer_class = MembershipWriteSerializer
    filterset_class = MembershipFilterSet
    policy_class = MembershipPolicy
    ordering_fields = ["valid_from", "valid_until", "created_at"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    steps = MEMBERSHIP_STEPS

    def get_queryset(self):
        return Membership.objects.visible_to(self.request.user).select_related("user", "organization")

    def perform_create(self, serializer):
        serializer.instance = services.membership_grant(by=self.request.user, **serializer.flat())

    def perform_update(self, serializer):
        serializer.instance = services.membership_update(membership=serializer.instance, by=self.request.user,
                                                         **serializer.flat())


class InvitationViewSet(ScopedModelViewSet):
    """Invitations of partner contacts: sent, resent (a new link; the old one dies) and revoked."""

    serializer_class = InvitationSerializer
    filterset_class = InvitationFilterSet
    policy_class = InvitationPolicy
    search_fields = ["email", "display_name"]
    ordering_fields = ["created_at", "expires_at"]
    http_method_names = ["get", "post", "head", "options"]
    steps = INVITATION_STEPS

    def get_queryset(self):
        return Invitation.objects.visible_to(self.request.user).select_related("organization")

    def perform_create(self, serializer):
        serializer.instance = services.invitation_create(by=self.request.user, **serializer.flat())
