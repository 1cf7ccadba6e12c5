"""Uploads: size cap, type checked by content (not by name), archive guards, random stored names.

Use ``validated_upload_field`` validators on FileFields and serve files only through a view that
first loads the owning object from its scoped queryset (``serve_file``).
"""
from __future__ import annotations

import logging
import os
import uuid
import zipfile
from collections.abc import Iterable

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)

try:  # an S3-compatible store (core/storage.py) answers a missing or unreachable object with these
    from botocore.exceptions import BotoCoreError, ClientError

    _STORE_ERRORS: tuple[type[Exception], ...] = (BotoCoreError, ClientError)
except ImportError:  # pragma: no cover - the file system store only
    _STORE_ERRORS = ()

# kind -> (extension, MIME types that content sniffing may report)
KINDS: dict[str, tuple[str, set[str]]] = {
    "pdf": ("pdf", {"application/pdf"}),
    "jpg": ("jpg", {"image/jpeg"}),
    "png": ("png", {"image/png"}),
    "docx": ("docx", {"application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/zip"}),
    "xlsx": ("xlsx", {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/zip"}),
}
DOCUMENT_KINDS = ("pdf", "jpg", "png", "docx", "xlsx")
ARCHIVE_MAX_ENTRIES = 2000
ARCHIVE_MAX_UNCOMPRESSED = 200 * 1024 * 1024


def _sniff_kind(fh) -> str | None:
    pos = fh.tell() if hasattr(fh, "tell") else 0
    head = fh.read(8192)
    fh.seek(pos)
    guess = filetype.guess(head)
    if guess is None:
        return None
    if guess.mime == "application/zip" or guess.extension in ("docx", "xlsx", "zip"):
        try:
            with zipfile.ZipFile(fh) as zf:
                names = zf.namelist()
                if len(names) > ARCHIVE_MAX_ENTRIES:
                    raise ValidationError(_("The file contains too many parts."), code="archive_entries")
                if sum(i.file_size for i in zf.infolist()) > ARCHIVE_MAX_UNCOMPRESSED:
                    raise ValidationError(_("The file expands to an unsafe size."), code="archive_size")
        except zipfile.BadZipFile:
            return None
        finally:
            fh.seek(pos)
        if any(n.startswith("word/") for n in names):
            return "docx"
        if any(n.startswith("xl/") for n in names):
            return "xlsx"
        return None
    for kind, (_ext, mimes) in KINDS.items():
        if guess.mime in mimes:
            return kind
    return None


@deconstructible
class UploadValidator:
    """Refuses files over the size cap or whose content is not one of ``kinds``."""

    def __init__(self, kinds: Iterable[str] = DOCUMENT_KINDS, max_bytes: int | None = None):
        self.kinds = tuple(kinds)
        self.max_bytes = max_bytes

    def __call__(self, value) -> None:
        limit = self.max_bytes or settings.UPLOAD_MAX_BYTES
        if value.size is not None and value.size > limit:
            raise ValidationError(
                _("The file is too large (%(size)s MB); the limit is %(limit)s MB."),
                code="file_too_large",
                params={"size": round(value.size / 1048576, 1), "limit": round(limit / 1048576, 1)},
            )
        fh = value.file if hasattr(value, "file") else value
        kind = _sniff_kind(fh)
        if kind not in self.kinds:
            raise ValidationError(
                _("This type of file is not accepted. Accepted: %(kinds)s."),
                code="file_type",
                params={"kinds": ", ".join(k.upper() for k in self.kinds)},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, UploadValidator) and (self.kinds, self.max_bytes) == (other.kinds, other.max_bytes)


@deconstructible
class RandomUploadTo:
    """Stores an upload under ``<prefix>/<yyyy>/<random>.<ext>`` so names never leak or collide."""

    def __init__(self, prefix: str):
        self.prefix = prefix

    def __call__(self, instance, filename: str) -> str:
        from django.utils import timezone

        ext = os.path.splitext(filename)[1].lower()[:10]
        return f"{self.prefix}/{timezone.now():%Y}/{uuid.uuid4().hex}{ext}"

    def __eq__(self, other) -> bool:
        return isinstance(other, RandomUploadTo) and self.prefix == other.prefix


# What a browser may show in place (preview), by the type sniffed from the bytes. Nothing else is ever
# served inline: HTML, SVG (scripts), XML, text and Office files stay downloads whatever their name says.
PREVIEW_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}
PREVIEW_EXTENSIONS = (".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp")
# A previewed file is a document of its own on this site's origin: it may load nothing, run nothing and
# be framed by nothing. Images are also sandboxed; a PDF is not, because Chromium's PDF viewer refuses
# to render inside a sandboxed document (and a PDF viewer does not run the file's scripts as the site).
PREVIEW_CSP = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; frame-ancestors 'none'; " \
              "base-uri 'none'; form-action 'none'"
DOWNLOAD_CSP = "default-src 'none'; frame-ancestors 'none'; sandbox"
PREVIEW_PARAMETER = "inline"


def inline_requested(request) -> bool:
    """``?inline=1`` on a download page asks for the in-browser preview (granted only to safe types)."""
    return request.GET.get(PREVIEW_PARAMETER) == "1"


def previewable_name(name: str) -> bool:
    """Whether a page should offer a Preview link for this file (the server decides by the bytes)."""
    return str(name or "").lower().endswith(PREVIEW_EXTENSIONS)


def _sniff_preview_type(fh) -> str | None:
    try:
        head = fh.read(8192)
        fh.seek(0)
    except (OSError, ValueError):
        return None
    guess = filetype.guess(head) if head else None
    return guess.mime if guess is not None and guess.mime in PREVIEW_TYPES else None


def serve_file(field_file, *, download_name: str | None = None, inline: bool = False) -> FileResponse:
    """Stream a stored file; callers load the owner through its scoped queryset first.

    With ``inline`` (a Preview link, ``inline_requested(request)``), a PDF or a PNG/JPEG/GIF/WebP image,
    recognised by its bytes, is answered ``Content-Disposition: inline`` with that type; any other file
    is answered as a download of ``application/octet-stream``, so a page disguised as ``.pdf`` is never
    rendered by the browser. Every file answer carries ``nosniff`` and a policy of its own.
    """
    if not field_file:
        raise Http404
    # Streamed through this view from either store, never a redirect to a presigned bucket URL: the
    # preview decision sniffs the bytes, the answer must carry our CSP and nosniff (an object store's
    # presigned answer cannot), and a signed link is a bearer token that outlives the access check
    # in histories, proxies and forwarded messages. See docs/DEPLOYMENT.md "Object storage".
    try:
        fh = field_file.storage.open(field_file.name, "rb")
    except (OSError, *_STORE_ERRORS) as exc:  # missing or unreadable: the record exists, its file does not
        log.error("stored file unavailable: %s (%s)", field_file.name, exc)
        raise Http404 from exc
    name = download_name or os.path.basename(field_file.name)
    if inline:
        mime = _sniff_preview_type(fh)
        if mime is not None:
            response = FileResponse(fh, as_attachment=False, filename=name, content_type=mime)
            response["Content-Security-Policy"] = PREVIEW_CSP + ("; sandbox" if mime.startswith("image/") else "")
        else:
            response = FileResponse(fh, as_attachment=True, filename=name, content_type="application/octet-stream")
            response["Content-Security-Policy"] = DOWNLOAD_CSP
    else:
        response = FileResponse(fh, as_attachment=True, filename=name)
        response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response
