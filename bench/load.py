"""Load test: concurrent logged-in users against gunicorn on loopback (a benchmark, never run by pytest).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/iei_bench REDIS_URL=redis://127.0.0.1:6379/11
    python -m bench.load --serve --users 20 --duration 60 --out bench/results/load

``--serve`` starts gunicorn itself (``config.wsgi``, DEBUG off, 127.0.0.1 only, 2 workers × 4 threads,
the shape of the Procfile) on the database of ``DATABASE_URL`` and stops it at the end; without it the
script drives a server already listening at ``--base-url``.

A thread pool of ``--users`` virtual users, each its own generated account (see bench/generate.py):
3 college admins' sessions, 5 teachers, 8 students, 4 enterprise staff. Each logs in once through the
login form (a real session cookie, CSRF included), then for every scenario requests its role's main
endpoints round-robin until the scenario's time is up: with ``--think 0`` (the default) a closed loop,
every user always has one request in flight, which measures the server's capacity; ``--think 1``
waits a second after each response, closer to people reading pages. Per endpoint it reports requests,
errors (a status other than 200 or a failed connection), p50, p95, max and throughput. Targets (issue
11): the main endpoints keep their p95 under load; the in-process target is 150 ms.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-pass-2026"
TARGET_P95_MS = 150.0

# The first ranks of each role are the busiest accounts (the generator's Zipf ranks).
ACCOUNTS = (
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


@dataclass
class Stats:
    times: list[float] = field(default_factory=list)
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))] if ordered else 0.0


def login(base: str, username: str) -> requests.Session:
    s = requests.Session()
    page = s.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    if not token:
        raise RuntimeError(f"no CSRF token on the login page (HTTP {page.status_code})")
    r = s.post(f"{base}/accounts/login/", data={"username": username, "password": PASSWORD,
                                                "csrfmiddlewaretoken": token.group(1)},
               headers={"Referer": f"{base}/accounts/login/"}, allow_redirects=False, timeout=30)
    if r.status_code != 302:
        raise RuntimeError(f"login of {username} failed: HTTP {r.status_code}")
    return s


def run_scenario(base: str, sessions: list[tuple[str, requests.Session]], paths: dict[str, list[str]],
                 duration: float, think: float = 0.0) -> tuple[dict[tuple[str, str], Stats], float]:
    stats: dict[tuple[str, str], Stats] = defaultdict(Stats)
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def user(index: int, role: str, session: requests.Session) -> None:
        mine = paths[role]
        i = index  # users of one role start at different endpoints, so every endpoint is always in use
        while time.monotonic() < deadline:
            path = mine[i % len(mine)]
            i += 1
            t0 = time.perf_counter()
            try:
                r = session.get(base + path, timeout=60, allow_redirects=False)
                ms = (time.perf_counter() - t0) * 1000
                code = r.status_code
            except requests.RequestException:
                ms, code = (time.perf_counter() - t0) * 1000, 0
            with lock:
                st = stats[(role, path)]
                st.times.append(ms)
                st.statuses[code] += 1
                if code != 200:
                    st.errors += 1
            if think:
                time.sleep(think)

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(sessions)) as pool:
        for n, (role, session) in enumerate(sessions):
            pool.submit(user, n, role, session)
    return stats, time.monotonic() - started


def summarise(name: str, stats: dict[tuple[str, str], Stats], elapsed: float) -> dict:
    rows = []
    for (role, path), st in sorted(stats.items()):
        rows.append({"role": role, "path": path, "requests": len(st.times), "errors": st.errors,
                     "statuses": dict(st.statuses), "p50_ms": statistics.median(st.times),
                     "p95_ms": percentile(st.times, 0.95), "max_ms": max(st.times),
                     "per_s": len(st.times) / elapsed})
    every = [t for st in stats.values() for t in st.times]
    total = {"requests": len(every), "errors": sum(st.errors for st in stats.values()),
             "p50_ms": statistics.median(every) if every else 0, "p95_ms": percentile(every, 0.95),
             "per_s": len(every) / elapsed, "seconds": elapsed}
    return {"scenario": name, "rows": rows, "total": total}


def markdown(report: dict) -> str:
    lines = [f"# Load test ({report['started']})", "",
             f"{report['users']} concurrent users, "
             + (f"{report['think']:g} s think time" if report["think"] else "closed loop (no think time)")
             + f", {report['duration']:.0f} s per "
             f"scenario, against {report['base_url']} ({report['server']}).", ""]
    for sc in report["scenarios"]:
        t = sc["total"]
        lines += [f"## {sc['scenario']}: {t['requests']:,} requests in {t['seconds']:.0f} s, {t['per_s']:.1f}/s, "
                  f"p50 {t['p50_ms']:.0f} ms, p95 {t['p95_ms']:.0f} ms, errors {t['errors']}", "",
                  "| role | request | requests | errors | p50 ms | p95 ms | max ms | req/s |",
                  "|---|---|---:|---:|---:|---:|---:|---:|"]
        for r in sc["rows"]:
            lines.append(f"| {r['role']} | `{r['path']}` | {r['requests']} | {r['errors']} | {r['p50_ms']:.0f} | "
                         f"{r['p95_ms']:.0f} | {r['max_ms']:.0f} | {r['per_s']:.1f} |")
        lines.append("")
    return "\n".join(lines)


def serve(port: int, workers: int, threads: int, log: Path) -> subprocess.Popen:
    env = os.environ.copy()
    env.update(DEBUG="False", DJANGO_SETTINGS_MODULE=env.get("DJANGO_SETTINGS_MODULE", "config.settings.local"))
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen(
        [str(gunicorn), "config.wsgi:application", "-b", f"127.0.0.1:{port}", "-w", str(workers),
         "--threads", str(threads), "--timeout", "120", "--error-logfile", str(log)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def wait_ready(base: str, proc: subprocess.Popen | None, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc is not None and proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited: {log.read_text()[-2000:] if log.exists() else ''}")
        try:
            if requests.get(f"{base}/accounts/login/", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"no answer from {base} within {timeout:.0f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://127.0.0.1:8300")
    parser.add_argument("--serve", action="store_true", help="start (and stop) gunicorn on the --base-url port")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--users", type=int, default=20, help=f"at most {len(ACCOUNTS)}")
    parser.add_argument("--duration", type=float, default=60, help="seconds per scenario (the issue: at most 60)")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS), help="comma list of: " + ", ".join(SCENARIOS))
    parser.add_argument("--warmup", type=float, default=5, help="seconds of unrecorded load before each scenario")
    parser.add_argument("--think", type=float, default=0.0,
                        help="seconds each user waits after a response (0: closed loop, the server's capacity)")
    parser.add_argument("--out", type=Path, help="directory for load.json and load.md")
    args = parser.parse_args(argv)
    if not 1 <= args.users <= len(ACCOUNTS):
        parser.error(f"--users must be between 1 and {len(ACCOUNTS)}")
    if args.duration > 60:
        parser.error("--duration is at most 60 s per scenario")
    base = args.base_url.rstrip("/")
    if not re.match(r"https?://(127\.0\.0\.1|localhost|\[::1\])[:/]", base + "/"):
        parser.error("the load test runs on loopback only")
    port = int(re.search(r":(\d+)$", base).group(1)) if re.search(r":(\d+)$", base) else 80

    log = (args.out or Path(tempfile.gettempdir())) / "gunicorn.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    proc = serve(port, args.workers, args.threads, log) if args.serve else None
    try:
        wait_ready(base, proc, log)
        # Fewer users than accounts: spread them over the roles (all 20 are 3 admins, 5 teachers, 8 students,
        # 4 enterprises).
        chosen = [ACCOUNTS[i * len(ACCOUNTS) // args.users] for i in range(args.users)]
        sessions = [(role, login(base, username)) for role, username in chosen]
        print(f"{len(sessions)} users logged in: " + ", ".join(f"{r} {sum(1 for x, _ in chosen if x == r)}"
                                                              for r in dict.fromkeys(r for r, _ in chosen)),
              flush=True)
        report = {"started": time.strftime("%Y-%m-%d %H:%M"), "base_url": base, "users": len(sessions),
                  "think": args.think,
                  "duration": args.duration,
                  "server": f"gunicorn -w {args.workers} --threads {args.threads}" if args.serve else "external",
                  "scenarios": []}
        for name in filter(None, args.scenarios.split(",")):
            if args.warmup:
                run_scenario(base, sessions, SCENARIOS[name], args.warmup, args.think)
            stats, elapsed = run_scenario(base, sessions, SCENARIOS[name], args.duration, args.think)
            sc = summarise(name, stats, elapsed)
            report["scenarios"].append(sc)
            t = sc["total"]
            print(f"{name}: {t['requests']} requests, {t['per_s']:.1f}/s, p50 {t['p50_ms']:.0f} ms, "
                  f"p95 {t['p95_ms']:.0f} ms, errors {t['errors']}", flush=True)
            for r in sc["rows"]:
                print(f"  {r['role']:10} {r['path']:45} n {r['requests']:5}  err {r['errors']:3}"
                      f"  p50 {r['p50_ms']:6.0f}  p95 {r['p95_ms']:6.0f}  max {r['max_ms']:6.0f} ms"
                      f"  {r['per_s']:5.1f}/s", flush=True)
        text = markdown(report)
        if args.out:
            args.out.mkdir(parents=True, exist_ok=True)
            (args.out / "load.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
            (args.out / "load.md").write_text(text)
    finally:
        if proc is not None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
