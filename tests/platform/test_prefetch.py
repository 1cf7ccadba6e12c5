"""Nested rows of list pages: prefetched into plain lists (core.prefetch), released after rendering
(core.prefetch.release)."""
import datetime
import gc
import weakref

import pytest

from core.prefetch import prefetched, release
from partnerships.api.serializers import IndustryProjectSerializer
from partnerships.models import IndustryProject, ProjectMember, ProjectMilestone
from tests.accounts.factories import UserFactory
from tests.partnerships.factories import IndustryProjectFactory


@pytest.fixture
def projects(enterprise_org):
    out = IndustryProjectFactory.create_batch(3, enterprise=enterprise_org)
    for project in out:
        for i in range(2):
            ProjectMilestone.objects.create(project=project, title=f"M{i}", due_date=datetime.date(2026, 6, 1 + i))
            ProjectMember.objects.create(project=project, user=UserFactory(), role="member")
    return out


def _listed(as_list: bool):
    return list(IndustryProject.objects.select_related("enterprise").order_by("pk").prefetch_related(
                    prefetched("competencies", as_list=as_list), prefetched("milestones", as_list=as_list),
                    prefetched("members", ProjectMember.objects.select_related("user"), as_list=as_list)))


@pytest.mark.django_db
def test_a_list_renders_its_nested_rows_from_the_prefetched_lists(projects, django_assert_num_queries):
    rows = _listed(as_list=True)
    assert all("prefetched_members" in p.__dict__ for p in rows)
    with django_assert_num_queries(0):
        data = IndustryProjectSerializer(rows, many=True).data
    # ... and exactly as the ordinary prefetch renders them
    assert data == IndustryProjectSerializer(_listed(as_list=False), many=True).data
    assert [len(p["milestones"]) for p in data] == [2, 2, 2]


@pytest.mark.django_db
def test_released_rows_are_freed_without_the_cyclic_collector(projects):
    rows = _listed(as_list=True)
    refs = [weakref.ref(m) for p in rows for m in p.__dict__["prefetched_milestones"]]
    gc.disable()
    try:
        release(rows)
        del rows
        assert all(r() is None for r in refs)
    finally:
        gc.enable()


@pytest.mark.django_db
def test_unreleased_rows_wait_for_the_cyclic_collector(projects):
    # The reason for release(): a prefetched child points back at its parent.
    rows = _listed(as_list=True)
    refs = [weakref.ref(m) for p in rows for m in p.__dict__["prefetched_milestones"]]
    gc.disable()
    try:
        del rows
        assert any(r() is not None for r in refs)
    finally:
        gc.enable()
        gc.collect()
