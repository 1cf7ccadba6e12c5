"""Uploads in a private S3-compatible bucket (core/storage.py), against a real S3 HTTP API.

The test starts moto's S3 server in a process of its own on a free port, creates a bucket and switches
``STORAGES["default"]`` to it with the same ``s3_backend`` the settings use when ``S3_BUCKET`` is set.
Files still go out only through the access-checking views (streamed by ``serve_file``): another tenant
gets 404, the inline preview rules hold, nothing is written to the node's disk. If the server cannot
start, the tests fail (they are never skipped).
"""
import datetime as dt
import io
import json
import os
import socket
import subprocess
import sys
import time
import uuid

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.storage import S3_BACKEND, s3_backend
from reports.choices import JobStatus
from reports.models import ReportJob
from reports.services import expire_results, export_request, job_run
from tests.internships.factories import PDF_BYTES, ApplicationFactory, PostingFactory
from tests.partnerships.conftest import make_agreement  # noqa: F401  (the fixture, used below)

KEY, SECRET, REGION = "iei-test-key", "iei-test-secret", "us-east-1"
HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"the S3-compatible test server did not start: {proc.stderr.read().decode()[-2000:]}")
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}"
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    """A fresh private bucket as the default storage; returns (boto3 client, bucket name)."""
    client = boto3.client("s3", endpoint_url=s3_endpoint, aws_access_key_id=KEY, aws_secret_access_key=SECRET,
                          region_name=REGION)
    name = f"iei-{uuid.uuid4().hex[:12]}"
    client.create_bucket(Bucket=name)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": s3_backend(
        bucket=name, endpoint_url=s3_endpoint, access_key=KEY, secret_key=SECRET, region=REGION,
    )}
    return client, name


def _keys(client, name: str) -> list[str]:
    return [o["Key"] for o in client.list_objects_v2(Bucket=name).get("Contents", [])]


def _body(client, name: str, key: str) -> bytes:
    return client.get_object(Bucket=name, Key=key)["Body"].read()


def _nothing_on_disk(settings) -> bool:
    root = settings.MEDIA_ROOT
    return not os.path.exists(root) or not any(files for _d, _s, files in os.walk(root))


# --- Settings: the switch is the environment's ----------------------------------------------------

