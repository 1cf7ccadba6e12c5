"""The programme list answers counts, not course rows; the rows stay on the detail, the writes and ``?expand=courses``.

A programme has ~58 courses: a page of 200 carried 10,000 nested rows. The list now gives ``course_count`` and
``required_course_count`` beside the goals; the detail route and every write or step response keep ``courses``.
"""
import pytest

from curriculum import services
from curriculum.models import Program

from .factories import CourseFactory, ProgramFactory, complete_goals

pytestmark = pytest.mark.django_db

PR = "/api/v1/programs/"


def _programme(courses: int = 3, optional: int = 1) -> Program:
    p = ProgramFactory()
    complete_goals(p)
    for k in range(courses):
        services.program_course_set(program=p, by=None, course=CourseFactory(), semester=1 + k % 6,
                                    is_required=k >= optional)
    return p


def _rows(client, query: str = "") -> dict[int, dict]:
    r = client.get(f"{PR}?page_size=200{query}")
    assert r.status_code == 200, r.content
    return {row["id"]: row for row in r.json()["results"]}


def test_the_list_counts_the_courses_the_detail_lists(api_admin):
    programmes = [_programme(courses=4, optional=1), _programme(courses=2, optional=2), _programme(courses=0)]
    rows = _rows(api_admin)
    assert set(rows) == {p.pk for p in programmes}
    for p in programmes:
        detail = api_admin.get(f"{PR}{p.pk}/").json()
        row = rows[p.pk]
        assert "courses" not in row
        assert row["course_count"] == len(detail["courses"])
        assert row["required_course_count"] == sum(c["is_required"] for c in detail["courses"])
        assert row["goals"] == detail["goals"] and len(row["goals"]) == 3
        # the rest of the row is the detail's, field for field
        assert {k: v for k, v in row.items() if not k.endswith("course_count")} == {
            k: v for k, v in detail.items() if k != "courses"}
    assert [rows[p.pk]["course_count"] for p in programmes] == [4, 2, 0]
    assert [rows[p.pk]["required_course_count"] for p in programmes] == [3, 0, 0]


def test_counts_are_not_multiplied_by_filters_or_search(api_admin):
    p = _programme(courses=5, optional=2)
    for query in (f"&search={p.major}", "&status=draft", f"&cohort_year={p.cohort_year}", "&ordering=-major"):
        row = _rows(api_admin, query)[p.pk]
        assert (row["course_count"], row["required_course_count"]) == (5, 3), query


def test_expand_courses_gives_the_detail_rows(api_admin):
    programmes = [_programme(courses=3), _programme(courses=0)]
    rows = _rows(api_admin, "&expand=courses")
    for p in programmes:
        detail = api_admin.get(f"{PR}{p.pk}/").json()
        assert rows[p.pk]["courses"] == detail["courses"]
        assert rows[p.pk]["course_count"] == len(detail["courses"])
        assert {k: v for k, v in rows[p.pk].items() if not k.endswith("course_count")} == detail


def test_an_expanded_page_holds_at_most_twenty_programmes(api_admin, monkeypatch):
    from curriculum.api import views

    assert views.EXPANDED_MAX_PAGE_SIZE == 20
    monkeypatch.setattr(views, "EXPANDED_MAX_PAGE_SIZE", 2)
    programmes = [_programme(courses=1) for _ in range(3)]
    r = api_admin.get(f"{PR}?page_size=200&expand=courses")
    assert r.status_code == 200
    body = r.json()
    assert body["count"] == 3 and len(body["results"]) == 2 and "page_size=200" in body["next"]
    rest = api_admin.get(body["next"]).json()["results"]
    assert {row["id"] for row in body["results"] + rest} == {p.pk for p in programmes}
    assert all(len(row["courses"]) == 1 for row in body["results"] + rest)
    assert len(api_admin.get(f"{PR}?page_size=200").json()["results"]) == 3  # the counts-only list is not capped
    assert len(api_admin.get(f"{PR}?page_size=1&expand=courses").json()["results"]) == 1


def test_expand_is_checked(api_admin):
    _programme(courses=1)
    for query in ("expand=teams", "expand=", "expand=courses&expand=courses", "expand=COURSES"):
        r = api_admin.get(f"{PR}?{query}")
        assert r.status_code == 400, query
        assert "expand" in r.json()["errors"], query


