"""The department administrator role (二级学院): who holds it, what ``Access`` says, which people they see."""
import pytest
from django.core.exceptions import ValidationError

from accounts.choices import Role
from accounts.models import Membership, User
from accounts.policy import access_for, clear_access_cache
from tests.accounts.factories import make_member

pytestmark = pytest.mark.django_db

US = "/api/v1/users/"


def test_access_of_a_department_admin(department_admin, department):
    acc = access_for(department_admin)
    assert acc.is_department_admin and acc.department_ids == frozenset({department.pk})
    assert not acc.is_college_admin and not acc.has_role(Role.COLLEGE_ADMIN)
    assert acc.primary_role == Role.DEPARTMENT_ADMIN


def test_only_a_membership_in_force_gives_the_role(department_admin, department):
    Membership.objects.filter(user=department_admin).update(is_active=False)
    clear_access_cache(department_admin)
    acc = access_for(department_admin)
    assert not acc.is_department_admin and acc.department_ids == frozenset()
    department.is_active = False
    department.save()
    Membership.objects.filter(user=department_admin).update(is_active=True)
    clear_access_cache(department_admin)
    assert not access_for(department_admin).is_department_admin


def test_held_only_in_a_department(college, department):
    user = User.objects.create_user("x")
    with pytest.raises(ValidationError):
        Membership(user=user, organization=college, role=Role.DEPARTMENT_ADMIN).clean()
    Membership(user=user, organization=department, role=Role.DEPARTMENT_ADMIN).clean()


def test_administers_only_their_departments_people(department_admin, student, teacher, other_department_student):
    acc = access_for(department_admin)
    assert acc.administers_user(student.pk, Role.STUDENT) and acc.administers_user(teacher.pk, Role.TEACHER)
    assert not acc.administers_user(teacher.pk, Role.STUDENT)
    assert not acc.administers_user(other_department_student.pk)
    assert not access_for(teacher).administers_user(student.pk)


def test_people_of_own_department_only(api_department_admin, department_admin, student, teacher,
                                       other_department_student, admin_user):
    r = api_department_admin.get(US)
    assert r.status_code == 200
    assert {row["username"] for row in r.data["results"]} == {"dept_admin_u", "student_u", "teacher_u"}
    assert api_department_admin.get(f"{US}{student.pk}/").status_code == 200
    for other in (other_department_student, admin_user):
        assert api_department_admin.get(f"{US}{other.pk}/").status_code == 404
    r = api_department_admin.get(f"{US}?role=student")
    assert {row["username"] for row in r.data["results"]} == {"student_u"}


def test_personal_data_stays_masked_for_a_department_admin(api_department_admin, student):
    student.national_id = "110101200001011234"
    student.save()
    r = api_department_admin.post(f"{US}{student.pk}/reveal/", {"field": "national_id"}, format="json")
    assert r.status_code == 403
    # How a person signs in (last login, lockout, tokens) is for those who manage the account: their student.
    r = api_department_admin.get(f"{US}{student.pk}/sign-in/")
    assert r.status_code == 200 and "national_id" not in r.json()


def test_college_admin_still_sees_everyone(api_admin, department_admin, other_department_student):
    names = {row["username"] for row in api_admin.get(f"{US}?page_size=200").data["results"]}
    assert {"dept_admin_u", other_department_student.username} <= names


def test_other_roles_still_cannot_list_users(api_teacher):
    assert api_teacher.get(US).status_code == 403


def test_user_page_lists_own_department(web, department_admin, student, other_department_student):
    r = web.login_as(department_admin).get("/accounts/users/")
    assert r.status_code == 200
    assert {u.username for u in r.context["page"].object_list} == {"dept_admin_u", "student_u"}


def test_user_list_queries_do_not_grow(web, department_admin, department, django_assert_max_num_queries):
    client = web.login_as(department_admin)
    for _ in range(2):
        make_member(Role.STUDENT, department)
    assert client.get("/accounts/users/").status_code == 200  # warm-up: the session is written once
    with django_assert_max_num_queries(30) as small:
        assert client.get("/accounts/users/").status_code == 200
    for _ in range(8):
        make_member(Role.STUDENT, department)
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        r = client.get("/accounts/users/")
        assert r.status_code == 200
    assert len(r.context["page"].object_list) == 11
    assert len(large.captured_queries) == len(small.captured_queries)

