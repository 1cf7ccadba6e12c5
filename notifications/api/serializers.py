from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.serializers import ModelSerializer
from notifications.choices import EmailFrequency, NotificationKind
from notifications.models import Notification


class NotificationSerializer(ModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)
    object_type = serializers.SerializerMethodField()
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_display", "title", "body", "url", "object_type", "object_id", "is_read",
                  "read_at", "created_at"]
        read_only_fields = fields

    def get_object_type(self, obj) -> str:
        ct = obj.content_type
        return f"{ct.app_label}.{ct.model}" if ct else ""


class PreferenceSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    in_app = serializers.BooleanField()
    email = serializers.BooleanField()
    email_frequency = serializers.ChoiceField(choices=EmailFrequency.choices)


class PreferenceListSerializer(serializers.Serializer):
    preferences = PreferenceSerializer(many=True)

    def validate_preferences(self, value):
        kinds = [p["kind"] for p in value]
        if len(kinds) != len(set(kinds)):
            raise serializers.ValidationError(_("Each kind may appear only once."))
        return value


class MarkAllReadSerializer(serializers.Serializer):
    marked = serializers.IntegerField(read_only=True)
