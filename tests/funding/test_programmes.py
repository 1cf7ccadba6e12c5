from decimal import Decimal

import pytest

from funding import services
from funding.choices import IncentiveKind
from funding.models import ProgramEvaluation

from .factories import CriterionFactory, IncentiveFactory, StandardFactory, StandardVersionFactory


@pytest.mark.django_db
class TestIncentives:
    def test_scholarship_to_student_and_workflow(self, api_admin, student, api_student, api_student2):
        r = api_admin.post("/api/v1/incentives/", {"kind": IncentiveKind.SCHOLARSHIP, "title": "星河影业AIGC奖学金",
                                                   "year": 2026, "recipient_user": student.pk, "amount": "5000.00"})
        assert r.status_code == 201
        iid = r.json()["id"]
        assert api_admin.post(f"/api/v1/incentives/{iid}/award/").status_code == 409
        assert api_admin.post(f"/api/v1/incentives/{iid}/approve/").status_code == 200
        assert api_admin.post(f"/api/v1/incentives/{iid}/award/").json()["status"] == "awarded"
        assert api_admin.post(f"/api/v1/incentives/{iid}/reject/").status_code == 409
        assert api_student.get(f"/api/v1/incentives/{iid}/").status_code == 200
        assert api_student2.get(f"/api/v1/incentives/{iid}/").status_code == 404
        assert api_student.post(f"/api/v1/incentives/{iid}/approve/").status_code == 403

    def test_kind_must_match_recipient(self, api_admin, teacher, student, enterprise_org):
        base = {"title": "x", "year": 2026}
        assert api_admin.post("/api/v1/incentives/", {**base, "kind": IncentiveKind.SCHOLARSHIP,
                                                      "recipient_user": teacher.pk}).status_code == 400
        assert api_admin.post("/api/v1/incentives/", {**base, "kind": IncentiveKind.TEACHER_AWARD,
                                                      "recipient_user": student.pk}).status_code == 400
        assert api_admin.post("/api/v1/incentives/", {**base, "kind": IncentiveKind.ENTERPRISE_BENEFIT,
                                                      "recipient_user": student.pk}).status_code == 400
        r = api_admin.post("/api/v1/incentives/", {**base, "kind": IncentiveKind.ENTERPRISE_BENEFIT,
                                                   "recipient_org": enterprise_org.pk,
                                                   "eligibility": "认定为产教融合型企业"})
        assert r.status_code == 201

    def test_enterprise_sees_own_benefits_only(self, api_enterprise, api_other_enterprise, enterprise_org):
        inc = IncentiveFactory(kind=IncentiveKind.ENTERPRISE_BENEFIT, recipient_org=enterprise_org)
        assert api_enterprise.get(f"/api/v1/incentives/{inc.pk}/").status_code == 200
        assert api_other_enterprise.get(f"/api/v1/incentives/{inc.pk}/").status_code == 404

    def test_teacher_cannot_create(self, api_teacher, student):
        assert api_teacher.post("/api/v1/incentives/", {"kind": "scholarship", "title": "x", "year": 2026,
                                                        "recipient_user": student.pk}).status_code == 403


