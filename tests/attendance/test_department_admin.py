"""A department administrator stands in for the school on their students' attendance, and sees no one else's."""
import datetime

import pytest

from attendance.models import LeaveRequest, Workplace
from tests.internships.factories import PlacementFactory

pytestmark = pytest.mark.django_db

URL = "/api/v1/leave-requests/"


@pytest.fixture
def foreign_placement(clock, enterprise_org, other_department_student, other_department_teacher):
    p = PlacementFactory(enterprise=enterprise_org, student=other_department_student,
                         school_mentor=other_department_teacher, status="active",
                         start_date=datetime.date(2026, 2, 2), end_date=datetime.date(2026, 7, 31))
    Workplace.objects.create(placement=p, address="北京市海淀区", latitude=39.98, longitude=116.31)
    return p


def _leave(placement) -> LeaveRequest:
    return LeaveRequest.objects.create(placement=placement, kind="sick", start_date=datetime.date(2026, 3, 12),
                                       end_date=datetime.date(2026, 3, 13), reason="发烧", status="awaiting_school",
                                       approval_order="school_first", days=2)


def test_school_decision_on_own_student_only(api_department_admin, placement, foreign_placement):
    own, foreign = _leave(placement), _leave(foreign_placement)
    ids = {row["id"] for row in api_department_admin.get(URL).json()["results"]}
    assert ids == {own.pk}
    assert api_department_admin.post(f"{URL}{foreign.pk}/approve/", {}, format="json").status_code == 404
    r = api_department_admin.post(f"{URL}{own.pk}/approve/", {}, format="json")
    assert r.status_code == 200, r.json()
    foreign.refresh_from_db()
    assert foreign.status == "awaiting_school"


# ----------------------------------------------------------------------------- the pages (issue 20 item 2)

def _rows(placement, day="2026-03-10"):
    """A check-in, a leave request, an absence, a breach and a visit of the placement."""
    from attendance.models import Absence, CheckIn, SupervisionVisit, WorkingTimeBreach

    from .conftest import at

    d = datetime.date.fromisoformat(day)
    check_in = CheckIn.objects.create(placement=placement, kind="in", date=d, at=at(d), client_time=at(d),
                                      server_time=at(d), latitude=39.9, longitude=116.4, accuracy_m=10)
    absence = Absence.objects.create(placement=placement, date=datetime.date(2026, 3, 9), streak=4)
    breach = WorkingTimeBreach.objects.create(placement=placement, kind="night", date=d, hours=1.5)
    visit = SupervisionVisit.objects.create(teacher=placement.school_mentor, enterprise=placement.enterprise,
                                            visited_on=d, findings="一切正常")
    visit.placements.set([placement])
    return {"check_in": check_in, "leave": _leave(placement), "absence": absence, "breach": breach, "visit": visit}


LISTS = {  # page -> the context name of its rows and the kind of row
    "/attendance/check-ins/": "check_in", "/attendance/leave/": "leave", "/attendance/absences/": "absence",
    "/attendance/breaches/": "breach", "/attendance/visits/": "visit",
}


def test_the_pages_open_for_a_department_admin(web, department_admin, placement):
    client = web.login_as(department_admin)
    for url in ("/attendance/board/", "/attendance/leave/", "/attendance/check-ins/", "/attendance/absences/",
                "/attendance/breaches/", "/attendance/visits/", "/attendance/visits/coverage/",
                "/attendance/sheets/", "/attendance/calendar/", "/attendance/notices/",
                f"/attendance/placements/{placement.pk}/", f"/attendance/placements/{placement.pk}/workplace/"):
        assert client.get(url).status_code == 200, url
    assert client.get("/attendance/").url == "/attendance/board/"
    # The college's settings, a student's own pages and a teacher's visits stay theirs.
    for url in ("/attendance/rules/", "/attendance/calendar/new/", "/attendance/leave/new/", "/attendance/mine/",
                "/attendance/visits/new/"):
        assert client.get(url).status_code == 403, url


