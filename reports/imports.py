"""Bulk import of the college's existing records from XLSX or CSV: students and teachers (people of the
college, this module's own) and what the domain apps register (``<app>/imports.py`` ``IMPORT_SPECS``,
``core.hosts.ImportSpec``: enterprises from the partnerships app).

Every row is validated first (against the database and against the other rows of the file); the
dry run stops there and reports each row's errors. A real import writes only when no row has an
error, and writes all rows in one transaction, so a failure half-way leaves nothing behind.
"""
from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind, Role
from accounts.models import Membership, Organization, User
from core.hosts import ImportColumn, ImportSpec, ParsedRow, check_duplicates, check_emails
from core.registry import app_modules

MAX_ROWS = 5000
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]")
USERNAME_RE = re.compile(r"^[\w.@+-]{1,150}$")


PEOPLE_COLUMNS = {
    "students": (
        ImportColumn("username", _("Username"), True, _("Letters, digits and . @ + - _ only")),
        ImportColumn("display_name", _("Full name"), True),
        ImportColumn("student_no", _("Student number"), True),
        ImportColumn("department", _("Department"), True, _("Exact name of a department of the college")),
        ImportColumn("email", _("E-mail")),
    ),
    "teachers": (
        ImportColumn("username", _("Username"), True, _("Letters, digits and . @ + - _ only")),
        ImportColumn("display_name", _("Full name"), True),
        ImportColumn("staff_no", _("Staff number"), True),
        ImportColumn("department", _("Department"), True, _("Exact name of a department of the college")),
        ImportColumn("email", _("E-mail")),
    ),
}


@cache
def specs() -> dict[str, ImportSpec]:
    """What can be imported: the college's people, then every app's registered specs."""
    found = {
        "students": ImportSpec("students", _("Students"), PEOPLE_COLUMNS["students"],
                               check=lambda rows: _check_people(rows, "students"),
                               write=lambda data: _create_person("students", data)),
        "teachers": ImportSpec("teachers", _("Teachers"), PEOPLE_COLUMNS["teachers"],
                               check=lambda rows: _check_people(rows, "teachers"),
                               write=lambda data: _create_person("teachers", data)),
    }
    for mod in app_modules("imports"):
        for spec in getattr(mod, "IMPORT_SPECS", ()):
            if spec.target in found:
                raise ImproperlyConfigured(f"import target {spec.target!r} is registered twice")
            found[spec.target] = spec
    return found


def import_targets() -> list[tuple[str, str]]:
    return [(spec.target, spec.label) for spec in specs().values()]


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
    for col in specs()[target].columns:
        names[col.key.lower()] = col.key
        for lang, _name in settings.LANGUAGES:
            with translation.override(lang):
                names[str(col.label).strip().lower()] = col.key
    index: dict[str, int] = {}
    for i, cell in enumerate(header):
        key = names.get(cell.strip().rstrip("*").strip().lower())
        if key and key not in index:
            index[key] = i
    missing = [str(c.label) for c in specs()[target].columns if c.required and c.key not in index]
    if missing:
        raise ImportFileError(gettext("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)})
    return index


# --- Validation -----------------------------------------------------------------------------------

def validate_rows(target: str, rows: list[list[str]]) -> list[ParsedRow]:
    if not rows:
        raise ImportFileError(gettext("The file is empty."))
    index = _header_index(target, rows[0])
    spec = specs()[target]
    cols = spec.columns
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
    spec.check(parsed)
    return parsed


def _check_people(rows: list[ParsedRow], target: str) -> None:
    number_key = "student_no" if target == "students" else "staff_no"
    check_emails(rows)
    check_duplicates(rows, "username", str.lower)
    check_duplicates(rows, number_key)
    for r in rows:
        if r.data["username"] and not USERNAME_RE.match(r.data["username"]):
            r.error("username", gettext("Use letters, digits and . @ + - _ only."))
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
            r.error("username", gettext("A user with this username already exists."))
        if r.data[number_key] in taken_numbers:
            r.error(number_key, gettext("This number is already registered."))
        if r.data["department"] and r.data["department"] not in departments:
            r.error("department", gettext("No department with this name."))
        else:
            r.data["department_id"] = departments.get(r.data["department"])


# --- Writing --------------------------------------------------------------------------------------

def _create_person(target: str, data: dict) -> None:
    number_key = "student_no" if target == "students" else "staff_no"
    user = User(username=data["username"], display_name=data["display_name"], email=data.get("email", ""),
                **{number_key: data[number_key]})
    user.set_unusable_password()  # people sign in after a password reset sent to their e-mail
    user.save()
    Membership.objects.create(
        user=user, organization_id=data["department_id"],
        role=Role.STUDENT if target == "students" else Role.TEACHER,
    )


@transaction.atomic
def write_rows(target: str, rows: list[ParsedRow], on_row: Callable[[int], None] | None = None) -> int:
    """All rows or none: any exception rolls the whole import back."""
    write = specs()[target].write
    for i, r in enumerate(rows, start=1):
        write(r.data)
        if on_row:
            on_row(i)
    return len(rows)


def template_workbook(target: str) -> bytes:
    """A workbook with the header row (labels in the active language) and one help row to delete."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment

    wb = Workbook()
    ws = wb.active
    spec = specs()[target]
    ws.title = str(spec.label)[:31]
    cols = spec.columns
    ws.append([f"{c.label}{'*' if c.required else ''}" for c in cols])
    for i, c in enumerate(cols, start=1):
        if c.help:
            ws.cell(row=1, column=i).comment = Comment(str(c.help), "IEI")
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = 22
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
