from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignonConfig(AppConfig):
    """Campus single sign-on: CAS, OpenID Connect and LDAP in front of the platform's own accounts."""

    name = "signon"
    verbose_name = _("Campus sign-on")
