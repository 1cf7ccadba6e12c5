from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Organization

from ..choices import Platform
from ..models import ChatChannel, Delivery, DeliveryAttempt, WebhookEndpoint

EVENT_TYPES_HELP = _('Event type names from the catalogue (docs/EVENTS.md), or "*" for every type.')


class WebhookEndpointSerializer(serializers.ModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.all(), required=False,
        help_text=_("The college or enterprise the endpoint is for; may be left out when you act for one only."))
    event_types = serializers.ListField(child=serializers.CharField(max_length=120), allow_empty=False,
                                        max_length=200, help_text=EVENT_TYPES_HELP)
    url = serializers.URLField(max_length=500)

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "organization", "url", "description", "event_types", "is_active", "consecutive_failures",
                  "disabled_at", "created_at"]
        read_only_fields = ["consecutive_failures", "disabled_at", "created_at"]


class WebhookEndpointSecretSerializer(WebhookEndpointSerializer):
    """The endpoint with its signing secret: answered once, at creation and at each rotation."""

    secret = serializers.CharField(read_only=True)

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]


class ChatChannelSerializer(serializers.ModelSerializer):
    department = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.all(), required=False,
                                                    allow_null=True)
    event_types = serializers.ListField(child=serializers.CharField(max_length=120), allow_empty=False,
                                        max_length=200, help_text=EVENT_TYPES_HELP)
    webhook_url = serializers.URLField(max_length=500)
    secret = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=200,
                                   help_text=_("The robot's signing secret (DingTalk, Feishu); never shown again."))
    has_secret = serializers.SerializerMethodField()
    platform = serializers.ChoiceField(choices=Platform.choices)

    class Meta:
        model = ChatChannel
        fields = ["id", "college", "department", "name", "platform", "webhook_url", "secret", "has_secret",
                  "event_types", "language", "is_active", "consecutive_failures", "disabled_at", "created_at"]
        read_only_fields = ["college", "consecutive_failures", "disabled_at", "created_at"]

    def get_has_secret(self, obj) -> bool:
        return bool(obj.secret)


class DeliveryAttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryAttempt
        fields = ["id", "at", "status_code", "latency_ms", "response_excerpt", "error", "succeeded", "manual"]


class DeliverySerializer(serializers.ModelSerializer):
    attempt_log = DeliveryAttemptSerializer(many=True, read_only=True)
    payload = serializers.SerializerMethodField()

    class Meta:
        model = Delivery
        fields = ["id", "endpoint", "channel", "event_id", "event_name", "status", "attempts", "next_attempt_at",
                  "last_status_code", "last_latency_ms", "last_response", "last_error", "created_at",
                  "delivered_at", "payload", "attempt_log"]
        read_only_fields = fields

    def get_payload(self, obj) -> str:
        return obj.body