def test_the_detail_and_every_write_keep_the_course_rows(api_admin):
    r = api_admin.post(PR, {"major": "数字媒体艺术", "cohort_year": 2026, "title": "方案"}, format="json")
    assert r.status_code == 201 and r.json()["courses"] == []
    pid = r.json()["id"]
    course = CourseFactory()
    assert api_admin.post(f"{PR}{pid}/courses/", {"course": course.pk, "semester": 2},
                          format="json").status_code == 201
    r = api_admin.patch(f"{PR}{pid}/", {"title": "新标题"}, format="json")
    assert r.status_code == 200 and [c["course"] for c in r.json()["courses"]] == [course.pk]
    for dim in ("art", "technology", "innovation"):
        api_admin.post(f"{PR}{pid}/goals/", {"dimension": dim, "statement": "目标", "outcome": "可测"}, format="json")
    r = api_admin.post(f"{PR}{pid}/submit/")  # a step answers with the fresh row
    assert r.status_code == 200 and [c["course_code"] for c in r.json()["courses"]] == [course.code]
    r = api_admin.get(f"{PR}{pid}/")
    assert r.status_code == 200 and "course_count" not in r.json() and len(r.json()["courses"]) == 1
    # ?expand means nothing on the detail: it always carries the rows, and a stray value is no error there
    assert api_admin.get(f"{PR}{pid}/?expand=teams").json()["courses"] == r.json()["courses"]


@pytest.mark.parametrize("query", ["", "&expand=courses"])
def test_list_queries_do_not_grow_with_programmes(api_admin, django_assert_max_num_queries, query):
    for _ in range(2):
        _programme(courses=3)
    with django_assert_max_num_queries(10) as ctx:
        assert api_admin.get(f"{PR}?page_size=200{query}").status_code == 200
    first = len(ctx.captured_queries)
    for _ in range(15):
        _programme(courses=4)
    with django_assert_max_num_queries(first):
        r = api_admin.get(f"{PR}?page_size=200{query}")
    assert r.status_code == 200 and r.json()["count"] == 17
    assert all(row["course_count"] in (3, 4) for row in r.json()["results"])


def test_only_the_expanded_list_reads_course_rows(api_admin):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _programme(courses=3)
    assert api_admin.get(PR).status_code == 200  # warm-up: the user's roles are read once
    with CaptureQueriesContext(connection) as plain:
        assert api_admin.get(PR).status_code == 200
    with CaptureQueriesContext(connection) as expanded:
        assert api_admin.get(f"{PR}?expand=courses").status_code == 200

    def reads_rows(queries) -> bool:  # the semester is read only by the rows, never by the counts
        return any('"curriculum_programcourse"."semester"' in q["sql"] for q in queries)

    assert not reads_rows(plain.captured_queries) and reads_rows(expanded.captured_queries)
    assert len(expanded.captured_queries) == len(plain.captured_queries) + 1


def test_the_html_pages_are_unaffected(web, admin_user):
    p = _programme(courses=2)
    codes = list(p.program_courses.values_list("course__code", flat=True))
    web.login_as(admin_user)
    r = web.get("/curriculum/programs/")
    assert r.status_code == 200 and p.title in r.content.decode()
    r = web.get(f"/curriculum/programs/{p.pk}/")
    assert r.status_code == 200
    assert all(code in r.content.decode() for code in codes)


def test_the_schema_documents_the_list_and_expand():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    op = schema["paths"]["/api/v1/programs/"]["get"]
    expand = next(p for p in op["parameters"] if p["name"] == "expand")
    assert expand["in"] == "query" and expand["schema"]["enum"] == ["courses"]
    page = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    row = schema["components"]["schemas"][page]["properties"]["results"]["items"]["$ref"].rsplit("/", 1)[1]
    props = schema["components"]["schemas"][row]["properties"]
    assert {"course_count", "required_course_count", "goals"} <= set(props) and "courses" not in props
    detail = schema["paths"]["/api/v1/programs/{id}/"]["get"]["responses"]["200"]["content"]["application/json"]
    detail_props = schema["components"]["schemas"][detail["schema"]["$ref"].rsplit("/", 1)[1]]["properties"]
    assert "courses" in detail_props and "course_count" not in detail_props
