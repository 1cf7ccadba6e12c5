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
