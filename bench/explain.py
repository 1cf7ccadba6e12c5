"""EXPLAIN ANALYZE every SQL query of one request (how the indexes in docs/PERFORMANCE.md were chosen).

    python -m bench.explain /api/v1/applications/?page_size=50 [--role admin] [--plans]

Runs the request once through Django's test Client as a generated user (see bench/run.py USERS),
then EXPLAIN (ANALYZE, BUFFERS) on each captured query, slowest first, with the plan's execution
time; ``--plans`` prints the full plans of the queries over 5 ms.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "False")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path")
    parser.add_argument("--role", default="admin")
    parser.add_argument("--plans", action="store_true")
    parser.add_argument("--min-ms", type=float, default=5.0, help="print the plans of queries slower than this")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from bench.run import USERS

    client = Client()
    client.force_login(User.objects.get(username=USERS[args.role]))
    client.get(args.path)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(args.path)
    print(f"HTTP {response.status_code}, {len(ctx.captured_queries)} queries")
    explained = []
    with connection.cursor() as cur:
        for q in ctx.captured_queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            plan = [r[0] for r in cur.fetchall()]
            ms = next((float(line.split(":")[1].split()[0]) for line in plan if line.startswith("Execution Time")), 0.0)
            explained.append((ms, sql, plan))
    for ms, sql, plan in sorted(explained, key=lambda e: -e[0]):
        print(f"{ms:8.2f} ms  {sql[:300]}")
        if args.plans and ms > args.min_ms:
            print("\n".join("           " + line for line in plan))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
