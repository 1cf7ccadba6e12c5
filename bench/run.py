"""Benchmark harness: times the platform in-process against the generated data (not a test).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/iei_bench REDIS_URL=redis://127.0.0.1:6379/11
    python -m bench.generate --scale 1
    python -m bench.run --out bench/results/scale-1

Every request goes through Django's test ``Client`` (the whole middleware stack, session login) in this
process. Each case is run ``--warmup`` times, then ``--repeat`` times for the timings (p50, p95, max);
once more inside ``CaptureQueriesContext`` for the query count and once more under ``tracemalloc``
for the Python heap peak, so neither instrument slows the timed runs.

Cases:
- every API list endpoint (``/api/v1/<resource>/``) as a college admin at page sizes 50 and 200 (and
  with its ``?expand=`` forms, ``LIST_EXPANSIONS``), plus its usual filters (the most common status, the
  first ordering field descending, a search term); the query count must be the same at both page sizes
  (constant queries per request);
- the main list endpoints as each role sees them (teacher, student, enterprise);
- every HTML page of each role (lists at their page size, the dashboards, the coverage analysis);
- jobs, each in its own child process so its peak RSS is its own: the annual report (PDF and XLSX),
  each reminder rule of notifications/reminders.py (inside a rolled-back transaction, so each run is
  a first run and sends nothing), and the 100,000-row export (bench/export_bench.py);
- the baselines: the three heaviest list endpoints against one raw SQL query for the same rows and
  fields serialized with ``json`` (bench/baselines.py), side by side.

Writes ``results.json`` and ``results.md`` under ``--out`` and prints the table.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
# Benchmarks run like production: no debug pages, no SQL kept in memory between requests.
os.environ.setdefault("DEBUG", "False")

TARGET_REQUEST_MS = 150.0
TARGET_ANNUAL_S, TARGET_ANNUAL_MB = 60.0, 512.0
TARGET_REMINDER_S = 30.0
TARGET_EXPORT_S, TARGET_EXPORT_MB = 60.0, 300.0
BASELINE_FACTOR = 3.0

USERS = {
    "admin": "bench-admin",
    # The generator hands out mentees, applications and postings by Zipf rank: number 1 is the busiest.
    "teacher": "bench-teacher-1",
    "student": "bench-student-1",
    "enterprise": "bench-enterprise-1",
    "association": "bench-association",
}

# The filters a user of each list actually sets (from the list pages' filter forms), beyond the
# status / ordering / search cases that are derived from the viewsets themselves.
USUAL_FILTERS = {
    "postings": ["open_only=true", "enterprise={enterprise_id}"],
    "applications": ["posting={posting_id}"],
    "placements": ["status=active", "school_mentor={teacher_id}"],
    "weekly-logs": ["placement={placement_id}", "status=submitted"],
    "bookings": ["base=1"],
    "expenditures": ["line=1"],
    "agreements": ["kind=internship_base"],
}

# Lists that nest a heavy relation only on request: the expanded form is measured beside the plain one at
# both page sizes, so the old heavy answer (programmes with their ~58 courses each) stays on the record.
LIST_EXPANSIONS = {
    "programs": ["expand=courses"],
}

# The list endpoints each role lives in.
ROLE_LISTS = {
    "teacher": ["weekly-logs", "placements", "postings", "bookings", "notifications", "teacher-placements"],
    "student": ["postings", "applications", "placements", "weekly-logs", "notifications"],
    "enterprise": ["postings", "applications", "placements", "weekly-logs", "agreements", "notifications"],
    "association": ["standards", "program-evaluations", "notifications"],
}

ROLE_PAGES = {
    "admin": ["dashboard", "accounts:organization_list", "accounts:user_list", "accounts:audit_log",
              "curriculum:program_list", "curriculum:course_list", "curriculum:competency_map", "curriculum:coverage",
              "curriculum:achievement_list", "curriculum:project_list", "partnerships:enterprise_list",
              "partnerships:agreement_list", "partnerships:orderclass_list", "partnerships:project_list",
              "partnerships:contact_list", "internships:posting_list", "internships:application_list",
              "internships:placement_list", "internships:log_list", "internships:enterprise_numbers",
              "faculty:overview", "faculty:confirmation_queue", "faculty:instructors", "faculty:assessments",
              "funding:source_list", "funding:investment", "funding:budget_list", "funding:base_list",
              "funding:utilization", "funding:booking_list", "funding:incentive_list", "funding:standard_list",
              "funding:evaluation_list", "notifications:list", "reports:job_list", "reports:export",
              "reports:kpi_trends"],
    "teacher": ["dashboard", "faculty:portfolio", "curriculum:my_courses", "internships:placement_list",
                "internships:log_list", "internships:posting_list", "funding:booking_list", "notifications:list"],
    "student": ["dashboard", "internships:posting_list", "internships:application_list", "internships:my_placement",
                "internships:log_list", "curriculum:achievement_list", "notifications:list"],
    "enterprise": ["dashboard", "partnerships:my_enterprise", "internships:posting_list",
                   "internships:application_list", "internships:placement_list", "internships:log_list",
                   "partnerships:agreement_list", "notifications:list"],
    "association": ["dashboard", "funding:standard_list", "funding:evaluation_list", "notifications:list"],
}


@dataclass
class Result:
    group: str
    name: str
    role: str
    path: str
    status: int = 0
    n: int = 0
    p50_ms: float = 0.0
    p95_ms: float = 0.0
    max_ms: float = 0.0
    queries: int = 0
    heap_peak_mb: float = 0.0
    rows: int | None = None
    note: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.p95_ms < TARGET_REQUEST_MS



def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM). Not ``ru_maxrss``: Linux carries that across
    fork and exec, so a job spawned by the benchmark would report the benchmark's own peak."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


class Harness:
    def __init__(self, repeat: int, warmup: int, only: str | None):
        from django.db import connection
        from django.test import Client

        from accounts.models import User

        self.connection = connection
        self.repeat, self.warmup = repeat, warmup
        self.only = re.compile(only) if only else None
        self.clients = {}
        self.users = {}
        for role, username in USERS.items():
            user = User.objects.get(username=username)
            client = Client()
            client.force_login(user)
            self.clients[role], self.users[role] = client, user
        self.results: list[Result] = []

    def measure(self, group: str, name: str, role: str, path: str, *, rows_key: str | None = "count") -> Result | None:
        if self.only and not self.only.search(f"{group} {name} {role} {path}"):
            return None
        from django.test.utils import CaptureQueriesContext

        client = self.clients[role]
        res = Result(group=group, name=name, role=role, path=path)
        for _ in range(self.warmup):
            response = client.get(path)
        res.status = response.status_code
        if res.status != 200:
            res.note = f"HTTP {res.status}"
            self.results.append(res)
            print(f"  {group:10} {role:11} {path:70} HTTP {res.status}", flush=True)
            return res
        times = []
        for _ in range(self.repeat):
            t0 = time.perf_counter()
            response = client.get(path)
            times.append((time.perf_counter() - t0) * 1000)
        with CaptureQueriesContext(self.connection) as ctx:
            response = client.get(path)
        res.queries = len(ctx.captured_queries)
        tracemalloc.start()
        client.get(path)
        res.heap_peak_mb = tracemalloc.get_traced_memory()[1] / 1048576
        tracemalloc.stop()
        if rows_key and response.get("Content-Type", "").startswith("application/json"):
            body = response.json()
            if isinstance(body, dict) and rows_key in body:
                res.rows = body[rows_key]
                # Rows nested in the page's rows (a budget's lines): a page of five budgets holds ten times the
                # lines at scale 10, which bench.compare must not take for the same page.
                res.extra["nested_rows"] = sum(len(value) for row in body.get("results") or ()
                                               if isinstance(row, dict) for value in row.values()
                                               if isinstance(value, list))
        res.n = len(times)
        res.p50_ms, res.p95_ms, res.max_ms = statistics.median(times), percentile(times, 0.95), max(times)
        self.results.append(res)
        flag = "" if res.p95_ms < TARGET_REQUEST_MS else "  << over target"
        print(f"  {group:10} {role:11} {path:70} p50 {res.p50_ms:7.1f}  p95 {res.p95_ms:7.1f} ms  "
              f"{res.queries:3d} q  {res.heap_peak_mb:5.1f} MB{flag}", flush=True)
        return res


def api_list_endpoints() -> dict[str, type]:
    """``resource -> viewset class`` for every list route under /api/v1/."""
    from django.urls import URLResolver, get_resolver

    found = {}

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            else:
                yield prefix + str(p.pattern), p

    for route, pattern in walk(get_resolver().url_patterns):
        m = re.fullmatch(r"api/v1/\^([a-z-]+)/\$", route)
        if m and (pattern.name or "").endswith("-list"):
            cls = getattr(pattern.callback, "cls", None)
            if cls is not None:
                found[m.group(1)] = cls
    return found


def common_status(viewset) -> str | None:
    """The most frequent status of the endpoint's model in the data set (the filter users pick first)."""
    from django.db.models import Count

    model = viewset.queryset.model if getattr(viewset, "queryset", None) is not None else None
    if model is None:
        serializer = getattr(viewset, "serializer_class", None)
        model = getattr(getattr(serializer, "Meta", None), "model", None)
    if model is None or "status" not in {f.name for f in model._meta.fields}:
        return None
    row = model.objects.values("status").annotate(n=Count("pk")).order_by("-n").first()
    return row["status"] if row else None


