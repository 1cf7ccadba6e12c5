from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Accounts and organisations")

    def ready(self) -> None:
        from . import tokens
        from .middleware import stamp_login
        from .models import User

        pre_save.connect(tokens.remember_credentials, sender=User, dispatch_uid="accounts.tokens.remember")
        post_save.connect(tokens.revoke_on_user_change, sender=User, dispatch_uid="accounts.tokens.revoke")
        user_logged_in.connect(stamp_login, dispatch_uid="accounts.middleware.stamp_login")
