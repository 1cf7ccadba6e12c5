from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.response import Response

from core.api import ScopedModelViewSet

from .. import services
from ..filtersets import ChatChannelFilterSet, DeliveryFilterSet, WebhookEndpointFilterSet
from ..models import ChatChannel, Delivery, WebhookEndpoint
from ..policies import ChatChannelPolicy, DeliveryPolicy, WebhookEndpointPolicy
from ..steps import DELIVERY_STEPS, ENDPOINT_STEPS
from .serializers import (
    ChatChannelSerializer,
    DeliverySerializer,
    WebhookEndpointSecretSerializer,
    WebhookEndpointSerializer,
)


class WebhookEndpointViewSet(ScopedModelViewSet):
    """The webhook endpoints of the organisations you act for (your college, or your enterprise)."""

    serializer_class = WebhookEndpointSerializer
    filterset_class = WebhookEndpointFilterSet
    policy_class = WebhookEndpointPolicy
    steps = ENDPOINT_STEPS
    ordering_fields = ["created_at", "url"]
    search_fields = ["url", "description"]

    def get_queryset(self):
        return WebhookEndpoint.objects.visible_to(self.request.user).order_by("-created_at", "-id")

    @extend_schema(responses={201: WebhookEndpointSecretSerializer})
    def create(self, request, *args, **kwargs):
        data = self.validated(WebhookEndpointSerializer)
        endpoint = services.endpoint_create(by=request.user, url=data["url"], event_types=data["event_types"],
                                            organization=data.get("organization"),
                                            description=data.get("description", ""))
        # The secret is answered this once (and at each rotation), never by a read.
        return Response(WebhookEndpointSecretSerializer(endpoint).data, status=status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        endpoint = self.get_object()
        ser = WebhookEndpointSerializer(endpoint, data=request.data, partial=kwargs.get("partial", False))
        ser.is_valid(raise_exception=True)
        changes = {k: v for k, v in ser.validated_data.items() if k != "organization"}
        services.endpoint_update(endpoint, by=request.user, **changes)
        return self.fresh_response(endpoint)


class ChatChannelViewSet(ScopedModelViewSet):
    """The college's group-chat robots and the events routed to each."""

    serializer_class = ChatChannelSerializer
    filterset_class = ChatChannelFilterSet
    policy_class = ChatChannelPolicy
    ordering_fields = ["name", "created_at"]
    search_fields = ["name"]

    def get_queryset(self):
        return ChatChannel.objects.visible_to(self.request.user).order_by("name", "id")

    def create(self, request, *args, **kwargs):
        data = self.validated(ChatChannelSerializer)
        channel = services.channel_create(by=request.user, **data)
        return self.fresh_response(channel, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        channel = self.get_object()
        ser = ChatChannelSerializer(channel, data=request.data, partial=kwargs.get("partial", False))
        ser.is_valid(raise_exception=True)
        services.channel_update(channel, by=request.user, **ser.validated_data)
        return self.fresh_response(channel)


class DeliveryViewSet(ScopedModelViewSet):
    """The log of what was sent to your endpoints and channels; read-only, plus sending one again."""

    serializer_class = DeliverySerializer
    filterset_class = DeliveryFilterSet
    policy_class = DeliveryPolicy
    steps = DELIVERY_STEPS
    http_method_names = ["get", "post", "head", "options"]
    ordering_fields = ["created_at", "status"]

    def get_queryset(self):
        return (Delivery.objects.visible_to(self.request.user).select_related("endpoint", "channel")
                .prefetch_related("attempt_log").order_by("-created_at", "-id"))

    @extend_schema(exclude=True)
    def create(self, request, *args, **kwargs):
        # Deliveries are written by the fan-out only; POST is here for the steps (redeliver).
        return Response(status=status.HTTP_405_METHOD_NOT_ALLOWED)
