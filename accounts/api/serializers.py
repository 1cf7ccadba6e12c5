from rest_framework import serializers

from accounts.models import Membership, Organization, User
from accounts.policy import access_for


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = [
            "id", "kind", "name", "name_en", "short_name", "parent", "email", "website", "is_active", "created_at",
        ]
        read_only_fields = ["id", "created_at"]


class MembershipSerializer(serializers.ModelSerializer):
    organization_name = serializers.CharField(source="organization.name", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organization", "organization_name", "role", "title", "is_active"]


class UserSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "email", "is_active", "date_joined", "memberships"]
        read_only_fields = ["id", "date_joined", "memberships"]


class MeSerializer(serializers.ModelSerializer):
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


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
