from django.utils.translation import gettext_lazy as _

from core.events import EventType

EVENT_TYPES = [
    EventType("integrations.webhookendpoint.disabled", _("Webhook endpoint disabled after repeated failures")),
    EventType("integrations.chatchannel.disabled", _("Group-chat channel disabled after repeated failures")),
]
