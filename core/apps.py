from django.apps import AppConfig, apps
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The platform shell: API and HTML bases, workflow, events, registry, uploads, signed links, audit."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Platform")

    def ready(self):
        from .counting import connect_signals
        from .events import subscribe
        from .loading import install

        connect_signals()
        install(project_models())
        # Kept figures are forgotten by the row signals of core.counting, not by events: a signal
        # sees every write (admin, imports, bulk creates of services) while an event names only the
        # steps people take, so subscribing the cache to events would add a round trip and no safety.
        subscribe("*", "core.subscribers.journal")


def project_models() -> list[type]:
    """Every model of the project's own apps: the platform's and the domain apps (``settings.DOMAIN_APPS``)."""
    configs = [apps.get_app_config(name.rsplit(".", 1)[-1]) for name in ("core", *settings.DOMAIN_APPS)]
    return [model for config in configs for model in config.get_models(include_auto_created=True)]
