import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from accounts.choices import Role
from partnerships import services
from partnerships.models import Enrollment, OrderClass
from partnerships.selectors import partnership_health
from tests.accounts.factories import make_member
from tests.partnerships.factories import ContactLogFactory, IndustryProjectFactory

TODAY = dt.date.today()
P = "/api/v1/industry-projects/"
C = "/api/v1/contact-logs/"
OC = "/api/v1/order-classes/"


@pytest.mark.django_db
class TestProjects:
    def test_enterprise_creates_own_and_runs_lifecycle(self, api_enterprise, api_teacher, api_student, enterprise_org):
        r = api_enterprise.post(P, {"title": "AI辅助剧本开发", "brief": "为短剧开发AI剧本流程",
                                    "start_date": str(TODAY), "end_date": str(TODAY + dt.timedelta(days=90))},
                                format="json")
        assert r.status_code == 201 and r.json()["enterprise"] == enterprise_org.pk
        pid = r.json()["id"]
        assert api_enterprise.post(f"{P}{pid}/start/").status_code == 409  # still a draft
        assert api_enterprise.post(f"{P}{pid}/publish/").json()["status"] == "open"
        r = api_enterprise.post(f"{P}{pid}/start/")
        assert r.status_code == 409 and r.json()["code"] == "no_teacher"
        assert api_teacher.post(f"{P}{pid}/join/", {"role": "lead_teacher"}).status_code == 201
        assert api_student.post(f"{P}{pid}/join/", {"role": "lead_teacher"}).status_code == 400
        assert api_student.post(f"{P}{pid}/join/", {"role": "student", "team": "A组"}).status_code == 201
        assert api_student.post(f"{P}{pid}/join/", {"role": "student"}).status_code == 409
        assert api_enterprise.post(f"{P}{pid}/start/").json()["status"] == "in_progress"
        m = api_enterprise.post(f"{P}{pid}/milestones/", {"title": "中期", "due_date": str(TODAY)}).json()
        assert api_teacher.post(f"{P}{pid}/milestones/{m['id']}/complete/").status_code == 200  # lead teacher
        assert api_teacher.post(f"{P}{pid}/milestones/{m['id']}/complete/").status_code == 409
        assert api_enterprise.post(f"{P}{pid}/deliver/", {}).status_code == 400
        assert api_enterprise.post(f"{P}{pid}/deliver/", {"outcome": "交付剧本"}).json()["status"] == "delivered"
        assert api_enterprise.post(f"{P}{pid}/close/", {"feedback": "很好", "rating": 9}).status_code == 400
        r = api_enterprise.post(f"{P}{pid}/close/", {"feedback": "很好", "rating": 5})
        assert r.json()["status"] == "closed" and r.json()["rating"] == 5
        assert api_enterprise.post(f"{P}{pid}/close/", {"feedback": "x", "rating": 5}).status_code == 409

    def test_milestone_outside_timeline_is_400(self, api_enterprise, enterprise_org):
        p = IndustryProjectFactory(enterprise=enterprise_org, start_date=TODAY, end_date=TODAY + dt.timedelta(days=9))
        late = str(TODAY + dt.timedelta(days=30))
        r = api_enterprise.post(f"{P}{p.pk}/milestones/", {"title": "x", "due_date": late})
        assert r.status_code == 400

    def test_cross_tenant_drafts_are_404(self, api_enterprise, api_other_enterprise, api_student, other_enterprise_org):
        draft = IndustryProjectFactory(enterprise=other_enterprise_org)
        assert api_enterprise.get(f"{P}{draft.pk}/").status_code == 404
        assert api_enterprise.post(f"{P}{draft.pk}/publish/").status_code == 404
        assert api_student.get(f"{P}{draft.pk}/").status_code == 404
        assert api_other_enterprise.get(f"{P}{draft.pk}/").status_code == 200

    def test_visible_open_project_of_other_is_403_to_change(self, api_enterprise, other_enterprise_org):
        # An enterprise does not see competitors' open projects at all; a teacher sees but may not change them.
        p = IndustryProjectFactory(enterprise=other_enterprise_org, status="open")
        assert api_enterprise.get(f"{P}{p.pk}/").status_code == 404

    def test_teacher_may_not_edit(self, api_teacher, enterprise_org):
        p = IndustryProjectFactory(enterprise=enterprise_org, status="open")
        assert api_teacher.patch(f"{P}{p.pk}/", {"title": "x"}, format="json").status_code == 403
        assert api_teacher.post(f"{P}{p.pk}/publish/").status_code == 403

    def test_enterprise_cannot_create_for_competitor(self, api_enterprise, other_enterprise_org):
        r = api_enterprise.post(P, {"title": "x", "enterprise": other_enterprise_org.pk}, format="json")
        assert r.status_code == 403

    def test_student_places_capped(self, enterprise_org, department, teacher):
        p = IndustryProjectFactory(enterprise=enterprise_org, status="open", max_students=1)
        s1, s2 = make_member(Role.STUDENT, department), make_member(Role.STUDENT, department)
        services.project_join(project=p, user=s1, role="student", by=s1)
        from core.domain import CapacityExceeded

        with pytest.raises(CapacityExceeded):
            services.project_join(project=p, user=s2, role="student", by=s2)

    def test_list_query_count_constant(self, api_admin, enterprise_org, teacher, django_assert_max_num_queries):
        def add(n):
            for _ in range(n):
                p = IndustryProjectFactory(enterprise=enterprise_org, status="open")
                services.project_join(project=p, user=teacher, role="teacher", by=teacher)
                services.milestone_add(project=p, by=None, title="m", due_date=TODAY)
        add(3)
        with django_assert_max_num_queries(12) as ctx:
            assert api_admin.get(P).status_code == 200
        n = len(ctx.captured_queries)
        add(20)
        with django_assert_max_num_queries(n):
            r = api_admin.get(P + "?page_size=200")
        assert r.status_code == 200 and r.json()["count"] == 23


