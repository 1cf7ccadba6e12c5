"""The service worker of the pages that keep working without network (static/js/sw.js), served per set of pages.

One worker file serves every such set: the check-in pages (attendance) and the student's placement pages
with the weekly log form (internships). Each app serves it from a view under the pages it controls (a
worker controls only the paths below its own address, or below ``Service-Worker-Allowed``), naming its
caches, its scope, the files kept from the start and the page shown when a page was never kept.
"""
from __future__ import annotations

import json
from collections.abc import Iterable

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.templatetags.static import static


def service_worker(*, name: str, scope: str, precache: Iterable[str], offline: str = "",
                   allowed: bool = False) -> HttpResponse:
    """static/js/sw.js with its values filled in.

    ``name`` prefixes the worker's caches (two sets of pages never clear each other's); ``precache``
    lists the URLs of the app shell kept at install (static files by ``static()``, pages by ``reverse()``);
    ``offline`` is the page shown for a page never kept (empty: the browser's own error); ``allowed`` sends
    ``Service-Worker-Allowed: <scope>`` for a worker served outside the path it controls.
    """
    path = finders.find("js/sw.js")
    if path is None:  # pragma: no cover - the file ships with the project
        raise Http404
    with open(path, encoding="utf-8") as fh:
        body = fh.read()
    values = {"__NAME__": name, "__SCOPE__": scope, "__STATIC__": static(""), "__OFFLINE__": offline,
              "__SHELL__": json.dumps(list(precache))}
    for placeholder, value in values.items():
        body = body.replace(placeholder, value)
    response = HttpResponse(body, content_type="application/javascript; charset=utf-8")
    if allowed:
        response["Service-Worker-Allowed"] = scope
    response["Cache-Control"] = "no-cache"
    return response
