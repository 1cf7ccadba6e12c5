"""Scenario: what domain events cost the step that emits them, events on against events off in one run.

Issue 19: "the step that emits an event answers within 10 % of its time before this issue (benchmark in
bench/, same run): fan-out happens in Celery, not in the request". The step is shortlisting an
application, ``POST /api/v1/applications/{id}/shortlist/`` as a partner of the enterprise that owns the
posting: ``core.workflow.transition`` emits ``internships.application.shortlisted``, to which the event
journal (core), the notifications host and integrations subscribe, so with events on the request also
hands the event to the dispatcher after its commit, which queues one Celery task per subscriber on the
broker (Redis; no worker needs to run, the tasks wait on the ``events`` queue).

"Events off" is the setting ``IEI_EVENTS_ENABLED = False`` (config/settings/base.py): ``core.events.emit``
then queues nothing, as before there were events. Only this module turns it off, per request, with
Django's ``override_settings``: both halves run in one process, against the same data, with the same warm
caches and connections. The run counts the events dispatched in each half (all of the "on" requests,
none of the "off" ones), so a switch that did not switch shows in the report.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/iei_bench REDIS_URL=redis://127.0.0.1:6379/11
    python -m bench.generate --scale 1        # or any database with a published posting (seed_demo)
    python -m bench.events_emit --pairs 200 --warmup 20 --out bench/results/events-emit

Every request goes through Django's test ``Client`` (the whole middleware stack, a session login) in this
process, like bench/run.py, and shortlists an application of its own: ``setup()`` copies a published
posting of the partner's enterprise (``bench-enterprise-1`` of the generated data, else the first partner
with a published posting) and gives the copy ``2 × (pairs + warmup)`` submitted applications from students
of its own (``bench-emit-*``, created once); ``teardown()`` deletes the applications, their status changes
and the copy afterwards, so the data set is left as it was. The pairs alternate their order (on then off,
off then on, ...) so a drift of the machine's load falls on both halves alike. Reported: each half's
median, p95 and max; the ratio of the medians (on / off: the issue's figure, at most 1.10); the median of
the per-pair ratios. Nothing here judges a time: the lead's run records the figures in docs/PERFORMANCE.md.

The tasks the "on" half queued stay on the broker until a worker takes them (their applications are gone
by then, so the subscribers find nothing to tell anyone); ``celery -A config purge -Q events -f`` drops them.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
# Benchmarks run like production: no debug pages, no SQL kept in memory between requests.
os.environ.setdefault("DEBUG", "False")

PREFIX = "bench-emit-"
PARTNER = "bench-enterprise-1"
TARGET_RATIO = 1.10
STEP_URL = "/api/v1/applications/{id}/shortlist/"


def _django():
    import django

    django.setup()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))] if ordered else 0.0


def _summary(times: list[float]) -> dict:
    return {"requests": len(times), "p50_ms": statistics.median(times), "p95_ms": _percentile(times, 0.95),
            "max_ms": max(times)}


def partner(username: str = PARTNER):
    """(user, posting): the partner who shortlists, and a published posting of their enterprise."""
    from accounts.choices import Role
    from accounts.models import Membership, User
    from core.access import access_for
    from internships.choices import PostingStatus
    from internships.models import Posting

    candidates = User.objects.filter(username=username)
    if not candidates.exists():  # not the generated data set (the demo, a small database): any partner will do
        candidates = User.objects.filter(pk__in=Membership.objects.in_force().filter(
            role=Role.ENTERPRISE, organization__postings__status=PostingStatus.PUBLISHED).values("user_id"))
    for user in candidates.order_by("pk")[:20]:
        posting = (Posting.objects.filter(enterprise_id__in=access_for(user).enterprise_ids,
                                          status=PostingStatus.PUBLISHED).order_by("pk").first())
        if posting is not None:
            return user, posting
    raise SystemExit("no enterprise partner with a published posting: run python -m bench.generate "
                     "(or python manage.py seed_demo) first")


def setup(posting, n: int) -> tuple[int, list[int]]:
    """A copy of ``posting`` with ``n`` submitted applications; returns (the copy's id, the applications' ids)."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from internships.choices import ApplicationStatus
    from internships.models import Application, Posting

    User = get_user_model()
    User.objects.bulk_create([User(username=f"{PREFIX}{i:05d}", email=f"{PREFIX}{i:05d}@example.edu")
                              for i in range(n)], ignore_conflicts=True)
    students = list(User.objects.filter(username__startswith=PREFIX).order_by("username")
                    .values_list("pk", flat=True)[:n])
    with transaction.atomic():
        copy = Posting.objects.get(pk=posting.pk)
        copy.pk = None
        copy._state.adding = True
        copy.title = f"{copy.title} · bench events"[:200]
        copy.accepted_count = 0
        copy.save()
        Application.objects.bulk_create([Application(posting=copy, student_id=s, status=ApplicationStatus.SUBMITTED)
                                         for s in students])
    ids = list(Application.objects.filter(posting=copy).order_by("pk").values_list("pk", flat=True))
    return copy.pk, ids


