"""Bulk steps (core/steps.py ``bulk=True``): many rows of a list through the same service and policy as
the single step, each in a transaction of its own, with a summary of what was done and what was refused.

Wired for weekly logs (review), applications (shortlist, reject) and bookings (approve): the API action
``POST /api/v1/<resource>/bulk/<step>/`` and the lists' bulk bar posting to ``bulk/<label>/``.
"""
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import workflow
from core.models import StatusChange
from core.steps import MAX_BULK
from funding.models import Booking
from funding.policies import BookingPolicy
from internships.models import Application, WeeklyLog
from internships.policies import WeeklyLogPolicy
from tests.funding.factories import BookingFactory, OffCampusBaseFactory
from tests.internships.factories import ApplicationFactory, PlacementFactory, PostingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def emitted(monkeypatch):
    """The events the steps announce (name, row), in order."""
    seen = []
    real = workflow.emit

    def record(name, obj, **kwargs):
        seen.append((name, obj.pk))
        return real(name, obj, **kwargs)

    monkeypatch.setattr(workflow, "emit", record)
    return seen


def _logs(placement, n, start=1, status="submitted"):
    return [WeeklyLog.objects.create(placement=placement, week_no=start + i, content=f"第{start + i}周", status=status)
            for i in range(n)]


@pytest.fixture
def mentored(enterprise_org, student, teacher):
    return PlacementFactory(enterprise=enterprise_org, student=student, school_mentor=teacher, status="active")


@pytest.fixture
def foreign(enterprise_org, other_department_student, other_department_teacher):
    return PlacementFactory(enterprise=enterprise_org, student=other_department_student,
                            school_mentor=other_department_teacher, status="active")


def _history(obj):
    ct = ContentType.objects.get_for_model(obj)
    return [(c.from_status, c.to_status, c.by_id, c.note)
            for c in StatusChange.objects.filter(content_type=ct, object_id=obj.pk).order_by("pk")]


# --- the API ------------------------------------------------------------------------------------------

def test_bulk_review_does_what_n_single_reviews_do(api_teacher, teacher, mentored, emitted):
    single, bulk = _logs(mentored, 2, 1), _logs(mentored, 2, 3)
    for log in single:
        r = api_teacher.post(f"/api/v1/weekly-logs/{log.pk}/review/", {"grade": "good", "comment": "好"},
                             format="json")
        assert r.status_code == 200
    single_events = list(emitted)
    emitted.clear()
    r = api_teacher.post("/api/v1/weekly-logs/bulk/review/",
                         {"ids": [log.pk for log in bulk], "grade": "good", "comment": "好"}, format="json")
    assert r.status_code == 200
    assert r.json() == {"done": [log.pk for log in bulk], "refused": []}
    for one, many in zip(single, bulk, strict=True):
        one.refresh_from_db()
        many.refresh_from_db()
        assert (many.status, many.grade, many.mentor_comment, many.reviewed_by_id) == \
            (one.status, one.grade, one.mentor_comment, one.reviewed_by_id) == ("reviewed", "good", "好", teacher.pk)
        assert _history(many) == _history(one) == [("submitted", "reviewed", teacher.pk, "")]
    assert [n for n, _pk in emitted] == [n for n, _pk in single_events] and len(emitted) == 2
    assert all(n.endswith(".reviewed") for n, _pk in emitted)
    assert [pk for _n, pk in emitted] == [log.pk for log in bulk]


def test_a_refused_row_does_not_stop_the_others_and_says_why(api_teacher, mentored):
    first, reviewed, last = _logs(mentored, 3)
    reviewed.status = "reviewed"
    reviewed.save()
    r = api_teacher.post("/api/v1/weekly-logs/bulk/review/",
                         {"ids": [first.pk, reviewed.pk, last.pk], "grade": "pass"}, format="json")
    assert r.status_code == 200
    body = r.json()
    assert body["done"] == [first.pk, last.pk]
    assert [(x["id"], x["code"]) for x in body["refused"]] == [(reviewed.pk, "transition_not_allowed")]
    assert body["refused"][0]["detail"]  # the service's own words
    assert WeeklyLog.objects.get(pk=first.pk).status == WeeklyLog.objects.get(pk=last.pk).status == "reviewed"
    assert _history(reviewed) == []


