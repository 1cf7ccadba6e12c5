"""The list bases prime a page's rows with their policy (``Policy.prime``), so a list view that asks the policy
row after row costs one query for the page's people without priming them itself (core/views.py
``ListPageMixin.filtered_page``, core/api.py ``ScopedModelViewSet.list``)."""
import pytest
from django.test import RequestFactory

from accounts.choices import Role
from core.api import Policy
from core.views import ListPageMixin
from internships.filtersets import ApplicationFilterSet, PostingFilterSet
from internships.models import Application, Posting
from internships.policies import ApplicationPolicy
from tests.accounts.factories import make_member
from tests.internships.factories import ApplicationFactory, PostingFactory

pytestmark = pytest.mark.django_db


def _request(user, **params):
    request = RequestFactory().get("/", params)
    request.user = user
    return request


class _Applications(ListPageMixin):
    filterset_class = ApplicationFilterSet


class _Recording(Policy):
    primed: list = []

    def prime(self, user, objs) -> None:
        _Recording.primed.append([obj.pk for obj in objs])


class _Postings(ListPageMixin):
    filterset_class = PostingFilterSet
    policy_class = _Recording


@pytest.fixture
def applications(department, enterprise_org):
    posting = PostingFactory(enterprise=enterprise_org, slots=50)
    return [ApplicationFactory(posting=posting, student=make_member(Role.STUDENT, department)) for _ in range(6)]


def test_a_page_is_primed_with_its_step_tables_policy(department_admin, applications, django_assert_num_queries):
    request = _request(department_admin)
    qs = Application.objects.visible_to(department_admin).select_related("posting", "student")
    _, page, _ = _Applications().filtered_page(request, qs)
    policy = ApplicationPolicy()
    with django_assert_num_queries(1):  # the page's six students at once, where unprimed each cost one
        answers = [policy.can_action(department_admin, a, "reject") for a in page.object_list]
    assert answers == [True] * 6
    with django_assert_num_queries(0):  # the page was read once, in the base: the view reads the same rows
        assert len(list(page.object_list)) == 6


def test_a_page_is_primed_with_the_policy_the_view_names(admin_user, enterprise_org):
    postings = PostingFactory.create_batch(3, enterprise=enterprise_org)
    _Recording.primed = []
    view = _Postings()
    view.paginate_by = 2
    _, page, _ = view.filtered_page(_request(admin_user, ordering="id"), Posting.objects.all())
    assert _Recording.primed == [[p.pk for p in page.object_list]] and len(page.object_list) == 2
    assert {p.pk for p in page.object_list} <= {p.pk for p in postings}
    # A grouped list has no rows to ask about: nothing is primed.
    _Recording.primed = []
    view.filtered_page(_request(admin_user), Posting.objects.values("enterprise_id").order_by("enterprise_id"))
    assert _Recording.primed == []


def test_the_api_primes_a_list_page_with_the_viewsets_policy(api_department_admin, applications, monkeypatch):
    primed = []
    real = ApplicationPolicy.prime

    def recording(self, user, objs):
        objs = list(objs)
        primed.append(sorted(obj.pk for obj in objs))
        return real(self, user, objs)

    monkeypatch.setattr(ApplicationPolicy, "prime", recording)
    response = api_department_admin.get("/api/v1/applications/", {"page_size": 4})
    assert response.status_code == 200
    assert primed == [sorted(row["id"] for row in response.json()["results"])] and len(primed[0]) == 4