def context_ids(h: Harness) -> dict[str, int]:
    from internships.models import Placement, Posting

    top_posting = Posting.objects.filter(enterprise_id=h.users["enterprise"].memberships.values("organization_id")[:1])
    placement = Placement.objects.filter(school_mentor=h.users["teacher"]).order_by("-id").first()
    return {
        "enterprise_id": h.users["enterprise"].memberships.values_list("organization_id", flat=True).first(),
        "posting_id": top_posting.order_by("-accepted_count", "id").values_list("id", flat=True).first(),
        "teacher_id": h.users["teacher"].pk,
        "placement_id": placement.pk if placement else 0,
    }


def run_api(h: Harness) -> None:
    print("API list endpoints (college admin)", flush=True)
    ids = context_ids(h)
    endpoints = api_list_endpoints()
    for resource_name, viewset in sorted(endpoints.items()):
        base = f"/api/v1/{resource_name}/"
        r50 = h.measure("api", resource_name, "admin", f"{base}?page_size=50")
        r200 = h.measure("api", resource_name, "admin", f"{base}?page_size=200")
        if r50 and r200 and r50.status == 200 and r200.status == 200:
            # Fewer at 200 is not growth: the total was kept (core.counting) between the two counts of queries.
            r200.extra["constant_queries"] = r50.extra["constant_queries"] = r200.queries <= r50.queries
        for expand in LIST_EXPANSIONS.get(resource_name, []):
            e50 = h.measure("api", resource_name, "admin", f"{base}?page_size=50&{expand}")
            e200 = h.measure("api", resource_name, "admin", f"{base}?page_size=200&{expand}")
            if e50 and e200 and e50.status == 200 and e200.status == 200:
                e50.extra["constant_queries"] = e200.extra["constant_queries"] = e200.queries <= e50.queries
        filters = []
        status = common_status(viewset)
        fs = getattr(viewset, "filterset_class", None)
        if status and fs is not None and "status" in fs.base_filters:
            filters.append(f"status={status}")
        ordering = list(getattr(viewset, "ordering_fields", None) or [])
        if ordering and ordering != "__all__":
            filters.append(f"ordering=-{ordering[0]}")
        if getattr(viewset, "search_fields", None):
            filters.append("search=王")
        filters += [f.format(**ids) for f in USUAL_FILTERS.get(resource_name, [])]
        for f in filters:
            h.measure("api-filter", resource_name, "admin", f"{base}?page_size=50&{f}")
    for role, names in ROLE_LISTS.items():
        print(f"API list endpoints ({role})", flush=True)
        for resource_name in names:
            if resource_name in endpoints:
                h.measure("api-role", resource_name, role, f"/api/v1/{resource_name}/?page_size=50")


