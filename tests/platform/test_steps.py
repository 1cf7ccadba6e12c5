"""Workflow steps declared once (core/steps.py): API actions, the HTML step endpoint and the buttons."""
import pytest
from django.urls import reverse

from core.steps import table_for
from internships.models import Application, Posting
from internships.steps import APPLICATION_STEPS, POSTING_STEPS
from tests.internships.factories import ApplicationFactory, PostingFactory


@pytest.fixture
def draft(enterprise_org):
    return PostingFactory(enterprise=enterprise_org, status="draft")


def test_a_table_is_found_by_its_model():
    assert table_for(Posting) is POSTING_STEPS
    assert table_for(Application) is APPLICATION_STEPS


@pytest.mark.django_db
def test_the_api_action_comes_from_the_table_and_answers_with_the_fresh_row(api_enterprise, draft):
    r = api_enterprise.post(f"/api/v1/postings/{draft.pk}/publish/")
    assert r.status_code == 200, r.content
    assert r.json()["id"] == draft.pk and r.json()["status"] in ("published", "pending_approval")


@pytest.mark.django_db
def test_a_step_input_is_validated_with_a_400_naming_the_field(api_admin, enterprise_org):
    posting = PostingFactory(enterprise=enterprise_org, status="pending_approval")
    r = api_admin.post(f"/api/v1/postings/{posting.pk}/return-to-draft/", {"note": "x" * 1001}, format="json")
    assert r.status_code == 400
    assert "note" in r.json()["errors"]
    assert Posting.objects.get(pk=posting.pk).status == "pending_approval"  # nothing half-written


@pytest.mark.django_db
def test_the_documented_note_is_recorded(api_admin, enterprise_org):
    from core.workflow import history_for

    posting = PostingFactory(enterprise=enterprise_org, status="pending_approval")
    r = api_admin.post(f"/api/v1/postings/{posting.pk}/return-to-draft/", {"note": "缺少保险说明"}, format="json")
    assert r.status_code == 200
    assert history_for(posting).first().note == "缺少保险说明"


@pytest.mark.django_db
def test_the_schema_documents_step_bodies(api_admin):
    schema = api_admin.get("/api/schema/", {"format": "json"}).json()
    op = schema["paths"]["/api/v1/postings/{id}/return-to-draft/"]["post"]
    assert "requestBody" in op


@pytest.mark.django_db
def test_buttons_follow_status_and_policy(rf, enterprise_user, student, enterprise_org):
    app = ApplicationFactory(posting=PostingFactory(enterprise=enterprise_org), student=student, status="offered")
    assert [s.name for s in APPLICATION_STEPS.allowed(app, student)] == ["accept", "decline"]
    assert [s.name for s in APPLICATION_STEPS.allowed(app, enterprise_user)] == ["reject"]
    app.status = "submitted"
    assert [s.name for s in APPLICATION_STEPS.allowed(app, student)] == ["withdraw"]


@pytest.mark.django_db
def test_the_html_step_endpoint_runs_the_service_and_refuses_what_the_policy_refuses(client, enterprise_user,
                                                                                      student, enterprise_org):
    app = ApplicationFactory(posting=PostingFactory(enterprise=enterprise_org), student=student, status="submitted")
    url = reverse("internships:application_action", args=[app.pk, "offer"])
    client.force_login(student)
    assert client.post(url).status_code == 403  # a student does not make offers
    client.force_login(enterprise_user)
    r = client.post(url)
    assert r.status_code == 302 and r["Location"] == reverse("internships:application_list")
    assert Application.objects.get(pk=app.pk).status == "offered"
    assert client.post(reverse("internships:application_action", args=[app.pk, "teleport"])).status_code == 404


@pytest.mark.django_db
def test_a_refused_step_is_a_message_not_an_error(client, enterprise_user, student, enterprise_org):
    app = ApplicationFactory(posting=PostingFactory(enterprise=enterprise_org), student=student, status="declined")
    client.force_login(enterprise_user)
    r = client.post(reverse("internships:application_action", args=[app.pk, "offer"]), follow=True)
    assert r.status_code == 200
    assert any(m.level_tag == "error" for m in r.context["messages"])
    assert Application.objects.get(pk=app.pk).status == "declined"


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_a_step_never_redirects_off_site(client, enterprise_user, student, enterprise_org, target):
    app = ApplicationFactory(posting=PostingFactory(enterprise=enterprise_org), student=student, status="submitted")
    client.force_login(enterprise_user)
    r = client.post(reverse("internships:application_action", args=[app.pk, "shortlist"]), {"next": target})
    assert r.status_code == 302 and r["Location"] == reverse("internships:application_list")
    r = client.post(reverse("internships:application_action", args=[app.pk, "offer"]), {"next": "/internships/x/"})
    assert r["Location"] == "/internships/x/"  # a local next is honoured
