"""Exports of the platform's main lists: a registry of specs and two streaming writers.

A spec names the rows a user may see (always built on the model's ``visible_to``), the FilterSet of
the list page (so the page's querystring narrows the export exactly like the table), and the
columns a user can pick. Rows are read with ``values()`` and ``iterator(chunk_size=...)`` and written
row by row (CSV, or xlsxwriter in constant-memory mode), so memory stays flat however many rows there are.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.http import QueryDict
from django.utils.module_loading import import_string
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Column:
    key: str
    label: Any  # lazy translation
    path: str  # a values() lookup
    display: Callable[[Any], Any] | None = None  # turns a stored value into what a reader expects


@dataclass(frozen=True)
class ExportSpec:
    name: str
    label: Any
    model: str  # "app.Model"
    columns: tuple[Column, ...]
    filterset: str = ""  # dotted path; the list page's FilterSet
    select: tuple[str, ...] = field(default_factory=tuple)

    def model_class(self):
        return apps.get_model(self.model)

    def column_map(self) -> dict[str, Column]:
        return {c.key: c for c in self.columns}

    def filterset_class(self):
        if self.filterset:
            try:
                return import_string(self.filterset)
            except ImportError:
                return None  # the owning app has not published its FilterSet yet; export unfiltered
        return None

    def queryset_for(self, user, query: str = ""):
        qs = self.model_class().objects.visible_to(user)
        fs_class = self.filterset_class()
        if query and fs_class is not None:
            fs = fs_class(QueryDict(query), queryset=qs)
            if fs.is_valid():
                qs = fs.qs
        order = QueryDict(query).get("ordering", "") if query else ""
        if order:
            model = self.model_class()
            names = {f.name for f in model._meta.get_fields()}
            if order.lstrip("-") in names:
                qs = qs.order_by(order)
        return qs


_REGISTRY: dict[str, ExportSpec] = {}


def register(spec: ExportSpec) -> ExportSpec:
    _REGISTRY[spec.name] = spec
    return spec


def available_specs() -> list[ExportSpec]:
    """Specs whose model is installed (other apps' models land over time)."""
    out = []
    for spec in _REGISTRY.values():
        try:
            spec.model_class()
        except LookupError:
            continue
        out.append(spec)
    return out


def get_spec(name: str) -> ExportSpec | None:
    spec = _REGISTRY.get(name)
    if spec is None:
        return None
    try:
        spec.model_class()
    except LookupError:
        return None
    return spec


def _choice_display(model: str, field_name: str) -> Callable[[Any], Any]:
    """Shows a choice's label; labels are resolved once per language, not per row."""
    cache: dict[str, dict] = {}

    def display(value):
        lang = get_language() or ""
        if lang not in cache:
            try:
                flat = apps.get_model(model)._meta.get_field(field_name).flatchoices
                cache[lang] = {k: str(v) for k, v in flat}
            except (LookupError, FieldDoesNotExist):
                cache[lang] = {}  # a renamed field still exports its raw value
        return cache[lang].get(value, value)

    return display


def _yes_no(value) -> str:
    return str(_("Yes")) if value else str(_("No"))


def row_values(spec: ExportSpec, qs, keys: list[str]) -> Iterator[list]:
    """Plain values for the chosen columns, read in chunks (no model instances are built)."""
    cols = [spec.column_map()[k] for k in keys]
    paths = list(dict.fromkeys(c.path for c in cols))
    for row in qs.values(*paths).iterator(chunk_size=CHUNK_SIZE):
        yield [c.display(row[c.path]) if c.display else row[c.path] for c in cols]


def _cell(value):
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and getattr(value, "tzinfo", None) is not None:
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return value


def write_csv(fh, header: list[str], rows: Iterable[list], on_row: Callable[[int], None] | None = None) -> int:
    """Writes UTF-8 with a BOM (Excel opens Chinese text correctly only with it) to a binary file."""
    text = io.TextIOWrapper(fh, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(header)
    n = 0
    for n, row in enumerate(rows, start=1):
        writer.writerow([_cell(v) for v in row])
        if on_row:
            on_row(n)
    text.flush()
    text.detach()
    return n


def write_xlsx(path: str, title: str, header: list[str], rows: Iterable[list],
               on_row: Callable[[int], None] | None = None) -> int:
    """One sheet, streamed: xlsxwriter's constant-memory mode flushes each row as it is written.

    It is several times faster than openpyxl's write-only mode on 100,000 rows, and with the string
    conversions off, a cell that starts with "=" stays text (no formula injection from user data).
    """
    import xlsxwriter

    wb = xlsxwriter.Workbook(path, {
        "constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
        "strings_to_urls": False, "default_date_format": "yyyy-mm-dd",
    })
    ws = wb.add_worksheet(title[:31] or "Sheet1")
    ws.write_row(0, 0, header)
    n = 0
    for n, row in enumerate(rows, start=1):
        ws.write_row(n, 0, [_cell(v) for v in row])
        if on_row:
            on_row(n)
    wb.close()
    return n


# --- The specs -------------------------------------------------------------------------------------

register(ExportSpec(
    name="organizations", label=_("Organisations"), model="accounts.Organization",
    filterset="accounts.filtersets.OrganizationFilterSet",
    columns=(
        Column("name", _("Name"), "name"),
        Column("name_en", _("English name"), "name_en"),
        Column("kind", _("Kind"), "kind", _choice_display("accounts.Organization", "kind")),
        Column("parent", _("Parent organisation"), "parent__name"),
        Column("email", _("E-mail"), "email"),
        Column("website", _("Website"), "website"),
        Column("is_active", _("Active"), "is_active", _yes_no),
        Column("created_at", _("Created at"), "created_at"),
    ),
))

register(ExportSpec(
    name="users", label=_("Users"), model="accounts.User",
    filterset="accounts.filtersets.UserFilterSet",
    # Phone and national ID numbers are personal data and deliberately not exportable.
    columns=(
        Column("username", _("Username"), "username"),
        Column("display_name", _("Display name"), "display_name"),
        Column("email", _("E-mail"), "email"),
        Column("student_no", _("Student number"), "student_no"),
        Column("staff_no", _("Staff number"), "staff_no"),
        Column("is_active", _("Active"), "is_active", _yes_no),
        Column("date_joined", _("Joined"), "date_joined"),
    ),
))

register(ExportSpec(
    name="enterprises", label=_("Partner enterprises"), model="partnerships.Enterprise",
    filterset="partnerships.filtersets.EnterpriseFilterSet",
    columns=(
        Column("name", _("Name"), "organization__name"),
        Column("name_en", _("English name"), "organization__name_en"),
        Column("segment", _("Industry segment"), "segment", _choice_display("partnerships.Enterprise", "segment")),
        Column("staff_count", _("Staff count"), "staff_count"),
        Column("credit_code", _("Unified social credit code"), "credit_code"),
        Column("is_certified_iei", _("Certified integration enterprise"), "is_certified_iei", _yes_no),
        Column("is_aigc_leader", _("AIGC leader"), "is_aigc_leader", _yes_no),
        Column("address", _("Address"), "address"),
    ),
))

register(ExportSpec(
    name="agreements", label=_("Agreements"), model="partnerships.Agreement",
    filterset="partnerships.filtersets.AgreementFilterSet",
    columns=(
        Column("code", _("Code"), "code"),
        Column("title", _("Title"), "title"),
        Column("kind", _("Kind"), "kind", _choice_display("partnerships.Agreement", "kind")),
        Column("status", _("Status"), "status", _choice_display("partnerships.Agreement", "status")),
        Column("start_date", _("Start date"), "start_date"),
        Column("end_date", _("End date"), "end_date"),
    ),
))

register(ExportSpec(
    name="industry_projects", label=_("Industry projects"), model="partnerships.IndustryProject",
    filterset="partnerships.filtersets.IndustryProjectFilterSet",
    columns=(
        Column("title", _("Title"), "title"),
        Column("enterprise", _("Enterprise"), "enterprise__name"),
        Column("status", _("Status"), "status", _choice_display("partnerships.IndustryProject", "status")),
        Column("start_date", _("Start date"), "start_date"),
        Column("end_date", _("End date"), "end_date"),
    ),
))

register(ExportSpec(
    name="postings", label=_("Internship postings"), model="internships.Posting",
    filterset="internships.filtersets.PostingFilterSet",
    columns=(
        Column("title", _("Title"), "title"),
        Column("enterprise", _("Enterprise"), "enterprise__name"),
        Column("post", _("Post"), "post"),
        Column("slots", _("Slots"), "slots"),
        Column("status", _("Status"), "status", _choice_display("internships.Posting", "status")),
        Column("start_date", _("Start date"), "start_date"),
        Column("end_date", _("End date"), "end_date"),
    ),
))

register(ExportSpec(
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
))

register(ExportSpec(
    name="programs", label=_("Talent-training programmes"), model="curriculum.Program",
    filterset="curriculum.filtersets.ProgramFilterSet",
    columns=(
        Column("title", _("Title"), "title"),
        Column("major", _("Major"), "major"),
        Column("cohort_year", _("Cohort year"), "cohort_year"),
        Column("version", _("Version"), "version"),
        Column("status", _("Status"), "status", _choice_display("curriculum.Program", "status")),
        Column("department", _("Department"), "department__name"),
    ),
))

register(ExportSpec(
    name="order_classes", label=_("Order classes"), model="partnerships.OrderClass",
    filterset="partnerships.filtersets.OrderClassFilterSet",
    columns=(
        Column("name", _("Name"), "name"),
        Column("kind", _("Kind"), "kind", _choice_display("partnerships.OrderClass", "kind")),
        Column("enterprise", _("Enterprise"), "enterprise__name"),
        Column("cohort_year", _("Cohort year"), "cohort_year"),
        Column("quota", _("Quota"), "quota"),
        Column("hiring_commitment", _("Hiring commitment"), "hiring_commitment"),
        Column("graduation_date", _("Graduation date"), "graduation_date"),
    ),
))

register(ExportSpec(
    name="contact_logs", label=_("Contact history"), model="partnerships.ContactLog",
    filterset="partnerships.filtersets.ContactLogFilterSet",
    columns=(
        Column("occurred_on", _("Date"), "occurred_on"),
        Column("enterprise", _("Enterprise"), "enterprise__name"),
        Column("channel", _("Channel"), "channel", _choice_display("partnerships.ContactLog", "channel")),
        Column("subject", _("Subject"), "subject"),
        Column("follow_up_on", _("Follow up on"), "follow_up_on"),
    ),
))

register(ExportSpec(
    name="placements", label=_("Internship placements"), model="internships.Placement",
    filterset="internships.filtersets.PlacementFilterSet",
    columns=(
        Column("student", _("Student"), "student__display_name"),
        Column("student_no", _("Student number"), "student__student_no"),
        Column("enterprise", _("Enterprise"), "enterprise__name"),
        Column("post", _("Post"), "post"),
        Column("status", _("Status"), "status", _choice_display("internships.Placement", "status")),
        Column("start_date", _("Start date"), "start_date"),
        Column("end_date", _("End date"), "end_date"),
        Column("agreement_signed_on", _("Tripartite agreement signed on"), "agreement_signed_on"),
        Column("insurer", _("Insurer"), "insurer"),
        Column("insurance_end", _("Insured until"), "insurance_end"),
    ),
))

register(ExportSpec(
    name="applications", label=_("Internship applications"), model="internships.Application",
    filterset="internships.filtersets.ApplicationFilterSet",
    columns=(
        Column("posting", _("Posting"), "posting__title"),
        Column("enterprise", _("Enterprise"), "posting__enterprise__name"),
        Column("student", _("Student"), "student__display_name"),
        Column("status", _("Status"), "status", _choice_display("internships.Application", "status")),
    ),
))

register(ExportSpec(
    name="teacher_placements", label=_("Teacher industry placements"), model="faculty.TeacherPlacement",
    filterset="faculty.filtersets.TeacherPlacementFilterSet",
    columns=(
        Column("teacher", _("Teacher"), "teacher__user__display_name"),
        Column("host", _("Host enterprise"), "host__name"),
        Column("role", _("Role at the enterprise"), "role"),
        Column("start_date", _("Start date"), "start_date"),
        Column("end_date", _("End date"), "end_date"),
        Column("days", _("Days"), "days"),
        Column("status", _("Status"), "status", _choice_display("faculty.TeacherPlacement", "status")),
    ),
))

register(ExportSpec(
    name="part_time_instructors", label=_("Part-time instructors"), model="faculty.PartTimeInstructor",
    filterset="faculty.filtersets.PartTimeInstructorFilterSet",
    # Phone numbers are personal data and deliberately not exportable.
    columns=(
        Column("name", _("Name"), "name"),
        Column("enterprise", _("Enterprise"), "enterprise__name"),
        Column("position", _("Position"), "position"),
        Column("expertise", _("Expertise"), "expertise"),
        Column("is_active", _("Active"), "is_active", _yes_no),
    ),
))

register(ExportSpec(
    name="funding_sources", label=_("Funding sources"), model="funding.FundingSource",
    filterset="funding.filtersets.FundingSourceFilterSet",
    columns=(
        Column("title", _("Title"), "title"),
        Column("kind", _("Kind"), "kind", _choice_display("funding.FundingSource", "kind")),
        Column("funder", _("Funder"), "funder__name"),
        Column("funder_name", _("Funder (as written)"), "funder_name"),
        Column("amount", _("Amount (CNY)"), "amount"),
        Column("received_on", _("Received on"), "received_on"),
        Column("status", _("Status"), "status", _choice_display("funding.FundingSource", "status")),
    ),
))

register(ExportSpec(
    name="expenditures", label=_("Expenditures"), model="funding.Expenditure",
    filterset="funding.filtersets.ExpenditureFilterSet",
    columns=(
        Column("spent_on", _("Date"), "spent_on"),
        Column("budget", _("Budget"), "line__budget__title"),
        Column("line", _("Budget line"), "line__name"),
        Column("payee", _("Payee"), "payee"),
        Column("amount", _("Amount (CNY)"), "amount"),
        Column("status", _("Status"), "status", _choice_display("funding.Expenditure", "status")),
    ),
))

register(ExportSpec(
    name="training_bases", label=_("Training bases"), model="funding.TrainingBase",
    filterset="funding.filtersets.TrainingBaseFilterSet",
    columns=(
        Column("name", _("Name"), "name"),
        Column("kind", _("Kind"), "kind", _choice_display("funding.TrainingBase", "kind")),
        Column("host", _("Host"), "host__name"),
        Column("location", _("Location"), "location"),
        Column("capacity", _("Capacity (people)"), "capacity"),
        Column("is_active", _("Active"), "is_active", _yes_no),
    ),
))
