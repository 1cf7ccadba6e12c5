from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    COLLEGE = "college", _("College")
    DEPARTMENT = "department", _("Department")
    ENTERPRISE = "enterprise", _("Enterprise")
    ASSOCIATION = "association", _("Industry association")
    GOVERNMENT = "government", _("Government body")


class Role(models.TextChoices):
    COLLEGE_ADMIN = "college_admin", _("College administrator")
    DEPARTMENT_ADMIN = "department_admin", _("Department administrator")
    TEACHER = "teacher", _("Teacher")
    ENTERPRISE = "enterprise", _("Enterprise partner")
    STUDENT = "student", _("Student")
    ASSOCIATION = "association", _("Association reviewer")


# Which organisation kinds a role may be held in; Membership.clean() and the seed respect it.
ROLE_ORG_KINDS = {
    Role.COLLEGE_ADMIN: {OrganizationKind.COLLEGE, OrganizationKind.DEPARTMENT},
    # A department administrator's scope is the department the membership is held in.
    Role.DEPARTMENT_ADMIN: {OrganizationKind.DEPARTMENT},
    Role.TEACHER: {OrganizationKind.COLLEGE, OrganizationKind.DEPARTMENT},
    Role.STUDENT: {OrganizationKind.COLLEGE, OrganizationKind.DEPARTMENT},
    Role.ENTERPRISE: {OrganizationKind.ENTERPRISE},
    Role.ASSOCIATION: {OrganizationKind.ASSOCIATION},
}

# The roles a department administrator gives and takes, in their own department only: DESIGN.md section 2 gives
# them their department's students and teachers. Every other role (a fellow department administrator, a college
# administrator, a partner's) stays the college administrators' to give.
DEPARTMENT_GRANTABLE_ROLES = (Role.STUDENT, Role.TEACHER)