def test_another_tenants_row_is_not_found_and_untouched(api_teacher, mentored, foreign):
    mine, = _logs(mentored, 1)
    theirs, = _logs(foreign, 1)
    r = api_teacher.post("/api/v1/weekly-logs/bulk/review/", {"ids": [theirs.pk, mine.pk, 999999], "grade": "pass"},
                         format="json")
    assert r.status_code == 200
    assert r.json()["done"] == [mine.pk]
    refused = r.json()["refused"]
    assert [(x["id"], x["code"]) for x in refused] == [(theirs.pk, "not_found"), (999999, "not_found")]
    assert refused[0]["detail"] == refused[1]["detail"]  # another's row reads like a row that does not exist
    assert WeeklyLog.objects.get(pk=theirs.pk).status == "submitted" and _history(theirs) == []


def test_the_policy_is_asked_for_each_row(api_teacher, mentored, monkeypatch):
    logs = _logs(mentored, 3)
    asked = []
    real = WeeklyLogPolicy.can_action

    def policy(self, user, obj, action):
        asked.append((obj.pk, action))
        return obj.pk != logs[1].pk and real(self, user, obj, action)

    monkeypatch.setattr(WeeklyLogPolicy, "can_action", policy)
    r = api_teacher.post("/api/v1/weekly-logs/bulk/review/", {"ids": [x.pk for x in logs], "grade": "pass"},
                         format="json")
    assert r.status_code == 200
    assert [pk for pk, action in asked if action == "review"] == [x.pk for x in logs]
    assert r.json()["done"] == [logs[0].pk, logs[2].pk]
    assert r.json()["refused"][0]["id"] == logs[1].pk and r.json()["refused"][0]["code"] == "permission_denied"
    assert WeeklyLog.objects.get(pk=logs[1].pk).status == "submitted"


def test_a_student_may_not_review_their_own_logs_in_bulk(api_student, mentored):
    logs = _logs(mentored, 2)
    r = api_student.post("/api/v1/weekly-logs/bulk/review/", {"ids": [x.pk for x in logs], "grade": "pass"},
                         format="json")
    assert r.status_code == 200 and r.json()["done"] == []
    assert {x["code"] for x in r.json()["refused"]} == {"permission_denied"}
    assert set(WeeklyLog.objects.values_list("status", flat=True)) == {"submitted"}


def test_the_batch_limit_and_bad_input_are_a_400_and_do_nothing(api_teacher, mentored):
    log, = _logs(mentored, 1)
    too_many = [log.pk] + list(range(10_000_000, 10_000_000 + MAX_BULK))
    r = api_teacher.post("/api/v1/weekly-logs/bulk/review/", {"ids": too_many, "grade": "pass"}, format="json")
    assert r.status_code == 400 and "ids" in r.json()["errors"]
    assert api_teacher.post("/api/v1/weekly-logs/bulk/review/", {"ids": [], "grade": "pass"},
                            format="json").status_code == 400
    assert api_teacher.post("/api/v1/weekly-logs/bulk/review/", {"ids": ["x"], "grade": "pass"},
                            format="json").status_code == 400
    r = api_teacher.post("/api/v1/weekly-logs/bulk/review/", {"ids": [log.pk]}, format="json")  # no grade
    assert r.status_code == 400 and "grade" in r.json()["errors"]
    assert WeeklyLog.objects.get(pk=log.pk).status == "submitted"
    assert MAX_BULK == 200


def test_only_declared_bulk_steps_have_a_bulk_route(api_teacher, mentored):
    log, = _logs(mentored, 1)
    assert api_teacher.post("/api/v1/weekly-logs/bulk/comment/", {"ids": [log.pk], "comment": "x"},
                            format="json").status_code == 404