@pytest.mark.django_db
class TestContacts:
    def test_enterprise_sees_own_non_internal_only(self, api_enterprise, enterprise_org, other_enterprise_org,
                                                   admin_user):
        mine = ContactLogFactory(enterprise=enterprise_org, recorded_by=admin_user)
        internal = ContactLogFactory(enterprise=enterprise_org, recorded_by=admin_user, is_internal=True)
        theirs = ContactLogFactory(enterprise=other_enterprise_org, recorded_by=admin_user)
        ids = {c["id"] for c in api_enterprise.get(C).json()["results"]}
        assert ids == {mine.pk}
        assert api_enterprise.get(f"{C}{theirs.pk}/").status_code == 404
        assert api_enterprise.get(f"{C}{internal.pk}/").status_code == 404

    def test_create_rules(self, api_teacher, api_enterprise, enterprise_org, other_enterprise_org):
        ok = {"enterprise": enterprise_org.pk, "channel": "visit", "occurred_on": str(TODAY), "subject": "走访",
              "follow_up_on": str(TODAY + dt.timedelta(days=7))}
        r = api_teacher.post(C, ok)
        assert r.status_code == 201 and r.json()["follow_up_pending"] is True
        assert api_teacher.post(C, {**ok, "occurred_on": str(TODAY + dt.timedelta(days=1))}).status_code == 400
        assert api_teacher.post(C, {**ok, "follow_up_on": str(TODAY - dt.timedelta(days=1))}).status_code == 400
        assert api_teacher.post(C, {**ok, "channel": "pigeon"}).status_code == 400
        assert api_enterprise.post(C, {**ok, "enterprise": other_enterprise_org.pk}).status_code == 403
        r = api_enterprise.post(C, {**ok, "is_internal": True})
        assert r.status_code == 201 and r.json()["is_internal"] is False

    def test_follow_up_done_once(self, api_teacher, enterprise_org, teacher, api_teacher2):
        log = ContactLogFactory(enterprise=enterprise_org, recorded_by=teacher, follow_up_on=TODAY)
        assert api_teacher2.post(f"{C}{log.pk}/complete-follow-up/").status_code == 404  # not theirs
        assert api_teacher.post(f"{C}{log.pk}/complete-follow-up/").status_code == 200
        assert api_teacher.post(f"{C}{log.pk}/complete-follow-up/").status_code == 409

    def test_list_query_count_constant(self, api_admin, enterprise_org, admin_user, django_assert_max_num_queries):
        for _ in range(3):
            ContactLogFactory(enterprise=enterprise_org, recorded_by=admin_user)
        with django_assert_max_num_queries(8) as ctx:
            assert api_admin.get(C).status_code == 200
        n = len(ctx.captured_queries)
        for _ in range(20):
            ContactLogFactory(enterprise=enterprise_org, recorded_by=admin_user)
        with django_assert_max_num_queries(n):
            r = api_admin.get(C + "?page_size=200")
        assert r.status_code == 200 and r.json()["count"] == 23


