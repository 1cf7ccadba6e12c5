"""The attendance pages: each role's pages, the steps from the tables, forms that refuse, the web app files."""
import datetime
import io

import openpyxl
import pytest

from attendance import services
from attendance.models import CalendarDay, CheckIn, LeaveRequest, SupervisionVisit, WorkingTimeBreach

from .conftest import at, near

pytestmark = pytest.mark.django_db


def checked(placement, day="2026-03-10", kind="in", **extra) -> CheckIn:
    d = datetime.date.fromisoformat(day)
    return CheckIn.objects.create(placement=placement, kind=kind, date=d, at=at(d), client_time=at(d),
                                  server_time=at(d), latitude=39.9, longitude=116.4, accuracy_m=10, **extra)


def test_the_student_check_in_page_carries_what_the_phone_needs(web, student, placement):
    r = web.login_as(student).get("/attendance/")
    html = r.content.decode()
    assert r.status_code == 200
    assert 'id="checkin"' in html and f'data-placement="{placement.pk}"' in html and 'data-kind="in"' in html
    assert 'data-lat="39.908722"' in html and 'data-radius="500"' in html
    assert 'rel="manifest"' in html and "attendance/checkin.js" in html and 'type="module"' in html


def test_after_the_check_in_the_page_offers_the_check_out(web, student, placement, api_student):
    api_student.post("/api/v1/check-ins/", {"client_id": "0b4f3c1e-7c1a-4b9e-9a63-0e2a4f6c9d10", **near()},
                     format="json")
    html = web.login_as(student).get("/attendance/").content.decode()
    assert 'data-kind="out"' in html and "09:05" in html


def test_mentors_land_on_the_board_and_see_their_interns(web, student, teacher, teacher2, enterprise_user,
                                                         admin_user, placement):
    assert web.login_as(teacher).get("/attendance/").url == "/attendance/board/"
    for user in (teacher, enterprise_user, admin_user):
        html = web.login_as(user).get("/attendance/board/").content.decode()
        assert str(student) in html, user
    assert str(student) not in web.login_as(teacher2).get("/attendance/board/").content.decode()
    assert web.login_as(student).get("/attendance/board/").status_code == 403


def test_my_attendance_shows_the_month_and_the_rate(web, student, placement, clock):
    for day in ("2026-03-09", "2026-03-10"):
        checked(placement, day)
    html = web.login_as(student).get("/attendance/mine/?month=2026-03").content.decode()
    assert "att-present" in html and "att-absent" in html and "att-rest" in html
    # March to the 10th: 7 working days over (2-6 and 9-10), 2 present: 28.6 %
    assert "28.6%" in html  # core.formatting.percent


def test_the_placement_page_shows_breaches_and_is_scoped(web, teacher, teacher2, student2, placement, clock):
    WorkingTimeBreach.objects.create(placement=placement, kind="night", date=datetime.date(2026, 3, 9),
                                     hours=1.5)
    html = web.login_as(teacher).get(f"/attendance/placements/{placement.pk}/").content.decode()
    assert "22:00" in html or "Night" in html or "夜间" in html
    for user in (teacher2, student2):
        assert web.login_as(user).get(f"/attendance/placements/{placement.pk}/").status_code == 404


def test_leave_pages_ask_and_decide_through_the_steps(web, student, enterprise_user, teacher, placement):
    c = web.login_as(student)
    r = c.post("/attendance/leave/new/", {"kind": "sick", "start_date": "2026-03-12", "end_date": "2026-03-12",
                                          "half_day": "full", "reason": "发烧"})
    leave = LeaveRequest.objects.get()
    assert r.status_code == 302 and r.url == f"/attendance/leave/{leave.pk}/"
    html = c.get(r.url).content.decode()
    assert "/do/cancel/" in html and "/do/approve/" not in html  # the student cancels, never approves
    c = web.login_as(enterprise_user)
    assert "/do/approve/" in c.get(r.url).content.decode()
    c.post(f"/attendance/leave/{leave.pk}/do/approve/", {})
    leave.refresh_from_db()
    assert leave.status == "awaiting_school"
    c = web.login_as(teacher)
    r = c.post(f"/attendance/leave/{leave.pk}/do/refuse/", {"reason": "请补交病假条"}, follow=True)
    leave.refresh_from_db()
    assert leave.status == "refused" and "msg-success" in r.content.decode()