def teardown(posting_id: int, application_ids: list[int]) -> None:
    """Remove what ``setup()`` and the run wrote: status changes, applications, the posting's copy."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import transaction

    from core.models import StatusChange
    from internships.models import Application, Posting

    with transaction.atomic():
        StatusChange.objects.filter(content_type=ContentType.objects.get_for_model(Application),
                                    object_id__in=application_ids).delete()
        Application.objects.filter(pk__in=application_ids).delete()
        Posting.objects.filter(pk=posting_id).delete()


def _check_broker() -> None:
    """Events on queue their tasks on the broker: it must answer, and tasks must not run in the request."""
    from django.conf import settings

    from config.celery import app

    if settings.CELERY_TASK_ALWAYS_EAGER:
        raise SystemExit("CELERY_TASK_ALWAYS_EAGER is set: the subscribers would run inside the request")
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1)


def run(pairs: int = 200, warmup: int = 20, username: str = PARTNER) -> dict:
    """Time ``pairs`` A/B pairs of the shortlist step (after ``warmup`` untimed pairs); returns the report."""
    from django.test import Client, override_settings

    from core import events
    from internships.models import Application

    _check_broker()
    user, posting = partner(username)
    posting_id, ids = setup(posting, 2 * (pairs + warmup))
    if len(ids) < 2 * (pairs + warmup):
        raise SystemExit(f"only {len(ids)} applications could be made")
    client = Client()
    client.force_login(user)
    dispatched = {True: 0, False: 0}
    real_dispatch = events.dispatch
    state = {"on": True}

    def counting_dispatch(event):
        dispatched[state["on"]] += 1
        return real_dispatch(event)

    def one(app_id: int, on: bool) -> float:
        state["on"] = on
        with override_settings(IEI_EVENTS_ENABLED=on):
            t0 = time.perf_counter()
            response = client.post(STEP_URL.format(id=app_id))
            ms = (time.perf_counter() - t0) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{STEP_URL.format(id=app_id)}: HTTP {response.status_code} {response.content[:300]!r}")
        return ms

    times: dict[bool, list[float]] = {True: [], False: []}
    ratios: list[float] = []
    queue = iter(ids)
    events.dispatch = counting_dispatch  # emit's on-commit callback looks the name up when it runs
    try:
        for i in range(warmup + pairs):
            order = (True, False) if i % 2 == 0 else (False, True)
            pair = {on: one(next(queue), on) for on in order}
            if i >= warmup:
                for on, ms in pair.items():
                    times[on].append(ms)
                ratios.append(pair[True] / pair[False])
        shortlisted = Application.objects.filter(pk__in=ids, status="shortlisted").count()
    finally:
        events.dispatch = real_dispatch
        teardown(posting_id, ids)
    on, off = _summary(times[True]), _summary(times[False])
    report = {
        "step": "POST " + STEP_URL, "user": user.username, "pairs": pairs, "warmup_pairs": warmup,
        "events_on": on, "events_off": off,
        "ratio_of_medians": on["p50_ms"] / off["p50_ms"], "median_pair_ratio": statistics.median(ratios),
        "target_ratio": TARGET_RATIO,
        "events_dispatched": {"on": dispatched[True], "off": dispatched[False]},
        "applications_shortlisted": shortlisted,
    }
    return report


def markdown(report: dict) -> str:
    on, off = report["events_on"], report["events_off"]
    return "\n".join([
        f"# Domain events on and off: `{report['step']}` as {report['user']}",
        "",
        f"{report['pairs']} alternating pairs after {report['warmup_pairs']} untimed ones; "
        f"events dispatched (warm-up included): on {report['events_dispatched']['on']}, "
        f"off {report['events_dispatched']['off']}.",
        "",
        "| events | requests | p50 ms | p95 ms | max ms |",
        "|---|---:|---:|---:|---:|",
        f"| on | {on['requests']} | {on['p50_ms']:.1f} | {on['p95_ms']:.1f} | {on['max_ms']:.1f} |",
        f"| off | {off['requests']} | {off['p50_ms']:.1f} | {off['p95_ms']:.1f} | {off['max_ms']:.1f} |",
        "",
        f"Ratio of the medians (on / off): **{report['ratio_of_medians']:.3f}** (target at most "
        f"{report['target_ratio']:.2f}); median of the pairwise ratios: {report['median_pair_ratio']:.3f}.",
        "",
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=200, help="timed A/B pairs")
    parser.add_argument("--warmup", type=int, default=20, help="untimed pairs first")
    parser.add_argument("--user", default=PARTNER, help="the enterprise partner who shortlists")
    parser.add_argument("--out", type=Path)
    parser.add_argument("--force", action="store_true", help='allow a database whose name lacks "bench"')
    args = parser.parse_args(argv)
    db = os.environ.get("DATABASE_URL", "")
    if "bench" not in db.rsplit("/", 1)[-1] and not args.force:
        parser.error("DATABASE_URL must name a bench database (its name contains 'bench'), or pass --force")
    if args.pairs < 1 or args.warmup < 0:
        parser.error("--pairs must be at least 1 and --warmup at least 0")
    _django()
    report = run(args.pairs, args.warmup, args.user)
    text = markdown(report)
    print(text)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "events_emit.json").write_text(json.dumps(report, indent=1, ensure_ascii=False, default=str))
        (args.out / "events_emit.md").write_text(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
