import pytest

from accounts.choices import OrganizationKind


@pytest.mark.django_db
class TestToken:
    def test_token_for_valid_credentials(self, api_anon, teacher):
        r = api_anon.post("/api/v1/auth/token/", {"username": teacher.username, "password": "pw-Secret-123"})
        assert r.status_code == 200
        token = r.json()["token"]
        r2 = api_anon.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}")
        assert r2.status_code == 200
        assert r2.json()["username"] == teacher.username
        assert r2.json()["roles"] == ["teacher"]

    def test_wrong_password_is_401_with_error_shape(self, api_anon, teacher):
        r = api_anon.post("/api/v1/auth/token/", {"username": teacher.username, "password": "nope"})
        assert r.status_code == 401
        assert set(r.json()) == {"detail", "code"}

    def test_missing_field_is_400_with_field_errors(self, api_anon):
        r = api_anon.post("/api/v1/auth/token/", {"username": "x"})
        assert r.status_code == 400
        body = r.json()
        assert body["code"] == "invalid" and "password" in body["errors"]

    def test_unauthenticated_me_is_401(self, api_anon):
        assert api_anon.get("/api/v1/me/").status_code == 401


@pytest.mark.django_db
class TestOrganizationsScope:
    def test_admin_sees_all(self, api_admin, enterprise_org, other_enterprise_org):
        ids = {o["id"] for o in api_admin.get("/api/v1/organizations/?page_size=200").json()["results"]}
        assert {enterprise_org.id, other_enterprise_org.id} <= ids

    def test_enterprise_sees_itself_not_competitor(self, api_enterprise, enterprise_org, other_enterprise_org, college):
        ids = {o["id"] for o in api_enterprise.get("/api/v1/organizations/").json()["results"]}
        assert enterprise_org.id in ids and college.id in ids
        assert other_enterprise_org.id not in ids
        assert api_enterprise.get(f"/api/v1/organizations/{other_enterprise_org.id}/").status_code == 404

    def test_only_admin_creates(self, api_admin, api_teacher):
        data = {"kind": OrganizationKind.ENTERPRISE, "name": "新公司"}
        assert api_teacher.post("/api/v1/organizations/", data).status_code == 403
        assert api_admin.post("/api/v1/organizations/", data).status_code == 201

    def test_page_size_capped(self, api_admin):
        r = api_admin.get("/api/v1/organizations/?page_size=100000")
        assert r.status_code == 200


@pytest.mark.django_db
class TestUsers:
    def test_users_admin_only(self, api_admin, api_teacher, api_enterprise, teacher):
        assert api_admin.get("/api/v1/users/").status_code == 200
        assert api_teacher.get("/api/v1/users/").status_code == 403
        assert api_enterprise.get("/api/v1/users/").status_code == 403

    def test_users_query_count_constant(self, api_admin, department, django_assert_max_num_queries):
        from accounts.choices import Role
        from tests.accounts.factories import make_member

        for _ in range(30):
            make_member(Role.STUDENT, department)
        with django_assert_max_num_queries(8):
            r = api_admin.get("/api/v1/users/?page_size=200")
        assert r.status_code == 200 and r.json()["count"] >= 30


@pytest.mark.django_db
def test_schema_is_valid_openapi(api_admin):
    r = api_admin.get("/api/schema/?format=json")
    assert r.status_code == 200
    schema = r.json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/auth/token/" in schema["paths"]


@pytest.mark.django_db
def test_role_filter_counts_only_memberships_in_force(api_admin, department, enterprise_org):
    """A user whose only enterprise membership is in a deactivated organisation holds no enterprise role."""
    from accounts.choices import Role
    from tests.accounts.factories import make_member

    current = make_member(Role.ENTERPRISE, enterprise_org, username="ent_current")
    enterprise_org.is_active = False
    enterprise_org.save()
    r = api_admin.get("/api/v1/users/", {"role": Role.ENTERPRISE})
    assert r.status_code == 200
    assert current.username not in {u["username"] for u in r.json()["results"]}
