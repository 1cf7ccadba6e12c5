from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self):
        # Kept list totals of every model are forgotten on a write (the project has no app of its own
        # for config/, and accounts is loaded first).
        from config.counting import connect_signals

        connect_signals()
