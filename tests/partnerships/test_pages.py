import datetime as dt

import pytest
from django.urls import reverse

from partnerships.models import Agreement, Enterprise
from tests.partnerships.factories import (
    VALID_CREDIT_CODE,
    ContactLogFactory,
    EnterpriseFactory,
    IndustryProjectFactory,
)

TODAY = dt.date.today()


@pytest.mark.django_db
class TestAdminJourney:
    def test_create_enterprise_then_agreement_then_activate(self, web, admin_user, college):
        c = web.login_as(admin_user)
        r = c.post(reverse("partnerships:enterprise_create"), {
            "name": "新光影视有限公司", "segment": "film", "staff_count": 120, "credit_code": VALID_CREDIT_CODE,
            "tags": "短剧，AIGC",
        })
        assert r.status_code == 302, r.content.decode()[:2000]
        ent = Enterprise.objects.get(organization__name="新光影视有限公司")
        assert ent.tags == ["短剧", "AIGC"] and ent.organization.kind == "enterprise"
        page = c.get(r["Location"])
        assert page.status_code == 200 and "新光影视有限公司" in page.content.decode()

        r = c.post(reverse("partnerships:agreement_create"), {
            "title": "新光订单班协议", "kind": "order_class", "parties": [ent.pk], "start_date": str(TODAY),
            "end_date": str(TODAY + dt.timedelta(days=1095)), "commit_interns_hosted": "8",
        })
        assert r.status_code == 302
        a = Agreement.objects.get(title="新光订单班协议")
        assert a.commitments.get().kind == "interns_hosted"
        detail = c.get(r["Location"]).content.decode()
        assert 'data-confirm' in detail
        for action, data in [("submit", {}), ("sign", {"method": "electronic", "signed_on": str(TODAY)}),
                             ("approve", {})]:
            r = c.post(reverse("partnerships:agreement_action", args=[a.pk, action]), data, follow=True)
            assert r.status_code == 200
        a.refresh_from_db()
        assert a.status == "active"
        assert "msg-success" in r.content.decode()

    def test_bad_credit_code_shows_inline_error(self, web, admin_user, college):
        r = web.login_as(admin_user).post(reverse("partnerships:enterprise_create"), {
            "name": "坏代码公司", "segment": "film", "staff_count": 1, "credit_code": "91110000802100433C",
        })
        assert r.status_code == 200
        assert "errorlist" in r.content.decode()
        assert not Enterprise.objects.filter(organization__name="坏代码公司").exists()

    def test_refused_transition_is_a_message_not_an_error(self, web, admin_user, make_agreement):
        a = make_agreement()
        r = web.login_as(admin_user).post(reverse("partnerships:agreement_action", args=[a.pk, "approve"]),
                                          follow=True)
        assert r.status_code == 200 and "msg-error" in r.content.decode()

    def test_disguised_upload_refused_in_page(self, web, admin_user, make_agreement):
        from django.core.files.uploadedfile import SimpleUploadedFile

        a = make_agreement()
        fake = SimpleUploadedFile("scan.pdf", b"not a pdf at all", content_type="application/pdf")
        r = web.login_as(admin_user).post(reverse("partnerships:agreement_document_upload", args=[a.pk]),
                                          {"kind": "signed_scan", "file": fake}, follow=True)
        assert "msg-error" in r.content.decode() and not a.documents.exists()


@pytest.mark.django_db
class TestAccess:
    def test_enterprise_redirected_to_own_page_and_404_on_other(self, web, enterprise_user, enterprise_org,
                                                                other_enterprise_org):
        c = web.login_as(enterprise_user)
        r = c.get(reverse("partnerships:enterprise_list"))
        assert r.status_code == 302 and str(enterprise_org.pk) in r["Location"]
        assert c.get(reverse("partnerships:enterprise_detail", args=[enterprise_org.pk])).status_code == 200
        assert c.get(reverse("partnerships:enterprise_detail", args=[other_enterprise_org.pk])).status_code == 404
        assert c.get(reverse("partnerships:enterprise_edit", args=[other_enterprise_org.pk])).status_code == 404

    def test_enterprise_cannot_grant_itself_certification(self, web, enterprise_user, enterprise_org):
        c = web.login_as(enterprise_user)
        r = c.post(reverse("partnerships:enterprise_edit", args=[enterprise_org.pk]), {
            "name": "甲公司", "segment": "aigc", "staff_count": 250, "is_certified_iei": "on",
            "certified_on": str(TODAY), "address": "北京市朝阳区",
        })
        assert r.status_code == 302
        ent = Enterprise.objects.get(pk=enterprise_org.pk)
        assert ent.address == "北京市朝阳区" and ent.staff_count == 250
        assert ent.segment == "film" and not ent.is_certified_iei  # disabled fields keep their value

    def test_teacher_cannot_open_admin_forms(self, web, teacher, college):
        c = web.login_as(teacher)
        assert c.get(reverse("partnerships:enterprise_create")).status_code == 403
        assert c.get(reverse("partnerships:agreement_create")).status_code == 403

    def test_teacher_cannot_act_on_agreement(self, web, teacher, make_agreement):
        a = make_agreement(status="active")
        r = web.login_as(teacher).post(reverse("partnerships:agreement_action", args=[a.pk, "terminate"]),
                                       {"reason": "x"})
        assert r.status_code == 403

    def test_enterprise_page_renders_other_apps_panels(self, web, admin_user, enterprise_org, monkeypatch):
        import types

        from core import registry

        fake = types.SimpleNamespace(enterprise_panels=lambda request, org: [registry.Card("外部面板", 7)])
        monkeypatch.setattr("partnerships.views.app_modules", lambda name: [fake] if name == "panels" else [])
        r = web.login_as(admin_user).get(reverse("partnerships:enterprise_detail", args=[enterprise_org.pk]))
        assert "外部面板" in r.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["enterprise_list", "agreement_list", "project_list", "contact_list",
                                  "orderclass_list"])
def test_list_pages_constant_queries(web, admin_user, college, enterprise_org, make_agreement, name,
                                     django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            e = EnterpriseFactory()
            make_agreement(parties=[e.organization], commitments=[{"kind": "projects", "amount": 1}])
            IndustryProjectFactory(enterprise=e.organization, status="open")
            ContactLogFactory(enterprise=e.organization, recorded_by=admin_user)

    c = web.login_as(admin_user)
    add(3)
    with django_assert_max_num_queries(60) as ctx:
        assert c.get(reverse(f"partnerships:{name}")).status_code == 200
    first = len(ctx.captured_queries)
    add(20)
    with django_assert_max_num_queries(first):
        assert c.get(reverse(f"partnerships:{name}")).status_code == 200


@pytest.mark.django_db
def test_pages_render_for_each_role(web, admin_user, teacher, student, enterprise_user, association_user,
                                    make_agreement, enterprise_org):
    a = make_agreement(status="active")
    p = IndustryProjectFactory(enterprise=enterprise_org, status="open")
    for user in (admin_user, teacher, student, enterprise_user, association_user):
        c = web.login_as(user)
        assert c.get(reverse("partnerships:project_list")).status_code == 200
        assert c.get(reverse("partnerships:project_detail", args=[p.pk])).status_code == 200
        assert c.get("/").status_code == 200
    assert web.login_as(admin_user).get(reverse("partnerships:agreement_detail", args=[a.pk])).status_code == 200
    assert web.login_as(student).get(reverse("partnerships:agreement_detail", args=[a.pk])).status_code == 403
