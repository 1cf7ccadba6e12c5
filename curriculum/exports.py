"""Exportable lists of the curriculum app (the ``exports`` hook of core/registry.py; the reports app runs them).

Each spec's rows are the model's ``visible_to(user)`` narrowed by the list page's FilterSet; the
reports app loads and checks every spec when it starts.
"""
from django.utils.translation import gettext_lazy as _

from core.hosts import Column, ExportSpec, choice_display

EXPORT_SPECS = [
    ExportSpec(
        name="courses", label=_("Courses"), model="curriculum.Course",
        filterset="curriculum.filtersets.CourseFilterSet",
        columns=(
            Column("code", _("Code"), "code"),
            Column("name", _("Name"), "name"),
            Column("credits", _("Credits"), "credits"),
            Column("theory_hours", _("Theory hours"), "theory_hours"),
            Column("practice_hours", _("Practice hours"), "practice_hours"),
            Column("module", _("Module"), "module__name"),
        ),
    ),
    ExportSpec(
        name="programs", label=_("Talent-training programmes"), model="curriculum.Program",
        filterset="curriculum.filtersets.ProgramFilterSet",
        columns=(
            Column("title", _("Title"), "title"),
            Column("major", _("Major"), "major"),
            Column("cohort_year", _("Cohort year"), "cohort_year"),
            Column("version", _("Version"), "version"),
            Column("status", _("Status"), "status", choice_display("curriculum.Program", "status")),
            Column("department", _("Department"), "department__name"),
        ),
    ),
]
