"""Exportable lists of the accounts app (the ``exports`` hook of core/registry.py; the reports app runs them).

Each spec's rows are the model's ``visible_to(user)`` narrowed by the list page's FilterSet; the
reports app loads and checks every spec when it starts.
"""
from django.utils.translation import gettext_lazy as _

from core.hosts import Column, ExportSpec, choice_display, yes_no

EXPORT_SPECS = [
    ExportSpec(
        name="organizations", label=_("Organisations"), model="accounts.Organization",
        filterset="accounts.filtersets.OrganizationFilterSet",
        columns=(
            Column("name", _("Name"), "name"),
            Column("name_en", _("English name"), "name_en"),
            Column("kind", _("Kind"), "kind", choice_display("accounts.Organization", "kind")),
            Column("parent", _("Parent organisation"), "parent__name"),
            Column("email", _("E-mail"), "email"),
            Column("website", _("Website"), "website"),
            Column("is_active", _("Active"), "is_active", yes_no),
            Column("created_at", _("Created at"), "created_at"),
        ),
    ),
    ExportSpec(
        name="users", label=_("Users"), model="accounts.User",
        filterset="accounts.filtersets.UserFilterSet",
        # Phone and national ID numbers are personal data and deliberately not exportable.
        columns=(
            Column("username", _("Username"), "username"),
            Column("display_name", _("Display name"), "display_name"),
            Column("email", _("E-mail"), "email"),
            Column("student_no", _("Student number"), "student_no"),
            Column("staff_no", _("Staff number"), "staff_no"),
            Column("is_active", _("Active"), "is_active", yes_no),
            Column("date_joined", _("Joined"), "date_joined"),
        ),
    ),
]