def test_lists_show_their_departments_students_only(web, department_admin, placement, foreign_placement):
    own, foreign = _rows(placement), _rows(foreign_placement)
    client = web.login_as(department_admin)
    for url, kind in LISTS.items():
        r = client.get(url)
        assert r.status_code == 200, url
        shown = {row.pk for row in r.context["page"].object_list}
        assert own[kind].pk in shown and foreign[kind].pk not in shown, url
    board = client.get("/attendance/board/")
    assert [p.pk for p in board.context["page"].object_list] == [placement.pk]
    assert board.context["long_absences"] == 1  # their student's streak, not the other department's
    leave = client.get("/attendance/leave/")
    assert [row.pk for row in leave.context["to_decide"]] == [own["leave"].pk]


def test_details_of_their_students_and_404_for_others(web, department_admin, placement, foreign_placement):
    own, foreign = _rows(placement), _rows(foreign_placement)
    client = web.login_as(department_admin)
    pages = {
        "placement": "/attendance/placements/{}/", "check_in": "/attendance/check-ins/{}/",
        "leave": "/attendance/leave/{}/", "breach": "/attendance/breaches/{}/", "visit": "/attendance/visits/{}/",
    }
    for kind, url in pages.items():
        mine = placement if kind == "placement" else own[kind]
        theirs = foreign_placement if kind == "placement" else foreign[kind]
        assert client.get(url.format(mine.pk)).status_code == 200, url
        assert client.get(url.format(theirs.pk)).status_code == 404, url
    assert client.get(f"/attendance/placements/{foreign_placement.pk}/workplace/").status_code == 404
    page = client.get(f"/attendance/leave/{own['leave'].pk}/")
    assert {s.name for s in page.context["steps"]} >= {"approve"}


def test_decides_leave_in_the_page_for_their_students_only(web, department_admin, placement, foreign_placement):
    own, foreign = _leave(placement), _leave(foreign_placement)
    client = web.login_as(department_admin)
    assert client.post(f"/attendance/leave/{foreign.pk}/do/approve/").status_code == 404
    r = client.post(f"/attendance/leave/{own.pk}/do/approve/")
    assert r.status_code == 302
    own.refresh_from_db()
    foreign.refresh_from_db()
    # The school decided first (school_first): the enterprise decides next.
    assert own.status == "awaiting_enterprise" and own.school_decided_by_id == department_admin.pk
    assert foreign.status == "awaiting_school"


def test_the_monthly_sheet_of_their_department(web, department_admin, department, other_department, student,
                                               other_department_student, placement, foreign_placement):
    import io

    import openpyxl

    client = web.login_as(department_admin)
    form = client.get("/attendance/sheets/").context["form"]
    assert list(form.fields["department"].queryset) == [department]
    assert client.get(f"/attendance/sheets/?month=2026-03&department={other_department.pk}").status_code == 400
    r = client.get("/attendance/sheets/?month=2026-03")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    names = {row[2] for row in openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True)}
    assert str(student) in names and str(other_department_student) not in names


def test_visit_coverage_counts_their_departments_placements(web, department_admin, placement, foreign_placement):
    r = web.login_as(department_admin).get("/attendance/visits/coverage/?term=2025-2026-2")
    assert r.status_code == 200
    assert r.context["coverage"].total == 1
    assert [p.pk for p in r.context["page"].object_list] == [placement.pk]


def test_the_board_and_check_in_list_ask_a_constant_number_of_queries(web, department_admin, department,
                                                                      enterprise_org, teacher, clock,
                                                                      django_assert_max_num_queries):
    from accounts.choices import Role
    from tests.accounts.factories import make_member

    def add(n):
        for _ in range(n):
            p = PlacementFactory(enterprise=enterprise_org, student=make_member(Role.STUDENT, department),
                                 school_mentor=teacher, status="active", start_date=datetime.date(2026, 2, 2),
                                 end_date=datetime.date(2026, 7, 31))
            _rows(p)

    client = web.login_as(department_admin)
    add(2)
    for url in ("/attendance/board/", "/attendance/check-ins/"):
        assert client.get(url).status_code == 200  # warm-up: the session is written once
    counts = {}
    for url in ("/attendance/board/", "/attendance/check-ins/"):
        with django_assert_max_num_queries(40) as small:
            assert client.get(url).status_code == 200
        counts[url] = len(small.captured_queries)
    add(5)
    for url, before in counts.items():
        with django_assert_max_num_queries(before) as large:
            r = client.get(url)
            assert r.status_code == 200
        assert len(r.context["page"].object_list) == 7, url
        assert len(large.captured_queries) == before, url
