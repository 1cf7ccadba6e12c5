"""A teacher's, an enterprise's or a student's attendance lists read the placements they see first, as a constant
array (attendance.models.through_placement(as_ids=...)), and the monthly sheet of a few thousand placements is
sorted by PostgreSQL rather than walked enterprise by enterprise (attendance.selectors.sheet_placements): the same
rows in the same order as through the subquery, which is kept beyond SCOPE_IDS placements."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from attendance import selectors
from attendance.models import Absence, WorkingTimeBreach
from tests.accounts.factories import make_member
from tests.internships.factories import PlacementFactory

pytestmark = pytest.mark.django_db

LISTS = {
    "/api/v1/absences/": "attendance_absence", "/api/v1/working-time-breaches/": "attendance_workingtimebreach",
    "/api/v1/check-ins/": "attendance_checkin", "/api/v1/leave-requests/": "attendance_leaverequest",
    "/attendance/absences/": "attendance_absence", "/attendance/breaches/": "attendance_workingtimebreach",
    "/attendance/check-ins/": "attendance_checkin", "/attendance/leave/": "attendance_leaverequest",
}


def _rows(placement, other_placement):
    day = datetime.date(2026, 3, 2)
    rows = {}
    for p in (placement, other_placement):
        rows[p.pk] = {Absence.objects.create(placement=p, date=day, streak=1).pk,
                      WorkingTimeBreach.objects.create(placement=p, kind="night", date=day).pk}
    return rows


def _listed(client, path):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return response, [q["sql"] for q in ctx.captured_queries]


@pytest.mark.parametrize("who", ["teacher", "enterprise_user", "student"])
def test_the_lists_read_the_users_placements_as_an_array(request, who, web, placement, other_placement,
                                                         monkeypatch):
    import attendance.views as page_views
    import core.api as api_views  # the viewsets' list_scope_ids()

    rows = _rows(placement, other_placement)
    api = request.getfixturevalue({"teacher": "api_teacher", "enterprise_user": "api_enterprise",
                                   "student": "api_student"}[who])
    page = web.login_as(request.getfixturevalue(who))
    for path, table in LISTS.items():
        response, queries = _listed(api if path.startswith("/api/") else page, path)
        listed = [sql for sql in queries if f'FROM "{table}"' in sql and " WHERE " in sql]
        assert listed, (path, queries)
        for sql in listed:  # the count and the page: the placements are the array, not a subquery
            where = sql.split(" WHERE ", 1)[1]
            assert f'"{table}"."placement_id" = ANY(' in where and "SELECT" not in where, (path, sql)
        if path.startswith("/api/"):
            ids = {row["id"] for row in response.json()["results"]}
            assert ids <= rows[placement.pk] and not ids & rows[other_placement.pk], path
            if table in ("attendance_absence", "attendance_workingtimebreach"):
                assert len(ids) == 1, path
    # Beyond SCOPE_IDS placements: the subquery, and the same rows.
    monkeypatch.setattr(api_views, "SCOPE_IDS", 0)
    monkeypatch.setattr(page_views, "SCOPE_IDS", 0)
    for path in ("/api/v1/absences/", "/api/v1/working-time-breaches/"):
        response, queries = _listed(api, path)
        assert any('"placement_id" IN (SELECT' in sql for sql in queries), path
        assert {row["id"] for row in response.json()["results"]} <= rows[placement.pk]
        assert len(response.json()["results"]) == 1


def test_a_single_row_keeps_the_subquery(api_teacher, placement, other_placement):
    _rows(placement, other_placement)
    mine = Absence.objects.get(placement=placement).pk
    with CaptureQueriesContext(connection) as ctx:
        assert api_teacher.get(f"/api/v1/absences/{mine}/").status_code == 200
    assert any('"placement_id" IN (SELECT' in q["sql"] for q in ctx.captured_queries)
    theirs = Absence.objects.get(placement=other_placement).pk
    assert api_teacher.get(f"/api/v1/absences/{theirs}/").status_code == 404


def test_the_sheet_is_sorted_as_through_the_join(teacher, enterprise_org, other_enterprise_org, department,
                                                  monkeypatch):
    """The ids read first and the enterprise's name read per row give the rows and the order of the join."""
    enterprise_org.name, other_enterprise_org.name = "乙 影视", "甲 动画"
    enterprise_org.save()
    other_enterprise_org.save()
    start, end = datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)
    placements = []
    for n, org in enumerate([enterprise_org, other_enterprise_org, enterprise_org, other_enterprise_org]):
        student = make_member(Role.STUDENT, department, username=f"s{n}", student_no=f"2026{9 - n:04d}")
        placements.append(PlacementFactory(enterprise=org, student=student, school_mentor=teacher, status="active",
                                           start_date=datetime.date(2026, 2, 2), end_date=datetime.date(2026, 7, 31)))
    PlacementFactory(enterprise=enterprise_org, student=make_member(Role.STUDENT, department, username="o1"),
                     status="active", start_date=datetime.date(2026, 2, 2),
                     end_date=datetime.date(2026, 7, 31))  # not the teacher's
    PlacementFactory(enterprise=enterprise_org, student=make_member(Role.STUDENT, department, username="o2"),
                     school_mentor=teacher, status="active", start_date=datetime.date(2026, 5, 4),
                     end_date=datetime.date(2026, 7, 31))  # not in March

    def sheet():
        qs = selectors.sheet_placements(teacher, start, end)
        return [p.pk for p in qs], str(qs.query)

    scope = f'"internships_placement"."school_mentor_id" = {teacher.pk}'
    first, sql = sheet()
    assert '"internships_placement"."id" = ANY(' in sql and scope not in sql
    monkeypatch.setattr(selectors, "SCOPE_IDS", 0)
    joined, sql = sheet()
    assert "= ANY(" not in sql and scope in sql
    assert first == joined
    by_hand = sorted(placements, key=lambda p: (p.enterprise.name, p.student.student_no))
    assert first == [p.pk for p in by_hand]


def test_a_college_admins_sheet_keeps_the_walk(admin_user, placement, other_placement):
    """A college admin's placements are spread over every enterprise: the walk in name order is right for them."""
    qs = selectors.sheet_placements(admin_user, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert "= ANY(" not in str(qs.query)
    assert [p.pk for p in qs] == [p.pk for p in sorted([placement, other_placement],
                                                       key=lambda p: (p.enterprise.name, p.student.student_no))]


@pytest.mark.parametrize("name", ["CheckIn", "LeaveRequest", "Absence", "WorkingTimeBreach", "SupervisionVisit"])
def test_each_lists_order_is_an_index(name):
    """The lists walk an index in their order (newest first) instead of sorting a province's rows for a page."""
    from attendance import models

    model = getattr(models, name)
    ordering = list(model._meta.ordering)
    serving = [index.name for index in model._meta.indexes if list(index.fields[:len(ordering)]) == ordering]
    assert serving, name
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE tablename = %s", [model._meta.db_table])
        assert set(serving) <= {row[0] for row in cursor.fetchall()}