@pytest.mark.django_db
class TestStandards:
    def test_association_publishes_versions_and_program_declares(self, api_association, association_org, api_admin,
                                                                 api_teacher, program):
        r = api_association.post("/api/v1/standards/", {"association": association_org.pk, "kind": "training",
                                                        "code": "T/CFTA 001-2026", "title": "AIGC影视人才培养标准"})
        assert r.status_code == 201
        sid = r.json()["id"]
        assert api_teacher.get(f"/api/v1/standards/{sid}/").status_code == 404  # no published version yet
        v1 = api_association.post(f"/api/v1/standards/{sid}/versions/", {"version": "1.0",
                                  "checklist": ["AIGC课程占比不低于20%", "企业导师授课", "真实项目实训"]}).json()
        assert api_association.post(f"/api/v1/standards/{sid}/versions/", {"version": "1.0",
                                    "checklist": ["x"]}).status_code == 400
        assert api_association.post(f"/api/v1/standards/{sid}/versions/", {"version": "2.0",
                                    "checklist": []}).status_code == 400
        # a draft cannot be followed
        r = api_admin.post(f"/api/v1/standards/{sid}/declare/", {"program": program.pk, "version": v1["id"]})
        assert r.status_code == 409
        assert api_association.post(f"/api/v1/standards/{sid}/publish/", {"version": v1["id"]}).status_code == 200
        assert api_association.post(f"/api/v1/standards/{sid}/publish/", {"version": v1["id"]}).status_code == 409
        assert api_teacher.get(f"/api/v1/standards/{sid}/").status_code == 200
        r = api_admin.post(f"/api/v1/standards/{sid}/declare/", {"program": program.pk, "version": v1["id"],
                                                                 "met_items": [0, 2]})
        assert r.status_code == 200 and Decimal(str(r.json()["completion_rate"])) == Decimal("66.67")
        r = api_admin.post(f"/api/v1/standards/{sid}/declare/", {"program": program.pk, "version": v1["id"],
                                                                 "met_items": [7]})
        assert r.status_code == 400
        assert api_association.post(f"/api/v1/standards/{sid}/declare/", {"program": program.pk,
                                    "version": v1["id"]}).status_code == 403

    def test_publishing_new_version_withdraws_old(self, admin_user):
        v1 = StandardVersionFactory()
        v2 = StandardVersionFactory(standard=v1.standard)
        services.standard_version_publish(version=v1, by=admin_user)
        services.standard_version_publish(version=v2, by=admin_user)
        v1.refresh_from_db()
        assert v1.status == "withdrawn"

    def test_other_association_cannot_edit(self, api_association, association_org):
        std = StandardFactory()  # another association
        StandardVersionFactory(standard=std, status="published")
        assert api_association.post(f"/api/v1/standards/{std.pk}/versions/", {"version": "9",
                                    "checklist": ["x"]}).status_code == 403
        r = api_association.post("/api/v1/standards/", {"association": std.association_id, "kind": "training",
                                                        "code": "X-1", "title": "x"})
        assert r.status_code == 400

    def test_drafts_hidden_from_readers(self, api_teacher):
        v = StandardVersionFactory(status="published")
        StandardVersionFactory(standard=v.standard, version="2.0-draft")
        versions = api_teacher.get(f"/api/v1/standards/{v.standard_id}/").json()["versions"]
        assert [x["version"] for x in versions] == [v.version]

    def test_list_query_count_constant(self, api_teacher, django_assert_max_num_queries):
        for _ in range(3):
            StandardVersionFactory(status="published")
        with django_assert_max_num_queries(6) as ctx:
            assert api_teacher.get("/api/v1/standards/").status_code == 200
        n = len(ctx.captured_queries)
        for _ in range(20):
            StandardVersionFactory(status="published")
        with django_assert_max_num_queries(n):
            r = api_teacher.get("/api/v1/standards/")
        assert r.status_code == 200 and r.json()["count"] == 23


