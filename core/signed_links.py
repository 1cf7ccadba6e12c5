"""Signed e-mail links for people without an account (enterprise mentors, enterprise contacts).

A link carries ``purpose``, an object id and a random link id, signed with the SECRET_KEY and
timestamped. It is refused when forged, when older than ``max_age`` days and when it has been
used already (``SignedLinkUse.link_id`` is unique, so two simultaneous uses cannot both pass).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from core.domain import DomainError

from .models import SignedLinkUse

SALT = "iei.signed-link"


class InvalidLink(DomainError):
    status_code = 403
    code = "invalid_link"
    default_message = _("This link is invalid or has expired.")


class UsedLink(DomainError):
    status_code = 410
    code = "link_used"
    default_message = _("This link has already been used.")


@dataclass(frozen=True)
class LinkPayload:
    purpose: str
    object_id: int
    link_id: str


def make_link_token(purpose: str, object_id: int) -> str:
    return signing.dumps({"p": purpose, "o": object_id, "l": secrets.token_urlsafe(12)}, salt=SALT, compress=True)


def read_link_token(token: str, purpose: str, *, max_age_days: int | None = None) -> LinkPayload:
    """Verify signature, age and purpose; does not spend the link."""
    days = max_age_days if max_age_days is not None else settings.IEI["SIGNED_LINK_MAX_AGE_DAYS"]
    try:
        data = signing.loads(token, salt=SALT, max_age=days * 86400)
    except signing.SignatureExpired as exc:
        raise InvalidLink(_("This link has expired.")) from exc
    except signing.BadSignature as exc:
        raise InvalidLink() from exc
    if data.get("p") != purpose:
        raise InvalidLink()
    payload = LinkPayload(purpose=purpose, object_id=int(data["o"]), link_id=str(data["l"]))
    if SignedLinkUse.objects.filter(link_id=payload.link_id).exists():
        raise UsedLink()
    return payload


def spend_link(payload: LinkPayload) -> None:
    """Mark the link used inside the caller's transaction; a concurrent second use fails here."""
    try:
        with transaction.atomic():
            SignedLinkUse.objects.create(link_id=payload.link_id, purpose=payload.purpose, object_id=payload.object_id)
    except IntegrityError as exc:
        raise UsedLink() from exc