def test_a_refused_leave_form_shows_the_rule(web, student, placement):
    r = web.login_as(student).post("/attendance/leave/new/", {
        "kind": "sick", "start_date": "2026-02-20", "end_date": "2026-02-20", "half_day": "full", "reason": "x"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    assert not LeaveRequest.objects.exists()


def test_a_mentor_reviews_a_flagged_check_in(web, teacher, student, placement):
    row = checked(placement, flags=["outside_radius"], flag_status="open", reason="客户现场", distance_m=1500)
    c = web.login_as(teacher)
    html = c.get(f"/attendance/check-ins/{row.pk}/").content.decode()
    assert "/do/accept/" in html and "/do/reject/" in html
    assert web.login_as(student).post(f"/attendance/check-ins/{row.pk}/do/accept/", {}).status_code == 403
    web.login_as(teacher).post(f"/attendance/check-ins/{row.pk}/do/reject/", {"reason": "定位在家中"})
    row.refresh_from_db()
    assert row.flag_status == "rejected" and row.review_note == "定位在家中"


def test_the_workplace_form_is_for_the_mentors(web, enterprise_user, other_enterprise_user, student, placement):
    url = f"/attendance/placements/{placement.pk}/workplace/"
    assert web.login_as(student).get(url).status_code == 403
    assert web.login_as(other_enterprise_user).get(url).status_code == 404
    c = web.login_as(enterprise_user)
    r = c.post(url, {"address": "新地址", "latitude": "39.900000", "longitude": "116.400000", "radius_m": "300",
                     "work_start": "09:30", "work_end": "18:30", "break_minutes": "60", "weekdays": "54321",
                     "follows_public_calendar": "on"})
    assert r.status_code == 302
    placement.workplace.refresh_from_db()
    assert placement.workplace.radius_m == 300 and placement.workplace.weekdays == "12345"
    r = c.post(url, {"latitude": "39.9", "longitude": "", "radius_m": "20", "work_start": "18:00",
                     "work_end": "09:00", "break_minutes": "60", "weekdays": "1189"})
    assert r.status_code == 200 and r.content.decode().count("errorlist") >= 2


def test_visits_are_recorded_by_the_mentor_for_their_mentees(web, teacher, teacher2, placement, enterprise_org,
                                                             other_enterprise_org, clock):
    c = web.login_as(teacher)
    r = c.post("/attendance/visits/new/", {"enterprise": enterprise_org.pk, "visited_on": "2026-03-10",
                                           "mode": "on_site", "placements": [placement.pk], "findings": "岗位一致"})
    visit = SupervisionVisit.objects.get()
    assert r.status_code == 302 and list(visit.placements.all()) == [placement]
    assert web.login_as(teacher2).get(f"/attendance/visits/{visit.pk}/").status_code == 404
    # teacher2 has no mentee here: the enterprise is not even offered
    r = web.login_as(teacher2).post("/attendance/visits/new/", {
        "enterprise": enterprise_org.pk, "visited_on": "2026-03-10", "mode": "on_site",
        "placements": [placement.pk], "findings": "x"})
    assert r.status_code == 200 and SupervisionVisit.objects.count() == 1
    html = web.login_as(teacher).get("/attendance/visits/coverage/").content.decode()
    assert "100.0 %" in html


def test_admins_edit_the_calendar_and_the_rules(web, admin_user, teacher):
    c = web.login_as(admin_user)
    assert "春节" in c.get("/attendance/calendar/?year=2026").content.decode()
    r = c.post("/attendance/calendar/new/", {"date": "2027-01-01", "kind": "holiday", "name": "元旦"})
    assert r.status_code == 302 and CalendarDay.objects.filter(date="2027-01-01").exists()
    r = c.post("/attendance/calendar/new/", {"date": "2027-01-01", "kind": "holiday", "name": "重复"})
    assert r.status_code == 200 and "errorlist" in r.content.decode()
    r = c.post("/attendance/rules/", {"leave_approval_order": "school_only", "leave_backdate_days": 5,
                                      "leave_max_days": 20, "reminder_time": "09:30", "streak_mentor_days": 2,
                                      "streak_admin_days": 3, "visits_per_placement": 2, "default_radius_m": 800})
    assert r.status_code == 302
    assert web.login_as(teacher).get("/attendance/calendar/new/").status_code == 403
    assert web.login_as(teacher).get("/attendance/rules/").status_code == 403


def test_the_monthly_sheet_is_an_xlsx_per_department_or_enterprise(web, admin_user, teacher2, department, student,
                                                                   placement, clock):
    checked(placement, "2026-03-02")
    services.leave_request_create(student=student, kind="sick", start_date=datetime.date(2026, 3, 12),
                                  end_date=datetime.date(2026, 3, 12), reason="病")
    r = web.login_as(admin_user).get(f"/attendance/sheets/?month=2026-03&department={department.pk}")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    student_row = next(row for row in rows if row[2] == str(student))
    days = student_row[6:6 + 31]  # one column per day of March
    assert days[1] == "√" and days[2] == "×"  # 2 March present, 3 March absent
    assert days[0] in ("休", "R") and days[6] in ("休", "R")  # Sundays and Saturdays are rest days
    # working days over (2-6, 9-10), present 1, leave 0 (only asked), absent 6, rate 14.3
    assert student_row[-5:] == (7, 1, 0, 6, 14.3)
    r = web.login_as(teacher2).get("/attendance/sheets/?month=2026-03")
    assert str(student).encode() not in r.content or r.status_code != 200
    assert web.login_as(admin_user).get("/attendance/sheets/?month=2026-13").status_code == 400


def test_the_web_app_files(client, web, student):
    manifest = client.get("/attendance/manifest.webmanifest")
    assert manifest.status_code == 200 and manifest["Content-Type"] == "application/manifest+json"
    data = manifest.json()
    assert data["start_url"] == "/attendance/" and data["display"] == "standalone"
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}
    sw = client.get("/attendance/sw.js")
    assert sw.status_code == 200 and sw["Service-Worker-Allowed"] == "/attendance/"
    body = sw.content.decode()
    assert "__SCOPE__" not in body and 'const SCOPE = "/attendance/"' in body and "/static/" in body
    assert client.get("/attendance/offline/").status_code == 200


def test_the_notices_page_names_the_interns(web, teacher, placement, clock):
    from attendance.models import Notice

    Notice.objects.create(recipient=teacher, day=datetime.date(2026, 3, 11), kind="absence_streak",
                          items=[{"kind": "absence_streak", "placements": [{"placement": placement.pk, "days": 2}]}])
    html = web.login_as(teacher).get("/attendance/notices/").content.decode()
    assert str(placement.student) in html and f"/attendance/placements/{placement.pk}/" in html


def test_the_dashboard_cards(web, student, teacher, enterprise_user, admin_user, placement, clock):
    from attendance.models import Absence

    Absence.objects.create(placement=placement, date=datetime.date(2026, 3, 10), streak=3)
    checked(placement, "2026-03-11")
    assert "09:00" in web.login_as(student).get("/").content.decode()
    for user in (teacher, enterprise_user, admin_user):
        html = web.login_as(user).get("/").content.decode()
        assert "1 / 1" in html, user  # checked in today, of the active interns the user follows
    assert "/attendance/absences/?streak_min=3" in web.login_as(admin_user).get("/").content.decode()
