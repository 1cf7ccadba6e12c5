"""Where uploads live: the node's file system (embedded default) or a private S3-compatible bucket.

Settings call ``s3_backend`` when ``S3_BUCKET`` is set, so every web node and worker of a province
shares one store. Nothing here imports Django models: config/settings imports it at start-up.

Files are never handed out by URL. ``core.uploads.serve_file`` streams them through the view that
loaded the owner from its scoped queryset (see docs/DEPLOYMENT.md "Object storage" for why streaming
and not a redirect to a presigned URL).
"""
from __future__ import annotations

S3_BACKEND = "storages.backends.s3.S3Storage"
SPOOL_MAX_MEMORY = 5 * 1024 * 1024


def s3_backend(*, bucket: str, endpoint_url: str = "", access_key: str = "", secret_key: str = "",
               region: str = "", addressing_style: str = "") -> dict:
    """The ``STORAGES["default"]`` entry for a private bucket.

    - ``default_acl: private`` and no public URLs: a leaked object key opens nothing.
    - ``querystring_auth: False``: the app never builds a URL to an object (``MEDIA_URL`` is not served
      and downloads stream through ``serve_file``), so an accidental ``.url`` yields an unsigned address
      the private bucket refuses rather than a working signed link.
    - ``file_overwrite: False``: names are random already (``RandomUploadTo``); should two ever meet,
      the second gets a new name instead of replacing someone else's document.
    - Path-style addressing by default when an endpoint is named (MinIO, moto, most on-premises stores
      have no wildcard DNS for virtual-host buckets).
    """
    options: dict = {
        "bucket_name": bucket,
        "default_acl": "private",
        "querystring_auth": False,
        "file_overwrite": False,
        "signature_version": "s3v4",
        # Reading an object spools it into a temporary file; django-storages' default (0) keeps it all
        # in memory, which a report of a few hundred MB must not do on a web node or worker.
        "max_memory_size": SPOOL_MAX_MEMORY,
    }
    if endpoint_url:
        options["endpoint_url"] = endpoint_url
    if access_key:
        options["access_key"] = access_key
    if secret_key:
        options["secret_key"] = secret_key
    if region:
        options["region_name"] = region
    style = addressing_style or ("path" if endpoint_url else "")
    if style:
        options["addressing_style"] = style
    return {"BACKEND": S3_BACKEND, "OPTIONS": options}

