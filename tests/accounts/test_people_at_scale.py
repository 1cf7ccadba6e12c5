"""A department administrator's questions about people are bounded by whom they ask about (province scale: a
department may hold tens of thousands of students). ``Access.manages_person`` / ``administers_user`` answer a lone
person in one query about that person, a page primed with ``Access.prime`` in one query for its rows, and never
load every person of the departments; the answers are the ``managed_people`` rule's, unchanged."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from accounts.policy import access_for, clear_access_cache, managed_people
from tests.accounts.factories import MembershipFactory, UserFactory, make_member

pytestmark = pytest.mark.django_db

US = "/api/v1/users/"


@pytest.fixture
def people(department, other_department, college, enterprise_org):
    """One of each kind of person a department administrator may be asked about."""
    upcoming = datetime.date.today() + datetime.timedelta(days=30)
    past = datetime.date.today() - datetime.timedelta(days=30)
    out = {
        "student": make_member(Role.STUDENT, department),
        "teacher": make_member(Role.TEACHER, department),
        "fellow_admin": make_member(Role.DEPARTMENT_ADMIN, department),
        "other_student": make_member(Role.STUDENT, other_department),
        "also_college_admin": make_member(Role.STUDENT, department),
        "also_partner": make_member(Role.TEACHER, department),
        "moving_away": make_member(Role.STUDENT, department),
        "left_elsewhere": make_member(Role.STUDENT, department),
        "superuser": make_member(Role.STUDENT, department, is_superuser=True),
        "nobody": UserFactory(),
    }
    MembershipFactory(user=out["also_college_admin"], organization=college, role=Role.COLLEGE_ADMIN)
    MembershipFactory(user=out["also_partner"], organization=enterprise_org, role=Role.ENTERPRISE)
    # An upcoming role elsewhere already takes the person out of the department administrator's hands...
    MembershipFactory(user=out["moving_away"], organization=other_department, role=Role.STUDENT,
                      valid_from=upcoming)
    # ...a role elsewhere that is over does not.
    MembershipFactory(user=out["left_elsewhere"], organization=other_department, role=Role.STUDENT,
                      valid_from=past - datetime.timedelta(days=300), valid_until=past)
    return out


def _fresh(user):
    clear_access_cache(user)
    return access_for(user)


def test_answers_are_the_rule_for_a_lone_person_and_a_primed_page(department_admin, department, people):
    theirs = set(managed_people([department.pk]).values_list("user_id", flat=True))
    assert {p for p, u in people.items() if u.pk in theirs} == {"student", "teacher", "left_elsewhere"}
    for name, person in people.items():
        assert _fresh(department_admin).manages_person(person.pk) == (person.pk in theirs), name
    primed = _fresh(department_admin)
    primed.prime(p.pk for p in people.values())
    assert {name for name, p in people.items() if primed.manages_person(p.pk)} == {"student", "teacher",
                                                                                   "left_elsewhere"}
    acc = _fresh(department_admin)
    acc.prime(p.pk for p in people.values())
    assert {name for name, p in people.items() if acc.administers_user(p.pk, Role.STUDENT)} == {
        "student", "also_college_admin", "moving_away", "left_elsewhere", "superuser"}
    assert {name for name, p in people.items() if acc.administers_user(p.pk, Role.TEACHER)} == {
        "teacher", "also_partner"}
    assert acc.administers_user(people["fellow_admin"].pk) and not acc.administers_user(people["other_student"].pk)
    assert not acc.manages_person(None) and not acc.administers_user(None)


def test_a_lone_person_costs_one_query_about_that_person(department_admin, department, people):
    for _ in range(5):
        make_member(Role.STUDENT, department)
    acc = _fresh(department_admin)
    student = people["student"]
    with CaptureQueriesContext(connection) as lone:
        assert acc.manages_person(student.pk) and acc.manages_person(student.pk)
        assert acc.administers_user(student.pk, Role.STUDENT) and not acc.administers_user(student.pk, Role.TEACHER)
    assert len(lone.captured_queries) == 2  # one per kind of question, then remembered
    for q in lone.captured_queries:  # bounded by the person asked about, not the whole department
        assert f"IN ({student.pk})" in q["sql"] or f"= {student.pk}" in q["sql"], q["sql"]


def test_a_primed_page_costs_one_query_however_many_rows(department_admin, department, people):
    rows = [make_member(Role.STUDENT, department) for _ in range(12)]
    acc = _fresh(department_admin)
    acc.prime([r.pk for r in rows] + [None])
    with CaptureQueriesContext(connection) as page:
        assert all(acc.manages_person(r.pk) for r in rows)
        assert all(acc.administers_user(r.pk, Role.STUDENT) for r in rows)
    assert len(page.captured_queries) == 2
    # Someone not on the page is looked up alone, not with the whole department.
    with CaptureQueriesContext(connection) as lone:
        assert not acc.manages_person(people["other_student"].pk)
    assert len(lone.captured_queries) == 1


def test_no_query_for_those_who_administer_no_department(admin_user, teacher, student):
    for user in (admin_user, teacher):
        acc = _fresh(user)
        acc.prime([student.pk])
        with CaptureQueriesContext(connection) as ctx:
            assert acc.manages_person(student.pk) == (user == admin_user)
            assert not acc.administers_user(student.pk)
        assert len(ctx.captured_queries) == 0


def _grows_not(client, url, add, django_assert_max_num_queries, rows_of):
    assert client.get(url).status_code == 200  # warm-up: the session is written once
    with django_assert_max_num_queries(40) as small:
        r = client.get(url)
        assert r.status_code == 200
    before = rows_of(r)
    add()
    with django_assert_max_num_queries(len(small.captured_queries)) as large:
        r = client.get(url)
        assert r.status_code == 200
    assert rows_of(r) > before
    assert len(large.captured_queries) == len(small.captured_queries)


def test_people_page_queries_do_not_grow(web, department_admin, department, django_assert_max_num_queries):
    client = web.login_as(department_admin)
    for _ in range(2):
        make_member(Role.STUDENT, department)
    _grows_not(client, reverse("accounts:user_list"),
               lambda: [make_member(Role.TEACHER, department) for _ in range(8)],
               django_assert_max_num_queries, lambda r: len(r.context["page"].object_list))


def test_people_api_list_queries_do_not_grow(api_department_admin, department, django_assert_max_num_queries):
    for _ in range(2):
        make_member(Role.STUDENT, department)
    _grows_not(api_department_admin, US, lambda: [make_member(Role.STUDENT, department) for _ in range(8)],
               django_assert_max_num_queries, lambda r: len(r.json()["results"]))


def test_roles_page_and_api_queries_do_not_grow(web, api_department_admin, department_admin, department,
                                                django_assert_max_num_queries):
    for _ in range(2):
        make_member(Role.STUDENT, department)
    client = web.login_as(department_admin)
    _grows_not(client, reverse("accounts:membership_list"),
               lambda: [make_member(Role.TEACHER, department) for _ in range(8)],
               django_assert_max_num_queries, lambda r: len(r.context["page"].object_list))
    _grows_not(api_department_admin, "/api/v1/memberships/",
               lambda: [make_member(Role.STUDENT, department) for _ in range(8)],
               django_assert_max_num_queries, lambda r: len(r.json()["results"]))


def test_roles_page_steps_per_row_follow_the_rule(web, department_admin, department, people):
    page = web.login_as(department_admin).get(reverse("accounts:membership_list"))
    assert page.status_code == 200
    ended = {m.user_id for m in page.context["page"].object_list if any(s.name == "end" for s in m.steps)}
    theirs = {people[n].pk for n in ("student", "teacher", "left_elsewhere")}
    assert theirs <= ended
    assert not ended & {people[n].pk for n in ("fellow_admin", "also_college_admin", "also_partner",
                                                "moving_away", "superuser")}
