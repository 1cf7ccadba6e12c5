"""Bulk import of the college's existing records (students, teachers, enterprises) from XLSX or CSV.

Every row is validated first (against the database and against the other rows of the file); the
dry run stops there and reports each row's errors. A real import writes only when no row has an
error, and writes all rows in one transaction, so a failure half-way leaves nothing behind.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind, Role
from accounts.models import Membership, Organization, User

from .choices import ImportTarget

MAX_ROWS = 5000
CREDIT_CODE_RE = re.compile(r"^[0-9A-HJ-NPQRTUWXY]{18}$")
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
USERNAME_RE = re.compile(r"^[\w.@+-]{1,150}$")


@dataclass(frozen=True)
class ImportColumn:
    key: str
    label: Any
    required: bool = False
    help: Any = ""


COLUMNS: dict[str, tuple[ImportColumn, ...]] = {
    ImportTarget.STUDENTS: (
        ImportColumn("username", _("Username"), True, _("Letters, digits and . @ + - _ only")),
        ImportColumn("display_name", _("Full name"), True),
        ImportColumn("student_no", _("Student number"), True),
        ImportColumn("department", _("Department"), True, _("Exact name of a department of the college")),
        ImportColumn("email", _("E-mail")),
    ),
    ImportTarget.TEACHERS: (
        ImportColumn("username", _("Username"), True, _("Letters, digits and . @ + - _ only")),
        ImportColumn("display_name", _("Full name"), True),
        ImportColumn("staff_no", _("Staff number"), True),
        ImportColumn("department", _("Department"), True, _("Exact name of a department of the college")),
        ImportColumn("email", _("E-mail")),
    ),
    ImportTarget.ENTERPRISES: (
        ImportColumn("name", _("Name"), True),
        ImportColumn("name_en", _("English name")),
        ImportColumn("segment", _("Industry segment"), True, _("For example: film, animation, vfx, aigc")),
        ImportColumn("staff_count", _("Staff count"), True),
        ImportColumn("credit_code", _("Unified social credit code"), False, _("18 characters")),
        ImportColumn("address", _("Address")),
        ImportColumn("email", _("E-mail")),
    ),
}


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, too many rows)."""


# --- Reading --------------------------------------------------------------------------------------

def validate_import_file(upload) -> str:
    """Checks size and real content (not the file name); returns "xlsx" or "csv"."""
    from core.uploads import UploadValidator

    limit = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB."), code="file_too_large",
            params={"size": round(upload.size / 1048576, 1), "limit": round(limit / 1048576, 1)},
        )
    try:
        UploadValidator(kinds=("xlsx",))(upload)
        return "xlsx"
    except ValidationError as exc:
        if exc.code != "file_type":
            raise
    fh = upload.file if hasattr(upload, "file") else upload
    pos = fh.tell()
    head = fh.read(65536)
    fh.seek(pos)
    if isinstance(head, str):
        head = head.encode("utf-8")
    # Text only: binary files (including a damaged workbook) carry control bytes a CSV never has.
    if CONTROL_BYTES.search(head) or _decode(head, partial=True) is None:
        raise ValidationError(_("Upload an XLSX workbook or a UTF-8 / GB18030 CSV file."), code="file_type")
    return "csv"


def _decode(data: bytes, partial: bool = False) -> str | None:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError as exc:
            # A sample may cut a multi-byte character at its end; that alone is not an error.
            if partial and exc.start >= len(data) - 3:
                return data[: exc.start].decode(enc, errors="strict")
    return None