@pytest.mark.django_db
class TestOrderClasses:
    def make(self, make_agreement, enterprise_org, quota=2):
        a = make_agreement(status="active", kind="order_class")
        return services.order_class_create(by=None, agreement=a, name="AIGC订单班", cohort_year=2025, quota=quota,
                                           hiring_commitment=1, graduation_date=TODAY + dt.timedelta(days=300))

    def test_create_needs_cohort_agreement(self, api_admin, make_agreement):
        a = make_agreement(status="active")  # general cooperation
        r = api_admin.post(OC, {"agreement": a.pk, "name": "x", "cohort_year": 2025, "quota": 3,
                               "graduation_date": str(TODAY + dt.timedelta(days=30))})
        assert r.status_code == 400 and "agreement" in r.json()["errors"]

    def test_hiring_commitment_within_quota(self, api_admin, make_agreement):
        a = make_agreement(status="active", kind="order_class")
        r = api_admin.post(OC, {"agreement": a.pk, "name": "x", "cohort_year": 2025, "quota": 3,
                               "hiring_commitment": 5, "graduation_date": str(TODAY + dt.timedelta(days=30))})
        assert r.status_code == 400

    def test_quota_enrolment_graduation_and_hiring_rate(self, make_agreement, enterprise_org, api_admin,
                                                        api_enterprise, api_other_enterprise, student, student2,
                                                        department):
        oc = self.make(make_agreement, enterprise_org)
        assert api_admin.post(f"{OC}{oc.pk}/enroll/", {"student": student.pk}).status_code == 201
        assert api_admin.post(f"{OC}{oc.pk}/enroll/", {"student": student2.pk}).status_code == 201
        third = make_member(Role.STUDENT, department)
        r = api_admin.post(f"{OC}{oc.pk}/enroll/", {"student": third.pk})
        assert r.status_code == 409 and r.json()["code"] == "capacity_exceeded"
        assert api_enterprise.post(f"{OC}{oc.pk}/enroll/", {"student": third.pk}).status_code == 403
        assert api_other_enterprise.get(f"{OC}{oc.pk}/").status_code == 404
        assert api_admin.post(f"{OC}{oc.pk}/graduate/").status_code == 409  # too early
        OrderClass.objects.filter(pk=oc.pk).update(graduation_date=TODAY)
        e1, e2 = Enrollment.objects.filter(order_class=oc).order_by("id")
        assert api_enterprise.post(f"{OC}{oc.pk}/record-outcome/", {"enrollment": e1.pk, "hired": True}) \
            .status_code == 409  # not graduated yet
        assert api_admin.post(f"{OC}{oc.pk}/graduate/").status_code == 200
        assert api_enterprise.post(f"{OC}{oc.pk}/record-outcome/", {"enrollment": e1.pk, "hired": True}) \
            .status_code == 200
        body = api_enterprise.post(f"{OC}{oc.pk}/record-outcome/", {"enrollment": e2.pk, "hired": False}).json()
        assert body["hiring_rate"] == 50.0 and body["hired_count"] == 1

    def test_student_in_one_class_only(self, make_agreement, enterprise_org, student):
        a = self.make(make_agreement, enterprise_org)
        b = self.make(make_agreement, enterprise_org)
        services.order_class_enroll(order_class=a, student=student, by=None)
        from core.domain import Overlap

        with pytest.raises(Overlap):
            services.order_class_enroll(order_class=b, student=student, by=None)

    def test_non_student_refused(self, make_agreement, enterprise_org, teacher, api_admin):
        oc = self.make(make_agreement, enterprise_org)
        assert api_admin.post(f"{OC}{oc.pk}/enroll/", {"student": teacher.pk}).status_code == 400

    def test_student_sees_only_own_class(self, make_agreement, enterprise_org, student, api_student, api_student2):
        oc = self.make(make_agreement, enterprise_org)
        services.order_class_enroll(order_class=oc, student=student, by=None)
        assert api_student.get(f"{OC}{oc.pk}/").status_code == 200
        assert api_student2.get(f"{OC}{oc.pk}/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_parallel_enrolment_respects_quota(college, admin_user, enterprise_org, department):
    a = services.agreement_create(by=admin_user, title="订单班", kind="order_class", parties=[enterprise_org],
                                  start_date=TODAY, end_date=TODAY + dt.timedelta(days=900))
    services.agreement_submit(agreement=a, by=admin_user)
    services.agreement_sign(agreement=a, by=admin_user, method="electronic")
    services.agreement_approve(agreement=a, by=admin_user)
    oc = services.order_class_create(by=admin_user, agreement=a, name="并发班", cohort_year=2025, quota=3,
                                     graduation_date=TODAY + dt.timedelta(days=300))
    students = [make_member(Role.STUDENT, department) for _ in range(8)]
    results: list[str] = []
    barrier = threading.Barrier(len(students))

    def worker(s):
        try:
            barrier.wait()
            services.order_class_enroll(order_class=OrderClass.objects.get(pk=oc.pk), student=s, by=admin_user)
            results.append("ok")
        except Exception as exc:  # noqa: BLE001
            results.append(type(exc).__name__)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(s,)) for s in students]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 3 and results.count("CapacityExceeded") == 5
    assert Enrollment.objects.filter(order_class=oc).count() == 3


