"""The safety-incident register (issue 20 item 4): reported → under follow-up → closed, every follow-up note
with who and when, the people told at each step, scope per role, bad input, and the pages."""
import datetime

import pytest
from django.utils import timezone

from core.workflow import history_for
from internships import services
from internships.models import IncidentFollowUp, SafetyIncident

from .factories import PlacementFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/safety-incidents/"


@pytest.fixture
def incident(active_placement, enterprise_user):
    return services.incident_report(placement=active_placement, by=enterprise_user,
                                    occurred_on=timezone.localdate(), severity="moderate",
                                    description="夜间收工时扭伤脚踝", notified="家长")


def test_follow_up_workflow_records_who_and_when(api_teacher, api_enterprise, incident, teacher, enterprise_user):
    base = f"{URL}{incident.pk}"
    # A note is written only while the incident is followed up; closing needs that state too (409).
    assert api_teacher.post(f"{base}/add-note/", {"note": "x"}).status_code == 409
    assert api_teacher.post(f"{base}/close/", {"note": "x"}).status_code == 409
    # The enterprise adds what it did but does not take up or close the school's follow-up (403).
    assert api_enterprise.post(f"{base}/start-follow-up/", {"note": "x"}).status_code == 403
    assert api_teacher.post(f"{base}/start-follow-up/", {}).status_code == 400
    r = api_teacher.post(f"{base}/start-follow-up/", {"note": "已联系家长并陪同复查"})
    assert r.status_code == 200 and r.json()["status"] == "under_follow_up"
    assert api_enterprise.post(f"{base}/add-note/", {"note": "已调整为白班"}).status_code == 200
    assert api_enterprise.post(f"{base}/close/", {"note": "x"}).status_code == 403
    r = api_teacher.post(f"{base}/close/", {"note": "已康复返岗，保险理赔完成"})
    assert r.status_code == 200 and r.json()["status"] == "closed"
    notes = list(IncidentFollowUp.objects.filter(incident=incident).order_by("created_at", "id"))
    assert [(n.by, n.note) for n in notes] == [(teacher, "已联系家长并陪同复查"), (enterprise_user, "已调整为白班"),
                                                (teacher, "已康复返岗，保险理赔完成")]
    assert all(n.created_at for n in notes)
    assert [(h.from_status, h.to_status, h.by) for h in history_for(incident)][::-1] == [
        ("reported", "under_follow_up", teacher), ("under_follow_up", "closed", teacher)]
    assert [n["note"] for n in api_teacher.get(f"{base}/").json()["follow_ups"]] == [n.note for n in notes]
    # A closed incident is the record as it stands.
    assert api_teacher.post(f"{base}/add-note/", {"note": "x"}).status_code == 409
    assert api_teacher.patch(f"{base}/", {"description": "改写"}).status_code == 409
    assert IncidentFollowUp.objects.filter(incident=incident).count() == 3


def test_scope_per_role(incident, api_admin, api_teacher, api_teacher2, api_enterprise, api_other_enterprise,
                        api_student, api_student2):
    url = f"{URL}{incident.pk}/"
    for client in (api_admin, api_teacher, api_enterprise, api_student):
        assert client.get(url).status_code == 200
    for client in (api_teacher2, api_other_enterprise, api_student2):
        assert client.get(url).status_code == 404
        assert client.post(f"{URL}{incident.pk}/start-follow-up/", {"note": "x"}).status_code == 404
    assert api_student.post(f"{URL}{incident.pk}/start-follow-up/", {"note": "x"}).status_code == 403
    # Nobody deletes an incident.
    assert api_admin.delete(url).status_code == 405


def test_report_through_the_api_and_bad_input(api_enterprise, api_other_enterprise, api_student, active_placement):
    today = timezone.localdate()
    good = {"placement": active_placement.pk, "occurred_on": today.isoformat(), "severity": "minor",
            "description": "划伤手指"}
    assert api_student.post(URL, good).status_code == 403
    assert api_other_enterprise.post(URL, good).status_code == 400  # another's placement "does not exist"
    for bad, field in [
        ({**good, "occurred_on": (today + datetime.timedelta(days=2)).isoformat()}, "occurred_on"),
        ({**good, "severity": "apocalyptic"}, "severity"),
        ({**good, "description": ""}, "description"),
        ({**good, "occurred_on": "yesterday"}, "occurred_on"),
    ]:
        r = api_enterprise.post(URL, bad)
        assert r.status_code == 400 and field in r.json()["errors"], (bad, r.content)
    assert not SafetyIncident.objects.exists()
    r = api_enterprise.post(URL, good)
    assert r.status_code == 201 and r.json()["status"] == "reported"
    assert api_enterprise.get(f"{URL}?status=nonsense").status_code == 400


