"""A department administrator's lists whose rows ask the policy about each row's student (the step buttons,
the bulk bar, the leave to decide) cost one query for the page's students, not one per row, and never load
every student of the department (``Access.prime``)."""
import datetime

import pytest

from accounts.choices import Role
from attendance.models import LeaveRequest
from tests.accounts.factories import make_member

from .factories import ApplicationFactory, PlacementFactory, PostingFactory

pytestmark = pytest.mark.django_db


def _constant(client, url, add, django_assert_max_num_queries, rows_of):
    add(2)
    assert client.get(url).status_code == 200  # warm-up: the session is written once
    with django_assert_max_num_queries(40) as small:
        r = client.get(url)
        assert r.status_code == 200
    before = rows_of(r)
    add(8)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        r = client.get(url)
        assert r.status_code == 200
    assert rows_of(r) == before + 8
    assert len(large.captured_queries) == len(small.captured_queries)
    return r


def test_applications_page_with_row_steps(web, department_admin, department, enterprise_org,
                                          django_assert_max_num_queries):
    posting = PostingFactory(enterprise=enterprise_org, slots=50)

    def add(n):
        for _ in range(n):
            ApplicationFactory(posting=posting, student=make_member(Role.STUDENT, department))

    r = _constant(web.login_as(department_admin), "/internships/applications/", add,
                  django_assert_max_num_queries, lambda r: len(r.context["page"].object_list))
    assert "internships/_application_actions.html" in {t.name for t in r.templates}


def test_leave_to_decide_with_many_students(web, department_admin, department, enterprise_org,
                                            django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            placement = PlacementFactory(enterprise=enterprise_org, student=make_member(Role.STUDENT, department),
                                         status="active")
            LeaveRequest.objects.create(placement=placement, kind="sick", start_date=datetime.date(2026, 3, 12),
                                        end_date=datetime.date(2026, 3, 13), reason="发烧", days=2,
                                        status="awaiting_school", approval_order="school_first")

    _constant(web.login_as(department_admin), "/attendance/leave/", add, django_assert_max_num_queries,
              lambda r: len(r.context["to_decide"]))