def read_rows(fh, file_kind: str) -> list[list[str]]:
    if file_kind == "xlsx":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(fh, read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many types for a damaged workbook
            raise ImportFileError(gettext("The workbook cannot be read.")) from exc
        ws = wb.worksheets[0]
        rows = []
        for i, row in enumerate(ws.iter_rows(values_only=True)):
            if i > MAX_ROWS + 1:
                raise ImportFileError(gettext("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
            rows.append(["" if v is None else str(v).strip() for v in row])
        wb.close()
        return rows
    text = _decode(fh.read())
    if text is None:
        raise ImportFileError(gettext("The file is not UTF-8 or GB18030 text."))
    rows = [[c.strip() for c in r] for r in csv.reader(io.StringIO(text))]
    if len(rows) > MAX_ROWS + 1:
        raise ImportFileError(gettext("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
    return rows


def _header_index(target: str, header: list[str]) -> dict[str, int]:
    """Maps the header cells to column keys; accepts the key or the label in either language."""
    names: dict[str, str] = {}
    for col in COLUMNS[target]:
        names[col.key.lower()] = col.key
        for lang, _name in settings.LANGUAGES:
            with translation.override(lang):
                names[str(col.label).strip().lower()] = col.key
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = names.get(cell.strip().rstrip("*").strip().lower())
        if key and key not in index:
            index[key] = i
    missing = [str(c.label) for c in COLUMNS[target] if c.required and c.key not in index]
    if missing:
        raise ImportFileError(gettext("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)})
    return index


# --- Validation -----------------------------------------------------------------------------------

@dataclass
class ParsedRow:
    number: int  # row number in the file as a spreadsheet shows it (header is row 1)
    data: dict[str, str]
    errors: dict[str, list[str]]


def _segment_value(raw: str) -> str | None:
    from partnerships.choices import IndustrySegment

    lowered = raw.strip().lower()
    for value, label in IndustrySegment.choices:
        if lowered == value:
            return value
        for lang, _name in settings.LANGUAGES:
            with translation.override(lang):
                if lowered == str(label).lower():
                    return value
    return None


def validate_rows(target: str, rows: list[list[str]]) -> list[ParsedRow]:
    if not rows:
        raise ImportFileError(gettext("The file is empty."))
    index = _header_index(target, rows[0])
    cols = COLUMNS[target]
    parsed: list[ParsedRow] = []
    for n, raw in enumerate(rows[1:], start=2):
        if not any(raw):
            continue
        data = {c.key: (raw[index[c.key]] if c.key in index and index[c.key] < len(raw) else "") for c in cols}
        errors: dict[str, list[str]] = {}
        for c in cols:
            if c.required and not data[c.key]:
                errors.setdefault(c.key, []).append(gettext("This field is required."))
        parsed.append(ParsedRow(n, data, errors))
    if not parsed:
        raise ImportFileError(gettext("The file has no data rows."))
    if target == ImportTarget.ENTERPRISES:
        _check_enterprises(parsed)
    else:
        _check_people(parsed, target)
    return parsed


def _err(row: ParsedRow, key: str, msg: str) -> None:
    row.errors.setdefault(key, []).append(msg)


def _dupes(rows: list[ParsedRow], key: str, normalise=lambda v: v) -> None:
    seen: dict[str, int] = {}
    for r in rows:
        v = normalise(r.data.get(key, ""))
        if not v:
            continue
        if v in seen:
            _err(r, key, gettext("Repeats row %(n)s of this file.") % {"n": seen[v]})
        else:
            seen[v] = r.number


def _check_email(rows: list[ParsedRow]) -> None:
    for r in rows:
        if r.data.get("email"):
            try:
                validate_email(r.data["email"])
            except ValidationError:
                _err(r, "email", gettext("Enter a valid e-mail address."))


def _check_people(rows: list[ParsedRow], target: str) -> None:
    number_key = "student_no" if target == ImportTarget.STUDENTS else "staff_no"
    _check_email(rows)
    _dupes(rows, "username", str.lower)
    _dupes(rows, number_key)
    for r in rows:
        if r.data["username"] and not USERNAME_RE.match(r.data["username"]):
            _err(r, "username", gettext("Use letters, digits and . @ + - _ only."))
    usernames = {r.data["username"].lower() for r in rows if r.data["username"]}
    taken_lower = set(
        User.objects.annotate(lname=Lower("username")).filter(lname__in=usernames).values_list("lname", flat=True)
    )
    numbers = [r.data[number_key] for r in rows if r.data[number_key]]
    taken_numbers = set(User.objects.filter(**{f"{number_key}__in": numbers}).values_list(number_key, flat=True))
    departments = dict(
        Organization.objects.filter(kind=OrganizationKind.DEPARTMENT, is_active=True).values_list("name", "id")
    )
    for r in rows:
        if r.data["username"].lower() in taken_lower:
            _err(r, "username", gettext("A user with this username already exists."))
        if r.data[number_key] in taken_numbers:
            _err(r, number_key, gettext("This number is already registered."))
        if r.data["department"] and r.data["department"] not in departments:
            _err(r, "department", gettext("No department with this name."))
        else:
            r.data["department_id"] = departments.get(r.data["department"])


def _credit_code_validator() -> Callable[[str], None]:
    """The partnerships app's own check (GB 32100-2015 check character) when it has one."""
    try:
        from partnerships.validators import validate_credit_code
    except ImportError:
        def validate_credit_code(value: str) -> None:
            if not CREDIT_CODE_RE.match(value):
                raise ValidationError(_("A unified social credit code has 18 digits or capital letters."))
    return validate_credit_code


def _check_enterprises(rows: list[ParsedRow]) -> None:
    from partnerships.models import Enterprise

    _check_email(rows)
    _dupes(rows, "name")
    _dupes(rows, "credit_code", str.upper)
    names = [r.data["name"] for r in rows if r.data["name"]]
    taken = set(Organization.objects.filter(kind=OrganizationKind.ENTERPRISE, name__in=names)
                .values_list("name", flat=True))
    codes = [r.data["credit_code"].upper() for r in rows if r.data["credit_code"]]
    taken_codes = set(Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", flat=True))
    for r in rows:
        if r.data["name"] in taken:
            _err(r, "name", gettext("An enterprise with this name already exists."))
        if len(r.data["name"]) > 200:
            _err(r, "name", gettext("At most 200 characters."))
        if r.data["segment"]:
            seg = _segment_value(r.data["segment"])
            if seg is None:
                _err(r, "segment", gettext("Unknown industry segment."))
            else:
                r.data["segment"] = seg
        if r.data["staff_count"]:
            try:
                count = int(float(r.data["staff_count"]))
                if count < 0 or str(count) != r.data["staff_count"].split(".")[0]:
                    raise ValueError
                r.data["staff_count"] = str(count)
            except ValueError:
                _err(r, "staff_count", gettext("Enter a whole number of 0 or more."))
        if r.data["credit_code"]:
            r.data["credit_code"] = r.data["credit_code"].upper()
            try:
                _credit_code_validator()(r.data["credit_code"])
            except ValidationError as exc:
                for msg in exc.messages:
                    _err(r, "credit_code", msg)
            if r.data["credit_code"] in taken_codes:
                _err(r, "credit_code", gettext("An enterprise with this credit code already exists."))


# --- Writing --------------------------------------------------------------------------------------

def _create_person(target: str, data: dict) -> None:
    number_key = "student_no" if target == ImportTarget.STUDENTS else "staff_no"
    user = User(username=data["username"], display_name=data["display_name"], email=data.get("email", ""),
                **{number_key: data[number_key]})
    user.set_unusable_password()  # people sign in after a password reset sent to their e-mail
    user.save()
    Membership.objects.create(
        user=user, organization_id=data["department_id"],
        role=Role.STUDENT if target == ImportTarget.STUDENTS else Role.TEACHER,
    )


def _create_enterprise(target: str, data: dict) -> None:
    from partnerships.models import Enterprise

    org = Organization.objects.create(
        kind=OrganizationKind.ENTERPRISE, name=data["name"], name_en=data.get("name_en", ""),
        email=data.get("email", ""),
    )
    Enterprise.objects.create(
        organization=org, segment=data["segment"], staff_count=int(data["staff_count"]),
        credit_code=data.get("credit_code", ""), address=data.get("address", ""),
    )


WRITERS: dict[str, Callable[[str, dict], None]] = {
    ImportTarget.STUDENTS: _create_person,
    ImportTarget.TEACHERS: _create_person,
    ImportTarget.ENTERPRISES: _create_enterprise,
}


@transaction.atomic
def write_rows(target: str, rows: list[ParsedRow], on_row: Callable[[int], None] | None = None) -> int:
    """All rows or none: any exception rolls the whole import back."""
    writer = WRITERS[target]
    for i, r in enumerate(rows, start=1):
        writer(target, r.data)
        if on_row:
            on_row(i)
    return len(rows)


def template_workbook(target: str) -> bytes:
    """A workbook with the header row (labels in the active language) and one help row to delete."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    wb = Workbook()
    ws = wb.active
    ws.title = str(ImportTarget(target).label)[:31]
    cols = COLUMNS[target]
    ws.append([f"{c.label}{'*' if c.required else ''}" for c in cols])
    for i, c in enumerate(cols, start=1):
        if c.help:
            ws.cell(row=1, column=i).comment = Comment(str(c.help), "IEI")
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = 22
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
