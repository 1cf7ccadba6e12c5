"""Coverage analysis against a small fixture whose matrix is worked out by hand."""
import csv
import io

import openpyxl
import pytest

from curriculum import selectors
from curriculum.choices import CompetencyCategory

from .factories import CompetencyFactory, CourseFactory, JobPostFactory, cover, industry_project, posting, require

pytestmark = pytest.mark.django_db


@pytest.fixture
def fixture_map(enterprise_org, other_enterprise_org):
    """
    code  job posts (current)  postings (published)  projects (open/running)  demand supply  class
    A     1                    1 (+1 draft)          1 (+1 closed)            3      2       thin (2/3 < 1)
    B     1 (+1 not current)   1                     0                        2      0       gap
    C     1                    0                     0                        1      3       covered (3/1 = 3)
    D     0                    0                     0                        0      4       surplus (no demand)
    E     1                    0                     1                        2      8       surplus (8/2 = 4 > 3)
    F     0                    0                     0                        0      0       none
    G     0                    1 (other enterprise)  0                        1      1       covered (1/1)
    """
    a = CompetencyFactory(code="A", category=CompetencyCategory.ART)
    b = CompetencyFactory(code="B")
    c = CompetencyFactory(code="C", category=CompetencyCategory.ART)
    d = CompetencyFactory(code="D")
    e = CompetencyFactory(code="E", category=CompetencyCategory.COLLABORATION)
    f = CompetencyFactory(code="F", category=CompetencyCategory.PROFESSIONAL)
    g = CompetencyFactory(code="G")
    j1, j2 = JobPostFactory(enterprise=enterprise_org), JobPostFactory()
    old = JobPostFactory(is_current=False)
    require(j1, a)
    require(j1, b)
    require(old, b)
    require(j2, c)
    require(j2, e)
    posting(enterprise_org, competencies=[a, b])
    posting(enterprise_org, status="draft", competencies=[a])
    posting(other_enterprise_org, competencies=[g])
    industry_project(enterprise_org, status="open", competencies=[a])
    industry_project(enterprise_org, status="closed", competencies=[a])
    industry_project(other_enterprise_org, status="in_progress", competencies=[e])
    c1, c2, c3 = CourseFactory(code="K1"), CourseFactory(code="K2"), CourseFactory(code="K3")
    cover(c1, a, 2)
    cover(c1, c, 3)
    cover(c2, d, 4)
    cover(c1, e, 4)
    cover(c2, e, 4)
    cover(c3, g, 1)
    return {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f, "G": g}


EXPECTED = {
    # code: (job_posts, postings, projects, demand, supply, courses, status)
    "A": (1, 1, 1, 3, 2, 1, "thin"),
    "B": (1, 1, 0, 2, 0, 0, "gap"),
    "C": (1, 0, 0, 1, 3, 1, "covered"),
    "D": (0, 0, 0, 0, 4, 1, "surplus"),
    "E": (1, 0, 1, 2, 8, 2, "surplus"),
    "F": (0, 0, 0, 0, 0, 0, "none"),
    "G": (0, 1, 0, 1, 1, 1, "covered"),
}


def _as_matrix(rows):
    return {r.code: (r.job_posts, r.postings, r.projects, r.demand, r.supply, r.courses, r.status) for r in rows}


def test_matrix_matches_hand_computation(fixture_map):
    assert _as_matrix(selectors.coverage_rows()) == EXPECTED


@pytest.mark.parametrize("demand,supply,expected", [
    (0, 0, "none"), (0, 1, "surplus"), (1, 0, "gap"), (3, 2, "thin"), (2, 2, "covered"), (1, 3, "covered"),
    (1, 4, "surplus"),
])
def test_thresholds_at_the_edges(demand, supply, expected):
    assert selectors.classify(demand, supply) == expected


def test_enterprise_sees_what_it_asked_for(fixture_map, enterprise_org):
    rows = selectors.coverage_rows(enterprise_ids={enterprise_org.pk})
    assert {r.code: r.asked for r in rows} == {"A": 3, "B": 2}
    # demand stays the whole industry's, so the class is the same as in the full matrix
    assert {r.code: r.status for r in rows} == {"A": "thin", "B": "gap"}


def test_api_rows(fixture_map, api_admin):
    r = api_admin.get("/api/v1/coverage/")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 7
    got = {row["code"]: (row["job_posts"], row["postings"], row["projects"], row["demand"], row["supply"],
                         row["courses"], row["status"]) for row in body["results"]}
    assert got == EXPECTED
    assert [x["code"] for x in api_admin.get("/api/v1/coverage/?status=gap").json()["results"]] == ["B"]
    assert {x["code"] for x in api_admin.get("/api/v1/coverage/?category=art").json()["results"]} == {"A", "C"}


