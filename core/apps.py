from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The platform shell: API and HTML bases, workflow, events, registry, uploads, signed links, audit."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Platform")

    def ready(self):
        from .counting import connect_signals
        from .events import subscribe

        connect_signals()
        # Kept figures are forgotten by the row signals of core.counting, not by events: a signal
        # sees every write (admin, imports, bulk creates of services) while an event names only the
        # steps people take, so subscribing the cache to events would add a round trip and no safety.
        subscribe("*", "core.subscribers.journal")
