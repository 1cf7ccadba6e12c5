from django.contrib.auth import authenticate
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, permissions, status
from rest_framework.authtoken.models import Token
from rest_framework.decorators import action
from rest_framework.exceptions import AuthenticationFailed, MethodNotAllowed, PermissionDenied
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from accounts.filtersets import OrganizationFilterSet, UserFilterSet
from accounts.models import Membership, Organization, User
from accounts.personal_data import reveal
from accounts.policies import OrganizationPolicy, UserPolicy
from accounts.policy import access_for
from core.api import ScopedModelViewSet

from .serializers import (
    MeSerializer,
    OrganizationSerializer,
    RevealRequestSerializer,
    RevealResponseSerializer,
    TokenRequestSerializer,
    TokenResponseSerializer,
    UserSerializer,
)


class TokenView(APIView):
    """Exchange a username and password for an API token (throttled, and locked out by django-axes)."""

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
        user = authenticate(request=request._request, **ser.validated_data)
        if user is None:
            raise AuthenticationFailed(_("Unable to log in with the credentials provided."))
        if not user.is_active:
            raise AuthenticationFailed(_("This account is disabled."))
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key}, status=status.HTTP_200_OK)


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
    """Users of the platform; college admins only."""

    serializer_class = UserSerializer
    filterset_class = UserFilterSet
    policy_class = UserPolicy
    search_fields = ["username", "display_name", "email"]
    ordering_fields = ["username", "date_joined"]
    # POST serves the reveal action only; accounts are created by the admin or the bulk import.
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed("POST")

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not access_for(request.user).is_college_admin:
            raise PermissionDenied(_("Only college administrators manage users."))

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
