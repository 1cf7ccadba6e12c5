"""Exportable lists of the funding app (the ``exports`` hook of core/registry.py; the reports app runs them).

Each spec's rows are the model's ``visible_to(user)`` narrowed by the list page's FilterSet; the
reports app loads and checks every spec when it starts.
"""
from django.utils.translation import gettext_lazy as _

from core.hosts import Column, ExportSpec, choice_display, yes_no

EXPORT_SPECS = [
    ExportSpec(
        name="funding_sources", label=_("Funding sources"), model="funding.FundingSource",
        filterset="funding.filtersets.FundingSourceFilterSet",
        columns=(
            Column("title", _("Title"), "title"),
            Column("kind", _("Kind"), "kind", choice_display("funding.FundingSource", "kind")),
            Column("funder", _("Funder"), "funder__name"),
            Column("funder_name", _("Funder (as written)"), "funder_name"),
            Column("amount", _("Amount (CNY)"), "amount"),
            Column("received_on", _("Received on"), "received_on"),
            Column("status", _("Status"), "status", choice_display("funding.FundingSource", "status")),
        ),
    ),
    ExportSpec(
        name="expenditures", label=_("Expenditures"), model="funding.Expenditure",
        filterset="funding.filtersets.ExpenditureFilterSet",
        columns=(
            Column("spent_on", _("Date"), "spent_on"),
            Column("budget", _("Budget"), "line__budget__title"),
            Column("line", _("Budget line"), "line__name"),
            Column("payee", _("Payee"), "payee"),
            Column("amount", _("Amount (CNY)"), "amount"),
            Column("status", _("Status"), "status", choice_display("funding.Expenditure", "status")),
        ),
    ),
    ExportSpec(
        name="training_bases", label=_("Training bases"), model="funding.TrainingBase",
        filterset="funding.filtersets.TrainingBaseFilterSet",
        columns=(
            Column("name", _("Name"), "name"),
            Column("kind", _("Kind"), "kind", choice_display("funding.TrainingBase", "kind")),
            Column("host", _("Host"), "host__name"),
            Column("location", _("Location"), "location"),
            Column("capacity", _("Capacity (people)"), "capacity"),
            Column("is_active", _("Active"), "is_active", yes_no),
        ),
    ),
    ExportSpec(
        name="bookings", label=_("Bookings"), model="funding.Booking",
        filterset="funding.filtersets.BookingFilterSet",
        columns=(
            Column("base", _("Training base"), "base__name"),
            Column("equipment", _("Equipment"), "equipment__name"),
            Column("starts_at", _("Starts at"), "starts_at"),
            Column("ends_at", _("Ends at"), "ends_at"),
            Column("booked_by", _("Booked by"), "booked_by__display_name"),
            Column("purpose", _("Purpose"), "purpose"),
            Column("participants", _("Participants"), "participants"),
            Column("status", _("Status"), "status", choice_display("funding.Booking", "status")),
        ),
    ),
]
