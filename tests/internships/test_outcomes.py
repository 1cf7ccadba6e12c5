"""Employment outcomes kept in the platform (issue 20 item 4): the register (API and pages), who sees and
writes what, the rules of a hire's figures, and the statistics per programme and per enterprise."""
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from internships import services
from internships.models import EmploymentOutcome
from internships.selectors import outcome_statistics
from tests.accounts.factories import make_member
from tests.curriculum.factories import ProgramFactory

from .factories import PlacementFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/employment-outcomes/"


@pytest.fixture
def programme():
    return ProgramFactory(major="数字媒体艺术", cohort_year=2023)


@pytest.fixture
def hired(placement, admin_user, programme):
    """The student of ``placement`` (enterprise A, mentored by ``teacher``) hired by A in the field."""
    return services.outcome_record(student=placement.student, by=admin_user, kind="host_enterprise",
                                   placement=placement, program=programme, is_counterpart=True,
                                   monthly_salary=Decimal("6000"))


class TestRules:
    def test_host_hire_takes_the_placement_enterprise(self, hired, placement):
        assert hired.employer_id == placement.enterprise_id

    def test_only_a_hire_has_job_figures(self, student2, admin_user):
        with pytest.raises(Exception) as exc:  # noqa: PT011 - Django's ValidationError, field by field
            services.outcome_create(student=student2, by=admin_user, kind="further_study",
                                    monthly_salary=Decimal("5000"), is_counterpart=True)
        assert set(exc.value.message_dict) == {"monthly_salary", "is_counterpart"}
        assert not EmploymentOutcome.objects.exists()

    def test_database_refuses_a_salary_of_further_study(self, student2):
        # The last guard behind the service: a bulk write that skips it still cannot store the figure.
        with pytest.raises(IntegrityError), transaction.atomic():
            EmploymentOutcome.objects.create(student=student2, kind="further_study", monthly_salary=Decimal("1"))

    def test_changing_a_hire_to_further_study_drops_its_figures(self, hired, admin_user):
        out = services.outcome_update(outcome=hired, by=admin_user, kind="further_study", employer=None)
        assert out.monthly_salary is None and out.is_counterpart is False

    def test_placement_must_be_the_students(self, placement, student2, admin_user):
        with pytest.raises(Exception) as exc:  # noqa: PT011
            services.outcome_create(student=student2, by=admin_user, kind="host_enterprise", placement=placement)
        assert "placement" in exc.value.message_dict

    def test_only_students_have_outcomes(self, teacher, admin_user):
        with pytest.raises(Exception) as exc:  # noqa: PT011
            services.outcome_create(student=teacher, by=admin_user, kind="other")
        assert "student" in exc.value.message_dict


class TestApi:
    def test_each_role_sees_its_own(self, hired, api_admin, api_teacher, api_teacher2, api_enterprise,
                                    api_other_enterprise, api_student, api_student2):
        url = f"{URL}{hired.pk}/"
        for client in (api_admin, api_teacher, api_enterprise, api_student):
            assert client.get(url).status_code == 200
        for client in (api_teacher2, api_other_enterprise, api_student2):
            assert client.get(url).status_code == 404
            assert client.patch(url, {"position": "x"}).status_code == 404
        # The student and the enterprise read; the school mentor keeps it; only the college deletes.
        assert api_student.patch(url, {"position": "x"}).status_code == 403
        assert api_enterprise.patch(url, {"position": "x"}).status_code == 403
        assert api_teacher.patch(url, {"position": "剪辑师"}).status_code == 200
        assert api_teacher.delete(url).status_code == 403
        assert api_student.post(URL, {"student": hired.student_id, "kind": "other"}).status_code == 403
        assert api_admin.delete(url).status_code == 204

    def test_create_and_bad_input(self, api_admin, student2, student, hired, enterprise_org, department):
        ok = api_admin.post(URL, {"student": student2.pk, "kind": "other_enterprise", "employer": enterprise_org.pk,
                                  "is_counterpart": True, "monthly_salary": "7000.00", "position": "调色师"})
        assert ok.status_code == 201, ok.content
        assert ok.json()["employer_display"] == enterprise_org.name
        for bad, field in [
            ({"student": student.pk, "kind": "other"}, "student"),  # already recorded
            ({"student": student2.pk, "kind": "hired"}, "kind"),
            ({"student": student2.pk, "kind": "other_enterprise", "monthly_salary": "-1"}, "monthly_salary"),
            ({"student": student2.pk, "kind": "other_enterprise", "employer": department.pk}, "employer"),
            ({"student": 999999, "kind": "other"}, "student"),
        ]:
            r = api_admin.post(URL, bad)
            assert r.status_code == 400 and field in r.json()["errors"], (bad, r.content)
        assert api_admin.get(f"{URL}?is_counterpart=maybe").status_code == 400
        assert EmploymentOutcome.objects.count() == 2

    def test_statistics(self, api_admin, api_other_enterprise, hired, student2, enterprise_org, admin_user, programme,
                        department):
        services.outcome_create(student=student2, by=admin_user, kind="further_study", program=programme,
                                employer_name="某大学")
        third = make_member("student", department, username="grad3")
        services.outcome_create(student=third, by=admin_user, kind="other_enterprise", employer=enterprise_org,
                                monthly_salary=Decimal("5001"))
        data = api_admin.get(f"{URL}statistics/").json()
        overall = data["overall"]
        assert (overall["total"], overall["employed"], overall["counterpart"]) == (3, 2, 1)
        assert overall["employment_rate"] == "66.7" and overall["counterpart_rate"] == "50.0"
        assert overall["average_salary"] == "5501"  # (6000 + 5001) / 2, rounded
        rows = {r["key"]: r for r in data["programmes"]}
        assert rows[programme.pk]["total"] == 2 and rows[programme.pk]["employment_rate"] == "50.0"
        assert rows[None]["total"] == 1
        (ent,) = data["enterprises"]
        assert (ent["key"], ent["hires"], ent["own_interns_hired"], ent["interns_with_outcome"]) == (
            enterprise_org.pk, 2, 1, 1)
        assert ent["retention_rate"] == "100.0"
        # Figures only over what the caller sees: the other enterprise sees none of these outcomes.
        assert api_other_enterprise.get(f"{URL}statistics/").json()["overall"]["total"] == 0

    def test_statistics_queries_do_not_grow(self, admin_user, department, enterprise_org,
                                            django_assert_max_num_queries):
        def grow(n, start):
            for i in range(start, start + n):
                s = make_member("student", department, username=f"grad{i}")
                p = ProgramFactory(major=f"专业{i}", cohort_year=2023)
                services.outcome_create(student=s, by=admin_user, kind="other_enterprise", employer=enterprise_org,
                                        program=p, monthly_salary=Decimal("5000") + i)
        grow(2, 0)
        qs = EmploymentOutcome.objects.all()
        with django_assert_max_num_queries(6) as ctx:
            outcome_statistics(qs)
        grow(10, 2)
        with django_assert_max_num_queries(len(ctx.captured_queries)):
            _overall, programmes, _ = outcome_statistics(qs)
        assert len(programmes) == 12

    def test_list_queries_constant(self, api_admin, admin_user, department, django_assert_max_num_queries):
        def grow(n, start):
            for i in range(start, start + n):
                s = make_member("student", department, username=f"g{i}")
                services.outcome_create(student=s, by=admin_user, kind="further_study",
                                        program=ProgramFactory(major=f"m{i}", cohort_year=2024))
        grow(3, 0)
        with django_assert_max_num_queries(12) as ctx:
            assert api_admin.get(URL).status_code == 200
        grow(15, 3)
        with django_assert_max_num_queries(len(ctx.captured_queries)):
            r = api_admin.get(URL)
            assert r.status_code == 200 and r.json()["count"] == 18


