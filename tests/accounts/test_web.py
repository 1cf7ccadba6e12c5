import time

import pytest
from django.core import mail
from django.urls import reverse

from accounts.choices import Role
from accounts.models import Membership

PASSWORD = "pw-Secret-123"


@pytest.mark.django_db
class TestLoginLogout:
    def test_login_then_dashboard_then_logout(self, client, teacher):
        r = client.post(reverse("accounts:login"), {"username": teacher.username, "password": PASSWORD})
        assert r.status_code == 302 and r.url == reverse("dashboard")
        page = client.get(reverse("dashboard"))
        assert page.status_code == 200
        assert str(teacher) in page.content.decode()
        r = client.post(reverse("accounts:logout"))
        assert client.get(reverse("dashboard")).status_code == 302

    def test_bad_password_shows_form_error(self, client, teacher):
        r = client.post(reverse("accounts:login"), {"username": teacher.username, "password": "wrong"})
        assert r.status_code == 200
        assert r.context["form"].errors

    def test_anonymous_is_sent_to_login(self, client, db):
        r = client.get(reverse("dashboard"))
        assert r.status_code == 302 and reverse("accounts:login") in r.url


@pytest.mark.django_db
def test_lockout_after_repeated_failures(client, teacher, settings):
    login = reverse("accounts:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(login, {"username": teacher.username, "password": "wrong"})
    # Even the right password is refused while locked out.
    r = client.post(login, {"username": teacher.username, "password": PASSWORD})
    assert r.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_lockout_also_guards_the_token_endpoint(api_anon, teacher, settings):
    url = "/api/v1/auth/token/"
    for _ in range(settings.AXES_FAILURE_LIMIT):
        api_anon.post(url, {"username": teacher.username, "password": "wrong"})
    r = api_anon.post(url, {"username": teacher.username, "password": PASSWORD})
    assert r.status_code == 429
    assert r.json()["code"] == "locked_out"


@pytest.mark.django_db
def test_token_endpoint_is_throttled(api_anon, teacher, settings):
    from rest_framework.throttling import ScopedRateThrottle

    ScopedRateThrottle.THROTTLE_RATES = {"token": "3/min"}
    try:
        codes = [api_anon.post("/api/v1/auth/token/", {"username": "nobody", "password": "x"}).status_code
                 for _ in range(5)]
    finally:
        from rest_framework.settings import api_settings

        ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert codes[-1] == 429


@pytest.mark.django_db
def test_password_change(client, teacher):
    client.force_login(teacher)
    r = client.post(reverse("accounts:password_change"), {
        "old_password": PASSWORD, "new_password1": "Another-Pass-2026", "new_password2": "Another-Pass-2026",
    })
    assert r.status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password("Another-Pass-2026")


@pytest.mark.django_db
def test_password_reset_by_email(client, teacher):
    r = client.post(reverse("accounts:password_reset"), {"email": teacher.email})
    assert r.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(line for line in body.splitlines() if "/accounts/password/reset/" in line)
    path = link.split("testserver", 1)[1].strip()
    r = client.get(path, follow=True)
    form_url = r.redirect_chain[-1][0] if r.redirect_chain else path
    r = client.post(form_url, {"new_password1": "Reset-Pass-2026x", "new_password2": "Reset-Pass-2026x"})
    assert r.status_code == 302
    teacher.refresh_from_db()
    assert teacher.check_password("Reset-Pass-2026x")


@pytest.mark.django_db
def test_language_switch_between_zh_hans_and_en(client, teacher):
    client.force_login(teacher)
    zh = client.get(reverse("dashboard")).content.decode()
    assert "退出" in zh  # zh-Hans is the default
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    en = client.get(reverse("dashboard")).content.decode()
    assert "Log out" in en


@pytest.mark.django_db
@pytest.mark.parametrize("fixture,visible,hidden", [
    ("admin_user", ["/accounts/users/"], []),
    ("teacher", [], ["/accounts/users/"]),
    ("enterprise_user", [], ["/accounts/users/"]),
    ("student", [], ["/accounts/organizations/"]),
])
def test_navigation_and_pages_per_role(request, client, fixture, visible, hidden):
    user = request.getfixturevalue(fixture)
    client.force_login(user)
    html = client.get(reverse("dashboard")).content.decode()
    for url in visible:
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200
    for url in hidden:
        assert f'href="{url}"' not in html
        assert client.get(url).status_code == 403


@pytest.mark.django_db
def test_user_list_page_query_count_constant(client, admin_user, department, django_assert_max_num_queries):
    from tests.accounts.factories import make_member

    client.force_login(admin_user)
    for _ in range(3):
        make_member(Role.STUDENT, department)
    with django_assert_max_num_queries(12):
        assert client.get("/accounts/users/").status_code == 200
    for _ in range(20):
        make_member(Role.STUDENT, department)
    with django_assert_max_num_queries(12):
        r = client.get("/accounts/users/")
    assert r.status_code == 200


@pytest.mark.django_db
def test_absolute_session_lifetime(client, teacher, settings):
    client.force_login(teacher)
    assert client.get(reverse("dashboard")).status_code == 200
    session = client.session
    session["_iei_login_at"] = int(time.time()) - settings.SESSION_ABSOLUTE_SECONDS - 10
    session.save()
    assert client.get(reverse("dashboard")).status_code == 302


@pytest.mark.django_db
def test_membership_role_must_fit_organisation_kind(teacher, enterprise_org):
    from django.core.exceptions import ValidationError

    m = Membership(user=teacher, organization=enterprise_org, role=Role.STUDENT)
    with pytest.raises(ValidationError):
        m.full_clean()
