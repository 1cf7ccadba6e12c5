import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.django_db
def test_admin_turns_on_totp_and_login_then_needs_the_code(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("accounts:twofactor_setup")).status_code == 200
    device = TOTPDevice.objects.get(user=admin_user, confirmed=False)
    r = client.post(reverse("accounts:twofactor_setup"), {"token": "000000" if _code(device) != "000000" else "111111"})
    assert r.status_code == 200 and r.context["form"].errors
    device.refresh_from_db()
    device.throttle_reset()  # django-otp slows retries after a failure; the test does not wait
    r = client.post(reverse("accounts:twofactor_setup"), {"token": _code(device)})
    assert r.status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    client.logout()
    r = client.post(reverse("accounts:login"), {"username": admin_user.username, "password": "pw-Secret-123"})
    r = client.get(reverse("dashboard"))
    assert r.status_code == 302 and reverse("accounts:twofactor_verify") in r.url
    bad = client.post(reverse("accounts:twofactor_verify"), {"token": "12345x"})
    assert bad.status_code == 400
    assert client.get(reverse("dashboard")).status_code == 302
    device.refresh_from_db()
    device.last_t = -1  # allow the current step again (TOTP refuses a reused step)
    device.save()
    device.throttle_reset()
    r = client.post(reverse("accounts:twofactor_verify"), {"token": _code(device), "next": "/"})
    assert r.status_code == 302
    assert client.get(reverse("dashboard")).status_code == 200


@pytest.mark.django_db
def test_only_college_admins_set_up_totp(client, teacher):
    client.force_login(teacher)
    assert client.get(reverse("accounts:twofactor_setup")).status_code == 403


@pytest.mark.django_db
def test_user_without_device_is_not_asked(client, admin_user):
    client.force_login(admin_user)
    assert client.get(reverse("dashboard")).status_code == 200


def _device_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def _half_logged_in(client, user):
    """A session that gave the right password and stopped before the code step."""
    r = client.post(reverse("accounts:login"), {"username": user.username, "password": "pw-Secret-123"})
    assert r.status_code == 302 and "_auth_user_id" in client.session
    return client


@pytest.mark.django_db
def test_a_session_that_skipped_the_code_gets_403_on_the_api(client, admin_user):
    device = _device_for(admin_user)
    _half_logged_in(client, admin_user)
    for url in ("/api/v1/me/", "/api/v1/users/", "/api/v1/organizations/"):
        r = client.get(url)
        assert r.status_code == 403, url
        assert r.json()["code"] == "otp_required"
    # Naming another scheme does not get the session through: DRF would fall back to the session.
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION="Bearer x").status_code == 403
    # A forged token is refused by the token authentication, never answered as the session's user.
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION="Token forged").status_code == 401

    r = client.post(reverse("accounts:twofactor_verify"), {"token": _code(device), "next": "/"})
    assert r.status_code == 302
    assert client.get("/api/v1/me/").status_code == 200


@pytest.mark.django_db
def test_without_a_device_the_session_reaches_the_api(client, teacher):
    _half_logged_in(client, teacher)
    assert client.get("/api/v1/me/").status_code == 200


@pytest.mark.django_db
def test_no_token_for_the_password_alone_when_two_factor_is_on(api_anon, admin_user):
    device = _device_for(admin_user)
    creds = {"username": admin_user.username, "password": "pw-Secret-123"}

    r = api_anon.post("/api/v1/auth/token/", creds)
    assert r.status_code == 400
    assert "otp_token" in r.json()["errors"] and "token" not in r.json()
    assert r.json()["detail"]  # a message a person can act on, not only the field name

    wrong = "000000" if _code(device) != "000000" else "111111"
    r = api_anon.post("/api/v1/auth/token/", {**creds, "otp_token": wrong})
    assert r.status_code == 400 and "otp_token" in r.json()["errors"]

    device.refresh_from_db()
    device.throttle_reset()
    r = api_anon.post("/api/v1/auth/token/", {**creds, "otp_token": _code(device)})
    assert r.status_code == 200
    token = r.json()["token"]
    # The token works without any session, and a spent code cannot buy a second token.
    assert api_anon.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 200
    r = api_anon.post("/api/v1/auth/token/", {**creds, "otp_token": _code(device)})
    assert r.status_code == 400


@pytest.mark.django_db
def test_wrong_password_is_still_401_for_a_two_factor_user(api_anon, admin_user):
    _device_for(admin_user)
    r = api_anon.post("/api/v1/auth/token/", {"username": admin_user.username, "password": "x", "otp_token": "123456"})
    assert r.status_code == 401


@pytest.mark.django_db
def test_token_request_documents_otp_token(api_admin):
    schema = api_admin.get("/api/schema/?format=json").json()
    body = schema["paths"]["/api/v1/auth/token/"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    ref = body["$ref"].rsplit("/", 1)[-1]
    props = schema["components"]["schemas"][ref]["properties"]
    assert "otp_token" in props and props["otp_token"].get("description")
