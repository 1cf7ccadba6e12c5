"""API tokens (issue 18 item 2): expiring, named, listed and revoked, gone with the password."""
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from tests.conftest import PASSWORD

TOKEN_URL = "/api/v1/auth/token/"
LIST_URL = "/api/v1/auth/tokens/"


def _issue(api, user, name=None, **extra):
    body = {"username": user.username, "password": PASSWORD, **extra}
    if name is not None:
        body["name"] = name
    r = api.post(TOKEN_URL, body)
    assert r.status_code == 200, r.content
    return r.json()


def _me(api, key):
    return api.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code


@pytest.mark.django_db
def test_token_answer_keeps_its_shape_and_says_when_it_expires(api_anon, teacher):
    body = _issue(api_anon, teacher)
    assert {"token", "id", "name", "created", "expiry"} <= set(body)
    assert body["name"] == "api"
    expiry = ApiToken.objects.get(pk=body["id"]).expiry
    assert abs(expiry - (timezone.now() + timedelta(days=30))) < timedelta(minutes=5)
    # Only a hash is stored: the key itself is nowhere in the table.
    assert not ApiToken.objects.filter(digest=body["token"]).exists()
    assert _me(api_anon, body["token"]) == 200


@pytest.mark.django_db
def test_lifetime_comes_from_the_setting(api_anon, teacher, settings):
    settings.REST_KNOX = {**settings.REST_KNOX, "TOKEN_TTL": timedelta(days=2)}
    body = _issue(api_anon, teacher)
    expiry = ApiToken.objects.get(pk=body["id"]).expiry
    assert abs(expiry - (timezone.now() + timedelta(days=2))) < timedelta(minutes=5)


@pytest.mark.django_db
def test_an_expired_token_opens_nothing(api_anon, teacher):
    body = _issue(api_anon, teacher)
    ApiToken.objects.filter(pk=body["id"]).update(expiry=timezone.now() - timedelta(seconds=1))
    r = api_anon.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {body['token']}")
    assert r.status_code == 401
    assert r.json()["code"] == "authentication_failed"


@pytest.mark.django_db
def test_several_named_tokens_and_a_name_reissued_replaces_its_token(api_anon, teacher):
    laptop = _issue(api_anon, teacher, "laptop")
    script = _issue(api_anon, teacher, "nightly-script")
    assert _me(api_anon, laptop["token"]) == 200 and _me(api_anon, script["token"]) == 200

    r = api_anon.get(LIST_URL, HTTP_AUTHORIZATION=f"Token {laptop['token']}")
    assert r.status_code == 200
    rows = {row["name"]: row for row in r.json()["results"]}
    assert set(rows) == {"laptop", "nightly-script"}
    assert rows["laptop"]["current"] is True and rows["nightly-script"]["current"] is False
    assert "token" not in rows["laptop"]  # a key is shown once, when issued

    again = _issue(api_anon, teacher, "laptop")
    assert _me(api_anon, laptop["token"]) == 401
    assert _me(api_anon, again["token"]) == 200
    assert ApiToken.objects.filter(user=teacher).count() == 2


@pytest.mark.django_db
def test_revoke_own_token_and_never_another_users(api_anon, teacher, admin_user):
    mine = _issue(api_anon, teacher, "laptop")
    other = _issue(api_anon, teacher, "phone")
    theirs = _issue(api_anon, admin_user, "admin-laptop")
    auth = {"HTTP_AUTHORIZATION": f"Token {mine['token']}"}

    # Another user's token is outside the scope: 404, even for a college administrator.
    assert api_anon.delete(f"{LIST_URL}{theirs['id']}/", **auth).status_code == 404
    assert api_anon.get(f"{LIST_URL}{theirs['id']}/", **auth).status_code == 404
    admin_auth = {"HTTP_AUTHORIZATION": f"Token {theirs['token']}"}
    assert api_anon.delete(f"{LIST_URL}{mine['id']}/", **admin_auth).status_code == 404
    assert _me(api_anon, mine["token"]) == 200

    assert api_anon.delete(f"{LIST_URL}{other['id']}/", **auth).status_code == 204
    assert _me(api_anon, other["token"]) == 401
    # Revoking the token in hand is logging that client out.
    assert api_anon.delete(f"{LIST_URL}{mine['id']}/", **auth).status_code == 204
    assert _me(api_anon, mine["token"]) == 401
    assert _me(api_anon, theirs["token"]) == 200


@pytest.mark.django_db
def test_a_new_password_revokes_every_token(api_anon, client, teacher):
    keys = [_issue(api_anon, teacher, name)["token"] for name in ("a", "b")]
    client.force_login(teacher)
    r = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Another-Pass-2026", "new_password2": "Another-Pass-2026",
    })
    assert r.status_code == 302
    assert [_me(api_anon, k) for k in keys] == [401, 401]
    assert not ApiToken.objects.filter(user=teacher).exists()


@pytest.mark.django_db
def test_a_password_reset_revokes_every_token(api_anon, teacher):
    key = _issue(api_anon, teacher)["token"]
    teacher.set_password("Reset-Pass-2026")
    teacher.save()
    assert _me(api_anon, key) == 401


