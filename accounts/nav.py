from django.utils.translation import gettext_lazy as _

from core.registry import NavItem

from .choices import Role

NAV_ITEMS = [
    NavItem(_("Dashboard"), "dashboard", tuple(Role.values), order=0),
    NavItem(_("Organisations"), "accounts:organization_list", (Role.COLLEGE_ADMIN,), order=90),
    NavItem(_("Users"), "accounts:user_list", (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN), order=91),
    NavItem(_("Audit trail"), "accounts:audit_log", (Role.COLLEGE_ADMIN,), order=92),
    # Every user may hold tokens (POST /api/v1/auth/token/), so every user can see and revoke them.
    NavItem(_("API tokens"), "accounts:api_tokens", tuple(Role.values), order=98),
    NavItem(_("Two-factor login"), "accounts:twofactor_setup", (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN),
            order=99),
]
