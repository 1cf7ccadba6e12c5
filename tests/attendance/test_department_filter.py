"""The department filter of the attendance lists offers a department administrator their own departments only
(their rows are their departments' students'); another department's id is a filter error (400 in the API, a form
error on the page), never a 500. College admins and those who reach placements otherwise keep every department."""
import pytest

from accounts.choices import Role
from attendance.filtersets import CheckInFilterSet, LeaveRequestFilterSet
from tests.accounts.factories import MembershipFactory

pytestmark = pytest.mark.django_db

PAGES = ("/attendance/check-ins/", "/attendance/leave/", "/attendance/absences/", "/attendance/breaches/")
APIS = ("/api/v1/check-ins/", "/api/v1/leave-requests/", "/api/v1/absences/", "/api/v1/working-time-breaches/")


def _choices(user, filterset=CheckInFilterSet) -> set[int]:
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    field = filterset(data={}, request=request).form.fields["department"]
    return {org.pk for org in field.queryset}


def test_a_department_admin_chooses_among_their_departments(department_admin, department, other_department):
    assert _choices(department_admin) == {department.pk}
    assert _choices(department_admin, LeaveRequestFilterSet) == {department.pk}


def test_others_keep_every_department(admin_user, teacher, department_admin, department, other_department,
                                      enterprise_org):
    both = {department.pk, other_department.pk}
    assert both <= _choices(admin_user) and both <= _choices(teacher)
    # A department administrator who also mentors as a teacher reaches students of any department.
    MembershipFactory(user=department_admin, organization=department, role=Role.TEACHER)
    assert both <= _choices(department_admin)


def test_another_department_is_a_400_in_the_api(api_department_admin, department, other_department):
    for url in APIS:
        r = api_department_admin.get(f"{url}?department={other_department.pk}")
        assert r.status_code == 400, (url, r.status_code)
        assert "department" in str(r.json()), r.json()
        assert api_department_admin.get(f"{url}?department={department.pk}").status_code == 200, url


def test_another_department_is_a_form_error_on_the_pages(web, department_admin, department, other_department):
    client = web.login_as(department_admin)
    for url in PAGES:
        r = client.get(f"{url}?department={other_department.pk}")
        assert r.status_code in (200, 400), (url, r.status_code)
        assert "department" in r.context["filter"].errors, url
        ok = client.get(f"{url}?department={department.pk}")
        assert ok.status_code == 200 and not ok.context["filter"].errors, url
        options = {str(o.pk) for o in ok.context["filter"].form.fields["department"].queryset}
        assert options == {str(department.pk)}, url
