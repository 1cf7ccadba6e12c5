"""Lists with rows made by Django's ``Model.from_db`` (A) and by ``core.loading`` (B), alternating in one process.

    python -m bench.loading_ab [--pairs 200] [PATH ...]          # DATABASE_URL: a generated data set

Each pair asks the same path twice as the college admin, once with every project model loaded by Django's own
``from_db`` and once by ``core.loading``'s, in turn so that a change in the machine's load touches both alike;
the two answers must be byte for byte the same. Prints the p50 of each side and the change. A benchmark, not a
test: nothing here is collected by pytest.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "False")

PATHS = ["/api/v1/placements/?page_size=50", "/api/v1/placements/?page_size=200",
         "/api/v1/applications/?page_size=50", "/api/v1/weekly-logs/?page_size=50",
         "/api/v1/course-projects/?page_size=200"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=PATHS)
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--user", default="bench-admin")
    args = parser.parse_args(argv)

    import django

    django.setup()
    from django.test import Client

    from accounts.models import User
    from core.apps import project_models

    models = [m for m in project_models() if m.__dict__.get("_iei_plain_loading")]

    def loading(plain: bool) -> None:
        for model in models:
            model._iei_plain_loading = plain

    client = Client()
    client.force_login(User.objects.get(username=args.user))
    try:
        for path in args.paths:
            times: dict[bool, list[float]] = {False: [], True: []}
            for i in range(args.warmup + args.pairs):
                bodies = {}
                for plain in (False, True):
                    loading(plain)
                    started = time.perf_counter()
                    response = client.get(path)
                    if i >= args.warmup:
                        times[plain].append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        print(f"{path}: HTTP {response.status_code}", file=sys.stderr)
                        return 1
                    bodies[plain] = response.content
                if bodies[False] != bodies[True]:
                    print(f"{path}: the two answers differ", file=sys.stderr)
                    return 1
            a, b = statistics.median(times[False]), statistics.median(times[True])
            change = (b / a - 1) * 100
            print(f"{path:45} Django from_db p50 {a:7.2f} ms   core.loading p50 {b:7.2f} ms   {change:+6.1f} %",
                  flush=True)
    finally:
        loading(True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
