from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.registry import NavItem

NAV_ITEMS = [
    NavItem(_("Internship postings"), "internships:posting_list",
            (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN, Role.ENTERPRISE, Role.STUDENT, Role.TEACHER), order=20),
    NavItem(_("Applications"), "internships:application_list",
            (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN, Role.ENTERPRISE, Role.STUDENT), order=21),
    NavItem(_("My placement"), "internships:my_placement", (Role.STUDENT,), order=22),
    NavItem(_("Placements"), "internships:placement_list",
            (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN, Role.ENTERPRISE, Role.TEACHER), order=23),
    NavItem(_("Weekly logs"), "internships:log_list",
            (Role.TEACHER, Role.DEPARTMENT_ADMIN, Role.STUDENT, Role.ENTERPRISE), order=24),
    NavItem(_("Internship compliance"), "internships:compliance", (Role.COLLEGE_ADMIN,), order=25),
    NavItem(_("Safety incidents"), "internships:incident_list", (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENTERPRISE),
            order=26),
    NavItem(_("Employment outcomes"), "internships:outcome_list",
            (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENTERPRISE, Role.STUDENT), order=27),
]
