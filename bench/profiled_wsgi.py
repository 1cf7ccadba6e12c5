"""The platform's WSGI application with a sampling profiler, for ``bench/load.py --profile`` only.

    BENCH_PROFILE_DIR=/tmp/prof gunicorn bench.profiled_wsgi:application ...   # bench/load.py starts it itself

Requests that carry the header ``X-Bench-Profile: 1`` (the load client sends it in its profile phase only) are
profiled in two ways, both cheap enough to leave the ceiling close to the unprofiled one:

- **SQL vs Python per request.** ``connection.execute_wrapper`` adds up the time spent in the database driver's
  ``execute`` (PostgreSQL's work and the round trip; psycopg2 fetches the whole result there) and counts the
  statements, and a wrapper of redis-py's ``execute_command`` and pipeline ``execute`` does the same for the
  cache, sessions and Celery messages; the response carries them in a ``Server-Timing`` header (``app`` = the
  whole request in the worker, ``sql``, ``n`` = statements, ``redis``, ``r`` = Redis commands), which the
  client adds up per role and kind.
- **Where the Python time goes.** One thread per worker samples the stacks of the threads that are inside a
  profiled request every ``BENCH_PROFILE_INTERVAL`` seconds (default 0.005) with ``sys._current_frames()``:
  wall-clock samples, so a thread waiting for PostgreSQL shows in the database driver's frame and a thread
  waiting for the GIL held by the worker's other threads shows where it stopped. Each worker writes its
  counts (leaf function = self, every function on the stack = cumulative, leaf package) to
  ``$BENCH_PROFILE_DIR/worker-<pid>.json`` every few seconds and at exit; bench/load.py merges them.

A sampler rather than cProfile or a per-request pyinstrument: it sees all the request threads of a worker at
once, costs one stack walk per sample instead of a hook on every call (cProfile doubles a request's time and
distorts the ratio of cheap to expensive calls), and needs no new dependency.
"""
from __future__ import annotations

import atexit
import json
import os
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import redis.client
from django.db import connection

from config.wsgi import application as django_application

_DIR = Path(os.environ.get("BENCH_PROFILE_DIR", "/tmp/iei-profile"))  # noqa: S108 (a benchmark's scratch)
_INTERVAL = float(os.environ.get("BENCH_PROFILE_INTERVAL", "0.005"))
_active: set[int] = set()  # thread ids inside a profiled request
_lock = threading.Lock()
_self: Counter = Counter()
_cumulative: Counter = Counter()
_packages: Counter = Counter()
_samples = 0
_requests = 0
_started = False
ROOT = str(Path(__file__).resolve().parent.parent)
_redis_time = threading.local()  # [seconds, commands] of the profiled request running in this thread


def _timed_redis(method):
    def wrapper(*args, **kwargs):
        acc = getattr(_redis_time, "acc", None)
        if acc is None:
            return method(*args, **kwargs)
        t0 = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            acc[0] += time.perf_counter() - t0
            acc[1] += 1
    return wrapper


# A pipeline queues its commands in its own execute_command and sends them in execute (one round trip).
redis.client.Redis.execute_command = _timed_redis(redis.client.Redis.execute_command)
redis.client.Pipeline.execute = _timed_redis(redis.client.Pipeline.execute)


def _where(code) -> str:
    filename = code.co_filename
    if "site-packages/" in filename:
        filename = filename.split("site-packages/", 1)[1]
    elif filename.startswith(ROOT):
        filename = filename[len(ROOT) + 1:]
    return f"{filename}:{code.co_firstlineno} {code.co_name}"


def _package(code) -> str:
    """The leaf frame's library or app: django.db, django.template, rest_framework, psycopg2, internships, ..."""
    filename = code.co_filename
    if "site-packages/" in filename:
        parts = filename.split("site-packages/", 1)[1].split("/")
        return ".".join(parts[:2]) if parts[0] == "django" and len(parts) > 2 else parts[0]
    if filename.startswith(ROOT):
        return filename[len(ROOT) + 1:].split("/", 1)[0]
    return "python:" + Path(filename).stem


def _dump() -> None:
    with _lock:
        data = {"pid": os.getpid(), "samples": _samples, "requests": _requests, "interval": _INTERVAL,
                "self": dict(_self), "cumulative": dict(_cumulative), "packages": dict(_packages)}
    _DIR.mkdir(parents=True, exist_ok=True)
    tmp = _DIR / f".worker-{os.getpid()}.json"
    tmp.write_text(json.dumps(data))
    tmp.replace(_DIR / f"worker-{os.getpid()}.json")


def _sampler() -> None:
    global _samples
    me = threading.get_ident()
    last_dump = time.monotonic()
    while True:
        time.sleep(_INTERVAL)
        if _active:
            frames = sys._current_frames()  # noqa: SLF001 (the documented way to see other threads' stacks)
            with _lock:
                for ident in list(_active):
                    frame = frames.get(ident)
                    if frame is None or ident == me:
                        continue
                    _samples += 1
                    _self[_where(frame.f_code)] += 1
                    _packages[_package(frame.f_code)] += 1
                    seen = set()
                    while frame is not None:
                        key = _where(frame.f_code)
                        if key not in seen:
                            seen.add(key)
                            _cumulative[key] += 1
                        frame = frame.f_back
        if time.monotonic() - last_dump > 3:
            _dump()
            last_dump = time.monotonic()


def _start() -> None:
    global _started
    with _lock:
        if _started:
            return
        _started = True
    threading.Thread(target=_sampler, name="bench-sampler", daemon=True).start()
    atexit.register(_dump)


class _SqlTimer:
    def __init__(self):
        self.seconds = 0.0
        self.statements = 0

    def __call__(self, execute, sql, params, many, context):
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - t0
            self.statements += 1


def application(environ, start_response):
    if environ.get("HTTP_X_BENCH_PROFILE") != "1":
        return django_application(environ, start_response)
    global _requests
    _start()
    ident = threading.get_ident()
    timer = _SqlTimer()
    t0 = time.perf_counter()
    captured: list = []

    def capture(status, headers, exc_info=None):
        captured[:] = [status, list(headers), exc_info]
        return lambda data: None  # Django never calls write(); the body comes back as the iterable

    with _lock:
        _active.add(ident)
        _requests += 1
    _redis_time.acc = redis_acc = [0.0, 0]
    try:
        with connection.execute_wrapper(timer):
            result = django_application(environ, capture)
            try:
                body = b"".join(result)
            finally:
                # Django's response close() fires request_finished (connection and session clean-up).
                if hasattr(result, "close"):
                    result.close()
    finally:
        _redis_time.acc = None
        with _lock:
            _active.discard(ident)
    total = time.perf_counter() - t0
    status, headers, exc_info = captured
    headers.append(("Server-Timing", f"app;dur={total * 1000:.2f}, sql;dur={timer.seconds * 1000:.2f}, "
                                     f"n;dur={timer.statements}, redis;dur={redis_acc[0] * 1000:.2f}, "
                                     f"r;dur={redis_acc[1]}"))
    start_response(status, headers, exc_info)
    return [body]
