from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.registry import NavItem

NAV_ITEMS = [
    NavItem(_("Enterprises"), "partnerships:enterprise_list",
            (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN, Role.TEACHER, Role.STUDENT), order=10),
    NavItem(_("My enterprise"), "partnerships:my_enterprise", (Role.ENTERPRISE,), order=10),
    NavItem(_("Agreements"), "partnerships:agreement_list",
            (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENTERPRISE, Role.ASSOCIATION), order=11),
    NavItem(_("Order classes"), "partnerships:orderclass_list",
            (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENTERPRISE, Role.STUDENT), order=12),
    NavItem(_("Industry projects"), "partnerships:project_list", tuple(Role.values), order=13),
    NavItem(_("Contact log"), "partnerships:contact_list",
            (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENTERPRISE), order=14),
]
