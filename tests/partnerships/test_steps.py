"""The collaboration workflow declared once (partnerships/steps.py): pages, buttons, events and the rules
that must hold on every path (issue 17; issue 18 item 10)."""
import datetime as dt

import pytest
from django.urls import reverse

from accounts.choices import Role
from core import events
from core.events import subscribe
from core.steps import table_for
from partnerships import services
from partnerships.forms import EnrollForm
from partnerships.models import Agreement, ContactLog, Enrollment, IndustryProject, OrderClass, ProjectMilestone
from partnerships.steps import AGREEMENT_STEPS, CONTACT_STEPS, ORDER_CLASS_STEPS, PROJECT_STEPS
from tests.accounts.factories import make_member
from tests.partnerships.factories import ContactLogFactory, EnterpriseFactory, IndustryProjectFactory

TODAY = dt.date.today()
SEEN: list = []


def _seen(event):
    SEEN.append(event)


@pytest.fixture
def seen(monkeypatch):
    """The partnerships events emitted in the test, delivered inline once the block's work commits."""
    SEEN.clear()
    monkeypatch.setattr(events, "_subscriptions", [])
    subscribe("partnerships.*", _seen, inline=True)
    yield SEEN
    SEEN.clear()


@pytest.fixture
def order_class(make_agreement, enterprise_org):
    a = make_agreement(status="active", kind="order_class")
    return services.order_class_create(by=None, agreement=a, name="AIGC订单班", cohort_year=2025, quota=3,
                                       hiring_commitment=1, graduation_date=TODAY + dt.timedelta(days=300))


def test_each_model_has_its_table():
    assert table_for(Agreement) is AGREEMENT_STEPS
    assert table_for(OrderClass) is ORDER_CLASS_STEPS
    assert table_for(IndustryProject) is PROJECT_STEPS
    assert table_for(ContactLog) is CONTACT_STEPS


@pytest.mark.django_db
def test_the_schema_documents_the_steps_bodies_and_answers(api_admin):
    paths = api_admin.get("/api/schema/", {"format": "json"}).json()["paths"]
    for path in ("/api/v1/agreements/{id}/return/", "/api/v1/agreements/{id}/sign/",
                 "/api/v1/order-classes/{id}/record-outcome/", "/api/v1/industry-projects/{id}/join/"):
        op = paths[path]["post"]
        assert "requestBody" in op, path
        assert "content" in op["responses"]["200"], path  # the fresh row, not "no response body"
    assert "content" in paths["/api/v1/industry-projects/{id}/milestones/"]["post"]["responses"]["201"]


# --- buttons follow the status and the policy --------------------------------------------------------

@pytest.mark.django_db
def test_agreement_buttons_follow_status_and_policy(make_agreement, admin_user, teacher):
    a = make_agreement()
    assert [s.name for s in AGREEMENT_STEPS.allowed(a, admin_user)] == ["submit"]
    assert AGREEMENT_STEPS.allowed(a, teacher) == []
    a.status = "under_review"
    assert [s.name for s in AGREEMENT_STEPS.allowed(a, admin_user)] == ["approve", "return_to_draft"]
    assert AGREEMENT_STEPS.may_now(a, admin_user, "sign") and not AGREEMENT_STEPS.may_now(a, teacher, "sign")
    a.status = "active"
    assert [s.name for s in AGREEMENT_STEPS.allowed(a, admin_user)] == ["amend", "renew"]
    assert AGREEMENT_STEPS.may_now(a, admin_user, "terminate")


@pytest.mark.django_db
def test_agreement_page_shows_the_declared_buttons(web, admin_user, make_agreement):
    a = make_agreement(status="under_review")
    page = web.login_as(admin_user).get(reverse("partnerships:agreement_detail", args=[a.pk])).content.decode()
    assert reverse("partnerships:agreement_action", args=[a.pk, "approve"]) in page
    assert reverse("partnerships:agreement_action", args=[a.pk, "return_to_draft"]) in page
    assert reverse("partnerships:agreement_action", args=[a.pk, "submit"]) not in page
    assert reverse("partnerships:agreement_delete", args=[a.pk]) not in page  # not a draft any more


