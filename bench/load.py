"""Load test: concurrent logged-in users against gunicorn on loopback (a benchmark, never run by pytest).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/iei_bench10 REDIS_URL=redis://127.0.0.1:6379/11
    python -m bench.load --serve --worker --users 100 --duration 60 --profile --out bench/results/load-100

``--serve`` starts gunicorn itself (``config.wsgi``, DEBUG off, 127.0.0.1 only, ``--workers`` x ``--threads``)
on the database of ``DATABASE_URL`` and stops it at the end, and for the "ceiling" scenario the raw-SQL floor
server (bench/floor.py) with the same shape on the next port; ``--worker`` also starts a Celery worker (one
process) for the queues a request feeds (events, e-mail, webhooks, reports), so exports finish and events are
delivered as in production. Without ``--serve`` the script drives servers already listening at ``--base-url``
(and ``--floor-url``).

Users. ``--users`` virtual users, each a thread with its own session, logged in through the login form (real
session cookie, CSRF included): 10 % college admins (bench-admin, bench-admin-2 ... -10), 20 % teachers, 20 %
enterprise staff, 50 % students (bench/generate.py creates them all). The accounts are picked in the database
(``--database-url``, default ``DATABASE_URL``) so that their journeys have work to do: students with an active
placement, the teachers who mentor the most logs awaiting review, the staff of the enterprises with the most
applications awaiting an answer; without a database connection the generator's first names of each role.

Scenarios (``--scenarios``, each after ``--warmup`` seconds of unrecorded load, ``--duration`` seconds):

- ``journeys`` (the province load): every user repeats its role's journey, each step one request of a kind,
  ``page`` (an HTML page), ``api`` (a JSON read) or ``write`` (a POST or PATCH that changes the data):
  students read their dashboard, placement and logs, write the log of the next week not written yet (or edit
  their latest log awaiting review when every week so far is written) and apply to a published posting they
  have not applied to; enterprise staff list the applications awaiting an answer and shortlist or reject one
  (the step endpoints), read placements and logs; teachers list the logs awaiting their review and review
  one; admins read the dashboard, KPI trends, lists and pages, and start an export job (placements of one
  enterprise, CSV) that they poll until it is finished before starting another (at most one every 15 s).
  Writes are bounded (one per journey) and pick rows in the right state, so a repeated run keeps working;
  a 409 (another user moved the row first, a duplicate) is counted apart from errors. Errors: a status other
  than the step's expected ones, or a failed connection.
- ``ceiling``: the closed-loop ceiling against the raw-SQL floor, in the same run: every user, as a college
  admin, requests the three largest lists (weekly logs, applications, placements, page size 50) round-robin
  with no think time, first from the platform, then from the floor server (bench/floor.py: the same pages
  as one hand-written query each, psycopg2 and ``json``, no framework), same threads, same gunicorn shape.
  The ratio floor/platform of requests per second is what the platform's work per request costs.
- ``api`` and ``pages``: the earlier rounds' read-only scenarios (the lists and pages each role lives in); run
  alone with at most 20 users they keep the earlier rounds' accounts (3 sessions of bench-admin, 5 teachers,
  8 students, 4 enterprise staff), so their figures compare with those rounds'.

``--think S`` waits S seconds after each response (``journeys``, ``api``, ``pages``; 0, the default, is a
closed loop: the throughput is the server's ceiling for that mix); ``--think A:B`` waits a time drawn
uniformly between A and B seconds (each user its own seeded draws), people reading a page for a few seconds
rather than all at the same beat; with a think time each user's first request of a phase comes after a wait
drawn between 0 and B, so the users arrive spread over one reading time instead of all at once.
``--profile`` adds a closed-loop journeys
phase against the platform served by bench/profiled_wsgi.py: the SQL vs Python time of every request
(``Server-Timing``) per role and kind, and a sampling profile of the workers (top functions by self and
cumulative samples, and by package), written to ``load.md``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-pass-2026"
TARGET_P95_MS = 150.0
ROLES = ("admin", "teacher", "enterprise", "student")
# Of 100 users: 10 admins, 20 teachers, 20 enterprise staff, 50 students.
ROLE_SHARE = {"admin": 0.1, "teacher": 0.2, "enterprise": 0.2, "student": 0.5}
ADMINS = ["bench-admin"] + [f"bench-admin-{i}" for i in range(2, 11)]
# The earlier rounds' 20 users (3 sessions of bench-admin, 5 teachers, 8 students, 4 enterprise staff): the "api"
# and "pages" scenarios alone with at most 20 users keep them, so their figures compare with those rounds'.
LEGACY_ACCOUNTS = (
    [("admin", "bench-admin")] * 3
    + [("teacher", f"bench-teacher-{i}") for i in range(1, 6)]
    + [("student", f"bench-student-{i}") for i in range(1, 9)]
    + [("enterprise", f"bench-enterprise-{i}") for i in range(1, 5)]
)

SCENARIOS = {
    # The lists each role lives in, through the REST API (page size 50, as a client would page).
    "api": {
        "admin": ["/api/v1/applications/?page_size=50", "/api/v1/placements/?page_size=50",
                  "/api/v1/weekly-logs/?page_size=50", "/api/v1/postings/?page_size=50",
                  "/api/v1/agreements/?page_size=50", "/api/v1/enterprises/?page_size=50"],
        "teacher": ["/api/v1/placements/?page_size=50", "/api/v1/weekly-logs/?page_size=50",
                    "/api/v1/postings/?page_size=50"],
        "student": ["/api/v1/postings/?page_size=50", "/api/v1/applications/?page_size=50",
                    "/api/v1/weekly-logs/?page_size=50"],
        "enterprise": ["/api/v1/postings/?page_size=50", "/api/v1/applications/?page_size=50",
                       "/api/v1/placements/?page_size=50", "/api/v1/weekly-logs/?page_size=50"],
    },
    # The main HTML pages of each role (the dashboard and the lists of the navigation).
    "pages": {
        "admin": ["/", "/internships/applications/", "/internships/placements/", "/internships/postings/",
                  "/partnerships/agreements/", "/internships/enterprises/"],
        "teacher": ["/", "/internships/placements/", "/internships/logs/", "/internships/postings/"],
        "student": ["/", "/internships/postings/", "/internships/applications/", "/internships/logs/"],
        "enterprise": ["/", "/internships/postings/", "/internships/applications/", "/internships/placements/"],
    },
}
# The lists of the ceiling scenario: the three largest tables, each with its raw-SQL twin in bench/baselines.py.
CEILING_RESOURCES = ["weekly-logs", "applications", "placements"]


# --- statistics ---------------------------------------------------------------------------------------------

@dataclass
class Stats:
    times: list[float] = field(default_factory=list)
    errors: int = 0
    conflicts: int = 0
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    # A request that got no answer (status 0): what the client raised, so that a report tells a refused or reset
    # connection from a timeout.
    failures: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    server_ms: list[float] = field(default_factory=list)  # --profile: Server-Timing app, sql, statements
    sql_ms: list[float] = field(default_factory=list)
    statements: list[int] = field(default_factory=list)
    redis_ms: list[float] = field(default_factory=list)
    redis_commands: list[int] = field(default_factory=list)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))] if ordered else 0.0


class Recorder:
    """Per (role, kind, name) timings, shared by the user threads."""

    def __init__(self):
        self.stats: dict[tuple[str, str, str], Stats] = defaultdict(Stats)
        self.lock = threading.Lock()
        self.recording = True

    def add(self, key: tuple[str, str, str], ms: float, code: int, ok: bool, timing: str = "",
            failure: str = "") -> None:
        if not self.recording:
            return
        with self.lock:
            st = self.stats[key]
            st.times.append(ms)
            st.statuses[code] += 1
            if failure:
                st.failures[failure] += 1
            if code == 409:
                st.conflicts += 1
            elif not ok:
                st.errors += 1
            if timing:
                parts = dict(re.findall(r"(\w+);dur=([\d.]+)", timing))
                if "app" in parts:
                    st.server_ms.append(float(parts["app"]))
                    st.sql_ms.append(float(parts.get("sql", 0)))
                    st.statements.append(int(float(parts.get("n", 0))))
                    st.redis_ms.append(float(parts.get("redis", 0)))
                    st.redis_commands.append(int(float(parts.get("r", 0))))


def _row(label: dict, times: list[float], errors: int, conflicts: int, elapsed: float) -> dict:
    return {**label, "requests": len(times), "errors": errors, "conflicts": conflicts,
            "p50_ms": statistics.median(times) if times else 0.0, "p95_ms": percentile(times, 0.95),
            "max_ms": max(times) if times else 0.0, "per_s": len(times) / elapsed if elapsed else 0.0}


def summarise(name: str, stats: dict[tuple[str, str, str], Stats], elapsed: float) -> dict:
    rows = [{**_row({"role": role, "kind": kind, "path": path}, st.times, st.errors, st.conflicts, elapsed),
             "statuses": {str(k): v for k, v in sorted(st.statuses.items())},
             "failures": dict(sorted(st.failures.items()))}
            for (role, kind, path), st in sorted(stats.items())]
    groups: dict[tuple[str, str], list[Stats]] = defaultdict(list)
    for (role, kind, _path), st in stats.items():
        groups[(role, kind)].append(st)
        groups[(role, "all")].append(st)
        groups[("all", kind)].append(st)
    by_role_kind = []
    for (role, kind), sts in sorted(groups.items()):
        times = [t for st in sts for t in st.times]
        by_role_kind.append(_row({"role": role, "kind": kind}, times, sum(s.errors for s in sts),
                                 sum(s.conflicts for s in sts), elapsed))
    every = [t for st in stats.values() for t in st.times]
    total = _row({}, every, sum(st.errors for st in stats.values()), sum(st.conflicts for st in stats.values()),
                 elapsed)
    total["seconds"] = elapsed
    split = []
    for (role, kind), sts in sorted(groups.items()):
        server = [t for st in sts for t in st.server_ms]
        if server:
            sql = [t for st in sts for t in st.sql_ms]
            n = [t for st in sts for t in st.statements]
            rd = [t for st in sts for t in st.redis_ms]
            rn = [t for st in sts for t in st.redis_commands]
            mean = statistics.mean
            split.append({"role": role, "kind": kind, "requests": len(server),
                          "server_ms": mean(server), "sql_ms": mean(sql), "redis_ms": mean(rd),
                          "python_ms": mean(server) - mean(sql) - mean(rd),
                          "sql_share": sum(sql) / sum(server) if sum(server) else 0.0,
                          "statements": mean(n), "redis_commands": mean(rn)})
    return {"scenario": name, "rows": rows, "by_role_kind": by_role_kind, "total": total, "split": split}


# --- sessions and accounts ----------------------------------------------------------------------------------

def login(base: str, username: str) -> requests.Session:
    s = requests.Session()
    page = s.get(f"{base}/accounts/login/", timeout=60)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if not token:
        raise RuntimeError(f"no CSRF token on the login page (HTTP {page.status_code})")
    r = s.post(f"{base}/accounts/login/", data={"username": username, "password": PASSWORD,
                                                "csrfmiddlewaretoken": token.group(1)},
               headers={"Referer": f"{base}/accounts/login/"}, allow_redirects=False, timeout=60)
    if r.status_code != 302:
        raise RuntimeError(f"login of {username} failed: HTTP {r.status_code}")
    # DRF's session authentication checks CSRF on writes: the token Django rotated at login.
    s.headers["X-CSRFToken"] = s.cookies.get("csrftoken", "")
    s.headers["Referer"] = f"{base}/"
    return s


def role_counts(users: int) -> dict[str, int]:
    """Users per role by ROLE_SHARE, largest remainders first, every role at least one from 4 users."""
    exact = {r: users * ROLE_SHARE[r] for r in ROLES}
    counts = {r: int(exact[r]) for r in ROLES}
    if users >= len(ROLES):
        for r in ROLES:
            counts[r] = max(1, counts[r])
    for r in sorted(ROLES, key=lambda r: exact[r] - counts[r], reverse=True):
        if sum(counts.values()) >= users:
            break
        counts[r] += 1
    while sum(counts.values()) > users:
        counts[max(counts, key=counts.get)] -= 1
    return counts


def pick_accounts(counts: dict[str, int], database_url: str | None) -> dict[str, list[str]]:
    """Usernames per role whose journeys find work: see the module docstring."""
    fallback = {
        "admin": ADMINS,
        "teacher": [f"bench-teacher-{i}" for i in range(1, counts["teacher"] + 1)],
        "enterprise": [f"bench-enterprise-{i}" for i in range(1, counts["enterprise"] + 1)],
        "student": [f"bench-student-{i}" for i in range(1, counts["student"] + 1)],
    }
    if not database_url:
        return fallback
    import psycopg2

    queries = {
        "admin": ("SELECT u.username FROM accounts_user u JOIN accounts_membership m ON m.user_id = u.id "
                  "WHERE m.role = 'college_admin' AND m.is_active AND u.is_active AND u.username LIKE 'bench-admin%%' "
                  "ORDER BY u.id LIMIT %(n)s"),
        # The mentors of the most logs awaiting review (the generator's Zipf ranks put bench-teacher-1 first).
        "teacher": ("SELECT u.username FROM internships_weeklylog l "
                    "JOIN internships_placement p ON p.id = l.placement_id "
                    "JOIN accounts_user u ON u.id = p.school_mentor_id "
                    "WHERE l.status = 'submitted' AND u.is_active "
                    "GROUP BY u.id, u.username ORDER BY count(*) DESC, u.id LIMIT %(n)s"),
        # One user per enterprise first (the enterprises with the most applications awaiting an answer).
        "enterprise": ("WITH e AS (SELECT p.enterprise_id, count(*) AS waiting FROM internships_application a "
                       "JOIN internships_posting p ON p.id = a.posting_id "
                       "WHERE a.status IN ('submitted', 'shortlisted') "
                       "GROUP BY p.enterprise_id ORDER BY waiting DESC LIMIT %(n)s) "
                       "SELECT u.username FROM e JOIN accounts_membership m ON m.organization_id = e.enterprise_id "
                       "AND m.role = 'enterprise' AND m.is_active JOIN accounts_user u ON u.id = m.user_id "
                       "AND u.is_active ORDER BY row_number() OVER (PARTITION BY e.enterprise_id ORDER BY u.id), "
                       "e.waiting DESC, u.id LIMIT %(n)s"),
        # Students with an active placement (they write logs), those with a week begun and not written yet
        # first (a repeated run takes the next ones), then by rank.
        "student": ("SELECT u.username FROM internships_placement p JOIN accounts_user u ON u.id = p.student_id "
                    "WHERE p.status = 'active' AND u.is_active AND u.username LIKE 'bench-student-%%' "
                    "ORDER BY LEAST((p.end_date - p.start_date) / 7 + 1, (CURRENT_DATE - p.start_date) / 7 + 1) "
                    "> (SELECT count(*) FROM internships_weeklylog l WHERE l.placement_id = p.id) DESC, u.id "
                    "LIMIT %(n)s"),
    }
    chosen: dict[str, list[str]] = {}
    try:
        conn = psycopg2.connect(database_url)
    except psycopg2.Error as exc:
        print(f"accounts: no database connection ({exc.__class__.__name__}), using the generator's first names")
        return fallback
    try:
        with conn.cursor() as cur:
            for role, sql in queries.items():
                cur.execute(sql, {"n": max(1, counts[role])})
                chosen[role] = [r[0] for r in cur.fetchall()] or fallback[role]
    finally:
        conn.close()
    return chosen


def assign(counts: dict[str, int], accounts: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(role, username) per user, interleaved so that every role starts at once; an account is reused
    (another session of the same person) when a role has more users than accounts."""
    per_role = {r: [accounts[r][i % len(accounts[r])] for i in range(counts[r])] for r in ROLES}
    out: list[tuple[str, str]] = []
    while any(per_role.values()):
        for r in ROLES:
            if per_role[r]:
                out.append((r, per_role[r].pop(0)))
    return out


