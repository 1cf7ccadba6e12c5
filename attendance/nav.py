from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.registry import NavItem

GROUP = _("Attendance")
# The college's administrators and a department's (二级学院), whose pages show their department's students only.
ADMINS = (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN)

NAV_ITEMS = [
    NavItem(_("Check-in"), "attendance:check_in", (Role.STUDENT,), order=30, group=GROUP),
    NavItem(_("My attendance"), "attendance:mine", (Role.STUDENT,), order=31, group=GROUP),
    NavItem(_("Attendance today"), "attendance:board", (*ADMINS, Role.TEACHER, Role.ENTERPRISE), order=30,
            group=GROUP),
    NavItem(_("Leave"), "attendance:leave_list", (*ADMINS, Role.TEACHER, Role.ENTERPRISE, Role.STUDENT),
            order=32, group=GROUP),
    NavItem(_("Check-ins"), "attendance:check_in_list", (*ADMINS, Role.TEACHER, Role.ENTERPRISE),
            order=33, group=GROUP),
    NavItem(_("Working-time breaches"), "attendance:breaches", (*ADMINS, Role.TEACHER, Role.ENTERPRISE),
            order=34, group=GROUP),
    NavItem(_("Absences"), "attendance:absences", (*ADMINS, Role.TEACHER), order=35, group=GROUP),
    NavItem(_("Supervision visits"), "attendance:visits", (*ADMINS, Role.TEACHER, Role.ENTERPRISE),
            order=36, group=GROUP),
    NavItem(_("Monthly attendance sheet"), "attendance:sheets", (*ADMINS, Role.TEACHER, Role.ENTERPRISE),
            order=37, group=GROUP),
    NavItem(_("Attendance notices"), "attendance:notices", (Role.COLLEGE_ADMIN, Role.TEACHER, Role.STUDENT),
            order=38, group=GROUP),
    NavItem(_("Working-day calendar"), "attendance:calendar", (Role.COLLEGE_ADMIN,), order=39, group=GROUP),
    NavItem(_("Attendance rules"), "attendance:rules", (Role.COLLEGE_ADMIN,), order=40, group=GROUP),
]