@pytest.mark.django_db
class TestHealth:
    def test_formula_and_breakdown(self, make_agreement, enterprise_org, admin_user, monkeypatch):
        import types

        fake = types.SimpleNamespace(enterprise_metrics=lambda ids, start, end: {
            i: {"interns_hosted": 5, "teachers_hosted": 1, "investment_cny": 50000} for i in ids})
        from partnerships import metrics as own

        monkeypatch.setattr("partnerships.selectors.app_modules", lambda name: [own, fake])
        make_agreement(status="active", commitments=[{"kind": "interns_hosted", "amount": 10}])
        ContactLogFactory(enterprise=enterprise_org, occurred_on=TODAY - dt.timedelta(days=10))
        h = partnership_health([enterprise_org.pk])[enterprise_org.pk]
        parts = {p.key: p for p in h.parts}
        assert parts["interns_hosted"].ratio == 1
        assert parts["teachers_hosted"].ratio == Decimal("0.5")
        assert parts["investment_cny"].ratio == Decimal("0.5")
        assert parts["projects"].ratio == 0
        assert parts["commitments"].ratio == Decimal("0.5")  # 5 of 10 interns promised
        assert parts["last_contact"].ratio == 1
        # 100 × (20×1 + 15×0 + 15×0.5 + 15×0.5 + 20×0.5 + 15×1) / 100 = 60
        assert h.score == 60

    def test_no_commitments_reweights(self, enterprise_org, monkeypatch):
        monkeypatch.setattr("partnerships.selectors.app_modules", lambda name: [])
        h = partnership_health([enterprise_org.pk])[enterprise_org.pk]
        assert {p.key: p.ratio for p in h.parts}["commitments"] is None and h.score == 0

    def test_constant_queries_for_many_enterprises(self, make_agreement, django_assert_max_num_queries):
        from tests.partnerships.factories import EnterpriseFactory

        ents = [EnterpriseFactory().organization for _ in range(3)]
        for e in ents:
            make_agreement(status="active", parties=[e], commitments=[{"kind": "projects", "amount": 1}])
        with django_assert_max_num_queries(40) as ctx:
            partnership_health([e.pk for e in ents])
        n = len(ctx.captured_queries)
        more = [EnterpriseFactory().organization for _ in range(20)]
        for e in more:
            make_agreement(status="active", parties=[e], commitments=[{"kind": "projects", "amount": 1}])
        with django_assert_max_num_queries(n):
            partnership_health([e.pk for e in ents + more])

    def test_api_health_and_fulfilment(self, api_admin, api_enterprise, api_other_enterprise, enterprise_org,
                                       make_agreement):
        a = make_agreement(status="active", commitments=[{"kind": "projects", "amount": 2}])
        r = api_enterprise.get(f"/api/v1/enterprises/{enterprise_org.pk}/health/")
        assert r.status_code == 200 and 0 <= r.json()["score"] <= 100 and len(r.json()["parts"]) == 6
        assert api_other_enterprise.get(f"/api/v1/enterprises/{enterprise_org.pk}/health/").status_code == 404
        years = api_admin.get(f"/api/v1/agreements/{a.pk}/fulfilment/").json()
        assert years[0]["year"] == 1 and float(years[0]["commitments"][0]["promised"]) == 2