class TestPages:
    def test_register_pages(self, web, admin_user, student2, hired, enterprise_org):
        student2.student_no = "2023001"
        student2.save()
        c = web.login_as(admin_user)
        assert c.get("/internships/outcomes/").status_code == 200
        assert c.get("/internships/outcomes/new/").status_code == 200
        r = c.post("/internships/outcomes/new/", {"student_no": "nobody", "kind": "other"})
        assert r.status_code == 400 and not EmploymentOutcome.objects.filter(student=student2).exists()
        r = c.post("/internships/outcomes/new/", {"student_no": "2023001", "kind": "further_study",
                                                  "monthly_salary": "3000"})
        assert r.status_code == 400 and not EmploymentOutcome.objects.filter(student=student2).exists()
        r = c.post("/internships/outcomes/new/", {"student_no": "2023001", "kind": "other_enterprise",
                                                  "employer": enterprise_org.pk, "monthly_salary": "6800",
                                                  "is_counterpart": "on"})
        assert r.status_code == 302
        created = EmploymentOutcome.objects.get(student=student2)
        assert created.is_counterpart and created.monthly_salary == Decimal("6800")
        r = c.post(f"/internships/outcomes/{created.pk}/edit/", {"kind": "other_enterprise",
                                                                  "employer": enterprise_org.pk,
                                                                  "monthly_salary": "7000"})
        assert r.status_code == 302
        page = c.get("/internships/outcomes/statistics/")
        assert page.status_code == 200 and enterprise_org.name in page.content.decode()
        assert c.post(f"/internships/outcomes/{created.pk}/delete/").status_code == 302
        assert not EmploymentOutcome.objects.filter(pk=created.pk).exists()

    def test_student_sees_own_only(self, web, student, student2, hired):
        page = web.login_as(student).get("/internships/outcomes/")
        assert page.status_code == 200 and str(hired.monthly_salary) in page.content.decode()
        other = web.login_as(student2)
        assert other.get("/internships/outcomes/").status_code == 200
        assert other.get(f"/internships/outcomes/{hired.pk}/edit/").status_code == 404
        assert other.get("/internships/outcomes/statistics/").status_code == 403

    def test_pages_constant_queries(self, web, admin_user, teacher, department, enterprise_org,
                                    django_assert_max_num_queries):
        def grow(n, start):
            for i in range(start, start + n):
                s = make_member("student", department, username=f"p{i}")
                placement = PlacementFactory(student=s, enterprise=enterprise_org, school_mentor=teacher,
                                             status="completed")
                services.outcome_create(student=s, by=admin_user, kind="host_enterprise", placement=placement,
                                        program=ProgramFactory(major=f"x{i}", cohort_year=2024),
                                        monthly_salary=Decimal("5000"))
        grow(2, 0)
        pages = ["/internships/outcomes/", "/internships/outcomes/statistics/"]
        budgets = {}
        for user in (admin_user, teacher):
            client = web.login_as(user)
            for url in pages:
                with django_assert_max_num_queries(40) as ctx:
                    assert client.get(url).status_code in (200, 403)
                budgets[user.pk, url] = len(ctx.captured_queries)
        grow(12, 2)
        for user in (admin_user, teacher):
            client = web.login_as(user)
            for url in pages:
                with django_assert_max_num_queries(budgets[user.pk, url] + 1):
                    assert client.get(url).status_code in (200, 403)
