"""Steps on a collection (core/steps.py ``detail=False``), ``when`` conditions, result-dependent messages,
the page going to a row a step made, and the events switch only bench/events_emit.py turns off."""
import pytest
from django.test import override_settings
from django.urls import reverse

from notifications.models import Notification
from notifications.policies import NotificationPolicy
from notifications.steps import NOTIFICATION_STEPS
from reports.choices import JobKind, JobStatus
from reports.models import ReportJob
from reports.steps import JOB_STEPS
from tests.notifications.factories import NotificationFactory

pytestmark = pytest.mark.django_db


def test_a_collection_step_is_offered_without_a_row_and_never_on_one(teacher):
    n = NotificationFactory(recipient=teacher)
    assert [s.name for s in NOTIFICATION_STEPS.allowed(None, teacher)] == ["read_all"]
    assert [s.name for s in NOTIFICATION_STEPS.allowed(n, teacher)] == ["read"]
    n.read_at = n.created_at
    assert NOTIFICATION_STEPS.allowed(n, teacher) == []  # ``when``: a read notification offers nothing


def test_when_narrows_a_status_to_the_rows_a_step_fits(admin_user):
    export = ReportJob(kind=JobKind.EXPORT, status=JobStatus.DONE, requested_by=admin_user)
    dry_run = ReportJob(kind=JobKind.IMPORT, status=JobStatus.DONE, requested_by=admin_user,
                        params={"dry_run": True}, summary={"error_rows": 0})
    assert "confirm" not in [s.name for s in JOB_STEPS.allowed(export, admin_user)]
    assert [s.name for s in JOB_STEPS.allowed(dry_run, admin_user)] == ["confirm"]
    dry_run.summary = {"error_rows": 0, "confirmed_job": 99}
    assert JOB_STEPS.allowed(dry_run, admin_user) == []


def test_the_api_action_of_a_collection_step_runs_on_the_callers_rows_only(api_teacher, teacher, student):
    NotificationFactory.create_batch(2, recipient=teacher)
    theirs = NotificationFactory(recipient=student)
    r = api_teacher.post("/api/v1/notifications/read-all/")
    assert r.status_code == 200 and r.json() == {"marked": 2}
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_a_collection_step_asks_the_policy_with_no_row(api_teacher, client, teacher, monkeypatch):
    asked = []

    def refuse(self, user, obj, action):
        asked.append((obj, action))
        return False

    n = NotificationFactory(recipient=teacher)
    monkeypatch.setattr(NotificationPolicy, "can_action", refuse)
    assert api_teacher.post("/api/v1/notifications/read-all/").status_code == 403
    client.force_login(teacher)
    assert client.post(reverse("notifications:read_all")).status_code == 403
    assert asked == [(None, "read_all"), (None, "read_all")]
    assert Notification.objects.get(pk=n.pk).read_at is None


def test_the_anonymous_are_not_asked_to_take_a_collection_step(api_anon):
    assert api_anon.post("/api/v1/notifications/read-all/").status_code == 401


def test_the_page_says_what_the_collection_step_did(client, teacher):
    NotificationFactory.create_batch(2, recipient=teacher)
    client.force_login(teacher)
    r = client.post(reverse("notifications:read_all"), {"next": "https://evil.example/"}, follow=True)
    assert r.redirect_chain[0][0] == reverse("notifications:list")  # a foreign next is not followed
    texts = [str(m) for m in r.context["messages"]]
    assert len(texts) == 1 and "2" in texts[0]
    r = client.post(reverse("notifications:read_all"), follow=True)
    assert [str(m) for m in r.context["messages"]] != texts  # nothing left to mark: another text


def test_a_row_step_at_the_collection_address_and_the_reverse_are_404(client, teacher):
    n = NotificationFactory(recipient=teacher)
    client.force_login(teacher)
    assert client.post(reverse("notifications:action", args=[n.pk, "read-all"])).status_code == 404
    assert client.post(reverse("notifications:action", args=[n.pk, "read"])).status_code == 302
    assert Notification.objects.get(pk=n.pk).read_at is not None


def test_the_schema_documents_the_collection_step(api_admin):
    op = api_admin.get("/api/schema/", {"format": "json"}).json()["paths"]["/api/v1/notifications/read-all/"]["post"]
    assert "requestBody" not in op
    schema = op["responses"]["200"]["content"]["application/json"]["schema"]
    assert schema["$ref"].endswith("/MarkAllRead")


def test_the_buttons_of_the_collection_post_to_its_address(client, teacher):
    NotificationFactory(recipient=teacher)
    client.force_login(teacher)
    html = client.get(reverse("notifications:list")).content.decode()
    assert f'action="{reverse("notifications:read_all")}"' in html


def test_events_off_queues_nothing(enterprise_org, student, student2, enterprise_user,
                                   django_capture_on_commit_callbacks):
    from internships import services
    from tests.internships.factories import ApplicationFactory, PostingFactory

    posting = PostingFactory(enterprise=enterprise_org)
    queued = {}
    for enabled, who in ((True, student), (False, student2)):
        application = ApplicationFactory(posting=posting, student=who)
        with override_settings(IEI_EVENTS_ENABLED=enabled), django_capture_on_commit_callbacks() as callbacks:
            services.application_move(application=application, action="shortlist", by=enterprise_user)
        queued[enabled] = len(callbacks)
        application.refresh_from_db()
        assert application.status == "shortlisted"  # the step itself is the same either way
    assert queued[True] == queued[False] + 1  # the event's hand-off to the dispatcher, and nothing else
