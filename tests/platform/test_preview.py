"""In-browser preview of uploads (core.uploads.serve_file with ``inline``), through the access-checking views.

Inline only for a PDF or a PNG/JPEG/GIF/WebP image recognised by its bytes; anything else, whatever its
name, is a download of application/octet-stream. Every file answer says nosniff and carries a policy of
its own (nothing loads, nothing runs). The scope is the download's: another tenant gets 404.
"""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.uploads import previewable_name
from tests.internships.factories import PDF_BYTES, ApplicationFactory, PostingFactory

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89" \
      b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64 + b"\xff\xd9"
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00" \
      b"\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88\xfe\x07\x00"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'
DOCX_LIKE = b"PK\x03\x04" + b"\x00" * 60


def _cv(enterprise_org, student, name: str, content: bytes):
    posting = PostingFactory(enterprise=enterprise_org)
    return ApplicationFactory(posting=posting, student=student, cv=SimpleUploadedFile(name, content))


def _get(client, application, inline=True):
    url = reverse("internships:application_cv", args=[application.pk])
    return client.get(url, {"inline": "1"} if inline else {})


@pytest.mark.django_db
class TestPreview:
    @pytest.mark.parametrize(("name", "content", "mime"), [
        ("cv.pdf", PDF_BYTES, "application/pdf"),
        ("photo.png", PNG, "image/png"),
        ("photo.jpg", JPEG, "image/jpeg"),
        ("photo.gif", GIF, "image/gif"),
        ("photo.webp", WEBP, "image/webp"),
    ])
    def test_pdf_and_images_are_shown_inline_with_their_type(self, web, enterprise_user, enterprise_org, student,
                                                              name, content, mime):
        r = _get(web.login_as(enterprise_user), _cv(enterprise_org, student, name, content))
        assert r.status_code == 200
        assert r["Content-Type"] == mime
        assert r["Content-Disposition"].startswith("inline")
        assert r["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'none'" in r["Content-Security-Policy"]
        assert b"".join(r.streaming_content) == content

    def test_an_image_preview_is_also_sandboxed(self, web, enterprise_user, enterprise_org, student):
        r = _get(web.login_as(enterprise_user), _cv(enterprise_org, student, "p.png", PNG))
        assert r["Content-Security-Policy"].endswith("sandbox")

    @pytest.mark.parametrize(("name", "content"), [
        ("cv.pdf", HTML),  # a page disguised as a PDF
        ("cv.pdf", SVG),  # an SVG (scripts) disguised as a PDF
        ("photo.png", SVG),
        ("cv.pdf", DOCX_LIKE),
        ("notes.txt", b"plain text"),
    ])
    def test_anything_else_stays_a_download_of_octet_stream(self, web, enterprise_user, enterprise_org, student,
                                                            name, content):
        r = _get(web.login_as(enterprise_user), _cv(enterprise_org, student, name, content))
        assert r.status_code == 200
        assert r["Content-Type"] == "application/octet-stream"
        assert r["Content-Disposition"].startswith("attachment")
        assert r["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in r["Content-Security-Policy"]

    def test_without_inline_a_pdf_is_still_a_download(self, web, enterprise_user, enterprise_org, student):
        r = _get(web.login_as(enterprise_user), _cv(enterprise_org, student, "cv.pdf", PDF_BYTES), inline=False)
        assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
        assert r["X-Content-Type-Options"] == "nosniff"

    def test_another_tenant_gets_404(self, web, other_enterprise_user, enterprise_org, student):
        application = _cv(enterprise_org, student, "cv.pdf", PDF_BYTES)
        assert _get(web.login_as(other_enterprise_user), application).status_code == 404

    def test_the_applications_page_offers_a_preview_of_a_pdf(self, web, enterprise_user, enterprise_org, student):
        application = _cv(enterprise_org, student, "cv.pdf", PDF_BYTES)
        body = web.login_as(enterprise_user).get(reverse("internships:application_list")).content.decode()
        assert reverse("internships:application_cv", args=[application.pk]) + "?inline=1" in body


def test_which_names_get_a_preview_link():
    assert all(previewable_name(n) for n in ("a.pdf", "B.PDF", "c.png", "d.jpeg", "e.jpg", "f.gif", "g.webp"))
    assert not any(previewable_name(n) for n in ("a.docx", "b.svg", "c.html", "d.xlsx", "", None))
