"""?search= and the page search box go through core.search: related names via subqueries."""
import pytest
from django.db import connection

from accounts.choices import Role
from attendance.models import CheckIn
from core.search import search_q
from faculty.models import TeachingAssignment
from internships.models import Application, Placement, WeeklyLog
from tests.accounts.factories import make_member
from tests.internships.factories import ApplicationFactory, PostingFactory


@pytest.fixture
def applications(enterprise_org, department):
    wang = make_member(Role.STUDENT, department, username="Wang_Li", display_name="王丽")
    zhao = make_member(Role.STUDENT, department, username="zhao_min", display_name="赵敏")
    storyboard = PostingFactory(enterprise=enterprise_org, title="虚拟拍摄助理")
    grading = PostingFactory(enterprise=enterprise_org, title="AIGC Colour Grading")
    return {
        "wang_storyboard": ApplicationFactory(posting=storyboard, student=wang),
        "zhao_grading": ApplicationFactory(posting=grading, student=zhao),
        "zhao_storyboard": ApplicationFactory(posting=storyboard, student=zhao),
    }


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.django_db
def test_api_search_matches_related_names_case_insensitively(api_admin, applications):
    a = applications
    assert _ids(api_admin.get("/api/v1/applications/", {"search": "王"})) == {a["wang_storyboard"].pk}
    # Latin letters ignore case, through the relation to the student and to the posting.
    assert _ids(api_admin.get("/api/v1/applications/", {"search": "wang_li"})) == {a["wang_storyboard"].pk}
    assert _ids(api_admin.get("/api/v1/applications/", {"search": "colour"})) == {a["zhao_grading"].pk}
    assert _ids(api_admin.get("/api/v1/applications/", {"search": "虚拟拍摄"})) == {
        a["wang_storyboard"].pk, a["zhao_storyboard"].pk}
    # Every term must match (DRF's contract), each in any field.
    assert _ids(api_admin.get("/api/v1/applications/", {"search": "赵 虚拟"})) == {a["zhao_storyboard"].pk}
    assert _ids(api_admin.get("/api/v1/applications/", {"search": "不存在的名字"})) == set()


@pytest.mark.django_db
def test_page_search_box_uses_the_same_matching(client, admin_user, applications):
    client.force_login(admin_user)
    response = client.get("/internships/applications/", {"q": "WANG"})
    assert response.status_code == 200
    assert "王丽" in response.content.decode()
    assert "赵敏" not in response.content.decode()


@pytest.mark.django_db
def test_related_fields_become_subqueries_not_joins(django_assert_num_queries):
    with django_assert_num_queries(0):  # a search without a gram index is only SQL until it runs
        q = search_q(TeachingAssignment, ["instructor__name", "course__name", "course__code"], "王")
    sql = str(TeachingAssignment.objects.order_by().filter(q).query)  # its default order joins the course
    assert "JOIN" not in sql
    assert sql.count("IN (SELECT") == 2
    # Organisations' names have their gram index (search_grams): an application's postings whose enterprise is so
    # named are read first, in one query without a join, through the enterprises' subquery.
    with django_assert_num_queries(1) as queries:
        q = search_q(Application, ["posting__enterprise__name", "posting__enterprise__name_en"], "王")
    assert "JOIN" not in queries.captured_queries[0]["sql"]
    assert "@>" in queries.captured_queries[0]["sql"]
    sql = str(Application.objects.filter(q).query)
    assert "JOIN" not in sql and "IN (SELECT" not in sql and sql.count("= ANY(") == 1
    # People's names have their gram index: the students are read first, in one query, and the application's
    # condition holds their ids as a constant array, so the planner knows how many they are.
    with django_assert_num_queries(2) as queries:
        q = search_q(Application, ["student__display_name", "posting__enterprise__name"], "王")
    assert all("JOIN" not in query["sql"] for query in queries.captured_queries)
    sql = str(Application.objects.filter(q).query)
    assert "JOIN" not in sql and "IN (SELECT" not in sql and sql.count("= ANY(") == 2
    # So do postings' titles (their search_grams): two relations through gram indexes, one query each.
    with django_assert_num_queries(2) as queries:
        q = search_q(Application, ["student__display_name", "posting__title"], "王")
    assert all("JOIN" not in query["sql"] for query in queries.captured_queries)
    sql = str(Application.objects.filter(q).query)
    assert "JOIN" not in sql and "IN (SELECT" not in sql and sql.count("= ANY(") == 2
    # Beside a text's gram index, a weekly log's students (two levels: through its placement) are read first,
    # in one query without a join, and the log's condition holds their placements' ids as a constant array
    # (tests/internships/test_log_search.py).
    with django_assert_num_queries(1) as queries:
        q = search_q(WeeklyLog, ["content", "placement__student__display_name"], "王")
    assert "JOIN" not in queries.captured_queries[0]["sql"]
    sql = str(WeeklyLog.objects.filter(q).query)
    assert "JOIN" not in sql and "IN (SELECT" not in sql and sql.count("= ANY(") == 1
    # Two levels without a gram column of the model's own (a check-in's placement's student): the same, one query.
    with django_assert_num_queries(1) as queries:
        q = search_q(CheckIn, ["placement__student__display_name", "placement__student__username"], "王")
    assert "JOIN" not in queries.captured_queries[0]["sql"]
    sql = str(CheckIn.objects.filter(q).query)
    assert "JOIN" not in sql and "IN (SELECT" not in sql and sql.count("= ANY(") == 1


