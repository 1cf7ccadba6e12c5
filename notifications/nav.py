from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.registry import NavItem

NAV_ITEMS = [
    NavItem(_("Notifications"), "notifications:list", tuple(Role.values), order=60,
            badge="notifications.selectors.unread_count"),
]
