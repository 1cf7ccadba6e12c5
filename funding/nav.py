from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.registry import NavItem

NAV_ITEMS = [
    NavItem(_("Funding"), "funding:source_list", (Role.COLLEGE_ADMIN,), order=50),
    NavItem(_("Budgets"), "funding:budget_list", (Role.COLLEGE_ADMIN,), order=51),
    NavItem(_("Our investment"), "funding:investment", (Role.ENTERPRISE,), order=52),
    NavItem(_("Training bases"), "funding:base_list",
            (Role.COLLEGE_ADMIN, Role.ENTERPRISE, Role.TEACHER, Role.STUDENT), order=53),
    NavItem(_("My bookings"), "funding:booking_list", (Role.TEACHER, Role.STUDENT, Role.COLLEGE_ADMIN), order=54),
    NavItem(_("Bookings calendar"), "funding:booking_calendar",
            (Role.TEACHER, Role.STUDENT, Role.COLLEGE_ADMIN, Role.ENTERPRISE), order=54),
    NavItem(_("Incentives"), "funding:incentive_list",
            (Role.COLLEGE_ADMIN, Role.TEACHER, Role.STUDENT, Role.ENTERPRISE), order=55),
    NavItem(_("Standards"), "funding:standard_list",
            (Role.COLLEGE_ADMIN, Role.ASSOCIATION, Role.TEACHER), order=56),
    NavItem(_("Evaluation criteria"), "funding:criterion_list", (Role.COLLEGE_ADMIN,), order=58),
    NavItem(_("Evaluations"), "funding:evaluation_list",
            (Role.COLLEGE_ADMIN, Role.ASSOCIATION, Role.ENTERPRISE, Role.TEACHER), order=57),
]
