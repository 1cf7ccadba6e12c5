from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from funding import services
from funding.choices import SourceKind
from funding.models import Booking, Expenditure, FundingSource

from .factories import (
    BookingFactory,
    BudgetLineFactory,
    CriterionFactory,
    EquipmentFactory,
    FundingSourceFactory,
    IncentiveFactory,
    OffCampusBaseFactory,
    StandardVersionFactory,
    TrainingBaseFactory,
    slot,
)


def fmt(dt):
    return dt.strftime("%Y-%m-%dT%H:%M")


@pytest.mark.django_db
class TestBookingPage:
    def test_teacher_books_gpu_and_second_booking_shows_overlap_message(self, web, teacher, teacher2):
        gpu = EquipmentFactory(name="GPU 工作站 01")
        start, end = slot(hours=2)
        c = web.login_as(teacher)
        page = c.get(reverse("funding:booking_create") + f"?equipment={gpu.pk}")
        assert page.status_code == 200 and "GPU 工作站 01" in page.content.decode()
        data = {"resource": f"e{gpu.pk}", "starts_at": fmt(start), "ends_at": fmt(end), "purpose": "渲染",
                "participants": 1}
        r = c.post(reverse("funding:booking_create"), data, follow=True)
        assert r.status_code == 200 and Booking.objects.count() == 1
        assert "msg-success" in r.content.decode()
        c = web.login_as(teacher2)
        r = c.post(reverse("funding:booking_create"), data)
        assert r.status_code == 400
        body = r.content.decode()
        assert "GPU 工作站 01" in body and "errorlist" in body and "msg-error" in body
        assert Booking.objects.count() == 1

    def test_bad_booking_input_shows_field_errors(self, web, student):
        gpu = EquipmentFactory()
        start, end = slot()
        r = web.login_as(student).post(reverse("funding:booking_create"), {
            "resource": f"e{gpu.pk}", "starts_at": fmt(end), "ends_at": fmt(start), "purpose": "x",
            "participants": 1})
        assert r.status_code == 400 and "errorlist" in r.content.decode()

    def test_cancel_from_my_bookings(self, web, student, student2):
        b = BookingFactory(booked_by=student)
        c = web.login_as(student2)
        assert c.post(reverse("funding:booking_action", args=[b.pk, "cancel"])).status_code == 404
        c = web.login_as(student)
        r = c.post(reverse("funding:booking_action", args=[b.pk, "cancel"]), follow=True)
        assert r.status_code == 200
        b.refresh_from_db()
        assert b.status == "cancelled"
        assert c.post(reverse("funding:booking_action", args=[b.pk, "approve"])).status_code == 403

    def test_my_bookings_query_count_constant(self, web, student, django_assert_max_num_queries):
        c = web.login_as(student)
        for _ in range(3):
            BookingFactory(booked_by=student)
        with django_assert_max_num_queries(30) as ctx:
            assert c.get(reverse("funding:booking_list")).status_code == 200
        n = len(ctx.captured_queries)
        for _ in range(20):
            BookingFactory(booked_by=student)
        with django_assert_max_num_queries(n):
            assert c.get(reverse("funding:booking_list")).status_code == 200


