"""The other resources of the attendance API: calendar, workplaces, absences, breaches, visits, sheets."""
import datetime
import uuid

import pytest

from attendance.models import Absence, CalendarDay, CheckIn, SupervisionVisit, WorkingTimeBreach, Workplace
from core import events
from tests.internships.factories import PlacementFactory

from .conftest import at, near

pytestmark = pytest.mark.django_db


def test_every_attendance_event_is_declared():
    names = set(events.catalogue())
    for name in ["attendance.checkin.flagged", "attendance.checkin.accepted", "attendance.checkin.rejected",
                 "attendance.leaverequest.created", "attendance.leaverequest.approved",
                 "attendance.leaverequest.refused", "attendance.leaverequest.awaiting_school",
                 "attendance.leaverequest.cancelled", "attendance.workingtimebreach.created",
                 "attendance.workingtimebreach.acknowledged", "attendance.supervisionvisit.created",
                 "attendance.notice.missing_check_in", "attendance.notice.absence_streak",
                 "attendance.notice.long_absence", "attendance.notice.visit_due"]:
        assert name in names, name


def test_the_calendar_is_read_by_all_and_edited_by_admins(api_student, api_admin, api_teacher):
    r = api_student.get("/api/v1/calendar-days/?year=2026&kind=workday&page_size=50")
    assert r.status_code == 200
    assert [d["date"] for d in r.json()["results"]] == ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09",
                                                        "2026-09-20", "2026-10-10"]
    assert api_student.get("/api/v1/calendar-days/?year=2026&kind=holiday").json()["count"] == 33
    assert api_teacher.post("/api/v1/calendar-days/", {"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
                            format="json").status_code == 403
    r = api_admin.post("/api/v1/calendar-days/", {"date": "2027-01-01", "kind": "holiday", "name": "元旦"},
                       format="json")
    assert r.status_code == 201
    r = api_admin.post("/api/v1/calendar-days/", {"date": "2027-01-01", "kind": "workday", "name": "x"},
                       format="json")
    assert r.status_code == 400 and "date" in r.json()["errors"]
    r = api_admin.post("/api/v1/calendar-days/", {"date": "1999-12-31", "kind": "holiday", "name": "x"},
                       format="json")
    assert r.status_code == 400
    assert api_student.get("/api/v1/calendar-days/?year=99999").status_code == 400  # not a 500 from the date
    day = CalendarDay.objects.get(date="2027-01-01")
    assert api_admin.delete(f"/api/v1/calendar-days/{day.pk}/").status_code == 204


def test_a_make_up_workday_added_by_the_admin_counts_at_once(api_admin, api_student, placement, clock):
    clock.set("2026-03-14", 9, 0)  # a Saturday
    r = api_student.post("/api/v1/check-ins/", {"client_id": str(uuid.uuid4()), **near()}, format="json")
    assert r.status_code == 201 and WorkingTimeBreach.objects.get().kind == "rest_day"
    api_admin.post("/api/v1/calendar-days/", {"date": "2026-03-21", "kind": "workday", "name": "调休"},
                   format="json")
    clock.set("2026-03-21", 9, 0)
    api_student.post("/api/v1/check-ins/", {"client_id": str(uuid.uuid4()), **near()}, format="json")
    assert WorkingTimeBreach.objects.count() == 1  # the make-up Saturday is a working day


def test_workplaces_by_placement(api_student, api_enterprise, api_other_enterprise, api_teacher, placement,
                                 enterprise_org, student2):
    bare = PlacementFactory(enterprise=enterprise_org, student=student2, status="active")
    r = api_enterprise.get(f"/api/v1/workplaces/{bare.pk}/")
    assert r.status_code == 200 and r.json()["is_set"] is False and r.json()["radius_m"] == 500
    assert api_student.patch(f"/api/v1/workplaces/{placement.pk}/", {"radius_m": 800},
                             format="json").status_code == 403
    assert api_other_enterprise.get(f"/api/v1/workplaces/{placement.pk}/").status_code == 404
    r = api_teacher.patch(f"/api/v1/workplaces/{placement.pk}/", {"radius_m": 800, "weekdays": "123456"},
                          format="json")
    assert r.status_code == 200 and r.json()["radius_m"] == 800 and r.json()["weekdays"] == "123456"
    r = api_enterprise.patch(f"/api/v1/workplaces/{bare.pk}/", {"latitude": "31.2", "longitude": "121.4"},
                             format="json")
    assert r.status_code == 200 and r.json()["is_set"] is True
    for bad in ({"latitude": "95"}, {"radius_m": 10}, {"weekdays": "118"}, {"latitude": "31.2", "longitude": None},
                {"work_start": "19:00"}, {"latitude": "0", "longitude": "0"}):
        r = api_enterprise.patch(f"/api/v1/workplaces/{bare.pk}/", bad, format="json")
        assert r.status_code == 400, (bad, r.json())
    assert Workplace.objects.get(pk=bare.pk).radius_m == 500


def test_breaches_are_followed_up_by_the_school(api_teacher, api_enterprise, api_student, api_teacher2, placement):
    breach = WorkingTimeBreach.objects.create(placement=placement, kind="night", date=datetime.date(2026, 3, 9),
                                              hours=1)
    url = f"/api/v1/working-time-breaches/{breach.pk}/"
    assert api_student.get(url).status_code == 200
    assert api_teacher2.get(url).status_code == 404
    assert api_enterprise.post(f"{url}acknowledge/", {"note": "x"}, format="json").status_code == 403
    r = api_teacher.post(f"{url}acknowledge/", {}, format="json")
    assert r.status_code == 400 and "note" in r.json()["errors"]
    r = api_teacher.post(f"{url}acknowledge/", {"note": "已约谈企业，取消夜班"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "acknowledged"
    assert api_teacher.post(f"{url}acknowledge/", {"note": "again"}, format="json").status_code == 409
    assert api_teacher.post("/api/v1/working-time-breaches/", {}, format="json").status_code in (403, 405)


def test_absences_list_filters_long_streaks(api_admin, api_student2, placement):
    for n, day in enumerate(["2026-03-06", "2026-03-09", "2026-03-10"], start=1):
        Absence.objects.create(placement=placement, date=day, streak=n)
    r = api_admin.get("/api/v1/absences/?streak_min=3")
    assert [a["date"] for a in r.json()["results"]] == ["2026-03-10"]
    assert api_student2.get("/api/v1/absences/").json()["count"] == 0
    assert api_admin.get("/api/v1/absences/?streak_min=0").status_code == 400


def test_visits_through_the_api(api_teacher, api_teacher2, api_enterprise, api_other_enterprise, api_student,
                                placement, other_placement, enterprise_org, other_enterprise_org):
    body = {"enterprise": enterprise_org.pk, "visited_on": "2026-03-10", "mode": "online",
            "placements": [placement.pk], "findings": "线上巡查，学生状态良好"}
    r = api_teacher2.post("/api/v1/supervision-visits/", body, format="json")
    assert r.status_code == 400  # none of teacher2's mentees there (and the placement is not visible to them)
    r = api_teacher2.post("/api/v1/supervision-visits/", {**body, "placements": [other_placement.pk]},
                          format="json")
    assert r.status_code == 400 and "enterprise" in r.json()["errors"]
    for bad in ({"visited_on": "2026-03-20"}, {"placements": []}, {"visited_on": "2026-01-05"}):
        r = api_teacher.post("/api/v1/supervision-visits/", {**body, **bad}, format="json")
        assert r.status_code == 400, (bad, r.json())
    assert api_student.post("/api/v1/supervision-visits/", body, format="json").status_code == 403
    r = api_teacher.post("/api/v1/supervision-visits/", body, format="json")
    assert r.status_code == 201, r.json()
    visit = r.json()
    assert api_enterprise.get(f"/api/v1/supervision-visits/{visit['id']}/").status_code == 200
    assert api_student.get(f"/api/v1/supervision-visits/{visit['id']}/").status_code == 200
    for client in (api_other_enterprise, api_teacher2):
        assert client.get(f"/api/v1/supervision-visits/{visit['id']}/").status_code == 404
    assert api_enterprise.patch(f"/api/v1/supervision-visits/{visit['id']}/", {"findings": "改"},
                                format="json").status_code == 403
    r = api_teacher.patch(f"/api/v1/supervision-visits/{visit['id']}/", {"follow_up": "下周再访"}, format="json")
    assert r.status_code == 200 and r.json()["follow_up"] == "下周再访"
    cov = api_teacher.get("/api/v1/supervision-visits/coverage/").json()
    assert cov["term"] == "2025-2026-2" and cov["covered"] == 1 and cov["total"] == 1
    for bad in ("2025-2026-3", "1999-2000-1", "2025-2027-1", ""):
        assert api_teacher.get(f"/api/v1/supervision-visits/coverage/?term={bad}").status_code == 400, bad
    assert SupervisionVisit.objects.count() == 1


def test_the_sheet_api_gives_days_figures_and_rates(api_teacher, api_teacher2, placement, clock):
    d = datetime.date(2026, 3, 9)
    CheckIn.objects.create(placement=placement, kind="in", date=d, at=at(d), client_time=at(d), server_time=at(d),
                           latitude=39.9, longitude=116.4, accuracy_m=10)
    r = api_teacher.get("/api/v1/attendance-sheets/?week=2026-03-11")
    assert r.status_code == 200
    row = r.json()["results"][0]
    assert row["placement"] == placement.pk and row["days"] == ["present", "absent", "open", "open", "open", "rest",
                                                                "rest"]
    assert (row["present"], row["absent"], row["rate"]) == (1, 1, "50.0")
    assert api_teacher2.get("/api/v1/attendance-sheets/?month=2026-03").json()["count"] == 0
    for bad in ("month=2026-13", "month=2026-03&week=2026-03-02", "week=tomorrow", "department=0", "month=",
                "month=2026-03&month=2026-04"):
        assert api_teacher.get(f"/api/v1/attendance-sheets/?{bad}").status_code == 400, bad
    r = api_teacher.get("/api/v1/attendance-sheets/xlsx/?month=2026-03")
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")


def test_sheet_and_board_queries_do_not_grow_with_rows(api_admin, web, admin_user, enterprise_org, department,
                                                       placement, clock, django_assert_max_num_queries):
    from tests.accounts.factories import make_member

    for i in range(8):
        s = make_member("student", department, username=f"many{i}")
        PlacementFactory(enterprise=enterprise_org, student=s, status="active",
                         start_date=placement.start_date, end_date=placement.end_date)
    with django_assert_max_num_queries(8):
        r = api_admin.get("/api/v1/attendance-sheets/?month=2026-03")
    assert r.status_code == 200 and r.json()["count"] == 9
    c = web.login_as(admin_user)
    with django_assert_max_num_queries(16):
        r = c.get("/attendance/board/")
    assert r.status_code == 200
