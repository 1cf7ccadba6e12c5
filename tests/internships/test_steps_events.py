"""Issue 17 for internships: the weekly-log page runs the declared steps; creations announce themselves."""
import datetime

import pytest

from core import events
from core.events import subscribe
from internships import services
from internships.models import Placement, WeeklyLog

from .factories import PostingFactory, today

pytestmark = pytest.mark.django_db

SEEN: list = []


def _record(event) -> None:
    SEEN.append(event)


@pytest.fixture
def seen(monkeypatch, django_capture_on_commit_callbacks):
    """The internship events this test emits, delivered inline after each commit."""
    SEEN.clear()
    monkeypatch.setattr(events, "_subscriptions", [])
    subscribe("internships.*", _record, inline=True)
    yield SEEN
    SEEN.clear()


def _names(seen) -> list[str]:
    return [e.name for e in seen]


# --- the weekly-log page asks the step table ---

def test_log_page_offers_review_only_while_the_step_applies(web, teacher, active_placement):
    log = WeeklyLog.objects.create(placement=active_placement, week_no=1, content="周志")
    c = web.login_as(teacher)
    assert b'value="review"' in c.get(f"/internships/logs/{log.pk}/").content
    r = c.post(f"/internships/logs/{log.pk}/", {"what": "review", "grade": "good", "comment": "好"}, follow=True)
    assert r.status_code == 200 and "msg-success" in r.content.decode()
    log.refresh_from_db()
    assert log.status == "reviewed"
    # reviewed: the step no longer applies, so no form is offered and a replayed post is refused on the form
    assert b'value="review"' not in c.get(f"/internships/logs/{log.pk}/").content
    r = c.post(f"/internships/logs/{log.pk}/", {"what": "review", "grade": "pass", "comment": ""}, follow=True)
    assert r.status_code == 200 and b"msg-error" in r.content
    log.refresh_from_db()
    assert log.grade == "good"


def test_log_page_comment_is_the_declared_step(web, enterprise_user, student, active_placement, seen,
                                               django_capture_on_commit_callbacks):
    log = WeeklyLog.objects.create(placement=active_placement, week_no=1, content="周志")
    assert b'value="comment"' not in web.login_as(student).get(f"/internships/logs/{log.pk}/").content
    assert web.login_as(student).post(f"/internships/logs/{log.pk}/",
                                      {"what": "comment", "comment": "x"}).status_code == 403
    c = web.login_as(enterprise_user)
    assert b'value="comment"' in c.get(f"/internships/logs/{log.pk}/").content
    with django_capture_on_commit_callbacks(execute=True):
        r = c.post(f"/internships/logs/{log.pk}/", {"what": "comment", "comment": "很用心"})
    assert r.status_code == 302
    log.refresh_from_db()
    assert log.enterprise_comment == "很用心"
    assert _names(seen) == ["internships.weeklylog.commented"]
    assert seen[0].actor_id == enterprise_user.pk and seen[0].object_id == log.pk


# --- creation events, emitted by the services after commit ---

def test_application_created_event(seen, enterprise_org, student, django_capture_on_commit_callbacks):
    posting = PostingFactory(enterprise=enterprise_org)
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_create(posting=posting, student=student, note="想去")
    assert _names(seen) == ["internships.application.created"]
    assert (seen[0].object_id, seen[0].actor_id) == (application.pk, student.pk)


def test_weekly_log_created_event(seen, student, active_placement, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        log = services.weekly_log_submit(placement=active_placement, by=student, week_no=1, content="剪辑")
    assert _names(seen) == ["internships.weeklylog.created"]
    assert seen[0].object_id == log.pk and seen[0].data == {"week_no": 1}


def test_incident_created_event(seen, teacher, active_placement, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        incident = services.incident_report(placement=active_placement, by=teacher, occurred_on=today(),
                                            severity="minor", description="划伤")
    assert _names(seen) == ["internships.safetyincident.created"]
    assert seen[0].object_id == incident.pk and seen[0].actor_id == teacher.pk


def test_direct_placement_created_event(seen, admin_user, student, enterprise_org, teacher,
                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        placement = services.placement_create_direct(
            by=admin_user, student=student, enterprise=enterprise_org, post="剪辑师", post_staff_count=10,
            start_date=today(), end_date=today() + datetime.timedelta(days=60), school_mentor=teacher)
    assert _names(seen) == ["internships.placement.created"]
    assert seen[0].object_id == placement.pk and seen[0].actor_id == admin_user.pk


def test_refused_creation_emits_nothing(seen, student, enterprise_org, django_capture_on_commit_callbacks):
    closed = PostingFactory(enterprise=enterprise_org, status="closed")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(Exception):  # noqa: B017, PT011
        services.application_create(posting=closed, student=student)
    assert seen == []


def test_evaluation_events(seen, teacher, active_placement, django_capture_on_commit_callbacks):
    Placement.objects.filter(pk=active_placement.pk).update(enterprise_mentor_email="m@x.cn")
    active_placement.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.evaluation_request_link(placement=active_placement, stage="midterm", by=teacher)
        services.evaluation_submit(placement=active_placement, stage="final", evaluator_role="school_mentor",
                                   by=teacher, scores=dict.fromkeys(
                                       ("professional_skill", "aigc_tools", "teamwork", "innovation", "attitude"), 80))
    assert _names(seen) == ["internships.internevaluation.requested", "internships.internevaluation.submitted"]
