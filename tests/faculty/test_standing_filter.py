"""The teachers' list filtered by practice standing (``?standing=``): the link of the admins' monthly digest.

The standing is computed by services.teacher_standings as of today; the filter keeps exactly the teachers
the rule puts in that standing, on the overview page and in the API, within what the user may see.
"""
import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.choices import Role
from faculty import services
from faculty.choices import Standing
from tests.accounts.factories import make_member

pytestmark = pytest.mark.django_db


def teacher_profile(department, *, standing):
    prof = services.teacher_profile_ensure(user=make_member(Role.TEACHER, department))
    if standing == Standing.AT_RISK:  # joined 100 days ago: 36 days expected, none counted
        prof.employed_since = timezone.localdate() - dt.timedelta(days=100)
    elif standing == Standing.ON_TRACK:  # no requirement
        prof.is_specialist = False
    # else: employed for the whole window, 180 days expected and none counted: behind
    prof.save()
    assert services.teacher_standings([prof])[prof.pk].status == standing
    return prof


@pytest.fixture
def mixed(department, other_department):
    return {
        "behind": {teacher_profile(department, standing=Standing.BEHIND).pk,
                   teacher_profile(other_department, standing=Standing.BEHIND).pk},
        "at_risk": {teacher_profile(department, standing=Standing.AT_RISK).pk},
        "on_track": {teacher_profile(department, standing=Standing.ON_TRACK).pk},
    }


def page_ids(client, query):
    r = client.get(reverse("faculty:overview") + query)
    assert r.status_code == 200
    return {row["profile"].pk for row in r.context["rows"]}


def test_overview_filtered_by_standing(web, admin_user, mixed):
    client = web.login_as(admin_user)
    assert page_ids(client, "?standing=behind") == mixed["behind"]
    assert page_ids(client, "?standing=at_risk") == mixed["at_risk"]
    assert page_ids(client, "?standing=on_track") == mixed["on_track"]
    assert page_ids(client, "") == set().union(*mixed.values())
    r = client.get(reverse("faculty:overview") + "?standing=behind")
    assert r.context["page"].paginator.count == 2
    assert 'name="standing"' in r.content.decode()  # a field of the page's filter form


def test_a_department_admin_gets_their_own_department_only(web, department_admin, department, mixed):
    ids = page_ids(web.login_as(department_admin), "?standing=behind")
    assert len(ids) == 1 and ids < mixed["behind"]
    assert {p.department_id for p in services.TeacherProfile.objects.filter(pk__in=ids)} == {department.pk}


def test_api_filter_and_a_wrong_standing_is_a_400(api_admin, mixed):
    r = api_admin.get("/api/v1/teachers/?standing=behind")
    assert r.status_code == 200
    assert {row["id"] for row in r.data["results"]} == mixed["behind"]
    assert api_admin.get("/api/v1/teachers/?standing=late").status_code == 400


def test_filter_queries_do_not_grow_with_teachers(web, admin_user, department, django_assert_max_num_queries):
    client = web.login_as(admin_user)
    url = reverse("faculty:overview") + "?standing=behind"

    def add(n):
        for _ in range(n):
            teacher_profile(department, standing=Standing.BEHIND)
            teacher_profile(department, standing=Standing.AT_RISK)

    add(2)
    assert client.get(url).status_code == 200  # warm-up: the session and the cached figures are written once
    with django_assert_max_num_queries(60) as small:
        assert client.get(url).status_code == 200
    n_small = len(small.captured_queries)  # read now: each request empties the connection's query log
    add(8)
    client.get(url)  # the figures' cache moved on with the new teachers: computed once again
    with django_assert_max_num_queries(n_small) as large:
        r = client.get(url)
        assert r.status_code == 200
    assert len(r.context["rows"]) == 10
    assert len(large.captured_queries) == n_small
