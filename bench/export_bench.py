"""Peak memory and time of the streaming export on generated rows (a benchmark, not a test).

    DATABASE_URL=... python bench/export_bench.py --rows 100000 --format xlsx

Generates ``--rows`` enterprise organisations (inside a transaction that is rolled back, so the
database is left as it was), runs the real export code path (``reports.services.job_run``) for a
college admin, and prints the time, the Python heap peak (tracemalloc) and the process's peak RSS
(VmHWM). The issue's budget: 100,000 rows under 300 MB peak.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.run import peak_rss_mb  # noqa: E402 - needs the project root on the path first

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

BUDGET_MB = 300


class Rollback(Exception):
    pass



def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    parser.add_argument("--keep", action="store_true", help="keep the generated rows (default: roll back)")
    parser.add_argument("--no-trace", action="store_true",
                        help="skip tracemalloc (it slows Python down ~3x); time is then realistic, RSS still measured")
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection, transaction

    from accounts.choices import OrganizationKind, Role
    from accounts.models import Membership, Organization, User
    from reports.choices import JobKind
    from reports.models import ReportJob
    from reports.services import job_run

    result: dict = {}
    try:
        with transaction.atomic():
            college, _ = Organization.objects.get_or_create(kind=OrganizationKind.COLLEGE, name="基准测试学院")
            admin, _ = User.objects.get_or_create(username="bench-export-admin")
            Membership.objects.get_or_create(user=admin, organization=college, role=Role.COLLEGE_ADMIN)
            t0 = time.perf_counter()
            with connection.cursor() as cur:
                # Generated in SQL so the generator's own memory does not count against the export.
                cur.execute(
                    """INSERT INTO accounts_organization (kind, name, name_en, short_name, email, website, is_active,
                                                          created_at)
                       SELECT 'enterprise', '基准企业' || g, 'Bench Enterprise ' || g, '',
                              'bench' || g || '@example.cn', 'https://example.cn/' || g, true, now()
                       FROM generate_series(1, %s) AS g""",
                    [args.rows],
                )
            result["generate_s"] = time.perf_counter() - t0
            job = ReportJob.objects.create(
                kind=JobKind.EXPORT, requested_by=admin, file_format=args.format, language="zh-hans",
                params={"spec": "organizations", "columns": [], "query": "kind=enterprise"},
            )
            rss_before = peak_rss_mb()
            if not args.no_trace:
                tracemalloc.start()
            t0 = time.perf_counter()
            status = job_run(job.pk)
            result["export_s"] = time.perf_counter() - t0
            peak = tracemalloc.get_traced_memory()[1] if tracemalloc.is_tracing() else 0
            tracemalloc.stop()
            job.refresh_from_db()
            result.update(
                status=status, rows=job.summary.get("rows"), reason=job.failure_reason,
                heap_peak_mb=peak / 1048576, rss_before_mb=rss_before,
                rss_peak_mb=peak_rss_mb(),
                file_mb=(job.result.size / 1048576) if job.result else 0,
            )
            if job.result:
                job.result.delete(save=False)
            if not args.keep:
                raise Rollback
    except Rollback:
        # The rolled-back rows stay in the table as dead tuples until a vacuum. With autovacuum off (as
        # on this machine) 300,000 of them made every later organisation query read 5,800 pages instead
        # of 24, and the planner's inflated row estimate switched JIT on (0.9 s on the enterprise page).
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE accounts_organization, accounts_user, accounts_membership, reports_reportjob")

    print(f"rows generated     {args.rows:,} in {result['generate_s']:.1f} s")
    print(f"export ({args.format})      {result['status']}, {result['rows']:,} rows in {result['export_s']:.1f} s "
          f"({result['rows'] / max(result['export_s'], 1e-9):,.0f} rows/s), file {result['file_mb']:.1f} MB")
    if result["reason"]:
        print(f"failure reason     {result['reason']}")
    print(f"python heap peak   {result['heap_peak_mb']:.1f} MB (tracemalloc, during the export)")
    print(f"process RSS peak   {result['rss_peak_mb']:.1f} MB (before the export: {result['rss_before_mb']:.1f} MB)")
    ok = result["status"] == "done" and result["rss_peak_mb"] < BUDGET_MB
    print(f"budget {BUDGET_MB} MB      {'OK' if ok else 'EXCEEDED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
