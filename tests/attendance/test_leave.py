"""Leave: asked by the intern, decided by both mentors in the order the college set; approved leave excuses."""
import datetime

import pytest

from attendance import services
from attendance.models import Absence, AttendanceRules, LeaveRequest
from core import events
from core.events import subscribe

pytestmark = pytest.mark.django_db

URL = "/api/v1/leave-requests/"
SEEN: list = []


def _record(event) -> None:
    SEEN.append(event)


@pytest.fixture
def seen(monkeypatch):
    SEEN.clear()
    monkeypatch.setattr(events, "_subscriptions", [])
    subscribe("attendance.*", _record, inline=True)
    yield SEEN
    SEEN.clear()


def ask(client, start="2026-03-12", end="2026-03-13", **extra):
    return client.post(URL, {"kind": "sick", "start_date": start, "end_date": end, "reason": "发烧，医院就诊",
                             **extra}, format="json")


def test_leave_goes_enterprise_then_school_and_excuses_the_days(api_student, api_enterprise, api_teacher, placement,
                                                                seen, django_capture_on_commit_callbacks):
    Absence.objects.create(placement=placement, date=datetime.date(2026, 3, 10), streak=1)
    with django_capture_on_commit_callbacks(execute=True):
        r = ask(api_student, start="2026-03-10", end="2026-03-13")
    assert r.status_code == 201, r.json()
    leave = r.json()
    assert leave["status"] == "awaiting_enterprise" and leave["days"] == "4.0"
    assert leave["approval_order"] == "enterprise_first"
    # the school mentor cannot jump the queue; the enterprise mentor decides first
    assert api_teacher.post(f"{URL}{leave['id']}/approve/", {}, format="json").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        r = api_enterprise.post(f"{URL}{leave['id']}/approve/", {"note": "同意"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "awaiting_school"
    assert api_enterprise.post(f"{URL}{leave['id']}/approve/", {}, format="json").status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        r = api_teacher.post(f"{URL}{leave['id']}/approve/", {}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert not Absence.objects.exists()  # the day already closed as an absence is excused
    assert [e.name for e in seen] == ["attendance.leaverequest.created", "attendance.leaverequest.awaiting_school",
                                      "attendance.leaverequest.approved"]
    # decided: a second decision is a conflict
    r = api_teacher.post(f"{URL}{leave['id']}/approve/", {}, format="json")
    assert r.status_code == 409


def test_the_college_may_put_the_school_first(api_student, api_teacher, api_enterprise, placement, admin_user):
    services.rules_update(by=admin_user, leave_approval_order="school_first")
    leave = ask(api_student).json()
    assert leave["status"] == "awaiting_school"
    assert api_enterprise.post(f"{URL}{leave['id']}/approve/", {}, format="json").status_code == 403
    assert api_teacher.post(f"{URL}{leave['id']}/approve/", {}, format="json").json()["status"] == \
        "awaiting_enterprise"
    assert api_enterprise.post(f"{URL}{leave['id']}/approve/", {}, format="json").json()["status"] == "approved"


def test_a_refusal_must_say_why_and_ends_the_request(api_student, api_enterprise, placement):
    leave = ask(api_student).json()
    r = api_enterprise.post(f"{URL}{leave['id']}/refuse/", {}, format="json")
    assert r.status_code == 400 and "reason" in r.json()["errors"]
    r = api_enterprise.post(f"{URL}{leave['id']}/refuse/", {"reason": "项目交付期，请改期"}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "refused"
    assert r.json()["refusal_reason"] == "项目交付期，请改期"


def test_the_student_cancels_but_never_approves(api_student, placement):
    leave = ask(api_student).json()
    assert api_student.post(f"{URL}{leave['id']}/approve/", {}, format="json").status_code == 403
    r = api_student.post(f"{URL}{leave['id']}/cancel/", {}, format="json")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    # cancelled: the days are free again
    assert ask(api_student).status_code == 201


def test_overlapping_leave_is_a_conflict(api_student, placement):
    assert ask(api_student).status_code == 201
    r = ask(api_student, start="2026-03-13", end="2026-03-16")
    assert r.status_code == 409 and r.json()["code"] == "overlap"
    assert LeaveRequest.objects.count() == 1


@pytest.mark.parametrize("change, field", [
    ({"start": "2026-03-02", "end": "2026-03-03"}, "start_date"),  # past the 3 days the college allows
    ({"start": "2026-03-13", "end": "2026-03-12"}, "end_date"),
    ({"start": "2026-03-12", "end": "2026-03-13", "half_day": "am"}, "half_day"),
    ({"start": "2026-03-14", "end": "2026-03-15"}, "start_date"),  # a weekend: no working day to be excused from
    ({"start": "2026-07-30", "end": "2026-08-05"}, "start_date"),  # beyond the placement
    ({"start": "2026-03-12", "end": "2026-05-29"}, "end_date"),  # more than 30 working days
])
def test_leave_out_of_the_rules_is_a_400_and_writes_nothing(api_student, placement, change, field):
    r = ask(api_student, start=change.pop("start"), end=change.pop("end"), **change)
    assert r.status_code == 400, r.json()
    assert field in r.json()["errors"]
    assert not LeaveRequest.objects.exists()


def test_the_backdate_limit_is_the_colleges_setting(api_student, placement, admin_user):
    assert ask(api_student, start="2026-03-02", end="2026-03-02").status_code == 400
    services.rules_update(by=admin_user, leave_backdate_days=10)
    assert ask(api_student, start="2026-03-02", end="2026-03-02").status_code == 201


def test_the_kind_may_be_left_out(api_student, placement):
    r = api_student.post(URL, {"start_date": "2026-03-12", "end_date": "2026-03-12", "reason": "家中有事"},
                         format="json")
    assert r.status_code == 201 and r.json()["kind"] == "personal"


def test_a_half_day_counts_half(api_student, placement):
    r = ask(api_student, start="2026-03-12", end="2026-03-12", half_day="pm")
    assert r.status_code == 201 and r.json()["days"] == "0.5"


def test_holidays_and_make_up_days_count_as_the_calendar_says(api_student, placement, clock):
    clock.set("2026-04-30", 9)
    # 30 April to 11 May: the May Day holiday (1-5 May) is rest, Saturday 9 May is a make-up workday.
    r = ask(api_student, start="2026-04-30", end="2026-05-11")
    assert r.status_code == 201, r.json()
    assert r.json()["days"] == "6.0"  # 30 Apr, 6, 7, 8, 9 (调休), 11 May


def test_another_students_placement_is_refused_and_others_see_nothing(api_student, api_student2,
                                                                      api_other_enterprise, api_teacher2,
                                                                      placement, other_placement):
    r = ask(api_student, placement=other_placement.pk)
    assert r.status_code == 400 and "placement" in r.json()["errors"]
    leave = ask(api_student).json()
    for client in (api_student2, api_other_enterprise, api_teacher2):
        assert client.get(f"{URL}{leave['id']}/").status_code == 404
        assert client.post(f"{URL}{leave['id']}/approve/", {}, format="json").status_code == 404


def test_only_students_ask(api_teacher, placement):
    assert ask(api_teacher).status_code == 403


def test_the_rules_are_read_by_all_and_changed_by_admins(api_student, api_admin, placement):
    rules = api_student.get("/api/v1/attendance-rules/").json()["results"][0]
    assert rules["leave_approval_order"] == "enterprise_first"
    url = f"/api/v1/attendance-rules/{rules['id']}/"
    assert api_student.patch(url, {"leave_backdate_days": 9}, format="json").status_code == 403
    r = api_admin.patch(url, {"streak_mentor_days": 4, "streak_admin_days": 3}, format="json")
    assert r.status_code == 400 and "streak_admin_days" in r.json()["errors"]
    r = api_admin.patch(url, {"leave_backdate_days": 9}, format="json")
    assert r.status_code == 200 and AttendanceRules.current().leave_backdate_days == 9
