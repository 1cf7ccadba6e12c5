"""Many teachers at once (a province's 8,000): the rows are kept in Python instead of an IN list.

``IN_LIST_LIMIT`` is lowered so that a handful of teachers takes the large-list path; the figures must
be the same as on the small-list path, and a teacher outside the asked list must not leak in.
"""
import datetime as dt

import pytest

from faculty import services
from faculty.choices import PlacementStatus, Standing
from tests.faculty.factories import TeacherCertificateFactory, TeacherPlacementFactory, TeacherProfileFactory

AS_OF = dt.date(2026, 6, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture
def teachers():
    qualified, behind, outsider = TeacherProfileFactory(), TeacherProfileFactory(), TeacherProfileFactory()
    TeacherCertificateFactory(profile=qualified, name="影视后期特效师（高级）")
    TeacherCertificateFactory(profile=qualified, name="虚拟制片技术员", issued_on=dt.date(2024, 1, 1))
    TeacherCertificateFactory(profile=outsider)
    for teacher, days in ((qualified, 200), (behind, 10), (outsider, 300)):
        TeacherPlacementFactory(teacher=teacher, start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 12, 31),
                                days=days, status=PlacementStatus.COUNTED)
    return qualified, behind, outsider


def figures(profiles):
    dual = services.dual_statuses(profiles, AS_OF)
    standing = services.teacher_standings(profiles, AS_OF)
    return ({pk: (s.qualified, s.reasons) for pk, s in dual.items()},
            {pk: (s.counted_days, s.status) for pk, s in standing.items()})


@pytest.mark.parametrize("limit", [0, 1])
def test_large_list_path_gives_the_same_figures(teachers, monkeypatch, limit):
    qualified, behind, _outsider = teachers
    small = figures([qualified, behind])
    monkeypatch.setattr(services, "IN_LIST_LIMIT", limit)
    large = figures([qualified, behind])
    assert large == small
    dual, standing = large
    assert set(dual) == set(standing) == {qualified.pk, behind.pk}
    # The outsider's 300 days are read on the large-list path but must not be counted for anyone.
    days = services._window_days([qualified.pk, behind.pk], [PlacementStatus.COUNTED], AS_OF)
    assert days == {qualified.pk: 200, behind.pk: 10}
    assert dual[qualified.pk][0] is True and len(dual[qualified.pk][1]) >= 1
    assert standing[qualified.pk][0] == 200 and standing[behind.pk] == (10, Standing.BEHIND)


def test_large_list_path_reads_without_an_in_list(teachers, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(services, "IN_LIST_LIMIT", 0)
    qualified, behind, _outsider = teachers
    with django_assert_num_queries(2):
        standing = services.teacher_standings([qualified, behind], AS_OF)
    assert standing[behind.pk].counted_days == 10
