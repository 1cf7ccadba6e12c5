from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from .subscribers import subscribe_all

        # In-app notices for the events the domain apps say concern someone (<app>/recipients.py).
        subscribe_all()
