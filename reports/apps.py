from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        from .exports import load_specs

        # Every app's export specs are loaded and checked now: a FilterSet that cannot be imported (or a
        # column that names no field) stops the start, instead of an export that silently holds every row.
        load_specs()
