from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from funding import services
from funding.choices import BudgetStatus, SourceKind
from funding.models import BudgetLine, Expenditure

from .factories import BudgetFactory, BudgetLineFactory, FundingSourceFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def spend(api, line, amount, **extra):
    data = {"line": line.pk, "spent_on": "2026-04-01", "payee": "北京渲染科技有限公司",
            "description": "渲染节点租赁", "amount": str(amount), **extra}
    return api.post("/api/v1/expenditures/", data, format="json")


@pytest.mark.django_db
class TestExpenditures:
    def test_spending_within_line_and_execution_rate(self, api_admin):
        line = BudgetLineFactory(amount=Decimal("1000.00"))
        assert spend(api_admin, line, "300.10").status_code == 201
        assert spend(api_admin, line, "0.20").status_code == 201
        line.refresh_from_db()
        assert line.spent == Decimal("300.30")  # Decimal, no float drift
        assert line.execution_rate == Decimal("30.03")
        body = api_admin.get(f"/api/v1/budgets/{line.budget_id}/").json()
        assert Decimal(body["total_spent"]) == Decimal("300.30")
        assert Decimal(body["execution_rate"]) == Decimal("30.03")

    def test_overspend_refused_409(self, api_admin):
        line = BudgetLineFactory(amount=Decimal("1000.00"))
        assert spend(api_admin, line, "999.99").status_code == 201
        r = spend(api_admin, line, "0.02")
        assert r.status_code == 409 and r.json()["code"] == "overspend"
        line.refresh_from_db()
        assert line.spent == Decimal("999.99")
        assert spend(api_admin, line, "0.01").status_code == 201  # exactly the limit is fine

    def test_override_with_reason_by_admin(self, api_admin, admin_user):
        line = BudgetLineFactory(amount=Decimal("1000.00"))
        r = spend(api_admin, line, "1200.00", override_reason="LED 屏故障紧急维修，校长办公会批准")
        assert r.status_code == 201
        assert Decimal(r.json()["override_amount"]) == Decimal("200.00")
        line.refresh_from_db()
        assert line.spent == Decimal("1200.00") and line.override_allowance == Decimal("200.00")
        assert line.execution_rate == Decimal("120.00")
        exp = Expenditure.objects.get()
        assert exp.history.count() == 1 and line.history.count() >= 2  # audited

    def test_override_without_reason_refused(self, api_admin):
        line = BudgetLineFactory(amount=Decimal("10.00"))
        assert spend(api_admin, line, "11.00", override_reason="  ").status_code == 409

    def test_database_refuses_overspend_even_outside_the_service(self):
        line = BudgetLineFactory(amount=Decimal("10.00"))
        with pytest.raises(IntegrityError), transaction.atomic():
            BudgetLine.objects.filter(pk=line.pk).update(spent=Decimal("10.01"))

    def test_draft_budget_refuses_spending(self, api_admin):
        line = BudgetLineFactory(budget=BudgetFactory(status=BudgetStatus.DRAFT))
        assert spend(api_admin, line, "1.00").status_code == 409

    def test_void_returns_money_and_second_void_409(self, api_admin):
        line = BudgetLineFactory(amount=Decimal("100.00"))
        eid = spend(api_admin, line, "60.00").json()["id"]
        assert api_admin.post(f"/api/v1/expenditures/{eid}/void/").status_code == 200
        line.refresh_from_db()
        assert line.spent == Decimal("0.00")
        assert api_admin.post(f"/api/v1/expenditures/{eid}/void/").status_code == 409

    @pytest.mark.parametrize("amount", ["-5", "0", "abc", "1.234"])
    def test_bad_amount_400(self, api_admin, amount):
        line = BudgetLineFactory()
        r = spend(api_admin, line, amount)
        assert r.status_code == 400 and "amount" in r.json()["errors"]

    def test_invoice_upload_checked_by_content_and_size(self, api_admin, settings):
        line = BudgetLineFactory()
        base = {"line": line.pk, "spent_on": "2026-04-01", "payee": "某公司", "description": "显卡", "amount": "10"}
        good = SimpleUploadedFile("invoice.pdf", PDF, content_type="application/pdf")
        assert api_admin.post("/api/v1/expenditures/", {**base, "invoice": good}, format="multipart").status_code == 201
        fake = SimpleUploadedFile("invoice.pdf", b"MZ\x90\x00 not a pdf at all", content_type="application/pdf")
        r = api_admin.post("/api/v1/expenditures/", {**base, "invoice": fake}, format="multipart")
        assert r.status_code == 400 and "invoice" in r.json()["errors"]
        settings.UPLOAD_MAX_BYTES = 20
        big = SimpleUploadedFile("invoice.pdf", PDF, content_type="application/pdf")
        r = api_admin.post("/api/v1/expenditures/", {**base, "invoice": big}, format="multipart")
        assert r.status_code == 400 and "invoice" in r.json()["errors"]
        eid = Expenditure.objects.get().pk
        assert api_admin.get(f"/api/v1/expenditures/{eid}/invoice/").status_code == 200

    def test_only_admin_sees_and_records_money(self, api_teacher, api_enterprise, api_student):
        line = BudgetLineFactory()
        for api in (api_teacher, api_enterprise, api_student):
            assert api.get("/api/v1/budgets/").json()["count"] == 0
            assert api.get(f"/api/v1/budgets/{line.budget_id}/").status_code == 404
            assert spend(api, line, "1").status_code == 403

    def test_budget_workflow(self, api_admin, api_teacher):
        r = api_admin.post("/api/v1/budgets/", {"year": 2027, "title": "2027 年产教融合预算"})
        assert r.status_code == 201 and r.json()["status"] == "draft"
        bid = r.json()["id"]
        assert api_admin.post(f"/api/v1/budgets/{bid}/close/").status_code == 409
        assert api_admin.post(f"/api/v1/budgets/{bid}/approve/").status_code == 200
        assert api_admin.post(f"/api/v1/budgets/{bid}/approve/").status_code == 409
        assert api_admin.post(f"/api/v1/budgets/{bid}/close/").json()["status"] == "closed"
        assert api_admin.post(f"/api/v1/budgets/{bid}/lines/", {"category": "curriculum", "name": "x",
                                                                 "amount": "1"}).status_code == 409

    def test_line_cannot_allocate_more_than_its_source(self, api_admin, admin_user):
        source = FundingSourceFactory(amount=Decimal("500.00"))
        budget = BudgetFactory()
        url = f"/api/v1/budgets/{budget.pk}/lines/"
        ok = api_admin.post(url, {"category": "curriculum", "name": "课程建设", "amount": "400", "source": source.pk})
        assert ok.status_code == 201
        r = api_admin.post(url, {"category": "scholarships", "name": "奖学金", "amount": "100.01", "source": source.pk})
        assert r.status_code == 409

    def test_budget_list_query_count_constant(self, api_admin, django_assert_max_num_queries):
        for _ in range(3):
            BudgetLineFactory()
        with django_assert_max_num_queries(8) as ctx:
            assert api_admin.get("/api/v1/budgets/").status_code == 200
        n = len(ctx.captured_queries)
        for _ in range(20):
            BudgetLineFactory()
        with django_assert_max_num_queries(n):
            r = api_admin.get("/api/v1/budgets/")
        assert r.status_code == 200 and r.json()["count"] == 23

    def test_expenditure_list_query_count_constant(self, api_admin, admin_user, django_assert_max_num_queries):
        line = BudgetLineFactory(amount=Decimal("100000"))
        for _ in range(3):
            services.expenditure_record(line=line, by=admin_user, spent_on=date(2026, 4, 1), payee="p",
                                        description="d", amount=Decimal("1"))
        with django_assert_max_num_queries(8) as ctx:
            assert api_admin.get("/api/v1/expenditures/").status_code == 200
        n = len(ctx.captured_queries)
        for _ in range(20):
            services.expenditure_record(line=BudgetLineFactory(), by=admin_user, spent_on=date(2026, 4, 1),
                                        payee="p", description="d", amount=Decimal("1"))
        with django_assert_max_num_queries(n):
            r = api_admin.get("/api/v1/expenditures/")
        assert r.status_code == 200 and r.json()["count"] == 23