def test_queries_grow_by_the_rows_services_only(api_teacher, mentored):
    """One query loads the rows; each row then costs what its single step costs, nothing more per row."""
    def cost(n, start):
        logs = _logs(mentored, n, start)
        with CaptureQueriesContext(connection) as ctx:
            r = api_teacher.post("/api/v1/weekly-logs/bulk/review/",
                                 {"ids": [x.pk for x in logs], "grade": "pass"}, format="json")
        assert r.status_code == 200 and len(r.json()["done"]) == n
        return len(ctx.captured_queries)

    one, three, five = cost(1, 1), cost(3, 10), cost(5, 20)
    # a review is a lock, an update, its history and the row's checks: a few queries per row, whatever the batch
    assert one <= 15
    assert three - one <= 2 * 8 and five - three <= 2 * 8


def test_bulk_shortlist_and_reject_of_applicants(api_enterprise, enterprise_org, other_enterprise_org, student,
                                                 student2, emitted):
    posting = PostingFactory(enterprise=enterprise_org)
    a1 = ApplicationFactory(posting=posting, student=student)
    a2 = ApplicationFactory(posting=posting, student=student2)
    theirs = ApplicationFactory(posting=PostingFactory(enterprise=other_enterprise_org), student=student)
    r = api_enterprise.post("/api/v1/applications/bulk/shortlist/", {"ids": [a1.pk, a2.pk, theirs.pk]},
                            format="json")
    assert r.status_code == 200
    assert r.json()["done"] == [a1.pk, a2.pk]
    assert r.json()["refused"][0]["code"] == "not_found"
    assert set(Application.objects.filter(pk__in=[a1.pk, a2.pk]).values_list("status", flat=True)) \
        == {"shortlisted"}
    assert Application.objects.get(pk=theirs.pk).status == "submitted"
    r = api_enterprise.post("/api/v1/applications/bulk/reject/", {"ids": [a1.pk], "note": "名额已满"}, format="json")
    assert r.status_code == 200 and r.json() == {"done": [a1.pk], "refused": []}
    assert _history(Application.objects.get(pk=a1.pk))[-1][1:] == ("rejected", api_enterprise.handler._force_user.pk,
                                                                    "名额已满")
    assert [n.rsplit(".", 1)[1] for n, _pk in emitted] == ["shortlisted", "shortlisted", "rejected"]


def test_bulk_approve_of_bookings(api_enterprise, api_admin, enterprise_org, other_enterprise_org, student):
    mine = OffCampusBaseFactory(host=enterprise_org)
    other = OffCampusBaseFactory(host=other_enterprise_org)
    b1 = BookingFactory(equipment=None, base=mine, status="pending", booked_by=student)
    b2 = BookingFactory(equipment=None, base=mine, status="pending", booked_by=student)
    b3 = BookingFactory(equipment=None, base=other, status="pending", booked_by=student)
    r = api_enterprise.post("/api/v1/bookings/bulk/approve/", {"ids": [b1.pk, b2.pk, b3.pk]}, format="json")
    assert r.status_code == 200
    assert r.json()["done"] == [b1.pk, b2.pk]
    assert [(x["id"], x["code"]) for x in r.json()["refused"]] == [(b3.pk, "not_found")]
    assert Booking.objects.get(pk=b3.pk).status == "pending"
    r = api_admin.post("/api/v1/bookings/bulk/approve/", {"ids": [b2.pk, b3.pk]}, format="json")
    assert r.json()["done"] == [b3.pk] and r.json()["refused"][0]["id"] == b2.pk  # already approved
    assert set(Booking.objects.values_list("status", flat=True)) == {"approved"}
    assert BookingPolicy  # the same policy as the single step (asked per row: see the weekly log test)


# --- the pages ----------------------------------------------------------------------------------------

