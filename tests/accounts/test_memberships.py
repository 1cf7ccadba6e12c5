"""Roles over time (issue 20 item 1): memberships with a period, in force only within it, never given twice
over overlapping periods (service 409, exclusion constraint under concurrency), taken away by college
admins and by a partner organisation's own administrator (never another organisation's: 404)."""
import datetime
import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

from accounts import services
from accounts.choices import Role
from accounts.models import Membership
from accounts.policy import access_for, clear_access_cache
from core.domain import Overlap
from tests.accounts.factories import UserFactory, make_member

pytestmark = pytest.mark.django_db
URL = "/api/v1/memberships/"
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def _roles(user) -> frozenset:
    clear_access_cache(user)
    return access_for(user).roles


@pytest.fixture
def org_admin(enterprise_org):
    user = UserFactory(username="ent_admin")
    Membership.objects.create(user=user, organization=enterprise_org, role=Role.ENTERPRISE, is_org_admin=True)
    return user


@pytest.fixture
def api_org_admin(org_admin):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user=org_admin)
    return client


class TestInForce:
    @pytest.mark.parametrize("start,end,holds", [
        (None, None, True),
        (TODAY, TODAY, True),
        (TODAY - 10 * DAY, TODAY + DAY, True),
        (TODAY + DAY, None, False),  # not begun
        (None, TODAY - DAY, False),  # ended yesterday
    ])
    def test_a_role_counts_only_within_its_period(self, college, start, end, holds):
        user = UserFactory()
        Membership.objects.create(user=user, organization=college, role=Role.TEACHER, valid_from=start,
                                  valid_until=end)
        assert (Role.TEACHER in _roles(user)) is holds
        assert Membership.objects.in_force().filter(user=user).exists() is holds

    def test_the_session_reads_the_period_too(self, web, college):
        """The backend reads the roles with the user (accounts.backends); an ended role opens nothing."""
        user = UserFactory()
        Membership.objects.create(user=user, organization=college, role=Role.COLLEGE_ADMIN, valid_until=TODAY - DAY)
        assert web.login_as(user).get(reverse("accounts:user_list")).status_code == 403
        Membership.objects.create(user=user, organization=college, role=Role.COLLEGE_ADMIN, valid_from=TODAY)
        assert web.get(reverse("accounts:user_list")).status_code == 200

    def test_the_org_admin_flag_travels_with_the_session(self, web, org_admin):
        assert web.login_as(org_admin).get(reverse("accounts:invitation_list")).status_code == 200


class TestNoOverlap:
    def test_roles_hash_apart(self):
        """The exclusion constraint compares roles by a 64-bit hash (accounts.models.same_text)."""
        with connection.cursor() as cur:
            cur.execute("SELECT count(DISTINCT hashtextextended(r, 0)) FROM unnest(%s::text[]) r", [Role.values])
            assert cur.fetchone()[0] == len(Role.values)

    def test_the_same_role_over_an_overlapping_period_is_409(self, api_admin, teacher, department):
        m = Membership.objects.get(user=teacher)
        Membership.objects.filter(pk=m.pk).update(valid_until=TODAY + 30 * DAY)
        body = {"user": teacher.pk, "organization": department.pk, "role": "teacher"}
        r = api_admin.post(URL, {**body, "valid_from": str(TODAY + 30 * DAY)}, format="json")
        assert r.status_code == 409 and r.json()["code"] == "overlap"
        r = api_admin.post(URL, {**body, "valid_from": str(TODAY + 31 * DAY)}, format="json")
        assert r.status_code == 201
        # Another role, or the same role elsewhere, is no overlap.
        r = api_admin.post(URL, {**body, "role": "college_admin"}, format="json")
        assert r.status_code == 201

    def test_the_database_refuses_an_overlap(self, teacher, department):
        with pytest.raises(IntegrityError), transaction.atomic():
            Membership.objects.create(user=teacher, organization=department, role=Role.TEACHER,
                                      valid_from=TODAY + 100 * DAY)

    def test_a_withdrawn_role_does_not_block(self, admin_user, teacher, department):
        m = Membership.objects.get(user=teacher)
        Membership.objects.filter(pk=m.pk).update(valid_from=TODAY + DAY)
        services.membership_end(membership=m, by=admin_user)  # not begun: withdrawn
        m.refresh_from_db()
        assert m.is_active is False and m.period_status == "withdrawn"
        services.membership_grant(by=admin_user, user=teacher, organization=department, role=Role.TEACHER)

    def test_the_end_is_not_before_the_start(self, api_admin, teacher, college):
        r = api_admin.post(URL, {"user": teacher.pk, "organization": college.pk, "role": "college_admin",
                                 "valid_from": "2026-05-01", "valid_until": "2026-04-30"}, format="json")
        assert r.status_code == 400 and "valid_until" in r.json()["errors"]

    def test_a_role_in_the_wrong_organisation_is_400(self, api_admin, teacher, enterprise_org):
        r = api_admin.post(URL, {"user": teacher.pk, "organization": enterprise_org.pk, "role": "teacher"},
                           format="json")
        assert r.status_code == 400 and "organization" in r.json()["errors"]

    def test_the_grant_page_puts_the_overlap_on_the_form(self, web, admin_user, teacher, department):
        web.login_as(admin_user)
        r = web.post(reverse("accounts:membership_create", args=[teacher.pk]),
                     {"organization": department.pk, "role": "teacher"})
        assert r.status_code == 400
        assert "担任此角色" in r.content.decode()  # the overlap message, in zh-hans
        assert Membership.objects.filter(user=teacher).count() == 1


