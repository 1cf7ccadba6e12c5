"""The raw-SQL floor as a web server: what this machine serves when a request is nothing but its SQL.

    gunicorn bench.floor:application -b 127.0.0.1:8301 -w 2 --threads 4     # bench/load.py starts it itself

Each request ``GET /<resource>/?page_size=N`` (weekly-logs, applications, placements, expenditures) runs the
hand-written query of bench/baselines.py (the same page, fields, order and total count as the endpoint as a
college admin sees it) on a plain psycopg2 connection kept per thread, and answers the rows as JSON with the
standard ``json`` module. No Django, no session, no authentication, scoping, middleware or serializer: the floor
that the platform's ceiling is compared with (bench/load.py, "ceiling" scenario). It runs under the same gunicorn
shape (workers x threads) on the same cores as the platform, driven by the same client threads, so the ratio of
the two ceilings is what the framework and the platform's own work cost per request, not a difference of
machines or of HTTP clients.

Totals are kept for ``COUNT_CACHE_SECONDS`` (30 s) per resource, as the platform keeps an expensive total
(core/counting.py): at province scale the ``count(*)`` of six million logs would otherwise make the floor
slower than the platform it is the floor of. Within that time the page query runs without its count.
"""
from __future__ import annotations

import json
import os
import re
import threading
import time
from urllib.parse import parse_qs

import psycopg2

from bench.baselines import CASES

_SQL = {case.resource: case.sql for case in CASES}
# The same query without its total: the scalar count subquery of the baseline becomes NULL.
_COUNT = re.compile(r"\(SELECT count\(\*\) FROM \w+\) AS total")
_SQL_NO_COUNT = {resource: _COUNT.sub("NULL AS total", sql, count=1) for resource, sql in _SQL.items()}
_KEEP_SECONDS = float(os.environ.get("COUNT_CACHE_SECONDS", "30"))
_kept: dict[str, tuple[float, int]] = {}  # resource -> (when counted, total), shared by the worker's threads
_local = threading.local()


def _connection():
    conn = getattr(_local, "conn", None)
    if conn is None or conn.closed:
        # The same database the platform reads (DATABASE_URL), autocommit: each page is one statement.
        conn = _local.conn = psycopg2.connect(os.environ["DATABASE_URL"])
        conn.autocommit = True
    return conn


def page(resource: str, page_size: int) -> bytes:
    hit = _kept.get(resource)
    fresh = hit is not None and time.monotonic() - hit[0] < _KEEP_SECONDS
    with _connection().cursor() as cur:
        cur.execute(_SQL_NO_COUNT[resource] if fresh else _SQL[resource], {"limit": page_size})
        names = [c.name for c in cur.description]
        rows = cur.fetchall()
    if fresh:
        total = hit[1]
    else:
        total = rows[0][0] if rows else 0
        _kept[resource] = (time.monotonic(), total)
    results = [dict(zip(names[1:], row[1:], strict=True)) for row in rows]
    body = {"count": total, "next": None, "previous": None, "results": results}
    return json.dumps(body, default=str, ensure_ascii=False).encode()


def application(environ, start_response):
    resource = environ.get("PATH_INFO", "").strip("/")
    if resource not in _SQL:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"unknown resource"]
    try:
        size = int(parse_qs(environ.get("QUERY_STRING", "")).get("page_size", ["50"])[0])
    except ValueError:
        size = 50
    body = page(resource, max(1, min(size, 200)))
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
