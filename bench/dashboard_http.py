"""Each role's dashboard (or another page) over HTTP, one request at a time (issue 23 items 2 and 4).

    python -m bench.dashboard_http --serve --requests 200 --out bench/results/dashboard-http
    python -m bench.dashboard_http --serve --path '/search/?q={term}' --out bench/results/search-http

A ``--path`` holding ``{term}`` is asked once per term of ``TERMS`` (Chinese names, words, one and two
characters, and ASCII), each the first time that term is searched in the process, so no kept total helps;
its warm-up requests ask for the dashboard.

Starts gunicorn (one worker, one thread: nothing queues behind another request), logs in the generated
users of each role and asks for ``/`` ``--requests`` times in a row, after ``--warmup`` unrecorded
requests. The times are the client's (socket to last byte over loopback), so they include the middleware,
the template and the HTTP round trip that the in-process ``bench.run`` leaves out. The data set is the one
``DATABASE_URL`` names; at ``bench.generate --scale 0.034`` it holds about 1,000 placements.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.load import login, percentile, serve, stop, wait_ready

TERMS = ["王", "李", "张", "陈", "影视", "分镜", "剪辑", "调色", "动画", "特效", "北京", "上海", "传媒", "文化",
         "科技", "实习", "摄影", "导演", "虚拟", "拍摄", "后期", "编剧", "数字", "AIGC", "VR", "设计", "广告", "直播",
         "短视频", "影视后期制作", "刘", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱"]

ROLES = {"admin": "bench-admin", "teacher": "bench-teacher-1", "student": "bench-student-1",
         "enterprise": "bench-enterprise-1", "association": "bench-association"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8320")
    parser.add_argument("--serve", action="store_true", help="start (and stop) gunicorn on the --base-url port")
    parser.add_argument("--path", default="/", help="the page; {term} is replaced by each of TERMS in turn")
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args(argv)

    base = args.base_url.rstrip("/")
    proc = None
    log = Path(tempfile.gettempdir()) / "bench-dashboard-gunicorn.log"
    if args.serve:
        proc = serve("config.wsgi:application", int(base.rsplit(":", 1)[1]), 1, 1, log)
    try:
        wait_ready(f"{base}/accounts/login/", proc, log)
        rows = []
        for role, username in ROLES.items():
            try:
                session = login(base, username)
            except RuntimeError as exc:  # a data set without that role's user
                print(f"{role}: {exc}", file=sys.stderr)
                continue
            times, statuses = [], set()
            if "{term}" in args.path:
                paths = ["/"] * args.warmup + [args.path.replace("{term}", t) for t in TERMS]
            else:
                paths = [args.path] * (args.warmup + args.requests)
            for i, path in enumerate(paths):
                start = time.perf_counter()
                r = session.get(f"{base}{path}", timeout=60, allow_redirects=False)
                elapsed = (time.perf_counter() - start) * 1000
                statuses.add(r.status_code)
                if i >= args.warmup:
                    times.append(elapsed)
            rows.append({"role": role, "user": username, "statuses": sorted(statuses),
                         "p50": round(statistics.median(times), 1), "p95": round(percentile(times, 0.95), 1),
                         "max": round(max(times), 1), "requests": len(times)})
            print(f"{role:12} {username:22} p50 {rows[-1]['p50']:6.1f}  p95 {rows[-1]['p95']:6.1f}  "
                  f"max {rows[-1]['max']:6.1f} ms  HTTP {rows[-1]['statuses']}")
    finally:
        stop(proc)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "dashboard.json").write_text(json.dumps(rows, indent=1))
    return 0 if all(r["statuses"] == [200] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