def run_pages(h: Harness) -> None:
    from django.urls import reverse

    for role, names in ROLE_PAGES.items():
        print(f"pages ({role})", flush=True)
        for name in names:
            h.measure("page", name, role, reverse(name), rows_key=None)


def run_baselines(h: Harness) -> list[dict]:
    from bench import baselines

    out = []
    print("baselines (endpoint vs one raw SQL query + json)", flush=True)
    for case in baselines.CASES:
        if h.only and not h.only.search(f"baseline {case.resource}"):
            continue
        for size in (50, 200):
            path = f"/api/v1/{case.resource}/?page_size={size}"
            endpoint = h.measure("baseline", case.resource, "admin", path)
            if endpoint is None or endpoint.status != 200:
                continue
            # Timed in alternation, request then baseline, so that a change in the machine's load
            # during the run weighs on both sides of the ratio alike.
            times, paired = [], []
            for _ in range(h.warmup):
                baselines.run(case, size)
            for _ in range(h.repeat):
                t0 = time.perf_counter()
                h.clients["admin"].get(path)
                t1 = time.perf_counter()
                baselines.run(case, size)
                times.append((time.perf_counter() - t1) * 1000)
                paired.append((t1 - t0) * 1000)
            p50 = statistics.median(times)
            endpoint.p50_ms, endpoint.p95_ms = statistics.median(paired), percentile(paired, 0.95)
            ratio = endpoint.p50_ms / p50 if p50 else 0
            row = {"resource": case.resource, "page_size": size, "endpoint_p50_ms": endpoint.p50_ms,
                   "endpoint_p95_ms": endpoint.p95_ms, "baseline_p50_ms": p50,
                   "baseline_p95_ms": percentile(times, 0.95), "ratio_p50": ratio, "ok": ratio <= BASELINE_FACTOR}
            print(f"  {case.resource:12} size {size:3}: endpoint {endpoint.p50_ms:6.1f} ms, baseline {p50:6.1f} ms, "
                  f"{ratio:.2f}x {'OK' if row['ok'] else '<< over 3x'}", flush=True)
            out.append(row)
    return out


