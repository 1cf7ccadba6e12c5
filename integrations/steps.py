"""The steps of integrations, declared once (core/steps.py): API actions and page buttons."""
from django.utils.translation import gettext_lazy as _

from core.steps import Step, Steps

from . import services
from .api.serializers import WebhookEndpointSecretSerializer
from .choices import DeliveryStatus
from .models import Delivery, WebhookEndpoint
from .policies import DeliveryPolicy, WebhookEndpointPolicy

DELIVERY_STEPS = Steps(Delivery, "delivery", DeliveryPolicy, [
    Step("redeliver", services.redeliver, _("Redeliver"), _("The delivery was queued to be sent again."),
         sources=(DeliveryStatus.SUCCEEDED, DeliveryStatus.FAILED, DeliveryStatus.RETRYING), style="secondary"),
])

ENDPOINT_STEPS = Steps(WebhookEndpoint, "endpoint", WebhookEndpointPolicy, [
    Step("rotate_secret", services.endpoint_rotate_secret, _("Rotate secret"),
         _("A new secret was made; the old one keeps signing for a day."), response=WebhookEndpointSecretSerializer,
         style="secondary", confirm=_("Make a new signing secret? Update your receiver with it.")),
], field="is_active")
