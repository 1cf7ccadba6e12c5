"""Issue 18 item 5: a slot is freed, with its history, when an accepted offer is withdrawn or a pending
placement is cancelled before it starts; a terminated active placement keeps it; the counter holds
under concurrent requests."""
import threading

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from rest_framework.test import APIClient

from accounts.choices import Role
from core import events
from core.events import subscribe
from core.models import StatusChange
from internships import services
from internships.models import Application, Placement, Posting
from tests.accounts.factories import make_member

from .factories import ApplicationFactory, PostingFactory

A = "/api/v1/applications/"
PL = "/api/v1/placements/"
EN_LANG = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _accepted(posting, student) -> Application:
    application = ApplicationFactory(posting=posting, student=student, status="offered")
    services.application_accept(application=application, by=student)
    application.refresh_from_db()
    return application


def _slot_history(posting) -> list[tuple[str, str]]:
    ct = ContentType.objects.get_for_model(Posting)
    rows = StatusChange.objects.filter(content_type=ct, object_id=posting.pk, field="accepted_count").order_by("id")
    return [(r.from_status, r.to_status) for r in rows]


def _counter_is_right(posting) -> int:
    posting.refresh_from_db()
    accepted = Application.objects.filter(posting=posting, status="accepted").count()
    current = Placement.objects.filter(posting=posting, status__in=["pending", "active"]).count()
    assert posting.accepted_count == accepted == current <= posting.slots
    history = _slot_history(posting)
    assert not history or history[-1][1] == str(posting.accepted_count)
    return posting.accepted_count


SLOT_EVENTS: list = []


def _slot_event(event) -> None:
    SLOT_EVENTS.append(event)


@pytest.fixture
def slot_events(monkeypatch):
    SLOT_EVENTS.clear()
    monkeypatch.setattr(events, "_subscriptions", [])
    subscribe("internships.posting.slot_freed", _slot_event, inline=True)
    yield SLOT_EVENTS
    SLOT_EVENTS.clear()


@pytest.mark.django_db
def test_student_withdraws_an_accepted_offer_and_the_slot_is_free(api_student, api_student2, student, student2,
                                                                   enterprise_org, slot_events,
                                                                   django_capture_on_commit_callbacks):
    posting = PostingFactory(enterprise=enterprise_org, slots=1)
    application = _accepted(posting, student)
    waiting = ApplicationFactory(posting=posting, student=student2, status="offered")
    assert api_student2.post(f"{A}{waiting.pk}/accept/").status_code == 409  # full
    with django_capture_on_commit_callbacks(execute=True):
        r = api_student.post(f"{A}{application.pk}/withdraw-acceptance/", {"note": "决定专升本"})
    assert r.status_code == 200 and r.data["status"] == "withdrawn"
    placement = Placement.objects.get(application=application)
    assert placement.status == "cancelled" and placement.termination_reason == "决定专升本"
    assert _counter_is_right(posting) == 0
    assert _slot_history(posting) == [("0", "1"), ("1", "0")]
    assert [(e.object_id, e.actor_id, e.data["slots_left"]) for e in slot_events] == [(posting.pk, student.pk, 1)]
    assert api_student2.post(f"{A}{waiting.pk}/accept/").status_code == 200  # the freed slot is taken
    assert _counter_is_right(posting) == 1
    # the student may be placed again: a cancelled placement is not current
    assert not Placement.objects.current().filter(student=student).exists()


@pytest.mark.django_db
def test_withdrawing_after_the_start_is_refused(api_student, api_admin, student, enterprise_org):
    posting = PostingFactory(enterprise=enterprise_org, slots=1)
    application = _accepted(posting, student)
    placement = Placement.objects.get(application=application)
    Placement.objects.filter(pk=placement.pk).update(status="active")
    r = api_student.post(f"{A}{application.pk}/withdraw-acceptance/", **EN_LANG)
    assert r.status_code == 409 and "school" in r.data["detail"]
    assert api_admin.post(f"{PL}{placement.pk}/cancel/", {"reason": "x"}).status_code == 409
    assert _counter_is_right(posting) == 1


@pytest.mark.django_db
def test_only_the_student_withdraws_their_acceptance(api_student2, api_enterprise, api_other_enterprise, student,
                                                     enterprise_org):
    application = _accepted(PostingFactory(enterprise=enterprise_org), student)
    assert api_student2.post(f"{A}{application.pk}/withdraw-acceptance/").status_code == 404
    assert api_other_enterprise.post(f"{A}{application.pk}/withdraw-acceptance/").status_code == 404
    assert api_enterprise.post(f"{A}{application.pk}/withdraw-acceptance/").status_code == 403