# --- journeys -----------------------------------------------------------------------------------------------

class Stop(Exception):
    """The scenario's time is up."""


class User:
    """One virtual user: a session, its role, what it learned from earlier answers."""

    def __init__(self, base: str, role: str, username: str, session: requests.Session, rng: random.Random):
        self.base, self.role, self.username, self.session, self.rng = base, role, username, session, rng
        self.recorder: Recorder | None = None
        self.deadline = 0.0
        self.think = (0.0, 0.0)
        self.profile = False
        self.cycle = 0
        self.export_job: int | None = None
        self.export_started = 0.0
        self.placement: dict | None = None
        self.postings_pages = 1

    def request(self, kind: str, name: str, method: str, path: str, ok=(200,), **kw) -> requests.Response | None:
        if time.monotonic() >= self.deadline:
            raise Stop
        headers = {"X-Bench-Profile": "1"} if self.profile else {}
        t0 = time.perf_counter()
        failure = ""
        try:
            r = self.session.request(method, self.base + path, timeout=120, allow_redirects=False,
                                     headers=headers, **kw)
            code = r.status_code
        except requests.RequestException as exc:
            r, code = None, 0
            # The innermost cause names what happened (RemoteDisconnected, ConnectionResetError, ReadTimeout).
            cause = exc
            while cause.__context__ is not None and cause.__context__ is not cause:
                cause = cause.__context__
            failure = f"{type(exc).__name__}: {type(cause).__name__}"
        ms = (time.perf_counter() - t0) * 1000
        self.recorder.add((self.role, kind, name), ms, code, code in ok,
                          r.headers.get("Server-Timing", "") if r is not None else "", failure)
        if self.think[1]:
            time.sleep(self.rng.uniform(*self.think))
        return r if code in ok else None

    def json(self, r: requests.Response | None) -> dict:
        try:
            return r.json() if r is not None else {}
        except ValueError:
            return {}

    # Each journey is one loop of a person's session: pages they look at, the lists behind them, one write.
    def student(self) -> None:
        self.request("page", "/ (dashboard)", "GET", "/")
        if self.placement is None or self.cycle % 5 == 0:
            data = self.json(self.request("api", "/api/v1/placements/?status=active", "GET",
                                          "/api/v1/placements/?status=active&page_size=5"))
            self.placement = (data.get("results") or [None])[0]
        self.request("page", "/internships/logs/", "GET", "/internships/logs/")
        if self.placement:
            pid = self.placement["id"]
            logs = self.json(self.request("api", "/api/v1/weekly-logs/?placement=", "GET",
                                          f"/api/v1/weekly-logs/?placement={pid}&page_size=50")).get("results", [])
            if self.cycle % 2 == 0:
                self.write_log(logs)
        self.request("page", "/internships/postings/", "GET", "/internships/postings/")
        page = self.rng.randint(1, self.postings_pages)
        data = self.json(self.request("api", "/api/v1/postings/?status=published", "GET",
                                      f"/api/v1/postings/?status=published&page_size=50&page={page}"))
        self.postings_pages = max(1, min(200, math.ceil(data.get("count", 50) / 50)))
        mine = self.json(self.request("api", "/api/v1/applications/", "GET", "/api/v1/applications/?page_size=50"))
        if self.cycle % 2 == 1:
            applied = {a.get("posting") for a in mine.get("results", [])}
            choices = [p["id"] for p in data.get("results", []) if p["id"] not in applied]
            if choices:
                # 409: applied already (on a later page of their applications) or the posting just closed.
                self.request("write", "POST /api/v1/applications/", "POST", "/api/v1/applications/",
                             ok=(201,), json={"posting": self.rng.choice(choices), "note": "希望参与贵公司的项目。"})

    def write_log(self, logs: list[dict]) -> None:
        pl = self.placement
        start, end = dt.date.fromisoformat(pl["start_date"]), dt.date.fromisoformat(pl["end_date"])
        today = dt.date.today()
        last = min((end - start).days // 7 + 1, (today - start).days // 7 + 1)  # weeks begun so far
        written = {log["week_no"] for log in logs}
        free = [w for w in range(1, last + 1) if w not in written]
        if free:
            # 409: the same student's other session wrote it first.
            self.request("write", "POST /api/v1/weekly-logs/", "POST", "/api/v1/weekly-logs/", ok=(201,),
                         json={"placement": pl["id"], "week_no": free[0],
                               "content": f"第 {free[0]} 周：参与镜头制作与后期流程，整理素材并向导师汇报。"})
            return
        waiting = [log for log in logs if log.get("status") == "submitted"]
        if waiting:
            log = max(waiting, key=lambda x: x["week_no"])
            # 409: the mentor reviewed it in the meantime.
            self.request("write", "PATCH /api/v1/weekly-logs/{id}/", "PATCH", f"/api/v1/weekly-logs/{log['id']}/",
                         json={"content": log["content"].rstrip("。") + "，补充了本周的问题与改进。"})

    def enterprise(self) -> None:
        self.request("page", "/ (dashboard)", "GET", "/")
        data = self.json(self.request("api", "/api/v1/applications/?status=submitted", "GET",
                                      "/api/v1/applications/?status=submitted&page_size=20"))
        waiting = data.get("results", [])
        step = "shortlist" if self.cycle % 2 == 0 else "reject"
        if not waiting:
            data = self.json(self.request("api", "/api/v1/applications/?status=shortlisted", "GET",
                                          "/api/v1/applications/?status=shortlisted&page_size=20"))
            waiting, step = data.get("results", []), "reject"
        if waiting:
            # A random one of the page: two sessions of one enterprise rarely pick the same; if they do, 409.
            app = self.rng.choice(waiting)
            self.request("write", f"POST /api/v1/applications/{{id}}/{step}/", "POST",
                         f"/api/v1/applications/{app['id']}/{step}/", json={"note": ""})
        self.request("page", "/internships/applications/", "GET", "/internships/applications/")
        self.request("api", "/api/v1/placements/", "GET", "/api/v1/placements/?page_size=50")
        self.request("page", "/internships/placements/", "GET", "/internships/placements/")
        self.request("api", "/api/v1/weekly-logs/", "GET", "/api/v1/weekly-logs/?page_size=50")

    def teacher(self) -> None:
        self.request("page", "/ (dashboard)", "GET", "/")
        data = self.json(self.request("api", "/api/v1/weekly-logs/?status=submitted", "GET",
                                      "/api/v1/weekly-logs/?status=submitted&page_size=20"))
        waiting = data.get("results", [])
        if waiting:
            log = self.rng.choice(waiting)
            # 409: another session of the same mentor reviewed it first.
            self.request("write", "POST /api/v1/weekly-logs/{id}/review/", "POST",
                         f"/api/v1/weekly-logs/{log['id']}/review/",
                         json={"grade": self.rng.choice(["excellent", "good", "good", "pass"]),
                               "comment": "内容具体，继续保持。"})
        self.request("page", "/internships/logs/", "GET", "/internships/logs/")
        self.request("api", "/api/v1/placements/", "GET", "/api/v1/placements/?page_size=50")
        self.request("page", "/internships/placements/", "GET", "/internships/placements/")

    def admin(self) -> None:
        self.request("page", "/ (dashboard)", "GET", "/")
        self.request("api", "/api/v1/placements/", "GET", "/api/v1/placements/?page_size=50")
        if self.export_job is not None:
            job = self.json(self.request("api", "GET /api/v1/reports/{id}/ (poll)", "GET",
                                         f"/api/v1/reports/{self.export_job}/"))
            if job.get("done"):
                self.export_job = None
        elif time.monotonic() - self.export_started > 15:
            placements = self.json(self.request("api", "/api/v1/placements/?status=active", "GET",
                                                "/api/v1/placements/?status=active&page_size=50"))
            mentors = [p["school_mentor"] for p in placements.get("results", []) if p.get("school_mentor")]
            if mentors:
                self.export_started = time.monotonic()
                # One school mentor's placements: tens of rows at any scale, so the worker's load stays bounded.
                # (An enterprise= filter is refused by the export's check: reports/exports.py check_query builds
                # the FilterSet without the user, whose enterprise choices are then empty.)
                job = self.json(self.request(
                    "write", "POST /api/v1/reports/ (export)", "POST", "/api/v1/reports/", ok=(202,),
                    json={"kind": "export", "spec": "placements", "file_format": "csv", "language": "zh-hans",
                          "query": f"school_mentor={self.rng.choice(mentors)}"}))
                self.export_job = job.get("id")
        self.request("page", "/internships/applications/", "GET", "/internships/applications/")
        self.request("api", "/api/v1/applications/", "GET", "/api/v1/applications/?page_size=50")
        self.request("page", "/reports/kpis/", "GET", "/reports/kpis/")
        self.request("api", "/api/v1/weekly-logs/", "GET", "/api/v1/weekly-logs/?page_size=50")
        self.request("page", "/internships/placements/", "GET", "/internships/placements/")

    def journey(self) -> None:
        getattr(self, self.role)()
        self.cycle += 1


def _think(text: str) -> tuple[float, float]:
    """``--think``: "S" (always S seconds) or "A:B" (uniform between A and B)."""
    low, _, high = text.partition(":")
    try:
        bounds = (float(low), float(high or low))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not S or A:B seconds: {text!r}") from None
    if bounds[0] < 0 or bounds[1] < bounds[0]:
        raise argparse.ArgumentTypeError(f"need 0 <= A <= B: {text!r}")
    return bounds


def _think_text(think: tuple[float, float]) -> str:
    return f"{think[0]:g}" if think[0] == think[1] else f"{think[0]:g}:{think[1]:g}"


def run_users(users: list[User], duration: float, recorder: Recorder, think: tuple[float, float], profile: bool,
              loop) -> float:
    deadline = time.monotonic() + duration
    for u in users:
        u.recorder, u.deadline, u.think, u.profile = recorder, deadline, think, profile

    def one(u: User) -> None:
        if think[1]:
            # People arrive over one reading time, not in the same millisecond: without the stagger every phase
            # opened with all users' first requests at once (100 dashboards queued behind each other for 4 s).
            time.sleep(u.rng.uniform(0, min(think[1], max(deadline - time.monotonic(), 0))))
        try:
            while time.monotonic() < deadline:
                loop(u)
        except Stop:
            pass

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(users)) as pool:
        list(pool.map(one, users))
    return time.monotonic() - started


