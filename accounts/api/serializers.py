from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import ApiToken, Membership, Organization, User
from accounts.personal_data import REVEALABLE_FIELDS, mask_national_id, mask_phone
from accounts.policy import access_for
from core.serializers import ModelSerializer


class OrganizationSerializer(ModelSerializer):
    class Meta:
        model = Organization
        fields = [
            "id", "kind", "name", "name_en", "short_name", "parent", "email", "website", "is_active", "created_at",
        ]
        read_only_fields = ["id", "created_at"]


class MembershipSerializer(ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organization", "organization_name", "role", "title", "is_active"]


class UserSerializer(ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)
    phone_masked = serializers.SerializerMethodField()
    national_id_masked = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "id", "username", "display_name", "email", "is_active", "date_joined", "memberships",
            "student_no", "staff_no", "phone_masked", "national_id_masked",
        ]
        read_only_fields = ["id", "date_joined", "memberships"]

    def get_phone_masked(self, obj) -> str:
        return mask_phone(obj.phone)

    def get_national_id_masked(self, obj) -> str:
        return mask_national_id(obj.national_id)


class RevealRequestSerializer(serializers.Serializer):
    field = serializers.ChoiceField(choices=REVEALABLE_FIELDS)
    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)


class RevealResponseSerializer(serializers.Serializer):
    field = serializers.CharField()
    value = serializers.CharField()


class MeSerializer(ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)
    roles = serializers.SerializerMethodField()
    primary_role = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "email", "language", "roles", "primary_role", "memberships"]
        read_only_fields = ["id", "username", "roles", "primary_role", "memberships"]

    def get_roles(self, obj) -> list[str]:
        return sorted(access_for(obj).roles)

    def get_primary_role(self, obj) -> str | None:
        return access_for(obj).primary_role


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=60,
        help_text=_("A name for the device or script the token is for (default \"api\"). A new token under "
                    "a name you already use replaces the old one."),
    )
    otp_token = serializers.CharField(
        required=False, allow_blank=True, max_length=8,
        help_text=_("The six-digit code of the authenticator app. Required for a user who turned on "
                    "two-factor login: without a valid code no token is issued (400)."),
    )


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text=_("The key, shown only this once: send it as \"Authorization: Token <key>\"."))
    id = serializers.IntegerField(help_text=_("Names the token in /api/v1/auth/tokens/ (to revoke it)."))
    name = serializers.CharField()
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField(help_text=_("After this time the token no longer opens the API."))


class ApiTokenSerializer(ModelSerializer):
    current = serializers.SerializerMethodField(help_text=_("True for the token this request was made with."))

    class Meta:
        model = ApiToken
        fields = ["id", "name", "created", "expiry", "current"]
        read_only_fields = fields

    def get_current(self, obj) -> bool:
        request = self.context.get("request")
        auth = getattr(request, "auth", None) if request is not None else None
        return isinstance(auth, ApiToken) and auth.pk == obj.pk
