"""accounts.backends.AccessBackend: the user and their roles in one query, never a stale role."""
import pytest
from django.urls import reverse

from accounts.backends import AccessBackend
from accounts.choices import Role
from accounts.models import Membership
from accounts.policy import access_for
from tests.accounts.factories import MembershipFactory, make_member


@pytest.mark.django_db
def test_the_roles_come_with_the_user(django_assert_num_queries, college, department, enterprise_org):
    user = make_member(Role.TEACHER, department)
    MembershipFactory(user=user, organization=enterprise_org, role=Role.ENTERPRISE)
    MembershipFactory(user=user, organization=college, role=Role.STUDENT, is_active=False)
    with django_assert_num_queries(1):
        loaded = AccessBackend().get_user(user.pk)
        access = access_for(loaded)
    assert access.roles == {Role.TEACHER, Role.ENTERPRISE}
    assert access.orgs_by_role[Role.TEACHER] == {department.pk}
    assert access.orgs_by_role[Role.ENTERPRISE] == {enterprise_org.pk}
    # The same as reading the memberships on their own.
    fresh = type(user).objects.get(pk=user.pk)
    assert access_for(fresh).orgs_by_role == access.orgs_by_role


@pytest.mark.django_db
def test_a_user_without_an_active_membership_has_no_role(department):
    user = make_member(Role.TEACHER, department)
    Membership.objects.filter(user=user).update(is_active=False)
    assert access_for(AccessBackend().get_user(user.pk)).roles == frozenset()
    department.is_active = False
    department.save()
    Membership.objects.filter(user=user).update(is_active=True)
    assert access_for(AccessBackend().get_user(user.pk)).roles == frozenset()


@pytest.mark.django_db
def test_a_revoked_role_stops_at_the_next_request(client, college):
    user = make_member(Role.COLLEGE_ADMIN, college, username="admin_revoked")
    client.force_login(user)
    assert client.get(reverse("accounts:user_list")).status_code == 200
    Membership.objects.filter(user=user).update(is_active=False)
    assert client.get(reverse("accounts:user_list")).status_code == 403


@pytest.mark.django_db
def test_an_inactive_user_is_not_signed_in(department):
    user = make_member(Role.TEACHER, department)
    user.is_active = False
    user.save()
    assert AccessBackend().get_user(user.pk) is None


@pytest.mark.django_db
def test_the_prepared_user_query_gives_what_the_orm_gives(django_assert_num_queries, college, department,
                                                          enterprise_org):
    """AccessBackend runs the user query compiled once a day (accounts.backends.load_user, a core.prepared.Prepared):
    the ORM's SQL, and the same user, fields, roles and device flag as the ORM's queryset, in one query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.backends import with_device_flag, with_memberships

    user = make_member(Role.TEACHER, department)
    MembershipFactory(user=user, organization=enterprise_org, role=Role.ENTERPRISE, is_org_admin=True)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    with django_assert_num_queries(1) as ran:
        loaded = AccessBackend().get_user(user.pk)
    with CaptureQueriesContext(connection) as orm_ran:
        orm, = with_device_flag(with_memberships(type(user)._default_manager.order_by())).filter(pk=user.pk)
    assert ran.captured_queries[0]["sql"] == orm_ran.captured_queries[0]["sql"]

    def state(u):
        return {k: v for k, v in vars(u).items() if k != "_state"}

    assert state(loaded) == state(orm)
    assert sorted(loaded._iei_memberships) == sorted(orm._iei_memberships) == sorted(
        [f"{Role.TEACHER}:{department.pk}", f"{Role.ENTERPRISE}:{enterprise_org.pk}:a"])
    assert loaded._iei_has_otp is orm._iei_has_otp is True
    assert loaded._state.db == orm._state.db and not loaded._state.adding
    other = make_member(Role.STUDENT, department)  # the same statement, another id
    assert AccessBackend().get_user(other.pk)._iei_memberships == [f"{Role.STUDENT}:{department.pk}"]
    assert AccessBackend().get_user(other.pk)._iei_has_otp is False
    assert AccessBackend().get_user(2**40) is None and AccessBackend().get_user("not an id") is None


@pytest.mark.django_db
def test_the_prepared_user_query_follows_the_date(monkeypatch, department):
    """The statement compares with today's date: it is compiled once a day, and a role that ends today is gone
    tomorrow in the same process."""
    import datetime

    from django.utils import timezone

    from accounts import backends

    builds = []
    build = backends.with_memberships
    monkeypatch.setattr(backends, "with_memberships", lambda qs: builds.append(timezone.localdate()) or build(qs))
    user = make_member(Role.TEACHER, department)
    today = timezone.localdate()
    Membership.objects.filter(user=user).update(valid_until=today)
    assert access_for(AccessBackend().get_user(user.pk)).roles == {Role.TEACHER}
    assert access_for(AccessBackend().get_user(user.pk)).roles == {Role.TEACHER}
    assert builds in ([], [today])  # compiled today by this test or an earlier one, and not again
    builds.clear()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today + datetime.timedelta(days=1))
    assert access_for(AccessBackend().get_user(user.pk)).roles == frozenset()
    assert access_for(AccessBackend().get_user(user.pk)).roles == frozenset()
    assert builds == [today + datetime.timedelta(days=1)]


@pytest.mark.django_db
def test_a_request_does_not_read_the_search_grams(django_assert_num_queries, department):
    user = make_member(Role.TEACHER, department, display_name="王小明")
    with django_assert_num_queries(1) as ctx:
        loaded = AccessBackend().get_user(user.pk)
    assert "_grams" not in ctx.captured_queries[0]["sql"]
    assert loaded.get_deferred_fields() == {"name_grams", "username_grams", "number_grams"}
    # Still there for whoever asks, and a save of the loaded user keeps them computed by PostgreSQL.
    loaded.display_name = "王小红"
    loaded.save()
    assert type(user).objects.filter(pk=user.pk, name_grams__contains=[ord("红")]).exists()
