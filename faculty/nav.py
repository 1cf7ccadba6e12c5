from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.registry import NavItem

NAV_ITEMS = [
    NavItem(_("My portfolio"), "faculty:portfolio", (Role.TEACHER,), order=40),
    NavItem(_("Placements to confirm"), "faculty:confirmation_queue", (Role.ENTERPRISE,), order=41,
            badge="faculty.dashboard.waiting_count"),
    NavItem(_("Faculty"), "faculty:overview", (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN), order=42),
    NavItem(_("Part-time instructors"), "faculty:instructors", (Role.COLLEGE_ADMIN, Role.ENTERPRISE), order=43),
    NavItem(_("Part-time teaching"), "faculty:assignments", (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENTERPRISE),
            order=44),
    NavItem(_("Awards and incentives"), "faculty:awards", (Role.COLLEGE_ADMIN, Role.TEACHER), order=45),
]
