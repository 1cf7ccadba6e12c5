from django.utils.translation import gettext_lazy as _

from core.registry import NavItem

NAV_ITEMS = [
    NavItem(_("Webhooks and group chats"), "integrations:index", roles=("college_admin", "enterprise"), order=95,
            group=_("Administration")),
]
