"""Personal data (national ID and phone numbers) is masked for everyone; a college admin may reveal a
full value, and each reveal is recorded (who, whose, which field, when).

Every page, API response and export shows ``mask_*`` output; only ``reveal`` returns a full value.
"""
from __future__ import annotations

from django.db import transaction

from core.domain import DomainError

from .models import PersonalDataReveal, User
from .policy import access_for

REVEALABLE_FIELDS = ("national_id", "phone")


def mask_national_id(value: str) -> str:
    """Keep the region prefix and the check character: 110105********123X."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """138****5678, the form Chinese services use."""
    if not value:
        return ""
    digits = value.strip()
    if len(digits) < 7:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 7) + digits[-4:]


MASKERS = {"national_id": mask_national_id, "phone": mask_phone}


def masked(user: User, field: str) -> str:
    return MASKERS[field](getattr(user, field) or "")


class RevealNotAllowed(DomainError):
    status_code = 403
    code = "reveal_not_allowed"


@transaction.atomic
def reveal(*, actor, subject: User, field: str, reason: str = "") -> str:
    """Return the full value and record the reveal; only college admins may reveal."""
    if field not in REVEALABLE_FIELDS:
        raise ValueError(field)
    if not access_for(actor).is_college_admin:
        raise RevealNotAllowed()
    PersonalDataReveal.objects.create(actor=actor, subject=subject, field=field, reason=reason[:200])
    return getattr(subject, field) or ""
