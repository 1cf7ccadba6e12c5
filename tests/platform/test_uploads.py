"""The shared upload guard: type by content, size cap, archive bombs, random names, safe serving."""
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from core.uploads import RandomUploadTo, UploadValidator, serve_file

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_pdf_accepted_and_fake_pdf_refused():
    UploadValidator(kinds=("pdf",))(SimpleUploadedFile("a.pdf", PDF))
    with pytest.raises(ValidationError) as exc:
        UploadValidator(kinds=("pdf",))(SimpleUploadedFile("evil.pdf", b"MZ\x90\x00 not a pdf at all"))
    assert exc.value.code == "file_type"


def test_size_cap():
    with pytest.raises(ValidationError) as exc:
        UploadValidator(kinds=("pdf",), max_bytes=10)(SimpleUploadedFile("a.pdf", PDF))
    assert exc.value.code == "file_too_large"


def _zip(entries: int, size: int, prefix: str = "xl/") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(entries):
            zf.writestr(f"{prefix}part{i}.xml", b"0" * size)
    return buf.getvalue()


def test_archive_bomb_refused_by_uncompressed_size(settings):
    data = _zip(3, 90 * 1024 * 1024)  # compresses to a few hundred KB, expands to 270 MB
    with pytest.raises(ValidationError) as exc:
        UploadValidator(kinds=("xlsx",))(SimpleUploadedFile("big.xlsx", data))
    assert exc.value.code == "archive_size"


def test_archive_with_too_many_entries_refused():
    with pytest.raises(ValidationError) as exc:
        UploadValidator(kinds=("xlsx",))(SimpleUploadedFile("many.xlsx", _zip(2100, 1)))
    assert exc.value.code == "archive_entries"


def test_random_names_keep_only_the_extension():
    name = RandomUploadTo("evidence")(None, "../../我的 证明.PDF")
    assert name.startswith("evidence/") and name.endswith(".pdf") and ".." not in name and "证明" not in name


@pytest.mark.django_db
def test_missing_file_is_404_not_500(settings, tmp_path):
    from django.core.files.storage import default_storage
    from django.db.models.fields.files import FieldFile

    class Holder:
        pass

    from funding.models import FundingSource

    field = FundingSource._meta.get_field("document")
    ff = FieldFile(Holder(), field, "nowhere/missing.pdf")
    assert not default_storage.exists("nowhere/missing.pdf")
    with pytest.raises(Http404):
        serve_file(ff)
