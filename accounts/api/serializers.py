from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.choices import Role
from accounts.models import ApiToken, Invitation, Membership, Organization, User
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
        fields = ["id", "organization", "organization_name", "role", "title", "is_active", "valid_from",
                  "valid_until", "is_org_admin"]


class UserSerializer(ModelSerializer):
    """A person. Full ID and phone numbers are written, never read back (``*_masked``; ``reveal`` records who
    looked). ``is_active`` moves through the deactivate / reactivate steps. On create, ``organization`` and
    ``role`` (with an optional period) give the first role in the same transaction."""

    memberships = MembershipSerializer(many=True, read_only=True)
    phone_masked = serializers.SerializerMethodField()
    national_id_masked = serializers.SerializerMethodField()
    phone = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=32)
    national_id = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=18)
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), write_only=True,
                                                      required=False, allow_null=True)
    role = serializers.ChoiceField(choices=Role.choices, write_only=True, required=False, allow_blank=True)
    valid_from = serializers.DateField(write_only=True, required=False, allow_null=True)
    valid_until = serializers.DateField(write_only=True, required=False, allow_null=True)

    class Meta:
        model = User
        fields = [
            "id", "username", "display_name", "email", "is_active", "date_joined", "last_login", "memberships",
            "student_no", "staff_no", "language", "phone_masked", "national_id_masked", "terms_version",
            "phone", "national_id", "organization", "role", "valid_from", "valid_until",
        ]
        read_only_fields = ["id", "is_active", "date_joined", "last_login", "memberships", "terms_version"]
        # The services check uniqueness (any case of a username) and answer 400 on the field.
        extra_kwargs = {"username": {"validators": []}}

    ROLE_FIELDS = ("organization", "role", "valid_from", "valid_until")

    def flat(self) -> dict:
        data = dict(self.validated_data)
        if self.instance is not None:
            for key in self.ROLE_FIELDS:
                data.pop(key, None)
        return data

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


class MembershipWriteSerializer(ModelSerializer):
    """A role of a person in an organisation over a period. ``user``, ``organization`` and ``role`` are fixed
    once given; the period, title and administrator flag change."""

    user_name = serializers.CharField(source="user.name", read_only=True)
    organization_name = serializers.CharField(source="organization.name", read_only=True)
    period_status = serializers.CharField(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "user", "user_name", "organization", "organization_name", "role", "title", "is_active",
                  "valid_from", "valid_until", "is_org_admin", "period_status", "created_at"]
        read_only_fields = ["id", "is_active", "created_at"]
        validators: list = []  # the service answers an overlap with 409, not a unique-together 400

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, list | tuple) and "user" in fields:
            for name in ("user", "organization", "role"):
                fields[name].read_only = True
        request = self.context.get("request")
        if request is not None and "user" in fields and not fields["user"].read_only:
            # Only a person in the caller's scope can be named: another department's is "does not exist".
            fields["user"].queryset = User.objects.visible_to(request.user)
        return fields

    def flat(self) -> dict:
        return dict(self.validated_data)


class InvitationSerializer(ModelSerializer):
    """An invitation of a partner's contact. ``role`` defaults to the organisation's kind (enterprise partner,
    association reviewer); ``language`` is the e-mail's (default: the platform's)."""

    organization_name = serializers.CharField(source="organization.name", read_only=True)
    status = serializers.CharField(read_only=True)
    role = serializers.ChoiceField(choices=Role.choices, required=False, allow_blank=True)
    language = serializers.ChoiceField(choices=Invitation._meta.get_field("language").choices, required=False,
                                       allow_blank=True)

    class Meta:
        model = Invitation
        fields = ["id", "email", "display_name", "organization", "organization_name", "role", "is_org_admin",
                  "language", "status", "invited_by", "created_at", "sent_at", "expires_at", "accepted_at",
                  "revoked_at", "terms_version"]
        read_only_fields = ["id", "status", "invited_by", "created_at", "sent_at", "expires_at", "accepted_at",
                            "revoked_at", "terms_version"]

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and "organization" in fields and not fields["organization"].read_only:
            acc = access_for(request.user)
            # Only organisations the caller may invite into can be named: another's is "does not exist".
            orgs = Organization.objects.filter(kind__in=["enterprise", "association"])
            fields["organization"].queryset = orgs if acc.is_college_admin else orgs.filter(pk__in=acc.admin_org_ids)
        return fields

    def flat(self) -> dict:
        return dict(self.validated_data)


class SignInTokenSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    created = serializers.DateTimeField()
    expiry = serializers.DateTimeField()


class SignInSerializer(serializers.Serializer):
    last_login = serializers.DateTimeField(allow_null=True)
    locked_out = serializers.BooleanField(help_text=_("Too many failed logins: the unlock step clears them."))
    failed_attempts = serializers.IntegerField()
    has_usable_password = serializers.BooleanField()
    tokens = SignInTokenSerializer(many=True)
