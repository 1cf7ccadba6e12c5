"""Exportable lists of the partnerships app (the ``exports`` hook of core/registry.py; the reports app runs them).

Each spec's rows are the model's ``visible_to(user)`` narrowed by the list page's FilterSet; the
reports app loads and checks every spec when it starts.
"""
from django.utils.translation import gettext_lazy as _

from core.hosts import Column, ExportSpec, choice_display, yes_no

EXPORT_SPECS = [
    ExportSpec(
        name="enterprises", label=_("Partner enterprises"), model="partnerships.Enterprise",
        filterset="partnerships.filtersets.EnterpriseFilterSet",
        columns=(
            Column("name", _("Name"), "organization__name"),
            Column("name_en", _("English name"), "organization__name_en"),
            Column("segment", _("Industry segment"), "segment", choice_display("partnerships.Enterprise", "segment")),
            Column("staff_count", _("Staff count"), "staff_count"),
            Column("credit_code", _("Unified social credit code"), "credit_code"),
            Column("is_certified_iei", _("Certified integration enterprise"), "is_certified_iei", yes_no),
            Column("is_aigc_leader", _("AIGC leader"), "is_aigc_leader", yes_no),
            Column("address", _("Address"), "address"),
        ),
    ),
    ExportSpec(
        name="agreements", label=_("Agreements"), model="partnerships.Agreement",
        filterset="partnerships.filtersets.AgreementFilterSet",
        columns=(
            Column("code", _("Code"), "code"),
            Column("title", _("Title"), "title"),
            Column("kind", _("Kind"), "kind", choice_display("partnerships.Agreement", "kind")),
            Column("status", _("Status"), "status", choice_display("partnerships.Agreement", "status")),
            Column("start_date", _("Start date"), "start_date"),
            Column("end_date", _("End date"), "end_date"),
        ),
    ),
    ExportSpec(
        name="industry_projects", label=_("Industry projects"), model="partnerships.IndustryProject",
        filterset="partnerships.filtersets.IndustryProjectFilterSet",
        columns=(
            Column("title", _("Title"), "title"),
            Column("enterprise", _("Enterprise"), "enterprise__name"),
            Column("status", _("Status"), "status", choice_display("partnerships.IndustryProject", "status")),
            Column("start_date", _("Start date"), "start_date"),
            Column("end_date", _("End date"), "end_date"),
        ),
    ),
    ExportSpec(
        name="order_classes", label=_("Order classes"), model="partnerships.OrderClass",
        filterset="partnerships.filtersets.OrderClassFilterSet",
        columns=(
            Column("name", _("Name"), "name"),
            Column("kind", _("Kind"), "kind", choice_display("partnerships.OrderClass", "kind")),
            Column("enterprise", _("Enterprise"), "enterprise__name"),
            Column("cohort_year", _("Cohort year"), "cohort_year"),
            Column("quota", _("Quota"), "quota"),
            Column("hiring_commitment", _("Hiring commitment"), "hiring_commitment"),
            Column("graduation_date", _("Graduation date"), "graduation_date"),
        ),
    ),
    ExportSpec(
        name="contact_logs", label=_("Contact history"), model="partnerships.ContactLog",
        filterset="partnerships.filtersets.ContactLogFilterSet",
        columns=(
            Column("occurred_on", _("Date"), "occurred_on"),
            Column("enterprise", _("Enterprise"), "enterprise__name"),
            Column("channel", _("Channel"), "channel", choice_display("partnerships.ContactLog", "channel")),
            Column("subject", _("Subject"), "subject"),
            Column("follow_up_on", _("Follow up on"), "follow_up_on"),
        ),
    ),
]
