"""A single-valued query parameter or form member given more than once is a 400, never "the last one".

Django's QueryDict answers ``get()`` with the last of repeated values; a list filtered by
``?course=1&course=2`` silently meant course 2, and a form body ``level=junior&level=`` meant "no
level given" (the default was stored). The FilterSet base (``core.filters``), the search,
ordering and pagination parameters and the form parsers (``core.rest``) now reject them.
"""
import importlib

import django_filters
import pytest
from django.http import QueryDict

from accounts.filtersets import OrganizationFilterSet
from accounts.models import Organization
from core.filters import FilterSet

APPS = ("accounts", "curriculum", "faculty", "funding", "internships", "notifications", "partnerships", "reports")


@pytest.mark.django_db
@pytest.mark.parametrize("url,param", [
    ("/api/v1/job-posts/?competency=1&competency=2", "competency"),
    ("/api/v1/job-posts/?enterprise=3&enterprise=3", "enterprise"),
    ("/api/v1/teaching-assignments/?course=1&course=2", "course"),
    ("/api/v1/teaching-assignments/?instructor=1&instructor=1", "instructor"),
    ("/api/v1/industry-projects/?status=bogus&status=open", "status"),
    ("/api/v1/organizations/?is_active=true&is_active=false", "is_active"),
    ("/api/v1/teacher-placements/?start_after=2025-01-01&start_after=2025-02-01", "start_after"),
    ("/api/v1/organizations/?search=a&search=b", "search"),
    ("/api/v1/organizations/?ordering=name&ordering=-name", "ordering"),
    ("/api/v1/organizations/?page=1&page=1", "page"),
    ("/api/v1/organizations/?page_size=5&page_size=10", "page_size"),
])
def test_a_repeated_single_valued_parameter_is_a_400(api_admin, url, param):
    r = api_admin.get(url)
    assert r.status_code == 400, r.content
    assert param in r.json()["errors"]


@pytest.mark.django_db
def test_each_parameter_once_still_filters(api_admin):
    for url in ("/api/v1/job-posts/?competency=1&enterprise=3", "/api/v1/teaching-assignments/?course=1&instructor=1",
                "/api/v1/industry-projects/?status=open", "/api/v1/organizations/?search=a&ordering=name&page_size=5"):
        assert api_admin.get(url).status_code == 200, url


@pytest.mark.django_db
def test_an_invalid_status_is_a_400(api_admin):
    r = api_admin.get("/api/v1/industry-projects/?status=bogus")
    assert r.status_code == 400 and "status" in r.json()["errors"]


@pytest.mark.django_db
@pytest.mark.parametrize("url,param", [
    ("/api/v1/industry-projects/?enterprise=1.5", "enterprise"),  # the database would round it to enterprise 1
    ("/api/v1/job-posts/?competency=2.5", "competency"),
    ("/api/v1/order-classes/?cohort_year=2024.5", "cohort_year"),
    ("/api/v1/trainings/?year=2024.5", "year"),
])
def test_number_filters_on_whole_numbers_take_whole_numbers(api_admin, url, param):
    r = api_admin.get(url)
    assert r.status_code == 400 and param in r.json()["errors"]
    assert api_admin.get(url.replace(".5", "")).status_code == 200


@pytest.mark.django_db
def test_the_html_filter_form_reports_the_repeated_parameter(college, department):
    everything = Organization.objects.all()
    fs = OrganizationFilterSet(QueryDict(f"parent={college.pk}&parent={college.pk}"), queryset=everything)
    assert not fs.is_valid()
    assert "parent" in fs.errors
    fs = OrganizationFilterSet(QueryDict(f"parent={college.pk}"), queryset=everything)
    assert fs.is_valid() and list(fs.qs) == [department]


class _KindsFilterSet(FilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=[("college", "c"), ("department", "d"), ("enterprise", "e")])

    class Meta:
        model = Organization
        fields = ["kind"]


@pytest.mark.django_db
def test_a_filter_that_reads_a_list_takes_repeated_values(college, department):
    fs = _KindsFilterSet(QueryDict("kind=college&kind=department"), queryset=Organization.objects.all())
    assert fs.is_valid(), fs.errors
    assert set(fs.qs) == {college, department}


