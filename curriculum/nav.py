from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from core.registry import NavItem

NAV_ITEMS = [
    NavItem(_("Programmes"), "curriculum:program_list",
            (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN, Role.TEACHER, Role.STUDENT), order=30),
    NavItem(_("Programme review"), "curriculum:program_review", (Role.ENTERPRISE, Role.ASSOCIATION), order=30),
    NavItem(_("Course catalogue"), "curriculum:course_list",
            (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN, Role.STUDENT, Role.ENTERPRISE), order=31),
    NavItem(_("My courses"), "curriculum:my_courses", (Role.TEACHER,), order=31),
    NavItem(_("Competency map"), "curriculum:competency_map", (Role.COLLEGE_ADMIN, Role.TEACHER), order=32),
    NavItem(_("Coverage"), "curriculum:coverage",
            (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENTERPRISE, Role.ASSOCIATION), order=33),
    NavItem(_("Course projects"), "curriculum:project_list",
            (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENTERPRISE, Role.STUDENT), order=34),
    NavItem(_("Student achievements"), "curriculum:achievement_list", (Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN),
            order=35),
    NavItem(_("My achievements"), "curriculum:achievement_list", (Role.STUDENT,), order=35),
    # The catalogues of the competency map: the college keeps them (an enterprise its own job posts).
    NavItem(_("Competencies"), "curriculum:competency_list", (Role.COLLEGE_ADMIN, Role.TEACHER), order=36),
    NavItem(_("Course modules"), "curriculum:module_list", (Role.COLLEGE_ADMIN, Role.TEACHER), order=37),
    NavItem(_("Job posts"), "curriculum:job_post_list", (Role.COLLEGE_ADMIN, Role.TEACHER, Role.ENTERPRISE), order=38),
    NavItem(_("Skill competitions"), "curriculum:competition_list", (Role.COLLEGE_ADMIN, Role.TEACHER, Role.STUDENT),
            order=39),
    NavItem(_("Vocational certificates"), "curriculum:certificate_list",
            (Role.COLLEGE_ADMIN, Role.TEACHER, Role.STUDENT), order=40),
]