@pytest.mark.django_db
def test_host_or_college_cancels_a_pending_placement(api_enterprise, api_student, api_teacher2, api_other_enterprise,
                                                     api_admin, student, enterprise_org):
    posting = PostingFactory(enterprise=enterprise_org, slots=2)
    application = _accepted(posting, student)
    placement = Placement.objects.get(application=application)
    url = f"{PL}{placement.pk}/cancel/"
    assert api_student.post(url, {"reason": "不想去"}).status_code == 403
    assert api_other_enterprise.post(url, {"reason": "x"}).status_code == 404
    assert api_teacher2.post(url, {"reason": "x"}).status_code == 404
    assert api_enterprise.post(url, {}).status_code == 400
    r = api_enterprise.post(url, {"reason": "项目取消，岗位撤销"})
    assert r.status_code == 200 and r.data["status"] == "cancelled"
    application.refresh_from_db()
    assert application.status == "cancelled"
    assert _counter_is_right(posting) == 0
    assert _slot_history(posting)[-1] == ("1", "0")
    assert api_admin.post(url, {"reason": "again"}).status_code == 409


@pytest.mark.django_db
def test_a_terminated_active_placement_keeps_its_slot(api_admin, api_teacher, student, teacher, enterprise_org):
    posting = PostingFactory(enterprise=enterprise_org, slots=1)
    application = _accepted(posting, student)
    placement = Placement.objects.get(application=application)
    Placement.objects.filter(pk=placement.pk).update(school_mentor=teacher)
    r = api_admin.post(f"{PL}{placement.pk}/terminate/", {"reason": "x"}, **EN_LANG)
    assert r.status_code == 409 and "cancelled" in r.data["detail"]
    Placement.objects.filter(pk=placement.pk).update(status="active")
    assert api_teacher.post(f"{PL}{placement.pk}/terminate/", {"reason": "企业停工"}).status_code == 200
    posting.refresh_from_db()
    assert posting.accepted_count == 1  # the intern held the slot; the posting is not reopened
    application.refresh_from_db()
    assert application.status == "accepted"


@pytest.mark.django_db
def test_pages_offer_the_new_steps(web, student, enterprise_user, enterprise_org):
    posting = PostingFactory(enterprise=enterprise_org, slots=1)
    application = _accepted(posting, student)
    placement = Placement.objects.get(application=application)
    c = web.login_as(enterprise_user)
    page = c.get(f"/internships/placements/{placement.pk}/").content.decode()
    assert f"/internships/placements/{placement.pk}/do/cancel/" in page
    assert f"/internships/placements/{placement.pk}/do/terminate/" not in page
    c = web.login_as(student)
    page = c.get("/internships/applications/").content.decode()
    assert f"/internships/applications/{application.pk}/withdraw_acceptance/" in page
    r = c.post(f"/internships/applications/{application.pk}/withdraw_acceptance/", {"next": "https://evil.example/"})
    assert r.status_code == 302 and r["Location"] == "/internships/applications/"
    assert _counter_is_right(posting) == 0


# --- the counter under concurrent requests (real PostgreSQL, one connection per thread) ---

def _client(user) -> APIClient:
    c = APIClient()
    c.force_authenticate(user)
    return c


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_accepts_withdrawals_and_cancellations_in_parallel_keep_the_counter(round_, enterprise_org, department,
                                                                            admin_user):
    """Two slots, both taken; one acceptance is withdrawn and one pending placement cancelled while three
    offered students accept the last slots at the same moment."""
    posting = PostingFactory(enterprise=enterprise_org, slots=2)
    holders = [make_member(Role.STUDENT, department, username=f"holder{round_}{i}") for i in range(2)]
    withdrawn, cancelled = (_accepted(posting, s) for s in holders)
    cancelled_placement = Placement.objects.get(application=cancelled)
    hopefuls = [make_member(Role.STUDENT, department, username=f"hopeful{round_}{i}") for i in range(3)]
    offers = [ApplicationFactory(posting=posting, student=s, status="offered") for s in hopefuls]
    calls = [(holders[0], f"{A}{withdrawn.pk}/withdraw-acceptance/", {}),
             (admin_user, f"{PL}{cancelled_placement.pk}/cancel/", {"reason": "企业撤销岗位"}),
             *[(s, f"{A}{o.pk}/accept/", {}) for s, o in zip(hopefuls, offers, strict=True)]]
    barrier = threading.Barrier(len(calls))
    codes: dict[str, int] = {}

    def call(user, url, data):
        try:
            client = _client(user)
            barrier.wait()
            codes[url] = client.post(url, data).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=call, args=c) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert codes[calls[0][1]] == 200 and codes[calls[1][1]] == 200  # both slots were freed
    accepts = [codes[url] for _user, url, _data in calls[2:]]
    assert set(accepts) <= {200, 409}
    taken = _counter_is_right(posting)
    assert taken == accepts.count(200)  # whoever came after a freeing got its slot, nobody more
    history = _slot_history(posting)
    assert len(history) == 2 + 2 + taken  # two taken at the start, two freed, the new ones taken
    assert all(abs(int(new) - int(old)) == 1 for old, new in history)