# --- jobs: each in a child process, so the peak RSS is the job's own --------------------------------------

def job_child(kind: str, arg: str) -> dict:
    """Runs one job in this (child) process and returns its figures."""
    from django.db import transaction

    rss_before = peak_rss_mb()
    tracemalloc.start()
    t0 = time.perf_counter()
    out: dict = {}
    if kind == "annual":
        from django.utils import timezone

        from accounts.models import User
        from reports.choices import JobKind
        from reports.models import ReportJob
        from reports.services import job_run

        admin = User.objects.get(username=USERS["admin"])
        job = ReportJob.objects.create(kind=JobKind.ANNUAL_REPORT, requested_by=admin, file_format=arg,
                                       language="zh-hans", params={"year": timezone.localdate().year - 1})
        t0 = time.perf_counter()
        out["status"] = job_run(job.pk)
        job.refresh_from_db()
        out["reason"] = job.failure_reason
        out["file_mb"] = job.result.size / 1048576 if job.result else 0
        if job.result:
            job.result.delete(save=False)
        job.delete()
    elif kind == "reminder":
        from notifications import reminders

        class Rollback(Exception):
            pass

        try:
            with transaction.atomic():
                out["sent"] = reminders.run_rule(arg)
                out["status"] = "done"
                raise Rollback
        except Rollback:
            pass
    else:
        raise ValueError(kind)
    out["seconds"] = time.perf_counter() - t0
    out["heap_peak_mb"] = tracemalloc.get_traced_memory()[1] / 1048576
    tracemalloc.stop()
    out["rss_before_mb"] = rss_before
    out["rss_peak_mb"] = peak_rss_mb()
    return out