@pytest.mark.django_db
class TestFundingSources:
    def test_admin_records_grant_with_document(self, api_admin):
        doc = SimpleUploadedFile("批文.pdf", PDF, content_type="application/pdf")
        r = api_admin.post("/api/v1/funding-sources/", {
            "kind": SourceKind.GOVERNMENT, "title": "省级产教融合实训基地专项", "funder_name": "省教育厅",
            "amount": "2000000.00", "received_on": "2026-03-01", "period_start": "2026-01-01",
            "period_end": "2027-12-31", "document": doc,
        }, format="multipart")
        assert r.status_code == 201, r.json()
        assert r.json()["status"] == "confirmed" and r.json()["has_document"]
        assert api_admin.get(f"/api/v1/funding-sources/{r.json()['id']}/document/").status_code == 200

    def test_bad_period_and_missing_funder_400(self, api_admin):
        r = api_admin.post("/api/v1/funding-sources/", {
            "kind": SourceKind.GOVERNMENT, "title": "x", "amount": "10", "received_on": "2026-03-01",
            "period_start": "2027-01-01", "period_end": "2026-01-01", "funder_name": "某局",
        })
        assert r.status_code == 400
        r = api_admin.post("/api/v1/funding-sources/", {
            "kind": SourceKind.GOVERNMENT, "title": "x", "amount": "10", "received_on": "2026-03-01"})
        assert r.status_code == 400

    def test_enterprise_records_own_investment_pending_then_confirmed(
        self, api_enterprise, api_other_enterprise, api_admin, enterprise_org, other_enterprise_org
    ):
        data = {"kind": SourceKind.ENTERPRISE_EQUIPMENT, "title": "捐赠动作捕捉系统一套", "funder": enterprise_org.pk,
                "amount": "350000.00", "received_on": "2026-05-10"}
        r = api_enterprise.post("/api/v1/funding-sources/", data)
        assert r.status_code == 201 and r.json()["status"] == "pending"
        sid = r.json()["id"]
        assert api_enterprise.post(f"/api/v1/funding-sources/{sid}/confirm/").status_code == 403
        assert api_other_enterprise.get(f"/api/v1/funding-sources/{sid}/").status_code == 404
        assert api_admin.post(f"/api/v1/funding-sources/{sid}/confirm/").json()["status"] == "confirmed"
        assert api_admin.post(f"/api/v1/funding-sources/{sid}/confirm/").status_code == 409
        assert api_enterprise.patch(f"/api/v1/funding-sources/{sid}/", {"title": "改"}).status_code == 403

    def test_reject_pending_investment_then_no_confirm(self, api_admin, enterprise_user, enterprise_org):
        src = services.funding_source_create(by=enterprise_user, kind=SourceKind.ENTERPRISE_CASH, title="资金",
                                             funder=enterprise_org, amount=Decimal("10"), received_on=date(2026, 1, 1))
        assert api_admin.post(f"/api/v1/funding-sources/{src.pk}/reject/").json()["status"] == "rejected"
        assert api_admin.post(f"/api/v1/funding-sources/{src.pk}/confirm/").status_code == 409

    def test_enterprise_cannot_record_for_another_or_a_grant(self, api_enterprise, other_enterprise_org,
                                                            enterprise_org):
        r = api_enterprise.post("/api/v1/funding-sources/", {
            "kind": SourceKind.ENTERPRISE_CASH, "title": "x", "funder": other_enterprise_org.pk, "amount": "1",
            "received_on": "2026-01-01"})
        assert r.status_code == 400
        r = api_enterprise.post("/api/v1/funding-sources/", {
            "kind": SourceKind.GOVERNMENT, "title": "x", "funder": enterprise_org.pk, "amount": "1",
            "received_on": "2026-01-01"})
        assert r.status_code == 400

    def test_enterprise_edit_keeps_the_rules_and_admin_cannot_shrink_allocated(
        self, api_enterprise, api_admin, enterprise_org, other_enterprise_org, admin_user
    ):
        r = api_enterprise.post("/api/v1/funding-sources/", {
            "kind": SourceKind.ENTERPRISE_CASH, "title": "共建资金", "funder": enterprise_org.pk, "amount": "100",
            "received_on": "2026-01-01"})
        sid = r.json()["id"]
        r = api_enterprise.patch(f"/api/v1/funding-sources/{sid}/", {"kind": SourceKind.GOVERNMENT})
        assert r.status_code == 400
        assert api_enterprise.patch(f"/api/v1/funding-sources/{sid}/", {"amount": "120"}).status_code == 200
        grant = FundingSourceFactory(amount=Decimal("500.00"))
        services.budget_line_create(budget=BudgetFactory(), by=admin_user, category="curriculum", name="课程",
                                    amount=Decimal("400.00"), source=grant)
        assert api_admin.patch(f"/api/v1/funding-sources/{grant.pk}/", {"amount": "399.99"}).status_code == 409
        assert api_admin.patch(f"/api/v1/funding-sources/{grant.pk}/", {"amount": "400.00"}).status_code == 200

    def test_teacher_and_student_see_no_sources_and_cannot_create(self, api_teacher, api_student):
        FundingSourceFactory()
        assert api_teacher.get("/api/v1/funding-sources/").json()["count"] == 0
        assert api_student.post("/api/v1/funding-sources/", {}).status_code == 403

    def test_list_query_count_constant(self, api_admin, django_assert_max_num_queries):
        for _ in range(3):
            FundingSourceFactory()
        with django_assert_max_num_queries(6) as ctx:
            assert api_admin.get("/api/v1/funding-sources/").status_code == 200
        n = len(ctx.captured_queries)
        for _ in range(20):
            FundingSourceFactory()
        with django_assert_max_num_queries(n):
            r = api_admin.get("/api/v1/funding-sources/")
        assert r.status_code == 200 and r.json()["count"] == 23