def test_the_log_list_offers_the_bulk_bar_to_the_mentor_only(web, teacher, student, mentored):
    _logs(mentored, 2)
    page = web.login_as(teacher).get(reverse("internships:log_list"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'action="/bulk/internships.weeklylog/"' in html and 'name="step" value="review"' in html
    assert html.count('name="ids"') == 2 and 'name="grade"' in html
    page = web.login_as(student).get(reverse("internships:log_list"))
    html = page.content.decode()
    # the student may export the rows they choose, never review them
    assert page.status_code == 200 and 'name="step" value="review"' not in html and 'name="grade"' not in html
    assert 'name="spec" value="weekly_logs"' in html


def test_the_bulk_page_reviews_the_checked_logs_and_shows_a_summary(web, teacher, mentored, foreign):
    logs = _logs(mentored, 2)
    theirs, = _logs(foreign, 1)
    back = reverse("internships:log_list") + "?status=submitted"
    r = web.login_as(teacher).post(reverse("bulk_step", args=["internships.weeklylog"]), {
        "ids": [logs[0].pk, logs[1].pk, theirs.pk], "step": "review", "grade": "good", "comment": "",
        "next": back})
    assert r.status_code == 200
    html = r.content.decode()
    assert str(logs[0]) in html and str(logs[1]) in html and f"#{theirs.pk}" in html
    assert str(theirs) not in html  # another department's student is not named
    assert back in html
    assert set(WeeklyLog.objects.filter(placement=mentored).values_list("status", flat=True)) == {"reviewed"}
    assert WeeklyLog.objects.get(pk=theirs.pk).status == "submitted"


def test_the_bulk_page_refuses_bad_requests_without_doing_anything(web, teacher, mentored):
    log, = _logs(mentored, 1)
    url = reverse("bulk_step", args=["internships.weeklylog"])
    client = web.login_as(teacher)
    assert client.post(url, {"ids": [log.pk], "step": "comment"}).status_code == 404  # not a bulk step
    assert client.post(reverse("bulk_step", args=["partnerships.agreement"]),
                       {"ids": [log.pk], "step": "review"}).status_code == 404  # no bulk steps there
    assert client.post(reverse("bulk_step", args=["nope.nothing"]), {"step": "review"}).status_code == 404
    r = client.post(url, {"ids": [log.pk], "step": "review"}, follow=True)  # no grade
    assert r.status_code == 200 and r.context["messages"]
    r = client.post(url, {"step": "review", "grade": "pass"}, follow=True)  # nothing selected
    assert r.status_code == 200 and r.context["messages"]
    r = client.post(url, {"ids": [str(i) for i in range(1, MAX_BULK + 2)], "step": "review", "grade": "pass"})
    assert r.status_code == 302
    assert WeeklyLog.objects.get(pk=log.pk).status == "submitted"
    assert client.get(url).status_code == 405


def test_lists_with_a_bulk_bar_keep_a_constant_number_of_queries(web, teacher, enterprise_user, admin_user,
                                                                 enterprise_org, mentored, student):
    def count(user, url, add):
        client = web.login_as(user)
        client.get(url)  # the session warmed
        add()
        with CaptureQueriesContext(connection) as small:
            assert client.get(url).status_code == 200
        add()
        add()
        with CaptureQueriesContext(connection) as large:
            r = client.get(url)
            assert r.status_code == 200
        assert 'name="ids"' in r.content.decode()
        return len(small.captured_queries), len(large.captured_queries)

    weeks = iter(range(1, 100))
    a, b = count(teacher, reverse("internships:log_list"), lambda: _logs(mentored, 1, next(weeks)))
    assert a == b
    a, b = count(enterprise_user, reverse("internships:application_list"),
                 lambda: ApplicationFactory(posting=PostingFactory(enterprise=enterprise_org), student=student))
    assert a == b
    base = OffCampusBaseFactory(host=enterprise_org)
    a, b = count(admin_user, reverse("funding:booking_list"),
                 lambda: BookingFactory(equipment=None, base=base, status="pending", booked_by=student))
    assert a == b
