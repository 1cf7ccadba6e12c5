"""The funding workflows declared once (funding/steps.py): API actions, the HTML step endpoints, the buttons."""
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from core.steps import table_for
from core.workflow import history_for
from funding import services
from funding.models import (
    Booking,
    Budget,
    Expenditure,
    FundingSource,
    Incentive,
    ProgramEvaluation,
    Standard,
    StandardVersion,
)
from funding.steps import (
    BOOKING_STEPS,
    BUDGET_STEPS,
    EXPENDITURE_STEPS,
    FUNDING_SOURCE_STEPS,
    INCENTIVE_STEPS,
    PROGRAM_EVALUATION_STEPS,
    STANDARD_STEPS,
)

from .factories import (
    BookingFactory,
    BudgetFactory,
    BudgetLineFactory,
    CriterionFactory,
    FundingSourceFactory,
    IncentiveFactory,
    OffCampusBaseFactory,
    StandardVersionFactory,
)

EVIL = "https://evil.example/"


def test_each_workflow_model_has_its_table():
    assert table_for(FundingSource) is FUNDING_SOURCE_STEPS
    assert table_for(Budget) is BUDGET_STEPS
    assert table_for(Expenditure) is EXPENDITURE_STEPS
    assert table_for(Booking) is BOOKING_STEPS
    assert table_for(Incentive) is INCENTIVE_STEPS
    assert table_for(Standard) is STANDARD_STEPS
    assert table_for(ProgramEvaluation) is PROGRAM_EVALUATION_STEPS


@pytest.mark.django_db
class TestApi:
    def test_the_schema_documents_the_bodies_the_steps_read(self, api_admin):
        paths = api_admin.get("/api/schema/", {"format": "json"}).json()["paths"]
        for path in ("/api/v1/funding-sources/{id}/reject/", "/api/v1/expenditures/{id}/void/",
                     "/api/v1/bookings/{id}/reject/", "/api/v1/bookings/{id}/cancel/",
                     "/api/v1/incentives/{id}/reject/", "/api/v1/standards/{id}/publish/"):
            assert "requestBody" in paths[path]["post"], path
        assert "requestBody" not in paths["/api/v1/budgets/{id}/approve/"]["post"]

    def test_a_note_is_validated_and_recorded(self, api_admin, admin_user):
        line = BudgetLineFactory()
        spent = services.expenditure_record(line=line, by=admin_user, spent_on=date(2026, 4, 1), payee="p",
                                            description="d", amount=Decimal("10"))
        r = api_admin.post(f"/api/v1/expenditures/{spent.pk}/void/", {"note": "x" * 1001}, format="json")
        assert r.status_code == 400 and "note" in r.json()["errors"]
        assert Expenditure.objects.get(pk=spent.pk).status == "recorded"  # nothing half-written
        r = api_admin.post(f"/api/v1/expenditures/{spent.pk}/void/", {"note": "重复报销"}, format="json")
        assert r.status_code == 200 and r.json()["status"] == "voided"
        assert history_for(spent).first().note == "重复报销"

    def test_budget_step_answers_with_the_totals_of_the_list(self, api_admin):
        budget = BudgetFactory(status="draft")
        BudgetLineFactory(budget=budget, amount=Decimal("250.00"))
        r = api_admin.post(f"/api/v1/budgets/{budget.pk}/approve/")
        assert r.status_code == 200
        assert r.json()["status"] == "approved" and r.json()["total_amount"] == "250.00"

    def test_publish_names_a_version_of_this_standard(self, api_admin):
        v = StandardVersionFactory()
        other = StandardVersionFactory()
        url = f"/api/v1/standards/{v.standard_id}/publish/"
        assert api_admin.post(url, {}, format="json").status_code == 400
        assert api_admin.post(url, {"version": other.pk}, format="json").status_code == 404
        r = api_admin.post(url, {"version": v.pk}, format="json")
        assert r.status_code == 200 and r.json() == {**r.json(), "id": v.pk, "status": "published"}
        assert StandardVersion.objects.get(pk=other.pk).status == "draft"


