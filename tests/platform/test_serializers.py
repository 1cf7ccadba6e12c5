"""core.serializers.ModelSerializer renders exactly what DRF's generic path renders.

Every model serializer of the API is run over the demo data both ways; the fast per-field plan
must give the same dictionaries, key order included.
"""
import pytest
from django.core.management import call_command
from rest_framework import serializers as drf
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from core.serializers import ModelSerializer


def _all_subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _all_subclasses(sub)


def _serializer_classes():
    import importlib

    for app in ("accounts", "curriculum", "faculty", "funding", "internships", "notifications", "partnerships",
                "reports"):
        importlib.import_module(f"{app}.api.serializers")
    return sorted({c for c in _all_subclasses(ModelSerializer) if getattr(getattr(c, "Meta", None), "model", None)},
                  key=lambda c: f"{c.__module__}.{c.__qualname__}")


@pytest.mark.django_db
def test_fast_rendering_equals_drf_rendering(settings, tmp_path):
    from accounts.models import User

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", password="Seed-Secret-2026", verbosity=0)
    admin = User.objects.get(username="admin")
    raw = APIRequestFactory().get("/api/v1/")
    raw.user = admin
    request = Request(raw)
    request.user = admin
    classes = _serializer_classes()
    assert len(classes) > 40
    compared = 0
    for cls in classes:
        instances = list(cls.Meta.model._default_manager.all()[:5])
        for instance in instances:
            serializer = cls(instance, context={"request": request})
            try:
                expected = drf.Serializer.to_representation(serializer, instance)
            except Exception:  # noqa: BLE001 - a serializer meant for another model's context
                continue
            fast = cls(instance, context={"request": request}).to_representation(instance)
            assert list(fast.items()) == list(expected.items()), cls.__qualname__
            compared += 1
    assert compared > 100


LIST_ENDPOINTS_WITH_NESTED_ROWS = [
    "industry-projects", "agreements", "order-classes", "programs", "courses", "job-posts", "competitions",
    "certificates", "course-projects", "budgets", "equipment", "standards", "program-evaluations", "postings",
    "weekly-logs",
]

# Lists that nest a heavy relation only on request, and the fields the list adds in its place (a count):
# the expanded row, less those fields, reads as the detail does.
LIST_EXPANSIONS = {"programs": ("courses", {"course_count", "required_course_count"})}


@pytest.mark.django_db
def test_lists_render_nested_rows_like_the_detail_route(settings, tmp_path):
    """Lists prefetch nested rows into plain lists (core.prefetch) and release them after rendering
    (core.prefetch.release); each row must still read exactly as its detail route does."""
    from rest_framework.test import APIClient

    from accounts.models import User

    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", password="Seed-Secret-2026", verbosity=0)
    client = APIClient()
    client.force_authenticate(User.objects.get(username="admin"))
    nested_seen = 0
    for resource in LIST_ENDPOINTS_WITH_NESTED_ROWS:
        expand, list_only = LIST_EXPANSIONS.get(resource, (None, set()))
        listed = client.get(f"/api/v1/{resource}/", {"page_size": 200, **({"expand": expand} if expand else {})})
        assert listed.status_code == 200, resource
        rows = listed.json()["results"]
        assert rows, f"{resource}: the demo data has none"
        for row in rows[:10]:
            detail = client.get(f"/api/v1/{resource}/{row['id']}/")
            assert detail.status_code == 200, resource
            assert detail.json() == {k: v for k, v in row.items() if k not in list_only}, resource
            nested_seen += sum(len(v) for v in row.values() if isinstance(v, list))
    assert nested_seen > 50


@pytest.mark.django_db
def test_a_name_through_an_empty_relation_is_its_default(enterprise_org):
    from partnerships.api.serializers import ContactLogSerializer
    from partnerships.models import ContactLog

    log = ContactLog(enterprise=enterprise_org, recorded_by=None)
    data = ContactLogSerializer(log).to_representation(log)
    assert data["recorded_by_name"] == ""  # declared with default=""


def _comparable(field):
    """A field's state, with what differs between two equal copies (creation order, validator identity)
    reduced to what it means."""
    from django.core.exceptions import EmptyResultSet
    from django.db.models import Manager, QuerySet

    def same(v):  # a queryset or manager is cloned before it is read (RelatedField.get_queryset)
        if isinstance(v, QuerySet):
            try:
                return v.model, str(v.query)
            except EmptyResultSet:  # ``.none()``
                return v.model, "none"
        return (v.model, "manager") if isinstance(v, Manager) else v

    state = {}
    for key, value in vars(field).items():
        if key == "_creation_counter":
            continue
        if key == "_validators":
            value = [(type(v), getattr(v, "limit_value", None), str(getattr(v, "message", ""))) for v in value]
        elif isinstance(value, (QuerySet, Manager)):
            value = same(value)
        elif key == "_kwargs":
            value = {k: repr(same(v)) for k, v in value.items()}
        elif isinstance(value, (drf.Field, drf.BaseSerializer)):
            value = repr(value)
        state[key] = value
    return state


@pytest.mark.django_db
def test_a_kept_field_copies_like_drfs_deep_copy():
    """core.serializers.copy_fields gives every serializer of the API the fields a deep copy gives: same types,
    same state, and each copy bound to its own serializer."""
    import copy

    from core.serializers import _derived_fields, copy_fields

    shallow = 0
    for cls in _serializer_classes():
        cls().fields  # noqa: B018 - keeps the class's derived fields
        kept = _derived_fields[cls]
        fast, deep = copy_fields(kept), copy.deepcopy(kept)
        assert list(fast) == list(deep), cls.__qualname__
        for name in kept:
            assert type(fast[name]) is type(deep[name]), (cls.__qualname__, name)
            assert _comparable(fast[name]) == _comparable(deep[name]), (cls.__qualname__, name)
            assert fast[name] is not kept[name] and getattr(fast[name], "parent", None) is None
            shallow += type(fast[name]) is type(kept[name]) and vars(fast[name]).get("_kwargs") is vars(
                kept[name]).get("_kwargs")
    assert shallow > 200  # the shallow path is taken for most fields, not only defined


def test_what_a_request_changes_on_its_fields_stays_with_that_request():
    """An attribute set, a validator added, an error message or choices replaced on one serializer's fields
    never reach the next serializer's."""
    from django.core.validators import MinLengthValidator

    from internships.api.serializers import PlacementSerializer

    first = PlacementSerializer().fields
    first["student"].read_only = True
    first["post"].validators.append(MinLengthValidator(3))
    first["post"].error_messages["blank"] = "changed"
    first["status"].choices = [("x", "X")]
    second = PlacementSerializer().fields
    assert second["student"].read_only is False
    assert [type(v) for v in second["post"].validators].count(MinLengthValidator) == 0
    assert second["post"].error_messages["blank"] != "changed"
    assert "x" not in second["status"].choices
    assert first["post"].parent is not second["post"].parent