def test_api_bad_filter_400(api_admin):
    assert api_admin.get("/api/v1/coverage/?status=great").status_code == 400
    assert api_admin.get("/api/v1/coverage/?category=cooking").status_code == 400


def test_api_access(fixture_map, api_enterprise, api_other_enterprise, api_association, api_student, api_teacher):
    assert {x["code"] for x in api_enterprise.get("/api/v1/coverage/").json()["results"]} == {"A", "B"}
    assert {x["code"] for x in api_other_enterprise.get("/api/v1/coverage/").json()["results"]} == {"E", "G"}
    assert api_association.get("/api/v1/coverage/").json()["count"] == 7
    assert api_teacher.get("/api/v1/coverage/").json()["count"] == 7
    assert api_student.get("/api/v1/coverage/").status_code == 403


def test_constant_queries(api_admin, web, admin_user, django_assert_max_num_queries):
    def grow(n):
        for _ in range(n):
            comp = CompetencyFactory()
            require(JobPostFactory(), comp)
            cover(CourseFactory(), comp, 3)
    grow(3)
    web.login_as(admin_user)
    with django_assert_max_num_queries(20) as api_ctx:
        assert api_admin.get("/api/v1/coverage/").status_code == 200
    with django_assert_max_num_queries(30) as page_ctx:
        assert web.get("/curriculum/coverage/").status_code == 200
    grow(20)
    with django_assert_max_num_queries(len(api_ctx.captured_queries)):
        assert api_admin.get("/api/v1/coverage/").status_code == 200
    with django_assert_max_num_queries(len(page_ctx.captured_queries)):
        assert web.get("/curriculum/coverage/").status_code == 200


def test_heatmap_page_and_downloads(fixture_map, web, admin_user):
    web.login_as(admin_user)
    r = web.get("/curriculum/coverage/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "<svg" in html and "K1" in html
    r = web.get("/curriculum/coverage/export.csv")
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 8
    by_code = {row[0]: row for row in rows[1:]}
    assert by_code["B"][6] == "2" and by_code["B"][7] == "0"
    r = web.get("/curriculum/coverage/export.xlsx")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content) if r.streaming else r.content))
    ws = wb.active
    assert ws.max_row == 8
    assert [c.value for c in ws[2]][:1] == ["A"]


def test_student_cannot_open_coverage_page(web, student):
    web.login_as(student)
    assert web.get("/curriculum/coverage/").status_code == 403


def test_heatmap_columns_become_modules_above_the_limit(monkeypatch, web, admin_user):
    from django.utils.translation import gettext as _

    from curriculum.choices import ModuleKind

    from .factories import CourseModuleFactory

    monkeypatch.setattr(selectors, "HEAT_MAX_COLUMNS", 3)  # 4 courses, 3 module columns
    comp = CompetencyFactory(code="K9")
    shooting, post = CourseModuleFactory(name="虚拟拍摄模块"), CourseModuleFactory(name="后期制作模块")
    cover(CourseFactory(module=shooting), comp, 1)
    cover(CourseFactory(module=shooting), comp, 3)
    cover(CourseFactory(module=post), comp, 2)
    loose = CourseFactory(module=None, code="LOOSE1")
    cover(loose, comp, 4)
    rows = selectors.coverage_rows()
    columns, cells, by_module = selectors.coverage_matrix(rows)
    assert by_module
    no_module = str(_("No module"))
    level = {label: cells[(comp.pk, key)] for key, label in columns}
    assert level == {"虚拟拍摄模块": 3, "后期制作模块": 2, no_module: 4}  # a module shows its highest level
    web.login_as(admin_user)
    page = web.get("/curriculum/coverage/")
    assert page.context["heat_by_module"] and "虚拟拍摄模块" in page.content.decode()
    # More modules than the limit: one column per kind of module (both modules here are one kind).
    monkeypatch.setattr(selectors, "HEAT_MAX_COLUMNS", 1)
    columns, cells, by_group = selectors.coverage_matrix(rows)
    level = {label: cells[(comp.pk, key)] for key, label in columns}
    assert by_group and level == {str(ModuleKind(shooting.kind).label): 3, no_module: 4}
    # Below the limit every course is a column of its own.
    monkeypatch.setattr(selectors, "HEAT_MAX_COLUMNS", 60)
    assert not selectors.coverage_matrix(rows)[2] and len(selectors.coverage_matrix(rows)[0]) == 4
