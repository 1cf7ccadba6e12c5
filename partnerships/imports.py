"""Bulk import of partner enterprises (the ``imports`` hook of core/registry.py; the reports app runs it)."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind
from accounts.models import Organization
from core.hosts import ImportColumn, ImportSpec, ParsedRow, check_duplicates, check_emails

from .choices import IndustrySegment
from .models import Enterprise
from .validators import validate_credit_code

COLUMNS = (
    ImportColumn("name", _("Name"), True),
    ImportColumn("name_en", _("English name")),
    ImportColumn("segment", _("Industry segment"), True, _("For example: film, animation, vfx, aigc")),
    ImportColumn("staff_count", _("Staff count"), True),
    ImportColumn("credit_code", _("Unified social credit code"), False, _("18 characters")),
    ImportColumn("address", _("Address")),
    ImportColumn("email", _("E-mail")),
)


def _segment_value(raw: str) -> str | None:
    """The segment a cell names: its value or its label in any language."""
    lowered = raw.strip().lower()
    for value, label in IndustrySegment.choices:
        if lowered == value:
            return value
        for lang, _name in settings.LANGUAGES:
            with translation.override(lang):
                if lowered == str(label).lower():
                    return value
    return None


def check(rows: list[ParsedRow]) -> None:
    check_emails(rows)
    check_duplicates(rows, "name")
    check_duplicates(rows, "credit_code", str.upper)
    names = [r.data["name"] for r in rows if r.data["name"]]
    taken = set(Organization.objects.filter(kind=OrganizationKind.ENTERPRISE, name__in=names)
                .values_list("name", flat=True))
    codes = [r.data["credit_code"].upper() for r in rows if r.data["credit_code"]]
    taken_codes = set(Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", flat=True))
    for r in rows:
        if r.data["name"] in taken:
            r.error("name", gettext("An enterprise with this name already exists."))
        if len(r.data["name"]) > 200:
            r.error("name", gettext("At most 200 characters."))
        if r.data["segment"]:
            seg = _segment_value(r.data["segment"])
            if seg is None:
                r.error("segment", gettext("Unknown industry segment."))
            else:
                r.data["segment"] = seg
        if r.data["staff_count"]:
            try:
                count = int(float(r.data["staff_count"]))
                if count < 0 or str(count) != r.data["staff_count"].split(".")[0]:
                    raise ValueError
                r.data["staff_count"] = str(count)
            except ValueError:
                r.error("staff_count", gettext("Enter a whole number of 0 or more."))
        if r.data["credit_code"]:
            r.data["credit_code"] = r.data["credit_code"].upper()
            try:
                validate_credit_code(r.data["credit_code"])
            except ValidationError as exc:
                for msg in exc.messages:
                    r.error("credit_code", msg)
            if r.data["credit_code"] in taken_codes:
                r.error("credit_code", gettext("An enterprise with this credit code already exists."))


def write(data: dict) -> None:
    org = Organization.objects.create(
        kind=OrganizationKind.ENTERPRISE, name=data["name"], name_en=data.get("name_en", ""),
        email=data.get("email", ""),
    )
    Enterprise.objects.create(
        organization=org, segment=data["segment"], staff_count=int(data["staff_count"]),
        credit_code=data.get("credit_code", ""), address=data.get("address", ""),
    )


IMPORT_SPECS = [ImportSpec("enterprises", _("Enterprises"), COLUMNS, check=check, write=write)]