def _filtersets():
    for app in APPS:
        module = importlib.import_module(f"{app}.filtersets")
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, FilterSet) and value.__module__ == module.__name__:
                yield value


def test_every_filter_on_a_choice_field_offers_the_choices():
    """A status or kind is filtered with a ChoiceFilter (an unknown value is a 400, and the schema lists the
    enum), never a CharFilter that answers an empty list for a typo."""
    from django_filters.utils import get_model_field

    checked = 0
    for fs in _filtersets():
        for name, filter_ in fs.base_filters.items():
            field = get_model_field(fs._meta.model, filter_.field_name) if filter_.method is None else None
            if field is None or not getattr(field, "choices", None) or filter_.lookup_expr != "exact":
                continue
            assert isinstance(filter_, (django_filters.ChoiceFilter, django_filters.MultipleChoiceFilter)), \
                f"{fs.__name__}.{name}"
            checked += 1
    assert checked > 30


@pytest.mark.django_db
class TestFormBodies:
    """The same rule for members of form bodies (``core.rest.FormParser`` / ``MultiPartParser``)."""

    URL = "/api/v1/certificates/"

    def post_form(self, client, body: str):
        return client.generic("POST", self.URL, body, content_type="application/x-www-form-urlencoded")

    @pytest.mark.parametrize("body,member", [
        ("name=A&level=junior&level=", "level"),  # used to store the default level
        ("name=A&level=bogus&level=junior", "level"),  # used to store "junior"
        ("name=A&name=B", "name"),
    ])
    def test_a_repeated_member_is_a_400(self, api_admin, body, member):
        r = self.post_form(api_admin, body)
        assert r.status_code == 400, r.content
        assert member in r.json()["errors"]

    def test_a_list_member_takes_repeated_values(self, api_admin):
        from tests.curriculum.factories import CompetencyFactory

        a, b = CompetencyFactory(), CompetencyFactory()
        r = self.post_form(api_admin, f"name=A&level=senior&competencies={a.pk}&competencies={b.pk}")
        assert r.status_code == 201, r.content
        assert sorted(r.json()["competencies"]) == sorted([a.pk, b.pk]) and r.json()["level"] == "senior"

    def test_multipart_bodies_too(self, api_admin):
        r = api_admin.post(self.URL, {"name": ["A", "B"], "level": "senior"}, format="multipart")
        assert r.status_code == 400 and "name" in r.json()["errors"]
        assert api_admin.post(self.URL, {"name": "A", "level": "senior"}, format="multipart").status_code == 201


def test_every_api_view_parses_forms_with_the_single_value_parsers():
    from rest_framework import parsers
    from rest_framework.views import APIView

    from core.parsers import FormParser, MultiPartParser

    views = []
    for app in APPS:
        module = importlib.import_module(f"{app}.api.views")
        views += [v for v in vars(module).values() if isinstance(v, type) and issubclass(v, APIView)]
    assert len(views) > 40
    for view in views:
        for parser in view.parser_classes:
            if issubclass(parser, (parsers.FormParser, parsers.MultiPartParser)):
                assert issubclass(parser, (FormParser, MultiPartParser)), f"{view.__name__}: {parser.__name__}"


@pytest.mark.django_db
@pytest.mark.parametrize("url,param", [
    ("/api/v1/agreements/?kind=", "kind"),  # used to answer every agreement
    ("/api/v1/industry-projects/?status=", "status"),
    ("/api/v1/expenditures/?spent_after=", "spent_after"),
    ("/api/v1/organizations/?is_active=", "is_active"),
    ("/api/v1/job-posts/?competency=", "competency"),
    ("/api/v1/organizations/?page=", "page"),
])
def test_an_api_parameter_without_a_value_is_a_400(api_admin, url, param):
    r = api_admin.get(url)
    assert r.status_code == 400, r.content
    assert param in r.json()["errors"]


@pytest.mark.django_db
def test_the_html_filter_form_still_reads_an_empty_value_as_any(college, department):
    """The HTML list's "any" choice submits ``?kind=``: no filter, not an error."""
    fs = OrganizationFilterSet(QueryDict("kind=&is_active="), queryset=Organization.objects.all())
    assert fs.is_valid(), fs.errors
    assert set(fs.qs) == {college, department}
