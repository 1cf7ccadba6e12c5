import django_filters

from core.filters import FilterSet

from .choices import DeliveryStatus, Platform
from .models import ChatChannel, Delivery, WebhookEndpoint


# Foreign keys filter by id (a number), never by a choice list of every organisation.
class WebhookEndpointFilterSet(FilterSet):
    organization = django_filters.NumberFilter(field_name="organization_id")

    class Meta:
        model = WebhookEndpoint
        fields = ["organization", "is_active"]


class ChatChannelFilterSet(FilterSet):
    platform = django_filters.ChoiceFilter(choices=Platform.choices)
    department = django_filters.NumberFilter(field_name="department_id")

    class Meta:
        model = ChatChannel
        fields = ["platform", "department", "is_active"]


class DeliveryFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(choices=DeliveryStatus.choices)
    event_name = django_filters.CharFilter()
    event_id = django_filters.CharFilter()
    endpoint = django_filters.NumberFilter(field_name="endpoint_id")
    channel = django_filters.NumberFilter(field_name="channel_id")

    class Meta:
        model = Delivery
        fields = ["endpoint", "channel", "status", "event_name", "event_id"]
