"""The matching rules of signon.services, each with the case that breaks it (no campus server needed)."""
from __future__ import annotations

import pytest

from accounts.choices import OrganizationKind, Role
from accounts.models import Membership, User
from signon import services
from signon.services import Identity, SignOnRefused
from tests.accounts.factories import OrganizationFactory, make_member

pytestmark = pytest.mark.django_db


def _identity(**values) -> Identity:
    return Identity(protocol="cas", subject=values.get("number", "x"), **values)


def test_the_attribute_mapping_reads_lists_bytes_and_case(settings):
    identity = services.identity_from("ldap", "uid=1", {"uid": [b"20230001"], "displayName": ["李华"],
                                                        "mail": "LiHua@Campus.example.cn", "departmentNumber": []})
    assert (identity.number, identity.name, identity.email, identity.department) == \
        ("20230001", "李华", "lihua@campus.example.cn", "")


def test_a_number_matches_a_student_or_a_staff_number(department):
    student = make_member(Role.STUDENT, department, student_no="S1")
    teacher = make_member(Role.TEACHER, department, staff_no="T1")
    assert services.find_user(_identity(number="S1")) == student
    assert services.find_user(_identity(number="T1")) == teacher
    assert services.find_user(_identity(number="nobody")) is None


def test_two_accounts_with_one_number_are_refused_not_guessed(department):
    make_member(Role.STUDENT, department, student_no="S1")
    make_member(Role.TEACHER, department, staff_no="S1")
    with pytest.raises(SignOnRefused) as exc:
        services.sign_on(identity=_identity(number="S1"))
    assert exc.value.code == "ambiguous"


def test_an_identity_without_the_matching_attribute_is_refused(department):
    with pytest.raises(SignOnRefused) as exc:
        services.sign_on(identity=_identity(email="a@b.cn"))
    assert exc.value.code == "no_identifier"


def test_a_disabled_account_is_refused(department):
    user = make_member(Role.STUDENT, department, student_no="S1", is_active=False)
    with pytest.raises(SignOnRefused) as exc:
        services.sign_on(identity=_identity(number="S1"))
    assert exc.value.code == "inactive"
    assert user.pk


def test_a_role_out_of_force_does_not_make_a_partner_a_campus_person(department, enterprise_org):
    user = make_member(Role.ENTERPRISE, enterprise_org, staff_no="S1")
    Membership.objects.create(user=user, organization=department, role=Role.TEACHER, is_active=False)
    with pytest.raises(SignOnRefused) as exc:
        services.sign_on(identity=_identity(number="S1"))
    assert exc.value.code == "partner_account"


def test_the_profile_follows_the_campus_directory_unless_turned_off(department, signon_settings):
    user = make_member(Role.STUDENT, department, student_no="S1", display_name="Old", email="old@x.cn")
    services.sign_on(identity=_identity(number="S1", name="New", email="new@x.cn"))
    user.refresh_from_db()
    assert (user.display_name, user.email) == ("New", "new@x.cn")
    signon_settings(UPDATE_PROFILE=False)
    services.sign_on(identity=_identity(number="S1", name="Newer"))
    user.refresh_from_db()
    assert user.display_name == "New"


def test_no_account_is_created_unless_settings_allow(department):
    with pytest.raises(SignOnRefused) as exc:
        services.sign_on(identity=_identity(number="S9", name="王新"))
    assert exc.value.code == "unknown_person"
    assert not User.objects.filter(student_no="S9").exists()


def test_a_created_account_lands_in_the_named_department_or_else_the_college(department, signon_settings):
    signon_settings(CREATE_USERS=True)
    other = OrganizationFactory(kind=OrganizationKind.DEPARTMENT, name="数字媒体系", short_name="DM",
                                parent=department.parent)
    by_short_name = services.sign_on(identity=_identity(number="S8", department="DM"))
    unknown = services.sign_on(identity=_identity(number="S9", department="没有这个系"))
    assert Membership.objects.get(user=by_short_name).organization == other
    assert Membership.objects.get(user=unknown).organization == department.parent


def test_a_username_held_by_someone_else_is_not_taken_over(department, signon_settings):
    signon_settings(CREATE_USERS=True)
    someone = make_member(Role.STUDENT, department, username="S9")
    with pytest.raises(SignOnRefused) as exc:
        services.sign_on(identity=_identity(number="S9", username="S9"))
    assert exc.value.code == "username_taken"
    assert not Membership.objects.filter(user__username="S9").exclude(user=someone).exists()
    assert User.objects.filter(username="S9").count() == 1


def test_password_login_rule(department, enterprise_org, signon_settings):
    student = make_member(Role.STUDENT, department)
    partner = make_member(Role.ENTERPRISE, enterprise_org)
    operator = User.objects.create_user("ops", password="x")
    assert all(services.password_login_allowed(u) for u in (student, partner, operator))
    signon_settings(PASSWORD_LOGIN="partners")
    assert not services.password_login_allowed(student)
    assert services.password_login_allowed(partner) and services.password_login_allowed(operator)
