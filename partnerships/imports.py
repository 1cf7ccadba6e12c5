"""Bulk import of partner enterprises (the ``imports`` hook of core/registry.py; the reports app runs it)."""
from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.choices import OrganizationKind, Role
from accounts.models import Invitation, Organization, User
from accounts.services import invitation_create
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
    ImportColumn("contact_name", _("Contact person")),
    ImportColumn("contact_email", _("Contact e-mail"), False,
                 _("The contact is invited to the platform by e-mail (as the enterprise's administrator)")),
    ImportColumn("contact_language", _("Contact's language"), False, _("zh-hans or en; empty: the platform's")),
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


def _check_contacts(rows: list[ParsedRow]) -> None:
    """A contact e-mail is a valid address nobody uses yet and no invitation waits for (the invitation
    would be refused at write time: better said on the row, in the dry run)."""
    check_duplicates(rows, "contact_email", str.lower)
    languages = {code.lower(): code for code, _name in settings.LANGUAGES}
    for lang, name in settings.LANGUAGES:
        languages[str(name).lower()] = lang
    addresses = [r.data["contact_email"].strip().lower() for r in rows if r.data["contact_email"]]
    registered = set(User.objects.annotate(lmail=Lower("email")).filter(lmail__in=addresses)
                     .values_list("lmail", flat=True))
    waiting = set(Invitation.objects.pending().annotate(lmail=Lower("email")).filter(lmail__in=addresses)
                  .values_list("lmail", flat=True))
    for r in rows:
        email = r.data["contact_email"].strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                r.error("contact_email", gettext("Enter a valid e-mail address."))
            if email.lower() in registered:
                r.error("contact_email", gettext("Someone with this e-mail address already has an account."))
            elif email.lower() in waiting:
                r.error("contact_email", gettext("An invitation to this address is already waiting."))
        if len(r.data["contact_name"]) > 100:
            r.error("contact_name", gettext("At most 100 characters."))
        lang = r.data["contact_language"].strip().lower()
        if lang and lang not in languages:
            r.error("contact_language", gettext("Unknown language."))
        r.data["contact_language"] = languages.get(lang, "") if lang else ""


def check(rows: list[ParsedRow]) -> None:
    check_emails(rows)
    _check_contacts(rows)
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
    contact_email = data.get("contact_email", "").strip()
    Enterprise.objects.create(
        organization=org, segment=data["segment"], staff_count=int(data["staff_count"]),
        credit_code=data.get("credit_code", ""), address=data.get("address", ""),
        contact_name=data.get("contact_name", ""), contact_email=contact_email,
    )
    if contact_email:
        # The contact administers the new enterprise's people; the e-mail leaves when the import commits.
        invitation_create(by=None, email=contact_email, organization=org, display_name=data.get("contact_name", ""),
                          role=Role.ENTERPRISE, is_org_admin=True, language=data.get("contact_language", ""))


IMPORT_SPECS = [ImportSpec("enterprises", _("Enterprises"), COLUMNS, check=check, write=write)]