@pytest.mark.django_db
class TestAdminPages:
    def test_budget_page_records_spending_and_refuses_overspend(self, web, admin_user):
        line = BudgetLineFactory(amount=Decimal("100.00"), name="LED 虚拟拍摄棚维护")
        c = web.login_as(admin_user)
        url = reverse("funding:budget_detail", args=[line.budget_id])
        data = {"form": "expenditure", "line": line.pk, "spent_on": "2026-04-01", "payee": "某公司",
                "description": "维护", "amount": "80.00"}
        assert c.post(url, data).status_code == 302
        r = c.post(url, {**data, "amount": "30.00"})
        assert r.status_code == 400 and "msg-error" in r.content.decode()
        assert c.post(url, {**data, "amount": "30.00", "override_reason": "设备突发故障"}).status_code == 302
        assert Expenditure.objects.count() == 2
        page = c.get(url).content.decode()
        assert "110.00%" in page

    def test_admin_list_pages_render_and_query_counts(self, web, admin_user, django_assert_max_num_queries,
                                                      teacher, student, enterprise_org):
        c = web.login_as(admin_user)

        def make(n):
            for _ in range(n):
                FundingSourceFactory()
                line = BudgetLineFactory()
                services.expenditure_record(line=line, by=admin_user, spent_on=date(2026, 4, 1), payee="p",
                                            description="d", amount=Decimal("1"))
                EquipmentFactory()
                IncentiveFactory(kind="scholarship", recipient_user=student)
                StandardVersionFactory(status="published")

        make(3)
        urls = [reverse(n) for n in ("funding:source_list", "funding:budget_list", "funding:base_list",
                                     "funding:booking_list", "funding:incentive_list", "funding:standard_list",
                                     "funding:evaluation_list", "funding:utilization")]
        counts = {}
        for url in urls:
            with django_assert_max_num_queries(40) as ctx:
                r = c.get(url)
            assert r.status_code == 200, url
            counts[url] = len(ctx.captured_queries)
        make(20)
        for url in urls:
            with django_assert_max_num_queries(counts[url]):
                assert c.get(url).status_code == 200

    def test_a_form_cancel_link_never_leads_off_site(self, web, admin_user):
        page = web.login_as(admin_user).get(reverse("funding:source_create"), HTTP_REFERER="https://evil.example/")
        assert page.status_code == 200
        body = page.content.decode()
        assert "evil.example" not in body and f'href="{reverse("funding:source_list")}"' in body

    def test_empty_states(self, web, admin_user):
        c = web.login_as(admin_user)
        assert "empty" in c.get(reverse("funding:source_list")).content.decode()
        assert "empty" in c.get(reverse("funding:budget_list")).content.decode()

    def test_source_create_page_refuses_fake_pdf(self, web, admin_user):
        from django.core.files.uploadedfile import SimpleUploadedFile

        c = web.login_as(admin_user)
        r = c.post(reverse("funding:source_create"), {
            "kind": SourceKind.GOVERNMENT, "title": "x", "funder_name": "省教育厅", "amount": "10",
            "received_on": "2026-01-01", "document": SimpleUploadedFile("a.pdf", b"not a pdf")})
        assert r.status_code == 400 and FundingSource.objects.count() == 0

    def test_incentive_and_standard_pages_flow(self, web, admin_user, student, program):
        c = web.login_as(admin_user)
        r = c.post(reverse("funding:incentive_list"), {"kind": "scholarship", "title": "国家奖学金", "year": 2026,
                                                        "recipient_user": student.username, "amount": "8000"})
        assert r.status_code == 302
        v = StandardVersionFactory(status="published")
        url = reverse("funding:standard_detail", args=[v.standard_id])
        r = c.post(url, {"form": "declare", "program": program.pk, "met_items": ["0", "1"]})
        assert r.status_code == 302
        assert "66.7%" in c.get(url).content.decode()  # core.formatting.percent: one decimal, rounded

    def test_evaluation_page_flow(self, web, association_user, program):
        crit = CriterionFactory()
        c = web.login_as(association_user)
        r = c.post(reverse("funding:evaluation_create"), {"program": program.pk, "year": 2026,
                                                           f"c{crit.pk}": "88"})
        assert r.status_code == 302
        ev_id = int(r["Location"].rstrip("/").split("/")[-1])
        assert c.post(reverse("funding:evaluation_submit", args=[ev_id])).status_code == 302
        assert "88.00" in c.get(reverse("funding:evaluation_list")).content.decode()


@pytest.mark.django_db
class TestRoleAccessPages:
    def test_non_admins_get_403_on_admin_pages(self, web, teacher, enterprise_user, student):
        for user in (teacher, enterprise_user, student):
            c = web.login_as(user)
            assert c.get(reverse("funding:source_list")).status_code == 403
            assert c.get(reverse("funding:budget_list")).status_code == 403

    def test_budget_detail_404_for_nobody_else(self, web, teacher):
        line = BudgetLineFactory()
        # teacher has no admin role: 403 comes before the lookup
        assert web.login_as(teacher).get(reverse("funding:budget_detail", args=[line.budget_id])).status_code == 403

    def test_enterprise_investment_page_and_credit(self, web, enterprise_user, enterprise_org, admin_user):
        enterprise_org.enterprise.is_certified_iei = True
        enterprise_org.enterprise.certified_on = date(2025, 12, 1)
        enterprise_org.enterprise.save()
        FundingSourceFactory(kind=SourceKind.ENTERPRISE_CASH, funder=enterprise_org, amount=Decimal("100000.00"),
                             funder_name="")
        OffCampusBaseFactory(host=enterprise_org, name="甲公司虚拟制片基地")
        c = web.login_as(enterprise_user)
        page = c.get(reverse("funding:investment")).content.decode()
        assert "100,000.00" in page and "30,000.00" in page and "甲公司虚拟制片基地" in page
        r = c.post(reverse("funding:investment"), {
            "kind": SourceKind.ENTERPRISE_EQUIPMENT, "funder": enterprise_org.pk, "title": "捐赠摄影机",
            "amount": "50000", "received_on": "2026-05-01"})
        assert r.status_code == 302
        assert FundingSource.objects.get(title="捐赠摄影机").status == "pending"

    def test_enterprise_cannot_see_competitor_base(self, web, other_enterprise_user, enterprise_org):
        base = OffCampusBaseFactory(host=enterprise_org)
        assert web.login_as(other_enterprise_user).get(
            reverse("funding:base_detail", args=[base.pk])).status_code == 404

    def test_student_sees_base_and_book_button(self, web, student):
        gpu = EquipmentFactory()
        page = web.login_as(student).get(reverse("funding:base_detail", args=[gpu.base_id])).content.decode()
        assert reverse("funding:booking_create") in page

    def test_dashboard_cards_per_role(self, rf, admin_user, teacher, enterprise_user, student, enterprise_org):
        from funding.dashboard import cards

        BudgetLineFactory(budget__year=date.today().year, amount=Decimal("200.00"))
        BookingFactory(booked_by=teacher)
        titles = {}
        for user in (admin_user, teacher, enterprise_user, student):
            req = rf.get("/")
            req.user = user
            titles[user.username] = [c.title for c in cards(req)]
        assert len(titles[admin_user.username]) == 2
        assert len(titles[teacher.username]) == 1 and len(titles[student.username]) == 1
        assert len(titles[enterprise_user.username]) == 1  # its own investment card