def test_case_free_terms_skip_upper():
    chinese = str(Placement.objects.filter(search_q(Placement, ["post"], "王")).query)
    latin = str(Placement.objects.filter(search_q(Placement, ["post"], "Wang")).query)
    assert "UPPER" not in chinese and "LIKE" in chinese
    assert "UPPER" in latin


@pytest.mark.django_db
def test_a_walk_leaves_out_the_gram_conditions_of_a_clone_and_nothing_else(django_assert_num_queries):
    """``walking_search`` and the count probe run a clone whose own gram conditions are written TRUE (the LIKE
    beside each decides alone); the query they were given keeps its conditions."""
    import re

    from core.search import _without_gram_conditions

    q = search_q(WeeklyLog, ["content"], "镜头") & search_q(WeeklyLog, ["content"], "AIGC")
    page = WeeklyLog.objects.filter(q).order_by("-submitted_at", "-id")[:5]
    before = str(page.query)
    with django_assert_num_queries(0):
        walked = _without_gram_conditions(page)
    grams = re.compile(r'"internships_weeklylog"\."content_grams" @> \(iei_grams\([^)]*\)\)')
    assert len(grams.findall(before)) == 2
    assert str(walked.query) == grams.sub("TRUE", before)
    assert str(page.query) == before  # the original is untouched, walked or not


@pytest.mark.django_db
def test_a_small_table_is_counted_at_once(settings, api_admin, enterprise_org, department, teacher):
    """A search of a table the planner expects to hold at most ``SEARCH_SMALL_ROWS`` rows (a college's safety
    incidents) leaves the related names' matches to PostgreSQL as subqueries instead of reading them first (a
    province's 2,125 people named ``王`` for an empty list), and is counted in one statement, without the probes'
    time limits (five round trips for a few hundred rows); the rows are the same either way, and a table over the
    limit by its statistics is read first and probed as before."""
    import datetime

    from django.test.utils import CaptureQueriesContext

    from core import search
    from internships.models import SafetyIncident
    from tests.internships.factories import PlacementFactory
    from tests.search_terms import plain_like

    incidents = []
    for username, name, text in [("Wang_Li", "王丽", "设备倾倒"), ("zhao_min", "赵敏", "王府井片场扭伤"),
                                 ("li_si", "李四", "-")]:
        student = make_member(Role.STUDENT, department, username=username, display_name=name)
        placement = PlacementFactory(enterprise=enterprise_org, student=student, school_mentor=teacher)
        incidents.append(SafetyIncident.objects.create(placement=placement, occurred_on=datetime.date(2026, 4, 1),
                                                       severity="minor", description=text))
    fields = ["description", "placement__student__display_name", "placement__student__username"]

    def searched(term):
        with CaptureQueriesContext(connection) as queries:
            got = _ids(api_admin.get("/api/v1/safety-incidents/", {"search": term}))
        return got, [q["sql"] for q in queries.captured_queries]

    terms = ["王", "WANG", "zhao", "府井", "敏", "_", "不存在"]
    settings.SEARCH_SMALL_ROWS = 1000
    search._ESTIMATES.clear()
    for term in terms:
        got, sql = searched(term)
        assert got == plain_like(SafetyIncident, fields, term), term
        assert not any("set_config" in s for s in sql), term  # no probe: no time limit set and put back
        # The names' matches left to PostgreSQL as subqueries (through the placements' names table), not read
        # first: gathered only when the table has a row to test.
        assert not any("= ANY(" in s for s in sql), term
    assert searched("王")[0] == {incidents[0].pk, incidents[1].pk}

    settings.SEARCH_SMALL_ROWS = 0  # never small: probed, the same rows
    for term in terms:
        got, sql = searched(term)
        assert got == plain_like(SafetyIncident, fields, term), term
    assert any("set_config" in s for s in searched("设备")[1])

    # Over the limit by the table's statistics (analysed): probed again.
    SafetyIncident.objects.bulk_create([SafetyIncident(placement=incidents[2].placement, severity="minor",
                                                       occurred_on=datetime.date(2026, 4, 2), description="-")
                                        for _ in range(60)])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE internships_safetyincident")
    settings.SEARCH_SMALL_ROWS = 50
    search._ESTIMATES.clear()
    assert 60 <= search._estimated_rows(SafetyIncident, "default") <= 70
    got, sql = searched("设备")
    assert got == {incidents[0].pk}
    assert any("set_config" in s for s in sql)
    got, sql = searched("王")
    assert got == {incidents[0].pk, incidents[1].pk}
    assert any("= ANY(" in s for s in sql)