@pytest.mark.django_db
class TestEnterprisesApi:
    def test_admin_creates_org_and_profile(self, api_admin, college):
        from tests.partnerships.factories import VALID_CREDIT_CODE

        r = api_admin.post("/api/v1/enterprises/", {"name": "新公司", "segment": "aigc", "staff_count": 30,
                                                    "credit_code": VALID_CREDIT_CODE.lower()}, format="json")
        assert r.status_code == 201, r.json()
        assert r.json()["credit_code"] == VALID_CREDIT_CODE

    def test_bad_credit_code_400(self, api_admin, college):
        r = api_admin.post("/api/v1/enterprises/", {"name": "坏公司", "segment": "aigc", "staff_count": 3,
                                                    "credit_code": "91110000802100433C"}, format="json")
        assert r.status_code == 400 and "credit_code" in r.json()["errors"]

    def test_enterprise_edits_own_not_certification(self, api_enterprise, enterprise_org, other_enterprise_org):
        url = f"/api/v1/enterprises/{enterprise_org.pk}/"
        assert api_enterprise.patch(url, {"address": "上海"}, format="json").status_code == 200
        assert api_enterprise.patch(url, {"is_certified_iei": True, "certified_on": str(TODAY)},
                                    format="json").status_code == 403
        assert api_enterprise.patch(f"/api/v1/enterprises/{other_enterprise_org.pk}/", {"address": "x"},
                                    format="json").status_code == 404

    def test_teacher_cannot_edit(self, api_teacher, enterprise_org):
        assert api_teacher.patch(f"/api/v1/enterprises/{enterprise_org.pk}/", {"address": "x"},
                                 format="json").status_code == 403

    def test_student_sees_masked_phone(self, api_student, enterprise_org):
        from partnerships.models import Enterprise

        Enterprise.objects.filter(pk=enterprise_org.pk).update(contact_phone="13812345678")
        assert api_student.get(f"/api/v1/enterprises/{enterprise_org.pk}/").json()["contact_phone"] == "138****5678"