def spawn(args: list[str]) -> tuple[int, str]:
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True, env=os.environ.copy())
    return proc.returncode, proc.stdout + proc.stderr


def run_jobs(only: str | None) -> list[dict]:
    from notifications import reminders

    jobs = [("annual", "pdf"), ("annual", "xlsx")] + [("reminder", name) for name in sorted(reminders.RULES)]
    out = []
    pattern = re.compile(only) if only else None
    for kind, arg in jobs:
        if pattern and not pattern.search(f"job {kind} {arg}"):
            continue
        code, text = spawn(["-m", "bench.run", "--child", kind, arg])
        line = [ln for ln in text.splitlines() if ln.startswith("{")]
        data = json.loads(line[-1]) if line else {"status": "crashed", "reason": text[-2000:]}
        target_s = TARGET_ANNUAL_S if kind == "annual" else TARGET_REMINDER_S
        target_mb = TARGET_ANNUAL_MB if kind == "annual" else None
        data.update(kind=kind, name=arg, target_s=target_s, target_mb=target_mb)
        data["ok"] = (data.get("status") == "done" and data["seconds"] < target_s
                      and (target_mb is None or data["rss_peak_mb"] < target_mb))
        print(f"  job {kind:8} {arg:28} {data.get('status')}: {data.get('seconds', 0):6.1f} s, "
              f"RSS peak {data.get('rss_peak_mb', 0):6.1f} MB {'' if data['ok'] else '<< MISSED'}", flush=True)
        out.append(data)
    if not pattern or pattern.search("job export"):
        for fmt in ("xlsx", "csv"):
            code, text = spawn(["bench/export_bench.py", "--rows", "100000", "--format", fmt])
            secs = re.search(r"rows in ([\d.]+) s", text)
            rss = re.search(r"process RSS peak\s+([\d.]+) MB", text)
            data = {"kind": "export", "name": f"100,000 rows {fmt}", "status": "done" if code == 0 else "failed",
                    "seconds": float(secs.group(1)) if secs else 0.0,
                    "rss_peak_mb": float(rss.group(1)) if rss else 0.0,
                    "target_s": TARGET_EXPORT_S, "target_mb": TARGET_EXPORT_MB, "output": text.strip()}
            data["ok"] = code == 0 and data["seconds"] < TARGET_EXPORT_S and data["rss_peak_mb"] < TARGET_EXPORT_MB
            print(f"  job export   {fmt:28} {data['status']}: {data['seconds']:6.1f} s, RSS peak "
                  f"{data['rss_peak_mb']:6.1f} MB {'' if data['ok'] else '<< MISSED'}", flush=True)
            out.append(data)
    return out


def data_sizes() -> dict[str, int]:
    from django.db import connection

    tables = ["accounts_user", "accounts_organization", "partnerships_agreement", "internships_posting",
              "internships_application", "internships_placement", "internships_weeklylog", "funding_booking",
              "funding_expenditure"]
    with connection.cursor() as cur:
        return {t: cur.execute(f"SELECT count(*) FROM {t}") or cur.fetchone()[0] for t in tables}


def machine() -> dict:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT version()")
        pg = cur.fetchone()[0].split(" on ")[0]
    cpu = "unknown"
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import django

    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem, 1), "python": platform.python_version(),
            "django": django.get_version(), "postgres": pg, "kernel": platform.release()}