@pytest.mark.django_db
class TestEvaluations:
    def _scores(self, c1, c2, a, b):
        return [{"criterion": c1.pk, "score": a}, {"criterion": c2.pk, "score": b}]

    def test_multi_party_scores_and_combined(self, api_admin, api_enterprise, api_association, api_teacher,
                                             api_other_enterprise, program, college, admin_user):
        c1 = CriterionFactory(weight=Decimal("3"))
        c2 = CriterionFactory(weight=Decimal("1"))
        ids = {}
        for name, api, a, b in [("college", api_admin, "90", "70"), ("enterprise", api_enterprise, "80", "80"),
                                ("association", api_association, "60", "100")]:
            r = api.post("/api/v1/program-evaluations/", {"program": program.pk, "year": 2026,
                                                          "scores": self._scores(c1, c2, a, b)})
            assert r.status_code == 201, r.json()
            assert r.json()["party"] == name
            ids[name] = r.json()["id"]
        assert api_other_enterprise.get(f"/api/v1/program-evaluations/{ids['enterprise']}/").status_code == 404
        assert api_admin.post(f"/api/v1/program-evaluations/{ids['enterprise']}/submit/").status_code == 403
        for name, api in [("college", api_admin), ("enterprise", api_enterprise), ("association", api_association)]:
            assert api.post(f"/api/v1/program-evaluations/{ids[name]}/submit/").status_code == 200
        assert api_enterprise.post(f"/api/v1/program-evaluations/{ids['enterprise']}/submit/").status_code == 409
        assert api_enterprise.patch(f"/api/v1/program-evaluations/{ids['enterprise']}/",
                                    {"comment": "改"}).status_code == 403
        summary = api_admin.get(f"/api/v1/program-evaluations/summary/?program={program.pk}").json()
        row = summary[0]
        # weighted: college (90×3+70)/4 = 85, enterprise 80, association (60×3+100)/4 = 70; combined 78.33
        assert {k: Decimal(str(v)) for k, v in row["by_party"].items()} == {
            "college": Decimal("85.00"), "enterprise": Decimal("80.00"), "association": Decimal("70.00")}
        assert Decimal(str(row["combined"])) == Decimal("78.33")
        assert api_teacher.get("/api/v1/program-evaluations/").json()["count"] == 3  # submitted, read-only
        assert ProgramEvaluation.objects.get(pk=ids["college"]).history.count() >= 2

    def test_party_mean_not_outweighed_by_reviewer_count(self, program, admin_user, enterprise_user,
                                                         other_enterprise_user, college):
        c = CriterionFactory()
        for user, score in [(admin_user, 90), (enterprise_user, 50), (other_enterprise_user, 70)]:
            ev = services.program_evaluation_save(by=user, program=program, year=2025, scores={c.pk: Decimal(score)})
            services.program_evaluation_submit(evaluation=ev, by=user)
        row = services.evaluation_summary(evaluations=ProgramEvaluation.objects.all())[0]
        assert row["by_party"]["enterprise"] == Decimal("60.00")
        assert row["combined"] == Decimal("75.00")  # (90 + 60) / 2, not (90+50+70)/3

    def test_submit_needs_every_criterion_and_bad_scores_400(self, api_enterprise, program):
        c1, c2 = CriterionFactory(), CriterionFactory()
        r = api_enterprise.post("/api/v1/program-evaluations/", {"program": program.pk, "year": 2026,
                                                                 "scores": [{"criterion": c1.pk, "score": "80"}]})
        assert api_enterprise.post(f"/api/v1/program-evaluations/{r.json()['id']}/submit/").status_code == 409
        assert api_enterprise.post("/api/v1/program-evaluations/", {"program": program.pk, "year": 2026,
                                   "scores": [{"criterion": c2.pk, "score": "101"}]}).status_code == 400
        assert api_enterprise.post("/api/v1/program-evaluations/", {"program": program.pk, "year": 2026,
                                   "scores": [{"criterion": c1.pk, "score": "80"}]}).status_code == 400  # twice
        assert api_enterprise.post("/api/v1/program-evaluations/", {"program": 99999, "year": 2026,
                                   "scores": []}).status_code == 400

    def test_list_query_counts_constant(self, api_admin, admin_user, student, program,
                                        django_assert_max_num_queries):
        from curriculum.models import Program

        crit = CriterionFactory()

        def make(n):
            for i in range(n):
                p = Program.objects.create(major=f"专业{i}-{n}", cohort_year=2026, title=f"方案{i}", status="approved")
                services.program_evaluation_save(by=admin_user, program=p, year=2026, scores={crit.pk: Decimal(80)})
                IncentiveFactory(kind=IncentiveKind.SCHOLARSHIP, recipient_user=student)

        make(3)
        counts = {}
        for url in ("/api/v1/program-evaluations/", "/api/v1/incentives/"):
            with django_assert_max_num_queries(8) as ctx:
                assert api_admin.get(url).status_code == 200
            counts[url] = len(ctx.captured_queries)
        make(20)
        for url, n in counts.items():
            with django_assert_max_num_queries(n):
                r = api_admin.get(url)
            assert r.status_code == 200 and r.json()["count"] == 23

    def test_student_and_teacher_cannot_evaluate(self, api_student, api_teacher, program):
        assert api_student.post("/api/v1/program-evaluations/", {}).status_code == 403
        assert api_teacher.post("/api/v1/program-evaluations/", {}).status_code == 403


@pytest.mark.django_db
def test_the_college_evaluates_through_a_membership_in_force(api_admin, admin_user, college, program):
    """A membership in a college that was closed (organisation inactive) names no party (issue 18 item 10)."""
    from accounts.choices import OrganizationKind, Role
    from tests.accounts.factories import MembershipFactory, OrganizationFactory

    closed = OrganizationFactory(kind=OrganizationKind.COLLEGE, name="0 已合并学院", is_active=False)
    MembershipFactory(user=admin_user, organization=closed, role=Role.COLLEGE_ADMIN)
    crit = CriterionFactory()
    r = api_admin.post("/api/v1/program-evaluations/", {"program": program.pk, "year": 2026,
                                                        "scores": [{"criterion": crit.pk, "score": "80"}]},
                       format="json")
    assert r.status_code == 201, r.content
    assert r.json()["party"] == "college" and r.json()["organization"] == college.pk