@pytest.mark.django_db
def test_deactivating_the_account_revokes_every_token(api_anon, api_admin, teacher):
    key = _issue(api_anon, teacher)["token"]
    # is_active moves through the deactivate / reactivate steps (accounts/steps.py), not a PATCH.
    r = api_admin.post(f"/api/v1/users/{teacher.pk}/deactivate/")
    assert r.status_code == 200
    assert not ApiToken.objects.filter(user=teacher).exists()
    assert api_admin.post(f"/api/v1/users/{teacher.pk}/reactivate/").status_code == 200
    assert _me(api_anon, key) == 401  # reactivating does not bring the old tokens back


@pytest.mark.django_db
def test_rehashing_the_same_password_on_login_keeps_the_tokens(api_anon, client, teacher, settings):
    """Django re-hashes a password stored with an older hasher when it is next checked: not a change."""
    from django.contrib.auth.hashers import make_password

    key = _issue(api_anon, teacher)["token"]
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher", "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    ]
    type(teacher).objects.filter(pk=teacher.pk).update(
        password=make_password(PASSWORD, hasher="pbkdf2_sha1"))
    r = client.post(reverse("accounts:login"), {"username": teacher.username, "password": PASSWORD})
    assert r.status_code == 302 and "_auth_user_id" in client.session
    teacher.refresh_from_db()
    assert teacher.password.startswith("md5$")  # it was re-hashed
    assert _me(api_anon, key) == 200


@pytest.mark.django_db
def test_a_user_holds_a_bounded_number_of_tokens(api_anon, teacher, settings):
    settings.API_TOKEN_LIMIT_PER_USER = 2
    _issue(api_anon, teacher, "one")
    _issue(api_anon, teacher, "two")
    r = api_anon.post(TOKEN_URL, {"username": teacher.username, "password": PASSWORD, "name": "three"})
    assert r.status_code == 409 and r.json()["code"] == "token_limit"
    _issue(api_anon, teacher, "two")  # reissuing a name stays within the limit


@pytest.mark.django_db
def test_a_bad_token_name_is_400(api_anon, teacher):
    r = api_anon.post(TOKEN_URL, {"username": teacher.username, "password": PASSWORD, "name": "x" * 61})
    assert r.status_code == 400 and "name" in r.json()["errors"]


@pytest.mark.django_db
def test_the_token_page_issues_shows_the_key_once_and_revokes(client, api_anon, teacher, teacher2):
    client.force_login(teacher)
    url = reverse("accounts:api_tokens")
    assert client.get(url).status_code == 200
    r = client.post(url, {"name": "grading-script"})
    assert r.status_code == 200
    key = r.context["key"]
    assert key and key in r.content.decode()
    assert _me(api_anon, key) == 200
    page = client.get(url).content.decode()
    assert "grading-script" in page and key not in page

    assert client.post(url, {"name": ""}).status_code == 400

    token = ApiToken.objects.get(user=teacher, name="grading-script")
    other = ApiToken.objects.create(user=teacher2, name="theirs")[0]
    assert client.post(reverse("accounts:api_token_revoke", args=[other.pk])).status_code == 404
    r = client.post(reverse("accounts:api_token_revoke", args=[token.pk]))
    assert r.status_code == 302 and r.url == url
    assert _me(api_anon, key) == 401
    assert ApiToken.objects.filter(pk=other.pk).exists()


@pytest.mark.django_db
def test_drf_tokens_are_carried_over_hashed_and_the_plain_keys_dropped(api_anon, teacher):
    """The data migration: clients holding a DRF authtoken key keep working until the new expiry."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("accounts.migrations.0005_api_tokens")
    plain = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cur:
        cur.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, created timestamptz NOT NULL, "
                    "user_id bigint NOT NULL)")
        cur.execute("INSERT INTO authtoken_token VALUES (%s, now(), %s)", [plain, teacher.pk])
    with connection.schema_editor() as editor:
        migration.carry_over_drf_tokens(apps, editor)
    assert "authtoken_token" not in connection.introspection.table_names()
    row = ApiToken.objects.get(user=teacher)
    assert row.name == "migrated" and row.expiry > timezone.now() + timedelta(days=29)
    assert plain not in (row.digest, row.token_key)
    assert _me(api_anon, plain) == 200


@pytest.mark.django_db
def test_schema_documents_the_token_scheme_as_before(api_admin):
    schema = api_admin.get("/api/schema/?format=json").json()
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme["in"] == "header" and scheme["name"] == "Authorization" and '"Token"' in scheme["description"]
    me = schema["paths"]["/api/v1/me/"]["get"]["security"]
    assert {"tokenAuth": []} in me


@pytest.mark.django_db
def test_admin_lists_and_revokes_tokens_but_never_issues_one(client, teacher, django_user_model):
    staff = django_user_model.objects.create_superuser("root_u", "root@example.cn", PASSWORD)
    token = ApiToken.objects.create(user=teacher, name="laptop")[0]
    client.force_login(staff)
    r = client.get(reverse("admin:accounts_apitoken_changelist"))
    assert r.status_code == 200 and "laptop" in r.content.decode()
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
    r = client.post(reverse("admin:accounts_apitoken_delete", args=[token.pk]), {"post": "yes"})
    assert r.status_code == 302 and not ApiToken.objects.filter(pk=token.pk).exists()
