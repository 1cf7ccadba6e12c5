from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.registry import NavItem

NAV_ITEMS = [
    NavItem(_("My reports"), "reports:job_list", tuple(Role.values), order=70),
    NavItem(_("Import records"), "reports:import", (Role.COLLEGE_ADMIN,), order=71),
    NavItem(_("KPI trends"), "reports:kpi_trends", (Role.COLLEGE_ADMIN,), order=72),
]