@pytest.mark.django_db(transaction=True)
class TestConcurrentGrants:
    """Two administrators give the same role over overlapping periods at the same moment: one wins."""

    def _race(self, work) -> list:
        barrier = threading.Barrier(2)
        results: list = []
        lock = threading.Lock()

        def run(arg):
            try:
                barrier.wait()
                outcome = work(arg)
            except Exception as exc:  # noqa: BLE001 - the outcome is what is compared
                outcome = type(exc).__name__
            finally:
                connection.close()
            with lock:
                results.append(outcome)

        threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return sorted(results, key=str)

    def test_the_exclusion_constraint_lets_one_insert_through(self, college):
        user = UserFactory()

        def insert(i):
            with transaction.atomic():
                Membership.objects.create(user=user, organization=college, role=Role.TEACHER,
                                          valid_from=TODAY + i * DAY)
                return "ok"

        # PostgreSQL refuses the second insert with the exclusion violation or, when both wait on each
        # other, a deadlock error: either way exactly one row gets through.
        assert self._race(insert) in (["IntegrityError", "ok"], ["OperationalError", "ok"])
        assert Membership.objects.filter(user=user).count() == 1

    def test_the_service_answers_the_losing_grant_with_409(self, college, monkeypatch):
        """Both requests pass the service's own look for an overlap (made blind here, as it is when both
        read before either writes); the constraint refuses the second and the service says Overlap."""
        user = UserFactory()
        admin = make_member(Role.COLLEGE_ADMIN, college)
        monkeypatch.setattr(services, "_overlapping", lambda m: Membership.objects.none())

        def grant(i):
            services.membership_grant(by=admin, user=user, organization=college, role=Role.TEACHER,
                                      valid_from=TODAY + i * DAY, valid_until=TODAY + 30 * DAY)
            return "ok"

        assert self._race(grant) == [Overlap.__name__, "ok"]
        assert Membership.objects.filter(user=user, role=Role.TEACHER).count() == 1


class TestTakingRolesAway:
    def test_admin_ends_a_role_now(self, api_admin, teacher):
        m = Membership.objects.get(user=teacher)
        r = api_admin.post(f"{URL}{m.pk}/end/")
        assert r.status_code == 200
        m.refresh_from_db()
        assert m.valid_until == TODAY - DAY and Role.TEACHER not in _roles(teacher)
        assert api_admin.post(f"{URL}{m.pk}/end/").status_code == 409

    def test_an_org_admin_removes_a_colleague_not_another_organisations(self, api_org_admin, org_admin,
                                                                          enterprise_user, other_enterprise_user):
        mine = Membership.objects.get(user=enterprise_user)
        theirs = Membership.objects.get(user=other_enterprise_user)
        assert api_org_admin.get(f"{URL}{theirs.pk}/").status_code == 404
        assert api_org_admin.post(f"{URL}{theirs.pk}/end/").status_code == 404
        own = Membership.objects.get(user=org_admin)
        assert api_org_admin.post(f"{URL}{own.pk}/end/").status_code == 403
        assert api_org_admin.patch(f"{URL}{mine.pk}/", {"valid_until": "2030-01-01"}, format="json").status_code == 403
        assert api_org_admin.post(f"{URL}{mine.pk}/end/").status_code == 200
        assert Role.ENTERPRISE not in _roles(enterprise_user)

    def test_a_partner_who_is_not_an_admin_sees_only_their_own(self, api_enterprise, enterprise_user, org_admin):
        ids = {row["id"] for row in api_enterprise.get(URL).json()["results"]}
        assert ids == {Membership.objects.get(user=enterprise_user).pk}
        colleague = Membership.objects.get(user=org_admin)
        assert api_enterprise.post(f"{URL}{colleague.pk}/end/").status_code == 404
        assert api_enterprise.post(URL, {}, format="json").status_code == 403

    def test_the_colleagues_page(self, web, org_admin, enterprise_user, other_enterprise_user):
        page = web.login_as(org_admin).get(reverse("accounts:membership_list"))
        assert page.status_code == 200
        text = page.content.decode()
        assert str(enterprise_user) in text and str(other_enterprise_user) not in text
        m = Membership.objects.get(user=enterprise_user)
        assert web.post(reverse("accounts:membership_step", args=[m.pk, "end"])).status_code == 302
        theirs = Membership.objects.get(user=other_enterprise_user)
        assert web.post(reverse("accounts:membership_step", args=[theirs.pk, "end"])).status_code == 404

    def test_a_plain_partner_has_no_colleagues_page(self, web, enterprise_user):
        assert web.login_as(enterprise_user).get(reverse("accounts:membership_list")).status_code == 403


class TestQueryCounts:
    def _grow(self, org, n):
        for _ in range(n):
            make_member(Role.ENTERPRISE, org)

    def test_roles_api_list(self, api_admin, enterprise_org, django_assert_max_num_queries):
        self._grow(enterprise_org, 2)
        with django_assert_max_num_queries(8) as first:
            assert api_admin.get(URL).status_code == 200
        self._grow(enterprise_org, 10)
        with django_assert_max_num_queries(len(first.captured_queries)):
            assert api_admin.get(URL).status_code == 200

    def test_colleagues_page(self, web, org_admin, enterprise_org, django_assert_max_num_queries):
        web.login_as(org_admin)
        self._grow(enterprise_org, 2)
        with django_assert_max_num_queries(14) as first:
            assert web.get(reverse("accounts:membership_list")).status_code == 200
        self._grow(enterprise_org, 10)
        with django_assert_max_num_queries(len(first.captured_queries)):
            assert web.get(reverse("accounts:membership_list")).status_code == 200
