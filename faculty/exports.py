"""Exportable lists of the faculty app (the ``exports`` hook of core/registry.py; the reports app runs them).

Each spec's rows are the model's ``visible_to(user)`` narrowed by the list page's FilterSet; the
reports app loads and checks every spec when it starts.
"""
from django.utils.translation import gettext_lazy as _

from core.hosts import Column, ExportSpec, choice_display, yes_no


def _not_archived(archived_at) -> str:
    """An instructor is active while not archived (the roster is a catalogue, core/catalogue.py)."""
    return yes_no(archived_at is None)


EXPORT_SPECS = [
    ExportSpec(
        name="teacher_placements", label=_("Teacher industry placements"), model="faculty.TeacherPlacement",
        filterset="faculty.filtersets.TeacherPlacementFilterSet",
        columns=(
            Column("teacher", _("Teacher"), "teacher__user__display_name"),
            Column("host", _("Host enterprise"), "host__name"),
            Column("role", _("Role at the enterprise"), "role"),
            Column("start_date", _("Start date"), "start_date"),
            Column("end_date", _("End date"), "end_date"),
            Column("days", _("Days"), "days"),
            Column("status", _("Status"), "status", choice_display("faculty.TeacherPlacement", "status")),
        ),
    ),
    ExportSpec(
        name="part_time_instructors", label=_("Part-time instructors"), model="faculty.PartTimeInstructor",
        filterset="faculty.filtersets.PartTimeInstructorFilterSet",
        # Phone numbers are personal data and deliberately not exportable.
        columns=(
            Column("name", _("Name"), "name"),
            Column("enterprise", _("Enterprise"), "enterprise__name"),
            Column("position", _("Position"), "position"),
            Column("expertise", _("Expertise"), "expertise"),
            Column("is_active", _("Active"), "archived_at", _not_archived),
        ),
    ),
]
