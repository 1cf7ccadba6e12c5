"""The shared FilterSet base: foreign keys by id, booleans strictly."""
import pytest

from accounts.filtersets import OrganizationFilterSet
from accounts.models import Organization


@pytest.mark.django_db
@pytest.mark.parametrize("value,valid,expected", [
    ("true", True, True), ("false", True, False), ("unknown", True, None), ("", True, None),
    ("abc", False, None), ("1", False, None),
])
def test_boolean_filter_is_strict(value, valid, expected):
    fs = OrganizationFilterSet({"is_active": value}, queryset=Organization.objects.none())
    assert fs.is_valid() is valid
    if valid:
        assert fs.form.cleaned_data["is_active"] is expected


@pytest.mark.django_db
def test_api_rejects_a_boolean_filter_of_the_wrong_type(api_admin):
    assert api_admin.get("/api/v1/organizations/?is_active=maybe").status_code == 400
    assert api_admin.get("/api/v1/organizations/?is_active=true").status_code == 200


@pytest.mark.django_db
def test_foreign_key_filters_by_id_in_a_hidden_field(college, department):
    fs = OrganizationFilterSet({"parent": str(college.pk)}, queryset=Organization.objects.all())
    assert list(fs.qs) == [department]
    assert 'type="hidden"' in str(fs.form["parent"])


@pytest.mark.django_db
@pytest.mark.parametrize("size,code", [("abc", 400), ("0", 400), ("true", 400), ("10", 200), ("100000", 200)])
def test_page_size_must_be_a_positive_integer(api_admin, size, code):
    r = api_admin.get(f"/api/v1/organizations/?page_size={size}")
    assert r.status_code == code
    if code == 400:
        assert "page_size" in r.json()["errors"]


@pytest.mark.django_db
def test_id_filter_takes_whole_numbers_only(api_admin):
    assert api_admin.get("/api/v1/organizations/?parent=1.5").status_code == 400
    assert api_admin.get("/api/v1/organizations/?parent=1").status_code == 200


# --- the shortcut for requests that name no filter (core.filters.params_read) ---------------------------

def _api_filtersets():
    from core.registry import app_modules

    seen = set()
    for urls in app_modules("api.urls"):
        for _prefix, viewset, _basename in urls.router.registry:
            fs = getattr(viewset, "filterset_class", None)
            if fs is not None and fs not in seen:
                seen.add(fs)
                yield fs


@pytest.mark.django_db
def test_every_api_filterset_knows_the_parameters_it_reads_and_applies_nothing_without_them():
    from django.http import QueryDict

    from core.filters import params_read

    checked = 0
    for fs in _api_filtersets():
        names = params_read(fs)
        assert names is not None, f"{fs.__name__}: no shortcut"
        assert set(fs.base_filters) <= names, fs.__name__
        queryset = fs._meta.model._default_manager.all()
        # The shortcut returns the queryset untouched; the FilterSet given none of its parameters must agree.
        assert str(fs(QueryDict(), queryset=queryset).qs.query) == str(queryset.query), fs.__name__
        checked += 1
    assert checked > 30


@pytest.mark.django_db
def test_filters_still_apply_and_unknown_parameters_change_nothing(api_admin, enterprise_org, other_enterprise_org):
    from tests.internships.factories import PostingFactory

    mine = PostingFactory(enterprise=enterprise_org)
    PostingFactory(enterprise=other_enterprise_org)
    rows = api_admin.get("/api/v1/postings/", {"enterprise": enterprise_org.pk}).json()["results"]
    assert [r["id"] for r in rows] == [mine.pk]
    assert api_admin.get("/api/v1/postings/", {"unrelated": "x"}).json()["count"] == 2
    assert api_admin.get("/api/v1/postings/", {"enterprise": ""}).status_code == 400
