"""Issue 17 for faculty: each workflow step declared once (faculty/steps.py), events on commit."""
import pytest
from django.urls import reverse

from core import events
from core.events import subscribe
from faculty import services
from faculty.choices import PlacementStatus
from faculty.models import TeacherPlacement
from faculty.steps import PLACEMENT_STEPS
from tests.faculty.factories import TeacherPlacementFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/teacher-placements/"
SEEN: list = []


def _record(event) -> None:
    SEEN.append(event)


@pytest.fixture
def seen(monkeypatch):
    """The faculty events a test emits, delivered inline after each commit."""
    SEEN.clear()
    monkeypatch.setattr(events, "_subscriptions", [])
    subscribe("faculty.*", _record, inline=True)
    yield SEEN
    SEEN.clear()


@pytest.fixture
def profile(teacher):
    return services.teacher_profile_ensure(user=teacher)


def test_creation_and_steps_emit_events(api_teacher, api_enterprise, teacher, enterprise_user, enterprise_org, seen,
                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = api_teacher.post(URL, {"host": enterprise_org.pk, "start_date": "2025-07-01", "end_date": "2025-07-31",
                                   "days": 22, "role": "虚拟拍摄技术指导"})
    assert r.status_code == 201
    pk = r.json()["id"]
    assert [(e.name, e.object_id, e.actor_id) for e in seen] == [("faculty.teacherplacement.created", pk, teacher.pk)]
    with django_capture_on_commit_callbacks(execute=True):
        assert api_teacher.post(f"{URL}{pk}/submit/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        r = api_enterprise.post(f"{URL}{pk}/confirm/", {"note": "核实考勤"})
    assert r.status_code == 200 and r.json()["status"] == "confirmed"
    assert [e.name for e in seen][1:] == ["faculty.teacherplacement.submitted", "faculty.teacherplacement.confirmed"]
    assert seen[-1].actor_id == enterprise_user.pk


def test_a_refused_step_emits_nothing(api_teacher, profile, enterprise_org, seen, django_capture_on_commit_callbacks):
    p = TeacherPlacementFactory(teacher=profile, host=enterprise_org, status=PlacementStatus.COUNTED)
    with django_capture_on_commit_callbacks(execute=True):
        assert api_teacher.post(f"{URL}{p.pk}/submit/").status_code == 409
    assert seen == []


def test_schema_documents_the_bodies_the_steps_read():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]

    def body(step):
        content = paths[f"{URL}{{id}}/{step}/"]["post"].get("requestBody", {}).get("content", {})
        return content.get("application/json", {}).get("schema", {}).get("$ref", "")

    assert "/ReasonInput" in body("return")
    assert "/NoteInput" in body("confirm")
    # Deleting a draft is the DELETE method, not a step: no POST .../delete/ in the API.
    assert f"{URL}{{id}}/delete/" not in paths


def test_page_buttons_come_from_the_table(web, teacher, enterprise_user, profile, enterprise_org):
    p = TeacherPlacementFactory(teacher=profile, host=enterprise_org)
    detail = reverse("faculty:placement_detail", args=[p.pk])
    page = web.login_as(teacher).get(detail).content.decode()
    assert reverse("faculty:placement_action", args=[p.pk, "submit"]) in page
    assert reverse("faculty:placement_delete", args=[p.pk]) in page
    TeacherPlacement.objects.filter(pk=p.pk).update(status=PlacementStatus.SUBMITTED)
    page = web.login_as(teacher).get(detail).content.decode()
    assert reverse("faculty:placement_action", args=[p.pk, "submit"]) not in page
    page = web.login_as(enterprise_user).get(detail).content.decode()
    assert reverse("faculty:placement_action", args=[p.pk, "confirm"]) in page
    assert reverse("faculty:placement_action", args=[p.pk, "return_"]) in page
    p.refresh_from_db()
    assert [s.name for s in PLACEMENT_STEPS.allowed(p, teacher)] == []
    assert [s.name for s in PLACEMENT_STEPS.allowed(p, enterprise_user)] == ["confirm"]


def test_step_page_ignores_an_external_next(web, teacher, profile, enterprise_org):
    p = TeacherPlacementFactory(teacher=profile, host=enterprise_org)
    r = web.login_as(teacher).post(reverse("faculty:placement_action", args=[p.pk, "submit"]),
                                   {"next": "https://evil.example.com/phish"})
    assert r.status_code == 302 and r["Location"] == reverse("faculty:placement_detail", args=[p.pk])
    p.refresh_from_db()
    assert p.status == PlacementStatus.SUBMITTED


def test_unknown_step_404_and_delete_page(web, teacher, profile, enterprise_org):
    p = TeacherPlacementFactory(teacher=profile, host=enterprise_org)
    c = web.login_as(teacher)
    assert c.post(reverse("faculty:placement_action", args=[p.pk, "publish"])).status_code == 404
    r = c.post(reverse("faculty:placement_delete", args=[p.pk]))
    assert r.status_code == 302 and r["Location"] == reverse("faculty:portfolio")
    assert not TeacherPlacement.objects.filter(pk=p.pk).exists()


def test_return_from_the_page_needs_a_reason(web, enterprise_user, profile, enterprise_org):
    p = TeacherPlacementFactory(teacher=profile, host=enterprise_org, status=PlacementStatus.SUBMITTED)
    c = web.login_as(enterprise_user)
    r = c.post(reverse("faculty:placement_action", args=[p.pk, "return_"]), {"reason": ""}, follow=True)
    assert [m for m in r.context["messages"] if m.level_tag == "error"]
    p.refresh_from_db()
    assert p.status == PlacementStatus.SUBMITTED
    c.post(reverse("faculty:placement_action", args=[p.pk, "return_"]), {"reason": "缺少考勤记录"})
    p.refresh_from_db()
    assert p.status == PlacementStatus.RETURNED and p.return_reason == "缺少考勤记录"