def reads_loop(paths: dict[str, list[str]]):
    """The earlier rounds' scenarios: a role's paths round-robin, each a page or an API read."""
    def loop(u: User) -> None:
        mine = paths[u.role]
        path = mine[(u.cycle + hash(u.username)) % len(mine)]
        u.cycle += 1
        u.request("api" if path.startswith("/api/") else "page", path, "GET", path)
    return loop


def ceiling_loop(base: str, prefix: str):
    def loop(u: User) -> None:
        resource = CEILING_RESOURCES[u.cycle % len(CEILING_RESOURCES)]
        u.cycle += 1
        saved = u.base
        u.base = base
        try:
            u.request("api", f"{resource}/?page_size=50", "GET", f"{prefix}{resource}/?page_size=50")
        finally:
            u.base = saved
    return loop


# --- servers ------------------------------------------------------------------------------------------------

def serve(app: str, port: int, workers: int, threads: int, log: Path, extra_env: dict | None = None
          ) -> subprocess.Popen:
    env = os.environ.copy()
    env.update(DEBUG="False", DJANGO_SETTINGS_MODULE=env.get("DJANGO_SETTINGS_MODULE", "config.settings.local"))
    env.update(extra_env or {})
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(
        [str(gunicorn), app, "-b", f"127.0.0.1:{port}", "-w", str(workers), "--threads", str(threads),
         "--timeout", "120", "--graceful-timeout", "20", "--error-logfile", str(log)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def celery_worker(log: Path) -> subprocess.Popen:
    env = os.environ.copy()
    env.update(DEBUG="False", DJANGO_SETTINGS_MODULE=env.get("DJANGO_SETTINGS_MODULE", "config.settings.local"))
    celery = Path(sys.executable).with_name("celery")
    return subprocess.Popen(
        [str(celery), "-A", "config", "worker", "-Q", "celery,events,email,webhooks,reports", "--concurrency", "1",
         "--loglevel", "WARNING", "--logfile", str(log)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def stop(proc: subprocess.Popen | None) -> None:
    if proc is None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=40)
    except subprocess.TimeoutExpired:
        proc.kill()


def wait_ready(url: str, proc: subprocess.Popen | None, log: Path, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text()[-2000:] if log.exists() else ''}")
        try:
            if requests.get(url, timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"no answer from {url} within {timeout:.0f} s")


# --- profile ------------------------------------------------------------------------------------------------

def merge_profiles(folder: Path, top: int = 40) -> dict:
    total: dict[str, Counter] = {"self": Counter(), "cumulative": Counter(), "packages": Counter()}
    samples = requests_seen = 0
    interval = 0.0
    for f in sorted(folder.glob("worker-*.json")):
        data = json.loads(f.read_text())
        samples += data["samples"]
        requests_seen += data["requests"]
        interval = data["interval"]
        for k in total:
            total[k].update(data[k])

    def share(counter: Counter) -> list[dict]:
        return [{"where": k, "samples": v, "share": v / samples if samples else 0.0}
                for k, v in counter.most_common(top)]

    return {"samples": samples, "requests": requests_seen, "interval_s": interval,
            "self": share(total["self"]), "cumulative": share(total["cumulative"]),
            "packages": share(total["packages"])}


# --- report -------------------------------------------------------------------------------------------------

def _table(rows: list[dict], first: list[str]) -> list[str]:
    statuses = any("statuses" in r for r in rows)
    head = [*first, "requests", "errors", "409", "p50 ms", "p95 ms", "max ms", "req/s"] + (["statuses"] if statuses
                                                                                         else [])
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(first) + "---:|" * 7 + ("---|" if statuses else "")]
    for r in rows:
        cells = [f"`{r[c]}`" if c == "path" else str(r[c]) for c in first]
        flag = " **over**" if r["p95_ms"] >= TARGET_P95_MS and r.get("kind") in ("page", "api") else ""
        line = ("| " + " | ".join(cells) + f" | {r['requests']:,} | {r['errors']} | {r['conflicts']} | "
                f"{r['p50_ms']:.0f} | {r['p95_ms']:.0f}{flag} | {r['max_ms']:.0f} | {r['per_s']:.1f} |")
        if statuses:
            line += " " + ", ".join([*(f"{k}×{v}" for k, v in r.get("statuses", {}).items()),
                                     *(f"{k}×{v}" for k, v in r.get("failures", {}).items())]) + " |"
        out.append(line)
    return out


def markdown(report: dict) -> str:
    lines = [f"# Load test ({report['started']})", "",
             f"{report['users']} concurrent users ({report['roles']}), "
             + (f"{report['think']} s think time" if report["think"] != "0" else "closed loop (no think time)")
             + f", {report['duration']:.0f} s per scenario after {report['warmup']:.0f} s of warm-up, against "
             f"{report['base_url']} ({report['server']}); database {report['database']}.", "",
             f"Target: p95 < {TARGET_P95_MS:.0f} ms for pages and API reads, no error. `409` counts the writes "
             "another user's write overtook (a row no longer in the state, a duplicate): expected outcomes, "
             "not errors.", ""]
    for sc in report["scenarios"]:
        t = sc["total"]
        lines += [f"## {sc['scenario']}: {t['requests']:,} requests in {t['seconds']:.0f} s, "
                  f"**{t['per_s']:.1f} requests/s**, p50 {t['p50_ms']:.0f} ms, p95 {t['p95_ms']:.0f} ms, "
                  f"errors {t['errors']}, 409 {t['conflicts']}", ""]
        if sc.get("ceiling"):
            c = sc["ceiling"]
            lines += [f"Closed-loop ceiling of the same reads: platform **{c['platform_per_s']:.1f}/s** "
                      f"(p50 {c['platform_p50_ms']:.0f} ms), raw-SQL floor **{c['floor_per_s']:.1f}/s** "
                      f"(p50 {c['floor_p50_ms']:.0f} ms): the floor serves **{c['ratio']:.2f}×** the platform's "
                      "requests per second (bench/floor.py: one hand-written query per page, no framework).", ""]
        if sc.get("by_role_kind"):
            lines += ["Per role and kind:", ""] + _table(sc["by_role_kind"], ["role", "kind"]) + [""]
        lines += ["Per request:", ""] + _table(sc["rows"], ["role", "kind", "path"]) + [""]
        if sc.get("split"):
            lines += ["Where a request's time goes in the worker, means (`Server-Timing` of bench/profiled_wsgi.py; "
                      "SQL = time in the database driver's execute, Redis = redis-py commands (cache, sessions, "
                      "Celery messages), the rest = Python, including waits for the GIL held by the worker's other "
                      "threads):", "",
                      "| role | kind | requests | in worker ms | SQL ms | statements | Redis ms | commands | "
                      "rest ms | SQL share |",
                      "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
            for s in sc["split"]:
                lines.append(f"| {s['role']} | {s['kind']} | {s['requests']:,} | {s['server_ms']:.1f} | "
                             f"{s['sql_ms']:.1f} | {s['statements']:.1f} | {s['redis_ms']:.1f} | "
                             f"{s['redis_commands']:.1f} | {s['python_ms']:.1f} | {s['sql_share']:.0%} |")
            lines.append("")
        if sc.get("profile"):
            p = sc["profile"]
            lines += [f"Sampling profile of the workers: {p['samples']:,} samples every "
                      f"{p['interval_s'] * 1000:.0f} ms of the threads inside {p['requests']:,} requests "
                      "(wall clock: waiting for PostgreSQL shows in the driver's frame, waiting for the GIL "
                      "where the thread stopped).", "", "Leaf frames by package:", "",
                      "| package | share |", "|---|---:|"]
            lines += [f"| {r['where']} | {r['share']:.1%} |" for r in p["packages"]]
            lines += ["", "Top functions by self samples (the frame running when sampled):", "",
                      "| function | share |", "|---|---:|"]
            lines += [f"| `{r['where']}` | {r['share']:.1%} |" for r in p["self"]]
            lines += ["", "Top functions by cumulative samples (on the stack):", "", "| function | share |",
                      "|---|---:|"]
            # Frames on every sampled stack (gunicorn, the WSGI handler) say nothing: left out.
            lines += [f"| `{r['where']}` | {r['share']:.1%} |" for r in p["cumulative"] if r["share"] < 0.99]
            lines.append("")
    return "\n".join(lines)


def print_scenario(sc: dict) -> None:
    t = sc["total"]
    print(f"{sc['scenario']}: {t['requests']} requests, {t['per_s']:.1f}/s, p50 {t['p50_ms']:.0f} ms, "
          f"p95 {t['p95_ms']:.0f} ms, errors {t['errors']}, 409 {t['conflicts']}", flush=True)
    if sc.get("ceiling"):
        c = sc["ceiling"]
        print(f"  ceiling: platform {c['platform_per_s']:.1f}/s, floor {c['floor_per_s']:.1f}/s, "
              f"floor/platform {c['ratio']:.2f}", flush=True)
    for r in sc.get("by_role_kind") or sc["rows"]:
        print(f"  {r['role']:10} {r.get('kind', ''):6} {r.get('path', ''):45} n {r['requests']:6}  "
              f"err {r['errors']:3}  409 {r['conflicts']:3}  p50 {r['p50_ms']:6.0f}  p95 {r['p95_ms']:6.0f}  "
              f"max {r['max_ms']:6.0f} ms  {r['per_s']:6.1f}/s", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://127.0.0.1:8300")
    parser.add_argument("--floor-url", help="the raw-SQL floor server (default: --base-url's port + 1)")
    parser.add_argument("--serve", action="store_true", help="start (and stop) gunicorn and the floor server")
    parser.add_argument("--worker", action="store_true", help="with --serve: also run a Celery worker")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--duration", type=float, default=60, help="seconds per scenario (at most 120)")
    parser.add_argument("--scenarios", default="journeys,ceiling",
                        help="comma list of: journeys, ceiling, " + ", ".join(SCENARIOS))
    parser.add_argument("--warmup", type=float, default=5, help="seconds of unrecorded load before each scenario")
    parser.add_argument("--think", type=_think, default=(0.0, 0.0),
                        help="seconds each user waits after a response, S or A:B (uniform between A and B); "
                             "0: closed loop, the server's ceiling")
    parser.add_argument("--profile", action="store_true",
                        help="add a profiled closed-loop journeys phase (SQL vs Python, sampled stacks)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"),
                        help="where to pick accounts whose journeys have work (default DATABASE_URL)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--out", type=Path, help="directory for load.json and load.md")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= 400:
        parser.error("--users must be between 1 and 400")
    if args.duration > 120:
        parser.error("--duration is at most 120 s per scenario")
    names = [n for n in args.scenarios.split(",") if n]
    unknown = [n for n in names if n not in ("journeys", "ceiling", *SCENARIOS)]
    if unknown:
        parser.error(f"unknown scenarios: {', '.join(unknown)}")
    base = args.base_url.rstrip("/")
    loopback = r"https?://(127\.0\.0\.1|localhost|\[::1\])[:/]"
    if not re.match(loopback, base + "/"):
        parser.error("the load test runs on loopback only")
    port = int(re.search(r":(\d+)$", base).group(1)) if re.search(r":(\d+)$", base) else 80
    floor = (args.floor_url or re.sub(r":\d+$", f":{port + 1}", base)).rstrip("/")
    if not re.match(loopback, floor + "/"):
        parser.error("the floor server runs on loopback only")

    out = args.out or Path(tempfile.mkdtemp(prefix="iei-load-"))
    out.mkdir(parents=True, exist_ok=True)
    log = out / "gunicorn.log"
    profile_dir = out / "profile"
    if args.profile:
        shutil.rmtree(profile_dir, ignore_errors=True)
    procs: list[subprocess.Popen] = []
    try:
        web = None
        if args.serve:
            app = "bench.profiled_wsgi:application" if args.profile else "config.wsgi:application"
            web = serve(app, port, args.workers, args.threads, log, {"BENCH_PROFILE_DIR": str(profile_dir)})
            procs.append(web)
            if "ceiling" in names:
                procs.append(serve("bench.floor:application", int(floor.rsplit(":", 1)[1]), args.workers,
                                   args.threads, out / "floor.log"))
            if args.worker:
                procs.append(celery_worker(out / "celery.log"))
        wait_ready(f"{base}/accounts/login/", web, log)
        if "ceiling" in names:
            wait_ready(f"{floor}/placements/?page_size=1", None, out / "floor.log")

        if set(names) <= set(SCENARIOS) and args.users <= len(LEGACY_ACCOUNTS) and not args.profile:
            plan = [LEGACY_ACCOUNTS[i * len(LEGACY_ACCOUNTS) // args.users] for i in range(args.users)]
            counts = {r: sum(1 for x, _ in plan if x == r) for r in ROLES}
            accounts = {r: [n for x, n in plan if x == r] or ["-"] for r in ROLES}
        else:
            counts = role_counts(args.users)
            accounts = pick_accounts(counts, args.database_url)
            plan = assign(counts, accounts)
        rng = random.Random(args.seed)
        # Logging in hashes a password per user (PBKDF2): a few at a time, before anything is measured.
        with ThreadPoolExecutor(max_workers=4) as pool:
            sessions = list(pool.map(lambda ru: login(base, ru[1]), plan))
        users = [User(base, role, name, s, random.Random(rng.random())) for (role, name), s in zip(plan, sessions,
                                                                                                  strict=True)]
        print(f"{len(users)} users logged in: " + ", ".join(
            f"{r} {counts[r]} ({len(set(accounts[r][:counts[r]]))} accounts)" for r in ROLES), flush=True)
        report = {"started": time.strftime("%Y-%m-%d %H:%M"), "base_url": base, "users": len(users),
                  "roles": ", ".join(f"{counts[r]} {r}" for r in ROLES), "think": _think_text(args.think),
                  "duration": args.duration, "warmup": args.warmup,
                  "database": re.sub(r"//[^@/]*@", "//", args.database_url or "?"),
                  "server": (f"gunicorn -w {args.workers} --threads {args.threads}"
                             + (" + 1 Celery worker" if args.worker else "")) if args.serve else "external",
                  "scenarios": []}

        def measure(name: str, loop, think: tuple[float, float], profile: bool = False) -> dict:
            if args.warmup:
                run_users(users, args.warmup, Recorder(), think, False, loop)
            rec = Recorder()
            elapsed = run_users(users, args.duration, rec, think, profile, loop)
            return summarise(name, rec.stats, elapsed)

        admin_sessions: list[User] = []
        for name in names:
            if name == "journeys":
                sc = measure("journeys", User.journey, args.think)
            elif name == "ceiling":
                # Every user as a college admin, whose rows the floor's hand-written queries read.
                if not admin_sessions:
                    admin_names = [accounts["admin"][i % len(accounts["admin"])] for i in range(len(users))]
                    with ThreadPoolExecutor(max_workers=4) as pool:
                        logged = list(pool.map(lambda n: login(base, n), admin_names))
                    admin_sessions = [User(base, "admin", n, s, random.Random(i))
                                      for i, (n, s) in enumerate(zip(admin_names, logged, strict=True))]
                saved, users = users, admin_sessions
                try:
                    platform = measure("ceiling (platform)", ceiling_loop(base, "/api/v1/"), (0.0, 0.0))
                    floor_sc = measure("ceiling (floor)", ceiling_loop(floor, "/"), (0.0, 0.0))
                finally:
                    users = saved
                sc = {"scenario": "ceiling", "rows": [{**r, "path": f"platform {r['path']}"} for r in platform["rows"]]
                      + [{**r, "path": f"floor {r['path']}"} for r in floor_sc["rows"]],
                      "total": platform["total"],
                      "ceiling": {"platform_per_s": platform["total"]["per_s"],
                                  "platform_p50_ms": platform["total"]["p50_ms"],
                                  "floor_per_s": floor_sc["total"]["per_s"],
                                  "floor_p50_ms": floor_sc["total"]["p50_ms"],
                                  "ratio": floor_sc["total"]["per_s"] / max(platform["total"]["per_s"], 1e-9)}}
            else:
                sc = measure(name, reads_loop(SCENARIOS[name]), args.think)
            report["scenarios"].append(sc)
            print_scenario(sc)
        if args.profile:
            if not args.serve:
                print("--profile: the server must run bench.profiled_wsgi:application with BENCH_PROFILE_DIR "
                      f"={profile_dir} for the sampled stacks; the SQL split needs it too", flush=True)
            sc = measure("journeys (profiled, closed loop)", User.journey, (0.0, 0.0), profile=True)
            time.sleep(4)  # the samplers write their counts every 3 s
            if profile_dir.exists():
                sc["profile"] = merge_profiles(profile_dir)
            report["scenarios"].append(sc)
            print_scenario(sc)
        text = markdown(report)
        (out / "load.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
        (out / "load.md").write_text(text)
        print(f"written: {out / 'load.md'}", flush=True)
    finally:
        for proc in reversed(procs):
            stop(proc)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
