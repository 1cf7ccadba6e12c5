"""College admins manage people in the platform (issue 20 item 1): accounts, password links, lockouts,
API tokens, the audit trail, personal data masked."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from accounts import services
from accounts.choices import Role
from accounts.models import ApiToken, Membership
from accounts.tasks import send_password_link
from tests.accounts.factories import UserFactory
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
User = get_user_model()
URL = "/api/v1/users/"


class TestCreateAndEdit:
    def test_admin_creates_an_account_with_its_first_role(self, api_admin, department):
        r = api_admin.post(URL, {"username": "new.student", "display_name": "新同学", "student_no": "2026000001",
                                 "email": "new@example.cn", "organization": department.pk, "role": "student",
                                 "valid_from": "2026-09-01"}, format="json")
        assert r.status_code == 201, r.content
        user = User.objects.get(username="new.student")
        assert not user.has_usable_password()  # the person sets it through an e-mailed link
        m = Membership.objects.get(user=user)
        assert (m.role, m.organization_id, str(m.valid_from)) == ("student", department.pk, "2026-09-01")

    @pytest.mark.parametrize("field,value,existing", [
        ("username", "TEACHER_U", {}),  # another case of teacher's username
        ("student_no", "S-1", {"student_no": "S-1"}),
        ("staff_no", "T-1", {"staff_no": "T-1"}),
    ])
    def test_duplicates_are_400_on_the_field_and_nothing_is_written(self, api_admin, teacher, department, field,
                                                                    value, existing):
        if existing:
            User.objects.filter(pk=teacher.pk).update(**existing)
        body = {"username": "someone", "organization": department.pk, "role": "student", field: value}
        before = (User.objects.count(), Membership.objects.count())
        r = api_admin.post(URL, body, format="json")
        assert r.status_code == 400 and field in r.json()["errors"], r.content
        assert (User.objects.count(), Membership.objects.count()) == before

    def test_a_role_in_the_wrong_kind_of_organisation_writes_no_account(self, api_admin, enterprise_org):
        r = api_admin.post(URL, {"username": "half", "organization": enterprise_org.pk, "role": "student"},
                           format="json")
        assert r.status_code == 400 and "organization" in r.json()["errors"]
        assert not User.objects.filter(username="half").exists()

    def test_the_database_refuses_a_second_student_number(self, student, student2):
        from django.db import IntegrityError, transaction

        User.objects.filter(pk=student.pk).update(student_no="S-9")
        with pytest.raises(IntegrityError), transaction.atomic():
            User.objects.filter(pk=student2.pk).update(student_no="S-9")

    def test_edit_and_is_active_moves_only_through_the_steps(self, api_admin, teacher):
        r = api_admin.patch(f"{URL}{teacher.pk}/", {"display_name": "李教授", "is_active": False}, format="json")
        assert r.status_code == 200
        teacher.refresh_from_db()
        assert teacher.display_name == "李教授" and teacher.is_active

    @pytest.mark.parametrize("client", ["api_teacher", "api_enterprise", "api_student", "api_association"])
    def test_only_college_admins_manage_people(self, request, client, teacher):
        api = request.getfixturevalue(client)
        assert api.post(URL, {"username": "x"}, format="json").status_code == 403
        assert api.post(f"{URL}{teacher.pk}/deactivate/").status_code == 403

    def test_personal_data_is_written_never_read_back(self, api_admin, teacher):
        r = api_admin.patch(f"{URL}{teacher.pk}/", {"phone": "13812345678", "national_id": "110105199001011234"},
                            format="json")
        assert r.status_code == 200
        body = r.json()
        assert "phone" not in body and "national_id" not in body
        assert body["phone_masked"] == "138****5678" and body["national_id_masked"] == "110105********1234"


class TestDeactivate:
    def test_deactivating_signs_out_and_revokes_tokens(self, api_admin, web, teacher):
        ApiToken.objects.create(user=teacher, name="script")
        web.login_as(teacher)
        r = api_admin.post(f"{URL}{teacher.pk}/deactivate/")
        assert r.status_code == 200 and r.json()["is_active"] is False
        assert not ApiToken.objects.filter(user=teacher).exists()
        assert web.get(reverse("dashboard")).status_code == 302  # the session no longer signs anyone in
        assert api_admin.post(f"{URL}{teacher.pk}/deactivate/").status_code == 409
        r = api_admin.post(f"{URL}{teacher.pk}/reactivate/")
        assert r.status_code == 200 and r.json()["is_active"] is True

    def test_an_admin_cannot_deactivate_themselves(self, api_admin, admin_user):
        r = api_admin.post(f"{URL}{admin_user.pk}/deactivate/")
        assert r.status_code == 409 and r.json()["code"] == "own_account"


class TestPasswordLink:
    def test_the_link_is_mailed_in_the_persons_language_and_works_once(self, api_admin, client, teacher):
        User.objects.filter(pk=teacher.pk).update(language="en")
        r = api_admin.post(f"{URL}{teacher.pk}/send-password-reset/")
        assert r.status_code == 200
        assert send_password_link(teacher.pk) is True
        message = mail.outbox[-1]
        assert message.to == [teacher.email] and "Choose your password" in message.subject
        link = re.search(r"https?://\S+", message.body).group(0)
        path = link.split("://", 1)[1].split("/", 1)[1]
        page = client.get("/" + path, follow=True)
        assert page.status_code == 200
        form_url = page.redirect_chain[-1][0]
        r = client.post(form_url, {"new_password1": "Another-Secret-42", "new_password2": "Another-Secret-42"})
        assert r.status_code == 302
        teacher.refresh_from_db()
        assert teacher.check_password("Another-Secret-42")
        again = client.get("/" + path, follow=True)
        assert b"new_password1" not in again.content  # used once: the token died with the old password

    def test_no_email_no_link(self, api_admin, teacher):
        User.objects.filter(pk=teacher.pk).update(email="")
        r = api_admin.post(f"{URL}{teacher.pk}/send-password-reset/")
        assert r.status_code == 409 and r.json()["code"] == "no_email"

    def test_no_password_is_ever_in_an_answer(self, api_admin, teacher):
        r = api_admin.get(f"{URL}{teacher.pk}/")
        assert "password" not in r.json()


class TestLockoutAndTokens:
    def test_unlock_lets_a_locked_out_person_sign_in(self, api_admin, client, teacher, settings):
        login = reverse("accounts:login")
        for _ in range(settings.AXES_FAILURE_LIMIT):
            client.post(login, {"username": teacher.username, "password": "wrong"})
        assert client.post(login, {"username": teacher.username, "password": PASSWORD}).status_code == 429
        status = api_admin.get(f"{URL}{teacher.pk}/sign-in/").json()
        assert status["locked_out"] is True and status["failed_attempts"] >= settings.AXES_FAILURE_LIMIT
        assert api_admin.post(f"{URL}{teacher.pk}/unlock/").status_code == 200
        assert api_admin.get(f"{URL}{teacher.pk}/sign-in/").json()["locked_out"] is False
        assert client.post(login, {"username": teacher.username, "password": PASSWORD}).status_code == 302

    def test_last_login_and_tokens_are_shown_and_one_token_is_revoked(self, api_admin, client, teacher):
        client.post(reverse("accounts:login"), {"username": teacher.username, "password": PASSWORD})
        keep, _key = ApiToken.objects.create(user=teacher, name="laptop")
        drop, _key = ApiToken.objects.create(user=teacher, name="script")
        status = api_admin.get(f"{URL}{teacher.pk}/sign-in/").json()
        assert status["last_login"] is not None and status["has_usable_password"] is True
        assert {t["name"] for t in status["tokens"]} == {"laptop", "script"}
        assert "digest" not in str(status) and "token_key" not in str(status)
        r = api_admin.post(f"{URL}{teacher.pk}/revoke-tokens/", {"token": drop.pk}, format="json")
        assert r.status_code == 200
        assert list(ApiToken.objects.filter(user=teacher).values_list("name", flat=True)) == ["laptop"]

    def test_a_token_of_someone_else_is_a_400(self, api_admin, teacher, student):
        other, _key = ApiToken.objects.create(user=student, name="x")
        r = api_admin.post(f"{URL}{teacher.pk}/revoke-tokens/", {"token": other.pk}, format="json")
        assert r.status_code == 400 and "token" in r.json()["errors"]
        assert ApiToken.objects.filter(pk=other.pk).exists()


class TestAudit:
    def test_changes_are_audited_without_secrets(self, api_admin, web, admin_user, teacher):
        api_admin.patch(f"{URL}{teacher.pk}/", {"display_name": "李教授", "national_id": "110105199001011234"},
                        format="json")
        history = list(teacher.history.order_by("history_date"))
        assert history[-1].display_name == "李教授" and history[-1].history_user_id == admin_user.pk
        fields = {f.name for f in User.history.model._meta.get_fields()}
        assert not {"password", "national_id", "phone"} & fields
        page = web.login_as(admin_user).get(reverse("accounts:object_history", args=["accounts.user", teacher.pk]))
        assert page.status_code == 200 and "李教授" in page.content.decode()
        assert "110105199001011234" not in page.content.decode()

    def test_a_login_adds_no_history_row(self, client, teacher):
        before = teacher.history.count()
        client.post(reverse("accounts:login"), {"username": teacher.username, "password": PASSWORD})
        assert teacher.history.count() == before

    def test_roles_are_audited(self, admin_user, teacher, department):
        m = services.membership_grant(by=admin_user, user=teacher, organization=department, role=Role.COLLEGE_ADMIN)
        services.membership_end(membership=m, by=admin_user)
        assert m.history.count() == 2


class TestPages:
    def test_create_edit_and_detail_pages(self, web, admin_user, department):
        web.login_as(admin_user)
        r = web.post(reverse("accounts:user_create"), {"username": "wang", "display_name": "王同学",
                                                        "student_no": "2026-7", "organization": department.pk,
                                                        "role": "student", "language": "zh-hans"})
        assert r.status_code == 302, r.content.decode()[:2000]
        user = User.objects.get(username="wang")
        assert r.url == reverse("accounts:user_detail", args=[user.pk])
        page = web.get(r.url)
        assert page.status_code == 200 and "王同学" in page.content.decode()
        r = web.post(reverse("accounts:user_create"), {"username": "WANG", "student_no": "2026-7"})
        assert r.status_code == 400
        errors = r.context["form"].errors
        assert "username" in errors and "student_no" in errors
        r = web.post(reverse("accounts:user_edit", args=[user.pk]), {"username": "wang", "display_name": "王二",
                                                                     "phone": "13900001111"})
        assert r.status_code == 302
        page = web.get(reverse("accounts:user_detail", args=[user.pk])).content.decode()
        assert "139****1111" in page and "13900001111" not in page

    def test_steps_from_the_page(self, web, admin_user, teacher):
        web.login_as(admin_user)
        r = web.post(reverse("accounts:user_step", args=[teacher.pk, "deactivate"]))
        assert r.status_code == 302
        teacher.refresh_from_db()
        assert not teacher.is_active

    @pytest.mark.parametrize("who", ["teacher", "enterprise_user", "student"])
    def test_pages_are_the_college_admins(self, request, web, who, teacher):
        web.login_as(request.getfixturevalue(who))
        assert web.get(reverse("accounts:user_detail", args=[teacher.pk])).status_code == 403
        assert web.get(reverse("accounts:user_create")).status_code == 403

    def test_user_detail_queries_do_not_grow_with_roles_and_tokens(self, web, admin_user, college,
                                                                    django_assert_max_num_queries):
        person = UserFactory()
        web.login_as(admin_user)
        url = reverse("accounts:user_detail", args=[person.pk])
        with django_assert_max_num_queries(14) as first:
            assert web.get(url).status_code == 200
        for n in range(5):
            ApiToken.objects.create(user=person, name=f"t{n}")
            Membership.objects.create(user=person, organization=college, role=Role.TEACHER,
                                      valid_from=f"20{10 + n}-01-01", valid_until=f"20{10 + n}-12-31")
        with django_assert_max_num_queries(len(first.captured_queries)):
            assert web.get(url).status_code == 200