# --- the HTML step endpoints ------------------------------------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("step", ["amend", "renew"])
def test_amend_and_renew_go_to_the_new_draft(web, admin_user, make_agreement, step):
    a = make_agreement(status="active")
    r = web.login_as(admin_user).post(reverse("partnerships:agreement_action", args=[a.pk, step]),
                                      {"next": reverse("partnerships:agreement_detail", args=[a.pk])})
    new = Agreement.objects.get(previous=a)
    assert r.status_code == 302 and r["Location"] == reverse("partnerships:agreement_detail", args=[new.pk])
    page = web.get(r["Location"])
    assert new.code in " ".join(str(m) for m in page.context["messages"])


@pytest.mark.django_db
def test_return_to_draft_records_the_note_from_the_page(web, admin_user, make_agreement):
    from core.workflow import history_for

    a = make_agreement(status="under_review")
    r = web.login_as(admin_user).post(reverse("partnerships:agreement_action", args=[a.pk, "return_to_draft"]),
                                      {"note": "缺少盖章页"})
    assert r.status_code == 302
    assert Agreement.objects.get(pk=a.pk).status == "draft" and history_for(a).first().note == "缺少盖章页"


@pytest.mark.django_db
def test_delete_draft_from_the_page(web, admin_user, enterprise_user, make_agreement):
    a = make_agreement()
    url = reverse("partnerships:agreement_action", args=[a.pk, "delete"])
    assert url == reverse("partnerships:agreement_delete", args=[a.pk])  # the same address as before
    assert web.login_as(enterprise_user).post(url).status_code == 403  # a party reads it, the college deletes
    r = web.login_as(admin_user).post(url)
    assert r.status_code == 302 and r["Location"] == reverse("partnerships:agreement_list")
    assert not Agreement.objects.filter(pk=a.pk).exists()


@pytest.mark.django_db
def test_an_unknown_step_is_a_404(web, admin_user, make_agreement):
    a = make_agreement()
    assert web.login_as(admin_user).post(
        reverse("partnerships:agreement_action", args=[a.pk, "teleport"])).status_code == 404


@pytest.mark.django_db
def test_order_class_steps_from_the_page(web, admin_user, enterprise_user, order_class, student, student2):
    c = web.login_as(admin_user)
    url = lambda step: reverse("partnerships:orderclass_action", args=[order_class.pk, step])  # noqa: E731
    assert c.post(url("enroll"), {"student": student.pk}).status_code == 302
    assert c.post(url("enroll"), {"student": student2.pk}).status_code == 302
    e1, e2 = Enrollment.objects.filter(order_class=order_class).order_by("id")
    page = c.get(reverse("partnerships:orderclass_detail", args=[order_class.pk]))
    assert {e.pk: (w, rec) for e, w, rec in page.context["rows"]} == {e1.pk: (True, False), e2.pk: (True, False)}
    assert c.post(url("withdraw"), {"enrollment": e2.pk}).status_code == 302
    assert Enrollment.objects.get(pk=e2.pk).status == "withdrawn"
    OrderClass.objects.filter(pk=order_class.pk).update(graduation_date=TODAY)
    assert c.post(url("graduate")).status_code == 302
    assert Enrollment.objects.get(pk=e1.pk).status == "graduated"
    # The enterprise records whom it hired; the buttons are there for it, the enrolment named in the form.
    ent = web.login_as(enterprise_user)
    page = ent.get(reverse("partnerships:orderclass_detail", args=[order_class.pk]))
    assert {e.pk: (w, rec) for e, w, rec in page.context["rows"]} == {e1.pk: (False, True), e2.pk: (False, False)}
    r = ent.post(url("record_outcome"), {"enrollment": e1.pk, "hired": "true"})
    assert r.status_code == 302 and Enrollment.objects.get(pk=e1.pk).outcome == "hired"
    assert ent.post(url("withdraw"), {"enrollment": e1.pk}).status_code == 403
    other = Enrollment.objects.exclude(order_class=order_class).first()
    assert other is None or ent.post(url("record_outcome"), {"enrollment": other.pk, "hired": "true"}) \
        .status_code == 404