def _storages_with(env_extra: dict) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("S3_")} | env_extra
    code = "import django, json; django.setup(); from django.conf import settings; " \
           "print(json.dumps(settings.STORAGES['default']))"
    out = subprocess.run([sys.executable, "-c", code], env=env | {"DJANGO_SETTINGS_MODULE": "config.settings.test"},
                         capture_output=True, text=True, check=True, timeout=120)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_the_file_system_stays_the_default_and_s3_bucket_switches_to_a_private_bucket():
    assert _storages_with({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    entry = _storages_with({"S3_BUCKET": "uploads", "S3_ENDPOINT_URL": "http://minio:9000",
                            "S3_ACCESS_KEY_ID": "k", "S3_SECRET_ACCESS_KEY": "s", "S3_REGION": "cn-north-1"})
    assert entry["BACKEND"] == S3_BACKEND
    opts = entry["OPTIONS"]
    assert opts["bucket_name"] == "uploads" and opts["endpoint_url"] == "http://minio:9000"
    assert (opts["access_key"], opts["secret_key"], opts["region_name"]) == ("k", "s", "cn-north-1")
    assert opts["default_acl"] == "private"
    assert opts["querystring_auth"] is False and opts["file_overwrite"] is False
    assert opts["addressing_style"] == "path"
    assert opts["max_memory_size"] == 5 * 1024 * 1024  # large objects spool to disk, not memory


# --- Uploads through the real API land in the bucket; downloads go through the view -------------

@pytest.mark.django_db
def test_an_agreement_scan_uploaded_through_the_api_is_a_private_object_served_only_through_the_view(
        bucket, settings, make_agreement, api_admin, api_enterprise, api_other_enterprise):  # noqa: F811
    client, name = bucket
    a = make_agreement()
    up = SimpleUploadedFile("协议.pdf", PDF_BYTES, content_type="application/pdf")
    r = api_admin.post(f"/api/v1/agreements/{a.pk}/documents/", {"kind": "draft", "title": "协议文本", "file": up},
                       format="multipart")
    assert r.status_code == 201, r.content
    keys = _keys(client, name)
    assert len(keys) == 1 and keys[0].startswith("agreements/") and keys[0].endswith(".pdf")
    assert _body(client, name, keys[0]) == PDF_BYTES
    assert _nothing_on_disk(settings)
    # Private: only the owner holds a grant, nobody "AllUsers"/"AuthenticatedUsers".
    grants = client.get_object_acl(Bucket=name, Key=keys[0])["Grants"]
    assert grants and all(g["Grantee"].get("Type") == "CanonicalUser" for g in grants)

    download = f"/api/v1/agreements/{a.pk}/documents/{r.json()['id']}/download/"
    dl = api_enterprise.get(download)
    assert dl.status_code == 200 and b"".join(dl.streaming_content) == PDF_BYTES
    assert dl["Content-Disposition"].startswith("attachment") and dl["X-Content-Type-Options"] == "nosniff"
    assert "Location" not in dl  # streamed, never a redirect to the bucket
    assert api_other_enterprise.get(download).status_code == 404


def _cv(enterprise_org, student, filename: str, content: bytes):
    return ApplicationFactory(posting=PostingFactory(enterprise=enterprise_org), student=student,
                              cv=SimpleUploadedFile(filename, content))


@pytest.mark.django_db
def test_inline_preview_rules_hold_for_files_in_the_bucket(bucket, web, enterprise_user, other_enterprise_user,
                                                           enterprise_org, student):
    client, name = bucket
    pdf = _cv(enterprise_org, student, "cv.pdf", PDF_BYTES)
    disguised = _cv(enterprise_org, student, "cv.pdf", HTML)
    assert {k.split("/")[0] for k in _keys(client, name)} == {"internships"} and len(_keys(client, name)) == 2

    def get(application):
        return web.get(reverse("internships:application_cv", args=[application.pk]), {"inline": "1"})

    web.login_as(enterprise_user)
    r = get(pdf)
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("inline") and "default-src 'none'" in r["Content-Security-Policy"]
    assert b"".join(r.streaming_content) == PDF_BYTES
    r = get(disguised)
    assert r.status_code == 200 and r["Content-Type"] == "application/octet-stream"
    assert r["Content-Disposition"].startswith("attachment") and "sandbox" in r["Content-Security-Policy"]
    assert b"".join(r.streaming_content) == HTML

    web.login_as(other_enterprise_user)
    assert get(pdf).status_code == 404


@pytest.mark.django_db
def test_an_object_gone_from_the_bucket_is_404_not_500(bucket, web, enterprise_user, enterprise_org, student):
    client, name = bucket
    application = _cv(enterprise_org, student, "cv.pdf", PDF_BYTES)
    client.delete_object(Bucket=name, Key=application.cv.name)
    web.login_as(enterprise_user)
    assert web.get(reverse("internships:application_cv", args=[application.pk])).status_code == 404


# --- Report jobs: the result goes to the bucket, downloads, and expiry removes the object ---------

@pytest.mark.django_db
def test_a_report_jobs_file_goes_to_the_bucket_downloads_and_expiry_deletes_the_object(
        bucket, settings, web, admin_user, enterprise_org):
    client, name = bucket
    job = export_request(user=admin_user, spec_name="enterprises", columns=["name"], file_format="csv",
                         language="en")
    assert job_run(job.pk) == JobStatus.DONE, ReportJob.objects.get(pk=job.pk).failure_reason
    job.refresh_from_db()
    keys = _keys(client, name)
    assert keys == [job.result.name] and keys[0].startswith("reports/results/")
    assert _nothing_on_disk(settings)

    web.login_as(admin_user)
    r = web.get(reverse("reports:job_download", args=[job.pk]))
    assert r.status_code == 200
    content = b"".join(r.streaming_content)
    assert content == _body(client, name, keys[0]) and "甲公司".encode() in content

    assert expire_results(now=timezone.now() + dt.timedelta(days=365)) == 1
    assert _keys(client, name) == []
    job.refresh_from_db()
    assert job.status == JobStatus.EXPIRED and not job.result
    # An expired job's download sends back to the job page (reports.views.job_download), no file.
    assert web.get(reverse("reports:job_download", args=[job.pk])).status_code == 302


@pytest.mark.django_db
def test_an_import_reads_its_upload_from_the_bucket(bucket, api_admin, department):
    """The import job (and its confirmation's copy) read the upload with ``.open()``, never ``.path``."""
    from django.utils import translation
    from openpyxl import Workbook

    from accounts.models import User
    from reports.imports import PEOPLE_COLUMNS

    client, name = bucket
    with translation.override("zh-hans"):
        header = [str(c.label) for c in PEOPLE_COLUMNS["students"]]
    wb = Workbook()
    for row in (header, ["s901", "王小明", "2024901", "影视系", ""]):
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    up = SimpleUploadedFile("people.xlsx", buf.getvalue(),
                            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    r = api_admin.post("/api/v1/reports/", {"kind": "import", "target": "students", "source": up, "dry_run": True,
                                            "language": "en"}, format="multipart")
    assert r.status_code in (201, 202), r.content
    job_id = r.json()["id"]
    assert [k.split("/")[:2] for k in _keys(client, name)] == [["reports", "imports"]]
    assert job_run(job_id) == JobStatus.DONE, ReportJob.objects.get(pk=job_id).failure_reason
    confirmed = api_admin.post(f"/api/v1/reports/{job_id}/confirm/")
    assert confirmed.status_code == 202
    assert len(_keys(client, name)) == 2  # the confirmation's own copy, in the bucket too
    assert job_run(confirmed.json()["id"]) == JobStatus.DONE
    assert User.objects.filter(username="s901", student_no="2024901").exists()


@pytest.mark.django_db
def test_an_unreachable_store_is_404_not_500(bucket, settings, web, enterprise_user, enterprise_org, student):
    from botocore.config import Config

    application = _cv(enterprise_org, student, "cv.pdf", PDF_BYTES)
    dead = s3_backend(bucket=bucket[1], endpoint_url=f"http://127.0.0.1:{_free_port()}", access_key=KEY,
                      secret_key=SECRET, region=REGION)
    dead["OPTIONS"]["client_config"] = Config(retries={"max_attempts": 1}, connect_timeout=1)
    settings.STORAGES = {**settings.STORAGES, "default": dead}
    web.login_as(enterprise_user)
    assert web.get(reverse("internships:application_cv", args=[application.pk])).status_code == 404
