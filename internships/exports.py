"""Exportable lists of the internships app (the ``exports`` hook of core/registry.py; the reports app runs them).

Each spec's rows are the model's ``visible_to(user)`` narrowed by the list page's FilterSet; the
reports app loads and checks every spec when it starts.
"""
from django.utils.translation import gettext_lazy as _

from core.hosts import Column, ExportSpec, choice_display

EXPORT_SPECS = [
    ExportSpec(
        name="postings", label=_("Internship postings"), model="internships.Posting",
        filterset="internships.filtersets.PostingFilterSet",
        columns=(
            Column("title", _("Title"), "title"),
            Column("enterprise", _("Enterprise"), "enterprise__name"),
            Column("post", _("Post"), "post"),
            Column("slots", _("Slots"), "slots"),
            Column("status", _("Status"), "status", choice_display("internships.Posting", "status")),
            Column("start_date", _("Start date"), "start_date"),
            Column("end_date", _("End date"), "end_date"),
        ),
    ),
    ExportSpec(
        name="placements", label=_("Internship placements"), model="internships.Placement",
        filterset="internships.filtersets.PlacementFilterSet",
        columns=(
            Column("student", _("Student"), "student__display_name"),
            Column("student_no", _("Student number"), "student__student_no"),
            Column("enterprise", _("Enterprise"), "enterprise__name"),
            Column("post", _("Post"), "post"),
            Column("status", _("Status"), "status", choice_display("internships.Placement", "status")),
            Column("start_date", _("Start date"), "start_date"),
            Column("end_date", _("End date"), "end_date"),
            Column("agreement_signed_on", _("Tripartite agreement signed on"), "agreement_signed_on"),
            Column("insurer", _("Insurer"), "insurer"),
            Column("insurance_end", _("Insured until"), "insurance_end"),
        ),
    ),
    ExportSpec(
        name="applications", label=_("Internship applications"), model="internships.Application",
        filterset="internships.filtersets.ApplicationFilterSet",
        columns=(
            Column("posting", _("Posting"), "posting__title"),
            Column("enterprise", _("Enterprise"), "posting__enterprise__name"),
            Column("student", _("Student"), "student__display_name"),
            Column("status", _("Status"), "status", choice_display("internships.Application", "status")),
        ),
    ),
    ExportSpec(
        name="weekly_logs", label=_("Weekly logs"), model="internships.WeeklyLog",
        filterset="internships.filtersets.WeeklyLogFilterSet",
        columns=(
            Column("student", _("Student"), "placement__student__display_name"),
            Column("student_no", _("Student number"), "placement__student__student_no"),
            Column("enterprise", _("Enterprise"), "placement__enterprise__name"),
            Column("week_no", _("Week"), "week_no"),
            Column("submitted_at", _("Submitted at"), "submitted_at"),
            Column("status", _("Status"), "status", choice_display("internships.WeeklyLog", "status")),
            Column("grade", _("Grade"), "grade", choice_display("internships.WeeklyLog", "grade")),
            Column("reviewed_at", _("Reviewed at"), "reviewed_at"),
        ),
    ),
]