@pytest.mark.django_db
def test_project_steps_from_the_page(web, enterprise_user, teacher, student, enterprise_org):
    p = IndustryProjectFactory(enterprise=enterprise_org, status="draft", start_date=TODAY,
                               end_date=TODAY + dt.timedelta(days=90))
    url = lambda step: reverse("partnerships:project_action", args=[p.pk, step])  # noqa: E731
    ent = web.login_as(enterprise_user)
    page = ent.get(reverse("partnerships:project_detail", args=[p.pk]))
    assert [s.name for s in page.context["steps"]] == ["publish"]
    assert ent.post(url("publish")).status_code == 302
    r = ent.post(url("milestones"), {"title": "剧本初稿", "due_date": str(TODAY + dt.timedelta(days=30))})
    assert r.status_code == 302
    m = ProjectMilestone.objects.get(project=p)

    t = web.login_as(teacher)
    assert t.get(reverse("partnerships:project_detail", args=[p.pk])).context["can_join"]
    assert t.post(url("join"), {"role": "lead_teacher"}).status_code == 302
    page = t.get(reverse("partnerships:project_detail", args=[p.pk]))
    assert not page.context["can_join"] and page.context["can_leave"]
    ent = web.login_as(enterprise_user)
    assert ent.post(url("start")).status_code == 302
    assert IndustryProject.objects.get(pk=p.pk).status == "in_progress"
    r = ent.post(reverse("partnerships:project_milestone_complete", args=[p.pk]), {"milestone": m.pk})
    assert r.status_code == 302 and ProjectMilestone.objects.get(pk=m.pk).completed_on == TODAY
    assert ent.post(reverse("partnerships:project_milestone_complete", args=[p.pk]),
                    {"milestone": "x"}).status_code == 404  # never a 500

    s = web.login_as(student)
    assert s.post(url("join"), {"role": "student"}).status_code == 302
    assert s.post(url("leave")).status_code == 302
    assert not p.members.filter(user=student).exists()
    assert s.post(url("publish")).status_code == 403  # the enterprise's and the college's step


@pytest.mark.django_db
def test_only_the_college_adds_someone_else_to_a_project(api_student, api_admin, student2, enterprise_org):
    p = IndustryProjectFactory(enterprise=enterprise_org, status="open")
    r = api_student.post(f"/api/v1/industry-projects/{p.pk}/join/", {"role": "student", "user": student2.pk})
    assert r.status_code == 403 and not p.members.exists()
    r = api_admin.post(f"/api/v1/industry-projects/{p.pk}/join/", {"role": "student", "user": student2.pk})
    assert r.status_code == 201 and r.json()["members"][0]["user"] == student2.pk


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_follow_up_never_redirects_off_site(web, teacher, enterprise_org, target):
    log = ContactLogFactory(enterprise=enterprise_org, recorded_by=teacher, follow_up_on=TODAY)
    r = web.login_as(teacher).post(reverse("partnerships:contact_follow_up", args=[log.pk]), {"next": target})
    assert r.status_code == 302 and r["Location"] == reverse("partnerships:contact_list")
    assert ContactLog.objects.get(pk=log.pk).follow_up_done_at is not None


@pytest.mark.django_db
def test_follow_up_honours_a_local_next_and_offers_the_button_while_pending(web, teacher, enterprise_org):
    log = ContactLogFactory(enterprise=enterprise_org, recorded_by=teacher, follow_up_on=TODAY)
    c = web.login_as(teacher)
    assert c.get(reverse("partnerships:contact_list")).context["rows"] == [(log, True)]
    r = c.post(reverse("partnerships:contact_follow_up", args=[log.pk]), {"next": "/partnerships/contacts/?page=1"})
    assert r["Location"] == "/partnerships/contacts/?page=1"
    assert c.get(reverse("partnerships:contact_list")).context["rows"] == [(log, False)]  # done: no button