def markdown(report: dict) -> str:
    lines = [f"# Benchmark results ({report['started']})", "",
             "Machine: " + ", ".join(f"{k} {v}" for k, v in report["machine"].items()), "",
             "Rows: " + ", ".join(f"{k} {v:,}" for k, v in report["sizes"].items()), "",
             f"Requests: {report['warmup']} warm-up + {report['repeat']} timed runs each; target p95 < "
             f"{TARGET_REQUEST_MS:.0f} ms.", "",
             "| group | role | request | p50 ms | p95 ms | queries | heap MB | rows | ok |",
             "|---|---|---|---:|---:|---:|---:|---:|---|"]
    for r in report["requests"]:
        const = r["extra"].get("constant_queries")
        q = f"{r['queries']}" + ("" if const is None else (" =" if const else " (grows)"))
        ok = "yes" if r["status"] == 200 and r["p95_ms"] < TARGET_REQUEST_MS else (r["note"] or "**no**")
        lines.append(f"| {r['group']} | {r['role']} | `{r['path']}` | {r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {q} | "
                     f"{r['heap_peak_mb']:.1f} | {'' if r['rows'] is None else r['rows']} | {ok} |")
    if report["baselines"]:
        lines += ["", "## Endpoint vs hand-written baseline (one raw SQL query + json), target ≤ 3×", "",
                  "| endpoint | page size | endpoint p50 ms | baseline p50 ms | ratio | ok |",
                  "|---|---:|---:|---:|---:|---|"]
        for b in report["baselines"]:
            lines.append(f"| {b['resource']} | {b['page_size']} | {b['endpoint_p50_ms']:.1f} | "
                         f"{b['baseline_p50_ms']:.1f} | {b['ratio_p50']:.2f} | {'yes' if b['ok'] else '**no**'} |")
    if report["jobs"]:
        lines += ["", "## Jobs", "", "| job | status | seconds | target s | RSS peak MB | target MB | ok |",
                  "|---|---|---:|---:|---:|---:|---|"]
        for j in report["jobs"]:
            lines.append(f"| {j['kind']} {j['name']} | {j.get('status')} | {j.get('seconds', 0):.1f} "
                         f"| {j['target_s']:.0f} | {j.get('rss_peak_mb', 0):.0f} | {j['target_mb'] or ''} "
                         f"| {'yes' if j['ok'] else '**no**'} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--only", help="regular expression over 'group name role path' of the cases to run")
    parser.add_argument("--skip", default="", help="comma list of parts to skip: api,pages,baselines,jobs")
    parser.add_argument("--out", type=Path, help="directory for results.json and results.md")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "ARG"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    import django

    django.setup()
    if args.child:
        print(json.dumps(job_child(*args.child)))
        return 0
    skip = set(filter(None, args.skip.split(",")))
    report = {"started": time.strftime("%Y-%m-%d %H:%M"), "machine": machine(), "sizes": data_sizes(),
              "repeat": args.repeat, "warmup": args.warmup}
    h = Harness(args.repeat, args.warmup, args.only)
    # What a gunicorn worker does after loading config/wsgi.py: the requests below run in a process like it.
    from core.runtime import settle_process

    settle_process()
    if "api" not in skip:
        run_api(h)
    if "pages" not in skip:
        run_pages(h)
    report["baselines"] = run_baselines(h) if "baselines" not in skip else []
    report["requests"] = [asdict(r) for r in h.results]
    report["jobs"] = run_jobs(args.only) if "jobs" not in skip else []
    text = markdown(report)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "results.json").write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str))
        (args.out / "results.md").write_text(text)
    missed = [r for r in h.results if not r.ok]
    missed_jobs = [j for j in report["jobs"] if not j["ok"]]
    missed_base = [b for b in report["baselines"] if not b["ok"]]
    grows = [r for r in h.results if r.extra.get("constant_queries") is False]
    print(f"\n{len(h.results)} requests: {len(missed)} over {TARGET_REQUEST_MS:.0f} ms or failing; "
          f"{len(grows) // 2} endpoints whose queries grow with page size; "
          f"{len(missed_base)} baselines over {BASELINE_FACTOR:.0f}x; {len(missed_jobs)} jobs over target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
