from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.registry import NavItem

NAV_ITEMS = [
    NavItem(_("My portfolio"), "faculty:portfolio", (Role.TEACHER,), order=40),
    NavItem(_("Placements to confirm"), "faculty:confirmation_queue", (Role.ENTERPRISE,), order=41,
            badge="faculty.dashboard.waiting_count"),
    NavItem(_("Faculty"), "faculty:overview", (Role.COLLEGE_ADMIN,), order=42),
]