@pytest.mark.django_db
class TestButtons:
    def test_booking_buttons_follow_status_and_policy(self, admin_user, teacher, student, enterprise_user,
                                                      enterprise_org):
        b = BookingFactory(booked_by=student, status="pending", base=OffCampusBaseFactory(host=enterprise_org),
                           equipment=None)
        assert [s.name for s in BOOKING_STEPS.allowed(b, student)] == ["cancel"]
        assert [s.name for s in BOOKING_STEPS.allowed(b, enterprise_user)] == ["approve", "reject"]
        assert [s.name for s in BOOKING_STEPS.allowed(b, admin_user)] == ["approve", "reject", "cancel"]
        assert BOOKING_STEPS.allowed(b, teacher) == []
        b.status = "approved"
        assert [s.name for s in BOOKING_STEPS.allowed(b, admin_user)] == ["cancel"]

    def test_incentive_buttons(self, admin_user, student):
        i = IncentiveFactory(kind="scholarship", recipient_user=student, status="approved")
        assert [s.name for s in INCENTIVE_STEPS.allowed(i, admin_user)] == ["award", "reject"]
        assert INCENTIVE_STEPS.allowed(i, student) == []

    def test_budget_page_shows_the_steps_of_the_status(self, web, admin_user):
        budget = BudgetFactory(status="draft")
        c = web.login_as(admin_user)
        page = c.get(reverse("funding:budget_detail", args=[budget.pk])).content.decode()
        assert reverse("funding:budget_action", args=[budget.pk, "approve"]) in page
        assert reverse("funding:budget_action", args=[budget.pk, "close"]) not in page

    def test_source_list_offers_confirm_only_on_pending(self, web, admin_user, enterprise_org):
        pending = FundingSourceFactory(kind="enterprise_cash", funder=enterprise_org, status="pending")
        done = FundingSourceFactory(status="confirmed")
        page = web.login_as(admin_user).get(reverse("funding:source_list")).content.decode()
        assert reverse("funding:source_action", args=[pending.pk, "confirm"]) in page
        assert reverse("funding:source_action", args=[done.pk, "confirm"]) not in page

    def test_evaluation_submit_button_for_its_evaluator_only(self, web, association_user, admin_user, program):
        crit = CriterionFactory()
        ev = services.program_evaluation_save(by=association_user, program=program, year=2026,
                                              scores={crit.pk: Decimal(90)})
        url = reverse("funding:evaluation_action", args=[ev.pk, "submit"])
        assert url in web.login_as(association_user).get(reverse("funding:evaluation_list")).content.decode()
        assert url in web.get(reverse("funding:evaluation_detail", args=[ev.pk])).content.decode()
        assert url not in web.login_as(admin_user).get(reverse("funding:evaluation_list")).content.decode()

    def test_standard_page_publishes_a_draft_through_the_step(self, web, association_user, association_org,
                                                              teacher):
        v = StandardVersionFactory(standard__association=association_org)
        c = web.login_as(association_user)
        url = reverse("funding:standard_detail", args=[v.standard_id])
        action = reverse("funding:standard_action", args=[v.standard_id, "publish"])
        assert action in c.get(url).content.decode()
        r = c.post(action, {"version": v.pk})
        assert r.status_code == 302 and r["Location"] == url
        assert StandardVersion.objects.get(pk=v.pk).status == "published"
        assert action not in c.get(url).content.decode()  # nothing left to publish
        assert web.login_as(teacher).post(action, {"version": v.pk}).status_code == 403


@pytest.mark.django_db
class TestStepPages:
    def test_every_step_route_redirects_only_on_site(self, web, admin_user, student, association_user, program):
        line = BudgetLineFactory()
        spent = services.expenditure_record(line=line, by=admin_user, spent_on=date(2026, 4, 1), payee="p",
                                            description="d", amount=Decimal("1"))
        crit = CriterionFactory()
        ev = services.program_evaluation_save(by=association_user, program=program, year=2026,
                                              scores={crit.pk: Decimal(70)})
        source = FundingSourceFactory(status="pending")
        cases = [
            (admin_user, reverse("funding:source_confirm", args=[source.pk]), reverse("funding:source_list")),
            (admin_user, reverse("funding:budget_action", args=[BudgetFactory(status="draft").pk, "approve"]),
             None),
            (admin_user, reverse("funding:expenditure_void", args=[spent.pk]),
             reverse("funding:budget_detail", args=[line.budget_id])),
            (student, reverse("funding:booking_action", args=[BookingFactory(booked_by=student).pk, "cancel"]),
             reverse("funding:booking_list")),
            (admin_user, reverse("funding:incentive_action", args=[
                IncentiveFactory(kind="scholarship", recipient_user=student).pk, "approve"]),
             reverse("funding:incentive_list")),
            (association_user, reverse("funding:evaluation_submit", args=[ev.pk]),
             reverse("funding:evaluation_detail", args=[ev.pk])),
        ]
        for user, url, home in cases:
            r = web.login_as(user).post(url, {"next": EVIL})
            assert r.status_code == 302 and r["Location"].startswith("/"), url
            if home:
                assert r["Location"] == home, url
        assert FundingSource.objects.get(pk=source.pk).status == "confirmed"
        assert Expenditure.objects.get(pk=spent.pk).status == "voided"
        assert ProgramEvaluation.objects.get(pk=ev.pk).status == "submitted"

    def test_a_local_next_is_honoured_and_a_refusal_is_a_message(self, web, admin_user, student):
        i = IncentiveFactory(kind="scholarship", recipient_user=student)  # nominated: cannot be awarded yet
        c = web.login_as(admin_user)
        url = reverse("funding:incentive_action", args=[i.pk, "award"])
        r = c.post(url, {"next": "/funding/incentives/?year=2026"}, follow=True)
        assert r.redirect_chain[0][0] == "/funding/incentives/?year=2026"
        assert any(m.level_tag == "error" for m in r.context["messages"])
        assert Incentive.objects.get(pk=i.pk).status == "nominated"

    def test_unknown_step_404_and_get_405(self, web, admin_user):
        budget = BudgetFactory(status="draft")
        c = web.login_as(admin_user)
        assert c.post(reverse("funding:budget_action", args=[budget.pk, "teleport"])).status_code == 404
        assert c.get(reverse("funding:budget_action", args=[budget.pk, "approve"])).status_code == 405

    def test_roles_gate_before_the_row(self, web, teacher, student):
        budget = BudgetFactory(status="draft")
        assert web.login_as(teacher).post(reverse("funding:budget_action", args=[budget.pk, "approve"])
                                          ).status_code == 403
        i = IncentiveFactory(kind="scholarship", recipient_user=student)
        assert web.login_as(student).post(reverse("funding:incentive_action", args=[i.pk, "approve"])
                                          ).status_code == 403
        assert Budget.objects.get(pk=budget.pk).status == "draft"
