"""core.prepared.Prepared: the ORM's SQL compiled once per key, run with other ids, the ORM's instances."""
import datetime

import pytest
from django.db import connection, router
from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Concat, Upper
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Membership, User
from core.prepared import Prepared
from tests.accounts.factories import MembershipFactory, make_member

MARK = -730_000_901


def _memberships(user_id):
    """Memberships with their organisation and user (select_related) and annotations of three kinds: the
    annotations' columns sit between the membership's and the related rows' in the SELECT."""
    others = (Membership.objects.filter(organization_id=OuterRef("organization_id")).order_by()
              .values("organization_id").annotate(n=Count("pk")).values("n"))
    return (Membership.objects.select_related("organization", "user")
            .filter(user_id=user_id)
            .annotate(label=Concat(Upper("role"), Value("@"), F("organization__name")),
                      colleagues=Subquery(others, output_field=IntegerField()),
                      joined=F("created_at")))


def _state(obj):
    return {k: v for k, v in vars(obj).items() if k != "_state"}


def _related(obj):
    return {name: _state(rel) for name, rel in obj._state.fields_cache.items() if rel is not None}


@pytest.mark.django_db
def test_an_annotated_prepared_query_gives_what_the_orm_gives(college, department, enterprise_org):
    teacher = make_member(Role.TEACHER, department)
    MembershipFactory(user=teacher, organization=enterprise_org, role=Role.ENTERPRISE)
    other = make_member(Role.TEACHER, department)
    prepared = Prepared(_memberships, MARK)
    for user in (teacher, other):
        with CaptureQueriesContext(connection) as ran:
            rows = prepared(user.pk)
        assert len(ran.captured_queries) == 1
        with CaptureQueriesContext(connection) as orm_ran:
            orm = list(_memberships(user.pk))
        # The same statement, the same instances: fields, annotations (set as attributes, as the ORM does),
        # and the related rows select_related loads.
        assert ran.captured_queries[0]["sql"] == orm_ran.captured_queries[0]["sql"]
        assert [_state(m) for m in rows] == [_state(m) for m in orm] and rows
        assert [_related(m) for m in rows] == [_related(m) for m in orm]
        assert [(m.label, m.colleagues, m.joined) for m in rows] == [(m.label, m.colleagues, m.joined) for m in orm]
        assert all(m._state.db == "default" and not m._state.adding for m in rows)
    labels = {m.label for m in prepared(teacher.pk)}
    assert labels == {f"TEACHER@{department.name}", f"ENTERPRISE@{enterprise_org.name}"}
    assert prepared(2**40) == []


@pytest.mark.django_db
def test_a_prepared_query_compiles_once_per_key_and_again_after_midnight(monkeypatch, department):
    """A statement that holds today's date (``in_force``) is keyed by the day: the same day runs the compiled
    statement, the first call of the next day compiles the next day's."""
    user = make_member(Role.TEACHER, department)
    today = timezone.localdate()
    Membership.objects.filter(user=user).update(valid_until=today)  # the role ends tonight
    builds = []

    def build(user_id):
        builds.append(timezone.localdate())
        return Membership.objects.in_force().filter(user_id=user_id)

    prepared = Prepared(build, MARK)
    assert [m.role for m in prepared(user.pk, key=timezone.localdate())] == [Role.TEACHER]
    assert [m.role for m in prepared(user.pk, key=timezone.localdate())] == [Role.TEACHER]
    assert builds == [today]
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today + datetime.timedelta(days=1))
    assert prepared(user.pk, key=timezone.localdate()) == []
    assert list(Membership.objects.in_force().filter(user=user)) == []  # as the ORM reads it that day
    assert prepared(user.pk, key=timezone.localdate()) == []
    assert builds == [today, today + datetime.timedelta(days=1)]


@pytest.mark.django_db
def test_each_run_asks_the_router_where_to_read(monkeypatch, department):
    """As a queryset does when it runs: a statement compiled outside ``replica_reads()`` may run inside it."""
    user = make_member(Role.TEACHER, department)
    asked = []
    read = router.db_for_read

    def db_for_read(model, **hints):
        asked.append(model)
        return read(model, **hints)

    prepared = Prepared(lambda pk: User.objects.filter(pk=pk), MARK)
    monkeypatch.setattr(router, "db_for_read", db_for_read)
    assert prepared(user.pk)[0].pk == prepared(user.pk)[0].pk == user.pk
    assert asked == [User, User]


@pytest.mark.django_db
@pytest.mark.parametrize("build", [
    lambda pk: User.objects.filter(pk=pk).values("username"),  # no instances
    lambda pk: User.objects.filter(pk=pk, id__gte=pk),  # the mark twice
    lambda pk: User.objects.filter(pk=1),  # no mark
])
def test_a_query_it_cannot_run_as_the_orm_would_is_refused(build):
    with pytest.raises(ValueError):
        Prepared(build, MARK)(1)
