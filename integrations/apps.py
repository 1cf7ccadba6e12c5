from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self):
        from core.events import subscribe

        # Fan-out to webhook endpoints and group-chat channels runs in the Celery subscriber, never in the
        # request that emitted the event (core/events.py queues it after the commit).
        subscribe("*", "integrations.subscribers.on_event")
