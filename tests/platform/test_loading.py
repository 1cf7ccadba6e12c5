"""core.loading: rows become the instances Model.__init__ would make, without running it, on every project model."""
import pytest
from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_init, pre_init
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from accounts.models import Organization, User
from core import loading
from core.apps import project_models
from internships.models import Application, Placement, WeeklyLog
from tests.accounts.factories import make_member
from tests.internships.factories import PlacementFactory


def _fields(obj):
    return [(k, v) for k, v in vars(obj).items() if k != "_state"]


def _same(fast, django, related=()):
    assert type(fast) is type(django)
    assert list(vars(fast)) == list(vars(django))  # the same attributes in the same order, the state first
    assert _fields(fast) == _fields(django)
    assert (fast._state.adding, fast._state.db) == (django._state.adding, django._state.db) == (False, "default")
    assert list(fast._state.fields_cache) == list(django._state.fields_cache) == list(related)
    assert fast.get_deferred_fields() == django.get_deferred_fields()


def test_the_project_models_are_built_without_init():
    models = project_models()
    assert {Placement, User, Organization, Application, WeeklyLog} <= set(models)
    built_here = [m for m in models if m.__dict__.get("_iei_plain_loading")]
    # Every model of the project keeps Django's __init__ and plain descriptors today; one that stops doing so falls
    # back by itself (below), and this line says which.
    assert [m.__name__ for m in models if m not in built_here] == []
    assert Placement.from_db.__func__ is loading.from_db


@pytest.mark.parametrize("deferred", [False, True])
def test_every_project_model_gives_what_django_gives(deferred):
    """For each model, all its columns or every other one (the rest deferred), each value a distinct object."""
    for model in project_models():
        fields = model._meta.concrete_fields
        kept = [f for i, f in enumerate(fields) if not deferred or i % 2 == 0 or f.primary_key]
        names = [f.attname for f in kept]
        values = [object() for _ in kept]
        fast = model.from_db("default", names, values)
        django = loading._django_from_db(model, "default", names, values)
        _same(fast, django)
        if deferred and len(kept) < len(fields):
            assert fast.get_deferred_fields()


@pytest.mark.django_db
def test_a_loaded_placement_with_its_student_and_enterprise_is_djangos(student, enterprise_org):
    made = PlacementFactory(student=student, enterprise=enterprise_org)
    rows = Placement.objects.select_related("student", "enterprise").only(
        "id", "status", "start_date", "agreement_file", "student__display_name", "enterprise__name")

    fast = rows.get(pk=made.pk)

    def listening(**kwargs):
        pass

    post_init.connect(listening, sender=Placement)
    try:
        django = rows.get(pk=made.pk)  # a receiver of post_init: Django's own from_db for every model
    finally:
        post_init.disconnect(listening, sender=Placement)
    _same(fast, django, related=["student", "enterprise"])
    _same(fast.student, django.student)
    _same(fast.enterprise, django.enterprise)
    assert fast.agreement_file.name == django.agreement_file.name
    # A deferred column loads when read; the instance saves as the row it came from.
    with CaptureQueriesContext(connection) as ctx:
        assert fast.student.username == student.username
    assert len(ctx.captured_queries) == 1
    fast.status = made.status
    with CaptureQueriesContext(connection) as ctx:
        fast.save(update_fields=["status"])
    assert ctx.captured_queries[0]["sql"].startswith("UPDATE")
    full = Placement.objects.get(pk=made.pk)
    assert full.student_id == student.pk and full.enterprise_id == enterprise_org.pk


@pytest.mark.django_db
@pytest.mark.parametrize("signal", [pre_init, post_init])
def test_a_listener_of_the_init_signals_is_told_of_every_row(signal, student, enterprise_org):
    PlacementFactory(student=student, enterprise=enterprise_org)
    told = []

    def listening(sender, **kwargs):
        told.append(sender)

    signal.connect(listening)
    try:
        list(Placement.objects.select_related("student"))
    finally:
        signal.disconnect(listening)
    assert Placement in told and User in told


@pytest.mark.django_db
def test_a_page_of_rows_runs_no_model_init(department, enterprise_org, api_admin, monkeypatch):
    """The list's instances (placements, their students and enterprises) are made without Model.__init__."""
    for i in range(3):
        PlacementFactory(student=make_member(Role.STUDENT, department, username=f"loaded{i}"),
                         enterprise=enterprise_org)
    built = []
    original = Model.__init__

    def counting(self, *args, **kwargs):
        built.append(type(self))
        original(self, *args, **kwargs)

    monkeypatch.setattr(Model, "__init__", counting)  # what Django's from_db would call for each row
    response = api_admin.get("/api/v1/placements/")
    assert response.status_code == 200 and response.data["count"] == 3
    assert [m for m in built if m in (Placement, Organization)] == []
