"""A department administrator (二级学院) manages the accounts and roles of their own department's students and
teachers (issue 20 item 2), in the pages and the API, audited, personal data masked; anyone else's account
is a 404 (another department) or a 403 (in their scope, not theirs), and a role in another department or
a college-wide role is refused by the service itself (400 on the field)."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts import services
from accounts.choices import Role
from accounts.models import ApiToken, Membership, User
from accounts.policy import access_for, clear_access_cache
from tests.accounts.factories import MembershipFactory, make_member

pytestmark = pytest.mark.django_db

US = "/api/v1/users/"
MS = "/api/v1/memberships/"


def role_of(user, role) -> Membership:
    return Membership.objects.get(user=user, role=role)


@pytest.fixture
def student_and_college_admin(department, college):
    """Studies in the department and also holds a college administrator's role: the college admins' to manage."""
    user = make_member(Role.STUDENT, department, username="mixed_u")
    MembershipFactory(user=user, organization=college, role=Role.COLLEGE_ADMIN)
    return user


class TestAccountsApi:
    def test_creates_a_student_of_their_department_audited(self, api_department_admin, department_admin,
                                                          department):
        r = api_department_admin.post(US, {"username": "new.s", "display_name": "新同学", "student_no": "D-1",
                                           "organization": department.pk, "role": "student",
                                           "phone": "13812345678"}, format="json")
        assert r.status_code == 201, r.content
        assert r.json()["phone_masked"] == "138****5678" and "phone" not in r.json()
        user = User.objects.get(username="new.s")
        m = Membership.objects.get(user=user)
        assert (m.role, m.organization_id) == ("student", department.pk)
        assert user.history.latest("history_date").history_user_id == department_admin.pk
        assert m.history.latest("history_date").history_user_id == department_admin.pk

    @pytest.mark.parametrize("body,field", [
        ({}, "role"),  # an account of nobody's would leave their reach at once
        ({"organization": "other", "role": "student"}, "organization"),
        ({"organization": "own", "role": "department_admin"}, "role"),
        ({"organization": "own", "role": "college_admin"}, "role"),
        ({"organization": "college", "role": "teacher"}, "organization"),
        ({"organization": "enterprise", "role": "enterprise"}, "role"),
    ])
    def test_a_new_account_only_with_a_student_or_teacher_role_of_their_department(
            self, api_department_admin, department, other_department, college, enterprise_org, body, field):
        orgs = {"own": department, "other": other_department, "college": college, "enterprise": enterprise_org}
        body = {**body, "username": "refused"}
        if "organization" in body:
            body["organization"] = orgs[body["organization"]].pk
        before = (User.objects.count(), Membership.objects.count())
        r = api_department_admin.post(US, body, format="json")
        assert r.status_code == 400 and field in r.json()["errors"], r.content
        assert (User.objects.count(), Membership.objects.count()) == before

    def test_edits_and_steps_on_their_students_and_teachers(self, api_department_admin, student, teacher):
        r = api_department_admin.patch(f"{US}{student.pk}/", {"display_name": "张三", "national_id":
                                                              "110105199001011234"}, format="json")
        assert r.status_code == 200, r.content
        assert r.json()["national_id_masked"] == "110105********1234" and "national_id" not in r.json()
        ApiToken.objects.create(user=teacher, name="laptop")
        for step in ("send-password-reset", "unlock", "revoke-tokens", "deactivate", "reactivate"):
            r = api_department_admin.post(f"{US}{teacher.pk}/{step}/", {}, format="json")
            assert r.status_code == 200, (step, r.content)
        assert not ApiToken.objects.filter(user=teacher).exists()
        r = api_department_admin.get(f"{US}{student.pk}/sign-in/")
        assert r.status_code == 200 and r.json()["locked_out"] is False

    def test_another_departments_people_are_404(self, api_department_admin, other_department_student,
                                                other_department_teacher):
        for person in (other_department_student, other_department_teacher):
            assert api_department_admin.patch(f"{US}{person.pk}/", {"display_name": "x"},
                                              format="json").status_code == 404
            for step in ("deactivate", "send-password-reset", "unlock", "revoke-tokens"):
                assert api_department_admin.post(f"{US}{person.pk}/{step}/").status_code == 404
            assert api_department_admin.get(f"{US}{person.pk}/sign-in/").status_code == 404
        other_department_student.refresh_from_db()
        assert other_department_student.is_active and other_department_student.display_name != "x"

    def test_people_in_scope_who_are_not_theirs_are_403(self, api_department_admin, other_department_admin,
                                                        department, student_and_college_admin):
        fellow = make_member(Role.DEPARTMENT_ADMIN, department, username="fellow_u")
        for person in (fellow, student_and_college_admin):
            assert api_department_admin.get(f"{US}{person.pk}/").status_code == 200  # in scope: read
            r = api_department_admin.patch(f"{US}{person.pk}/", {"email": "mine@example.cn"}, format="json")
            assert r.status_code == 403, r.content
            assert api_department_admin.post(f"{US}{person.pk}/send-password-reset/").status_code == 403
            assert api_department_admin.get(f"{US}{person.pk}/sign-in/").status_code == 403
            person.refresh_from_db()
            assert person.email != "mine@example.cn"

    def test_a_teacher_of_another_department_too_is_not_theirs(self, api_department_admin, teacher,
                                                              other_department):
        MembershipFactory(user=teacher, organization=other_department, role=Role.TEACHER)
        assert api_department_admin.post(f"{US}{teacher.pk}/deactivate/").status_code == 403

    def test_personal_data_stays_masked(self, api_department_admin, student):
        for body in ({"field": "phone"}, {}):  # refused before the body is read
            assert api_department_admin.post(f"{US}{student.pk}/reveal/", body, format="json").status_code == 403


class TestRolesApi:
    def test_gives_changes_and_ends_a_role_of_their_department(self, api_department_admin, department_admin,
                                                               student, department):
        r = api_department_admin.post(MS, {"user": student.pk, "organization": department.pk, "role": "teacher",
                                           "valid_from": "2026-09-01", "valid_until": "2027-07-31"}, format="json")
        assert r.status_code == 201, r.content
        m = Membership.objects.get(pk=r.json()["id"])
        r = api_department_admin.patch(f"{MS}{m.pk}/", {"valid_until": "2027-01-31"}, format="json")
        assert r.status_code == 200, r.content
        r = api_department_admin.post(f"{MS}{m.pk}/end/", {}, format="json")
        assert r.status_code == 200, r.content
        assert {h.history_user_id for h in m.history.all()} == {department_admin.pk}

    @pytest.mark.parametrize("org,role,field", [
        ("other", "student", "organization"),
        ("own", "college_admin", "role"),
        ("own", "department_admin", "role"),
        ("college", "teacher", "organization"),
        ("enterprise", "enterprise", "role"),
    ])
    def test_refuses_a_role_outside_their_department(self, api_department_admin, student, department,
                                                     other_department, college, enterprise_org, org, role, field):
        orgs = {"own": department, "other": other_department, "college": college, "enterprise": enterprise_org}
        before = Membership.objects.count()
        r = api_department_admin.post(MS, {"user": student.pk, "organization": orgs[org].pk, "role": role},
                                      format="json")
        assert r.status_code == 400 and field in r.json()["errors"], r.content
        with translation.override("zh-hans"):  # the page's language; the message says what to do
            expected = {"organization": gettext("A department administrator gives roles in their own department "
                                                "only."),
                        "role": gettext("A department administrator gives the roles of student and teacher only; "
                                        "the college administrators give the others.")}[field]
        assert expected in r.json()["errors"][field]
        assert Membership.objects.count() == before

    def test_another_departments_person_cannot_be_named(self, api_department_admin, other_department_student,
                                                        department):
        r = api_department_admin.post(MS, {"user": other_department_student.pk, "organization": department.pk,
                                           "role": "student"}, format="json")
        assert r.status_code == 400 and "user" in r.json()["errors"]
        assert not Membership.objects.filter(user=other_department_student, organization=department).exists()

    def test_another_departments_roles_are_404_and_fellow_admins_roles_403(
            self, api_department_admin, department, other_department_student):
        foreign = role_of(other_department_student, Role.STUDENT)
        assert api_department_admin.get(f"{MS}{foreign.pk}/").status_code == 404
        assert api_department_admin.post(f"{MS}{foreign.pk}/end/", {}, format="json").status_code == 404
        fellow = role_of(make_member(Role.DEPARTMENT_ADMIN, department, username="fellow_u"),
                         Role.DEPARTMENT_ADMIN)
        assert api_department_admin.get(f"{MS}{fellow.pk}/").status_code == 200
        assert api_department_admin.post(f"{MS}{fellow.pk}/end/", {}, format="json").status_code == 403
        assert api_department_admin.patch(f"{MS}{fellow.pk}/", {"title": "x"}, format="json").status_code == 403

    def test_their_departments_roles_are_listed(self, api_department_admin, department_admin, student,
                                                other_department_student):
        ids = {row["id"] for row in api_department_admin.get(f"{MS}?page_size=200").json()["results"]}
        assert role_of(student, Role.STUDENT).pk in ids
        assert role_of(department_admin, Role.DEPARTMENT_ADMIN).pk in ids
        assert role_of(other_department_student, Role.STUDENT).pk not in ids


class TestServiceRefuses:
    """The services refuse by themselves, whoever calls them (each test fails without its rule)."""

    def test_a_role_in_another_department(self, department_admin, student, other_department):
        with pytest.raises(ValidationError) as exc:
            services.membership_grant(by=department_admin, user=student, organization=other_department,
                                      role=Role.STUDENT)
        assert "organization" in exc.value.message_dict
        assert not Membership.objects.filter(user=student, organization=other_department).exists()

    @pytest.mark.parametrize("role", [Role.COLLEGE_ADMIN, Role.DEPARTMENT_ADMIN])
    def test_a_role_beyond_students_and_teachers(self, department_admin, student, department, role):
        with pytest.raises(ValidationError) as exc:
            services.membership_grant(by=department_admin, user=student, organization=department, role=role)
        assert "role" in exc.value.message_dict
        assert not Membership.objects.filter(user=student, role=role).exists()

    def test_a_role_for_someone_not_theirs(self, department_admin, department, other_department_student):
        with pytest.raises(services.PersonNotManaged):
            services.membership_grant(by=department_admin, user=other_department_student, organization=department,
                                      role=Role.STUDENT)

    def test_a_new_account_without_a_role_of_their_department(self, department_admin, other_department):
        with pytest.raises(ValidationError):
            services.user_create(by=department_admin, username="orphan")
        with pytest.raises(ValidationError):
            services.user_create(by=department_admin, username="orphan", organization=other_department,
                                 role=Role.STUDENT)
        assert not User.objects.filter(username="orphan").exists()

    @pytest.mark.parametrize("call", [
        lambda by, p: services.user_update(user=p, by=by, email="taken@example.cn"),
        lambda by, p: services.user_deactivate(user=p, by=by),
        lambda by, p: services.user_send_password_reset(user=p, by=by),
        lambda by, p: services.user_unlock(user=p, by=by),
        lambda by, p: services.user_revoke_tokens(user=p, by=by),
    ])
    def test_an_account_not_theirs(self, department_admin, other_department_student, student_and_college_admin,
                                   call):
        for person in (other_department_student, student_and_college_admin):
            with pytest.raises(services.PersonNotManaged):
                call(department_admin, person)
            person.refresh_from_db()
            assert person.is_active and person.email != "taken@example.cn"

    def test_reactivating_an_account_not_theirs(self, department_admin, other_department_student):
        User.objects.filter(pk=other_department_student.pk).update(is_active=False)
        with pytest.raises(services.PersonNotManaged):
            services.user_reactivate(user=other_department_student, by=department_admin)

    def test_changing_or_ending_a_role_not_theirs(self, department_admin, department, other_department_student):
        foreign = role_of(other_department_student, Role.STUDENT)
        fellow = role_of(make_member(Role.DEPARTMENT_ADMIN, department, username="fellow_u"), Role.DEPARTMENT_ADMIN)
        for m in (foreign, fellow):
            with pytest.raises(services.PersonNotManaged):
                services.membership_update(membership=m, by=department_admin, title="x")
            with pytest.raises(services.PersonNotManaged):
                services.membership_end(membership=m, by=department_admin)
            m.refresh_from_db()
            assert m.valid_until is None and m.title != "x"

    def test_other_roles_give_none(self, teacher, student, department):
        with pytest.raises(services.PersonNotManaged):
            services.membership_grant(by=teacher, user=student, organization=department, role=Role.TEACHER)

    def test_the_college_admin_still_gives_any_role(self, admin_user, student, other_department):
        m = services.membership_grant(by=admin_user, user=student, organization=other_department,
                                      role=Role.DEPARTMENT_ADMIN)
        assert m.pk

    def test_whom_a_department_admin_manages(self, department_admin, student, teacher, other_department_student,
                                             student_and_college_admin, other_department):
        acc = access_for(department_admin)
        assert acc.manages_person(student.pk) and acc.manages_person(teacher.pk)
        assert not acc.manages_person(department_admin.pk)
        assert not acc.manages_person(other_department_student.pk)
        assert not acc.manages_person(student_and_college_admin.pk)
        # An upcoming role elsewhere already takes the person beyond the department.
        MembershipFactory(user=student, organization=other_department, role=Role.TEACHER,
                          valid_from=datetime.date.today() + datetime.timedelta(days=30))
        clear_access_cache(department_admin)
        assert not access_for(department_admin).manages_person(student.pk)


class TestPages:
    def test_creates_an_account_in_the_page(self, web, department_admin, department, other_department):
        web.login_as(department_admin)
        page = web.get(reverse("accounts:user_create"))
        assert page.status_code == 200
        form = page.context["form"]
        assert list(form.fields["organization"].queryset) == [department]
        assert [v for v, _label in form.fields["role"].choices] == ["student", "teacher"]
        r = web.post(reverse("accounts:user_create"), {"username": "wang", "display_name": "王同学",
                                                        "organization": department.pk, "role": "student"})
        assert r.status_code == 302, r.content.decode()[:2000]
        assert Membership.objects.filter(user__username="wang", organization=department, role="student").exists()
        r = web.post(reverse("accounts:user_create"), {"username": "li", "organization": other_department.pk,
                                                        "role": "student"})
        assert r.status_code == 400 and "organization" in r.context["form"].errors
        assert not User.objects.filter(username="li").exists()

    def test_detail_edit_and_role_pages_of_their_people(self, web, department_admin, student):
        student.phone = "13812345678"
        student.save()
        web.login_as(department_admin)
        page = web.get(reverse("accounts:user_detail", args=[student.pk]))
        assert page.status_code == 200 and page.context["can_edit"] and page.context["can_grant"]
        body = page.content.decode()
        assert "138****5678" in body and "13812345678" not in body
        assert web.get(reverse("accounts:user_edit", args=[student.pk])).status_code == 200
        r = web.post(reverse("accounts:user_edit", args=[student.pk]), {"username": student.username,
                                                                        "display_name": "张同学二"})
        assert r.status_code == 302
        student.refresh_from_db()
        assert student.display_name == "张同学二"
        m = role_of(student, Role.STUDENT)
        assert web.get(reverse("accounts:membership_edit", args=[m.pk])).status_code == 200
        grant = web.get(reverse("accounts:membership_create", args=[student.pk]))
        assert grant.status_code == 200 and "is_org_admin" not in grant.context["form"].fields
        r = web.post(reverse("accounts:user_step", args=[student.pk, "deactivate"]))
        assert r.status_code == 302
        student.refresh_from_db()
        assert not student.is_active

    def test_another_departments_people_are_404(self, web, department_admin, other_department_student):
        web.login_as(department_admin)
        m = role_of(other_department_student, Role.STUDENT)
        for url in (reverse("accounts:user_detail", args=[other_department_student.pk]),
                    reverse("accounts:user_edit", args=[other_department_student.pk]),
                    reverse("accounts:membership_create", args=[other_department_student.pk]),
                    reverse("accounts:membership_edit", args=[m.pk])):
            assert web.get(url).status_code == 404, url
        assert web.post(reverse("accounts:user_step", args=[other_department_student.pk, "deactivate"])
                        ).status_code == 404

    def test_a_fellow_administrator_is_read_not_managed(self, web, department_admin, department):
        fellow = make_member(Role.DEPARTMENT_ADMIN, department, username="fellow_u")
        web.login_as(department_admin)
        page = web.get(reverse("accounts:user_detail", args=[fellow.pk]))
        assert page.status_code == 200 and not page.context["can_edit"] and "tokens" not in page.context
        assert web.get(reverse("accounts:user_edit", args=[fellow.pk])).status_code == 403
        assert web.get(reverse("accounts:membership_create", args=[fellow.pk])).status_code == 403
        assert web.get(reverse("accounts:membership_edit", args=[role_of(fellow, Role.DEPARTMENT_ADMIN).pk])
                       ).status_code == 403

    def test_roles_page_shows_their_departments_roles(self, web, department_admin, student,
                                                      other_department_student):
        page = web.login_as(department_admin).get(reverse("accounts:membership_list"))
        assert page.status_code == 200
        shown = {m.pk for m in page.context["page"].object_list}
        assert role_of(student, Role.STUDENT).pk in shown
        assert role_of(other_department_student, Role.STUDENT).pk not in shown
        row = next(m for m in page.context["page"].object_list if m.user_id == student.pk)
        assert [s.name for s in row.steps] == ["end"]

    def test_roles_page_queries_do_not_grow(self, web, department_admin, department,
                                            django_assert_max_num_queries):
        client = web.login_as(department_admin)
        for _ in range(2):
            make_member(Role.STUDENT, department)
        assert client.get(reverse("accounts:membership_list")).status_code == 200  # warm-up: the session
        with django_assert_max_num_queries(30) as small:
            assert client.get(reverse("accounts:membership_list")).status_code == 200
        for _ in range(8):
            make_member(Role.TEACHER, department)
        with django_assert_max_num_queries(len(small.captured_queries)) as large:
            r = client.get(reverse("accounts:membership_list"))
            assert r.status_code == 200
        assert len(r.context["page"].object_list) == 11  # the administrator and ten people
        assert len(large.captured_queries) == len(small.captured_queries)

    def test_the_invitations_stay_the_college_admins(self, web, department_admin):
        web.login_as(department_admin)
        page = web.get(reverse("accounts:user_list"))
        assert page.status_code == 200 and not page.context["can_invite"]
        assert reverse("accounts:invitation_list") not in page.content.decode()
        assert web.get(reverse("accounts:invitation_list")).status_code == 403