@pytest.mark.django_db
class TestPluginsAndMetrics:
    def test_metrics_one_query_and_period(self, enterprise_org, other_enterprise_org, django_assert_num_queries):
        from funding.metrics import enterprise_metrics

        FundingSourceFactory(kind=SourceKind.ENTERPRISE_CASH, funder=enterprise_org, amount=Decimal("10.10"),
                             received_on=date(2026, 3, 1))
        FundingSourceFactory(kind=SourceKind.ENTERPRISE_EQUIPMENT, funder=enterprise_org, amount=Decimal("0.20"),
                             received_on=date(2026, 6, 1))
        FundingSourceFactory(kind=SourceKind.ENTERPRISE_CASH, funder=enterprise_org, amount=Decimal("99"),
                             received_on=date(2025, 1, 1))  # outside the period
        FundingSourceFactory(kind=SourceKind.ENTERPRISE_CASH, funder=enterprise_org, amount=Decimal("5"),
                             received_on=date(2026, 3, 1), status="pending")  # not confirmed
        with django_assert_num_queries(1):
            m = enterprise_metrics([enterprise_org.pk, other_enterprise_org.pk], start=date(2026, 1, 1),
                                   end=date(2026, 12, 31))
        assert m[enterprise_org.pk]["investment_cny"] == Decimal("10.30")
        assert m[other_enterprise_org.pk]["investment_cny"] == Decimal("0.00")

    def test_panel_scoped_and_credit_only_when_certified(self, rf, enterprise_org, enterprise_user,
                                                         other_enterprise_user, admin_user, settings):
        from funding.panels import enterprise_panels

        FundingSourceFactory(kind=SourceKind.ENTERPRISE_CASH, funder=enterprise_org, amount=Decimal("1000.00"))
        req = rf.get("/")
        req.user = other_enterprise_user
        assert enterprise_panels(req, enterprise_org) == []
        req.user = enterprise_user
        card = enterprise_panels(req, enterprise_org)[0]
        assert len(card.rows) == 1  # not certified: no credit row
        enterprise_org.enterprise.is_certified_iei = True
        enterprise_org.enterprise.certified_on = date(2025, 12, 1)
        enterprise_org.enterprise.save()
        settings.IEI = {**settings.IEI, "EDUCATION_SURCHARGE_CREDIT_RATE": "0.30"}
        req.user = admin_user
        card = enterprise_panels(req, enterprise_org)[0]
        assert card.rows[1][1] == "¥300.00"

    def test_surcharge_credit_is_decimal(self):
        assert services.surcharge_credit(Decimal("333.33")) == Decimal("100.00")
        assert services.surcharge_credit(Decimal("0.05")) == Decimal("0.02")  # ROUND_HALF_EVEN on 0.015

    def test_seed_is_idempotent(self, db):
        # accounts' seed and ours only: the other apps' seeds are not this app's to test
        from accounts import demo as accounts_demo
        from accounts.demo import DemoContext
        from funding import demo
        from funding.models import ProgramEvaluation

        def run():
            ctx = DemoContext(password="x-Secret-123")
            accounts_demo.seed(ctx)
            demo.seed(ctx)
            demo.seed_links(ctx)
            return (FundingSource.objects.count(), Booking.objects.count(), Expenditure.objects.count(),
                    ProgramEvaluation.objects.count())

        first = run()
        assert run() == first and all(first)
        assert TrainingBaseFactory._meta.model.objects.filter(equipment__name="GPU 工作站 01").exists()
        near = max(line.execution_rate for line in BudgetLineFactory._meta.model.objects.all())
        assert Decimal("90") <= near <= Decimal("100")  # one line close to its limit, none overspent