def test_each_step_tells_the_school_mentor_and_the_reporter(incident, teacher, enterprise_user, admin_user):
    from core.events import Event
    from internships.recipients import incident_followed_up, incident_reported

    def told(name):
        event = Event(name=name, model="internships.safetyincident", object_id=incident.pk, actor_id=teacher.pk,
                      data={})
        return {uid for audience in (incident_reported if name.endswith("created") else incident_followed_up)(event)
                for uid in audience.user_ids}

    assert told("internships.safetyincident.created") == {admin_user.pk, teacher.pk}
    assert told("internships.safetyincident.under_follow_up") == {teacher.pk, enterprise_user.pk}
    assert told("internships.safetyincident.closed") == {teacher.pk, enterprise_user.pk, admin_user.pk}


SEEN: list = []


def _record(event) -> None:
    SEEN.append(event)


def test_steps_emit_events(incident, teacher, enterprise_user, monkeypatch, django_capture_on_commit_callbacks):
    from core import events

    SEEN.clear()
    monkeypatch.setattr(events, "_subscriptions", [])
    events.subscribe("internships.*", _record, inline=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.incident_start_follow_up(incident=incident, by=teacher, note="跟进")
    with django_capture_on_commit_callbacks(execute=True):
        services.incident_add_note(incident=incident, by=enterprise_user, note="已调班")
    with django_capture_on_commit_callbacks(execute=True):
        services.incident_close(incident=incident, by=teacher, note="结案")
    assert [(e.name, e.actor_id) for e in SEEN] == [
        ("internships.safetyincident.under_follow_up", teacher.pk),
        ("internships.safetyincident.noted", enterprise_user.pk),
        ("internships.safetyincident.closed", teacher.pk)]


def test_pages(web, incident, teacher, teacher2, enterprise_user, other_enterprise_user, admin_user):
    t = web.login_as(teacher)
    assert t.get("/internships/incidents/").status_code == 200
    page = t.get(f"/internships/incidents/{incident.pk}/")
    assert page.status_code == 200 and "start-follow-up" in page.content.decode()
    r = t.post(f"/internships/incidents/{incident.pk}/start-follow-up/", {"note": ""})
    assert r.status_code == 302
    incident.refresh_from_db()
    assert incident.status == "reported"  # refused: a note is required, nothing written
    t.post(f"/internships/incidents/{incident.pk}/start-follow-up/", {"note": "已到企业走访"})
    incident.refresh_from_db()
    assert incident.status == "under_follow_up"
    assert "已到企业走访" in t.get(f"/internships/incidents/{incident.pk}/").content.decode()
    # The reporter corrects what was reported while it is open; bad input stays on the form.
    e = web.login_as(enterprise_user)
    r = e.post(f"/internships/incidents/{incident.pk}/edit/", {"occurred_on": "2999-01-01", "severity": "minor",
                                                              "description": "x"})
    assert r.status_code == 400
    r = e.post(f"/internships/incidents/{incident.pk}/edit/", {
        "occurred_on": incident.occurred_on.isoformat(), "severity": "minor", "description": "扭伤，已就医"})
    assert r.status_code == 302
    incident.refresh_from_db()
    assert incident.severity == "minor"
    for other in (teacher2, other_enterprise_user):
        assert web.login_as(other).get(f"/internships/incidents/{incident.pk}/").status_code == 404


def test_pages_constant_queries(web, admin_user, teacher, department, enterprise_org, django_assert_max_num_queries):
    from tests.accounts.factories import make_member

    def grow(n, start):
        for i in range(start, start + n):
            s = make_member("student", department, username=f"inc{i}")
            p = PlacementFactory(student=s, enterprise=enterprise_org, school_mentor=teacher, status="active")
            inc = services.incident_report(placement=p, by=teacher, occurred_on=timezone.localdate(),
                                           severity="minor", description="划伤")
            services.incident_start_follow_up(incident=inc, by=teacher, note="跟进中")
    grow(2, 0)
    budgets = {}
    for user in (admin_user, teacher):
        client = web.login_as(user)
        with django_assert_max_num_queries(40) as ctx:
            assert client.get("/internships/incidents/").status_code == 200
        budgets[user.pk] = len(ctx.captured_queries)
    grow(12, 2)
    for user in (admin_user, teacher):
        client = web.login_as(user)
        with django_assert_max_num_queries(budgets[user.pk] + 1):
            assert client.get("/internships/incidents/").status_code == 200


def test_api_list_queries_constant(api_admin, teacher, department, enterprise_org, django_assert_max_num_queries):
    from tests.accounts.factories import make_member

    def grow(n, start):
        for i in range(start, start + n):
            s = make_member("student", department, username=f"api{i}")
            p = PlacementFactory(student=s, enterprise=enterprise_org, school_mentor=teacher, status="active")
            inc = services.incident_report(placement=p, by=teacher, occurred_on=timezone.localdate(),
                                           severity="minor", description="划伤")
            services.incident_start_follow_up(incident=inc, by=teacher, note="跟进中")
    grow(2, 0)
    with django_assert_max_num_queries(12) as ctx:
        assert api_admin.get(URL).status_code == 200
    grow(12, 2)
    with django_assert_max_num_queries(len(ctx.captured_queries)):
        r = api_admin.get(URL)
        assert r.status_code == 200 and r.json()["count"] == 14