# --- events ------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_agreement_creation_and_signing_are_announced(seen, django_capture_on_commit_callbacks, admin_user,
                                                      college, enterprise_org):
    with django_capture_on_commit_callbacks(execute=True):
        a = services.agreement_create(by=admin_user, title="框架协议", kind="general", parties=[enterprise_org],
                                      start_date=TODAY, end_date=TODAY + dt.timedelta(days=365))
    assert [(e.name, e.object_id, e.actor_id) for e in seen] == [("partnerships.agreement.created", a.pk,
                                                                  admin_user.pk)]
    seen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.agreement_submit(agreement=a, by=admin_user)
        services.agreement_sign(agreement=a, by=admin_user, method="electronic")
        services.agreement_approve(agreement=a, by=admin_user)
    assert [e.name for e in seen] == ["partnerships.agreement.under_review", "partnerships.agreement.signed",
                                      "partnerships.agreement.active"]
    seen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        new = services.agreement_amend(agreement=a, by=admin_user)
    assert [(e.name, e.object_id, e.data["relation"]) for e in seen] == [
        ("partnerships.agreement.created", new.pk, "amendment")]


@pytest.mark.django_db
def test_cohort_project_and_contact_steps_are_announced(seen, django_capture_on_commit_callbacks, order_class,
                                                        admin_user, student, teacher, enterprise_org):
    p = IndustryProjectFactory(enterprise=enterprise_org, status="open")
    log = ContactLogFactory(enterprise=enterprise_org, recorded_by=teacher, follow_up_on=TODAY)
    with django_capture_on_commit_callbacks(execute=True):
        enrolment = services.order_class_enroll(order_class=order_class, student=student, by=admin_user)
        services.project_join(project=p, user=teacher, role="lead_teacher", by=teacher)
        services.contact_log_complete_follow_up(log=log, by=teacher)
    assert [e.name for e in seen] == ["partnerships.enrollment.enrolled", "partnerships.industryproject.joined",
                                      "partnerships.contactlog.follow_up_done"]
    Enrollment.objects.filter(pk=enrolment.pk).update(status="graduated")
    seen.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.enrollment_record_outcome(enrollment=enrolment, by=admin_user, hired=True)
    assert [(ev.name, ev.data) for ev in seen] == [("partnerships.enrollment.outcome_recorded", {"outcome": "hired"})]


def test_every_event_a_service_emits_is_declared():
    """emit() refuses an undeclared name at run time; this finds one before any step runs into it."""
    import re
    from pathlib import Path

    import partnerships

    source = (Path(partnerships.__file__).parent / "services.py").read_text()
    names = set(re.findall(r'emit\("([a-z_.]+)"', source))
    assert names and names <= set(events.catalogue())


# --- issue 18 item 10: who sees the partnership health, whose role is in force ----------------------

@pytest.mark.django_db
def test_students_never_see_health_scores(web, api_student, student, teacher, enterprise_org):
    EnterpriseFactory()
    r = web.login_as(student).get(reverse("partnerships:enterprise_list"))
    assert r.status_code == 200
    assert not r.context["show_health"] and all(h is None for _, h in r.context["rows"])
    assert api_student.get(f"/api/v1/enterprises/{enterprise_org.pk}/health/").status_code == 403
    detail = web.login_as(student).get(reverse("partnerships:enterprise_detail", args=[enterprise_org.pk]))
    assert "health" not in detail.context
    # the college's staff see the score in the list as on the page
    r = web.login_as(teacher).get(reverse("partnerships:enterprise_list"))
    assert r.context["show_health"] and all(h is not None for _, h in r.context["rows"])


@pytest.mark.django_db
def test_a_student_whose_membership_is_not_in_force_is_not_enrolled(order_class, department, api_admin):
    from django.core.exceptions import ValidationError

    from accounts.models import Organization

    lapsed_org = Organization.objects.create(kind=department.kind, name="已撤销系", parent=department.parent,
                                             is_active=False)
    lapsed = make_member(Role.STUDENT, lapsed_org)
    assert lapsed not in EnrollForm().fields["student"].queryset
    with pytest.raises(ValidationError):
        services.order_class_enroll(order_class=order_class, student=lapsed, by=None)
    assert api_admin.post(f"/api/v1/order-classes/{order_class.pk}/enroll/", {"student": lapsed.pk}).status_code == 400
