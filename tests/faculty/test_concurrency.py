"""Concurrent requests on real PostgreSQL: overlapping submissions and double confirmations."""
import datetime as dt
import threading

import pytest
from django.db import connection

from core.domain import DomainError
from faculty import services
from faculty.choices import PlacementStatus
from faculty.models import TeacherPlacement
from tests.faculty.factories import TeacherPlacementFactory, TeacherProfileFactory


def _run_parallel(funcs):
    results, barrier = [], threading.Barrier(len(funcs))

    def worker(fn):
        try:
            barrier.wait()
            fn()
            results.append("ok")
        except DomainError as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(fn,)) for fn in funcs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sorted(results)


@pytest.mark.django_db(transaction=True)
def test_parallel_overlapping_submissions_only_one_passes(enterprise_org):
    profile = TeacherProfileFactory()
    placements = [
        TeacherPlacementFactory(teacher=profile, host=enterprise_org, start_date=dt.date(2025, 3, 1) + dt.timedelta(i),
                                end_date=dt.date(2025, 3, 20) + dt.timedelta(i), days=10)
        for i in range(4)
    ]
    results = _run_parallel([lambda p=p: services.placement_submit(placement=p) for p in placements])
    assert results.count("ok") == 1 and results.count("overlap") == 3
    assert TeacherPlacement.objects.filter(teacher=profile, status=PlacementStatus.SUBMITTED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_parallel_confirmations_one_wins(enterprise_user, enterprise_org):
    p = TeacherPlacementFactory(host=enterprise_org, status=PlacementStatus.SUBMITTED)
    results = _run_parallel([lambda: services.placement_confirm(placement=TeacherPlacement.objects.get(pk=p.pk),
                                                                by=enterprise_user) for _ in range(4)])
    assert results.count("ok") == 1 and results.count("transition_not_allowed") == 3
