"""?search= over the texts of nine lists through one gram column each (core.search.gram_field with one or several
source fields): postings, intern evaluations, employment outcomes, safety incidents, expenditures, agreements,
bookings, supervision visits, organisations.

The index only narrows: every search must give exactly the rows of the plain OR of LIKEs it replaced, a term that
would span two fields included (the fields are joined by a space, which pairs with nothing); the SQL carries the
column's condition and its GIN index can answer it; every write path keeps the column; no list reads it.
"""
import datetime
from decimal import Decimal

import pytest
from django.db import connection

from accounts.choices import OrganizationKind, Role
from accounts.models import Organization
from attendance.models import SupervisionVisit
from core.search import gram_columns, search_q
from funding.models import Booking, Expenditure
from internships.models import EmploymentOutcome, InternEvaluation, Posting, SafetyIncident
from partnerships.models import Agreement
from tests.accounts.factories import make_member
from tests.funding.factories import BudgetLineFactory, TrainingBaseFactory
from tests.internships.factories import PlacementFactory, PostingFactory
from tests.partnerships.factories import AgreementFactory
from tests.search_terms import cut_terms, plain_like

# Texts of each row, one per field, of every kind the weekly logs' test covers in fewer words.
ROWS = [
    ["AIGC分镜实习生", "分镜师", "负责镜头设计，完成率 50%", "北京"],
    ["王", "Straße", "a_b 与 a%b", "上海　浦东"],
    ["调色助理", "调色", "路径 C:\\work\\shot_010", ""],
    ["UPPER lower", "MiXeD", "剪辑🎬镜头 𠀀字", "杭州"],
    ["", "", "", ""],
]
# Terms that would span two fields if their texts were joined without a space: in no field, so found nowhere.
SPANNING = ["生分", "师负", "%北", "王S", "ße", "b上", "理调", "色路", "rM", "D剪", "头杭"]

DAY = datetime.date(2026, 4, 1)


def _posting(texts, ctx):
    return PostingFactory(enterprise=ctx["enterprise"], title=texts[0], post=texts[1], description=texts[2],
                          location=texts[3])


def _evaluation(texts, ctx):
    placement = PlacementFactory(enterprise=ctx["enterprise"], student=ctx["student"](), school_mentor=ctx["teacher"])
    return InternEvaluation.objects.create(placement=placement, stage="final", evaluator_role="school_mentor",
                                           status="requested", comment=" ".join(texts))


def _outcome(texts, ctx):
    return EmploymentOutcome.objects.create(student=ctx["student"](), kind="other", employer_name=texts[0],
                                            position=texts[1])


def _incident(texts, ctx):
    placement = PlacementFactory(enterprise=ctx["enterprise"], student=ctx["student"](), school_mentor=ctx["teacher"])
    return SafetyIncident.objects.create(placement=placement, occurred_on=DAY, severity="minor",
                                         description=" ".join(texts) or "-")


def _expenditure(texts, ctx):
    return Expenditure.objects.create(line=ctx["line"], spent_on=DAY, payee=texts[0] or "-", description=texts[2],
                                      amount=Decimal("1.00"))


def _agreement(texts, ctx):
    return AgreementFactory(code=f"{texts[1][:30]}-{ctx['n']()}", title=texts[0] or "-")


def _booking(texts, ctx):
    start = ctx["now"] + datetime.timedelta(days=ctx["n"]())  # a day each: rooms are never booked twice at once
    return Booking.objects.create(base=ctx["base"], booked_by=ctx["teacher"], starts_at=start,
                                  ends_at=start + datetime.timedelta(hours=2), purpose=" ".join(texts) or "-")


def _visit(texts, ctx):
    return SupervisionVisit.objects.create(teacher=ctx["teacher"], enterprise=ctx["enterprise"], visited_on=DAY,
                                           findings=texts[2] or "-", follow_up=texts[0])


def _organisation(texts, ctx):
    # Names are unique per kind: an empty one is made unique (the plain LIKEs read the same rows).
    return Organization.objects.create(kind=OrganizationKind.ENTERPRISE, name=texts[0] or f"-{ctx['n']()}",
                                       name_en=texts[1], short_name=texts[2][:60])


CASES = {
    "postings": (Posting, ["title", "post", "description", "location"], _posting),
    "evaluations": (InternEvaluation, ["comment"], _evaluation),
    "outcomes": (EmploymentOutcome, ["employer_name", "position"], _outcome),
    "incidents": (SafetyIncident, ["description"], _incident),
    "expenditures": (Expenditure, ["payee", "description"], _expenditure),
    "agreements": (Agreement, ["code", "title"], _agreement),
    "bookings": (Booking, ["purpose"], _booking),
    "visits": (SupervisionVisit, ["findings", "follow_up"], _visit),
    "organisations": (Organization, ["name", "name_en", "short_name"], _organisation),
}


def _terms():
    return cut_terms([text for row in ROWS for text in row],
                     [*SPANNING, "%", "_", "\\", "STRASSE", "ss", "不存在", "上海 浦东", "upper LOWER"])


@pytest.fixture
def rows_of(enterprise_org, department, teacher):
    counter = iter(range(10_000))
    ctx = {"enterprise": enterprise_org, "teacher": teacher, "line": BudgetLineFactory(amount=Decimal("100000.00")),
           "n": lambda: next(counter), "base": TrainingBaseFactory(),
           "now": datetime.datetime(2026, 5, 4, 9, tzinfo=datetime.UTC),
           "student": lambda: make_member(Role.STUDENT, department, username=f"gram-s{next(counter)}")}

    def make(name):
        model, fields, create = CASES[name]
        return model, fields, [create(texts, ctx) for texts in ROWS]
    return make


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("force_index", [False, True], ids=["planner", "gin-index"])
def test_search_gives_exactly_the_rows_of_the_plain_likes(rows_of, name, force_index):
    model, fields, _rows = rows_of(name)
    [column] = gram_columns(model)
    assert gram_columns(model)[column] == tuple(fields)
    if force_index:
        with connection.cursor() as cur:  # the test's transaction only
            cur.execute("SET LOCAL enable_seqscan = off")
    matched = 0
    for term in _terms():
        qs = model.objects.filter(search_q(model, fields, term))
        sql = str(qs.query)
        assert sql.count("@>") == 1, (term, sql)  # one gram condition for all the fields of the column
        expected = plain_like(model, fields, term)
        assert set(qs.values_list("pk", flat=True)) == expected, term
        matched += bool(expected)
    assert matched > 50  # most terms are taken from the texts


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CASES))
def test_the_gin_index_answers_the_search(rows_of, name):
    model, fields, _rows = rows_of(name)
    [column] = gram_columns(model)
    index = next(i.name for i in model._meta.indexes if list(i.fields) == [column])
    with connection.cursor() as cur:  # a table this small would be read whole: leave only bitmap scans
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("SET LOCAL enable_indexscan = off")
    plan = model.objects.filter(search_q(model, fields, "调色")).explain()
    assert f"Bitmap Index Scan on {index}" in plan, plan


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(CASES))
def test_lists_do_not_load_the_grams(rows_of, name):
    model, _fields, rows = rows_of(name)
    assert "search_grams" not in str(model.objects.all().query)
    assert "search_grams" in str(model._base_manager.all().query)  # the column is there: the manager defers it
    assert rows[0].pk in set(model.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_every_write_path_keeps_the_grams(rows_of):
    model, fields, [posting, *_] = rows_of("postings")

    def found(term):
        return set(Posting.objects.filter(search_q(Posting, fields, term)).values_list("pk", flat=True))

    assert found("分镜") >= {posting.pk}
    posting.location = "深圳南山"
    posting.save()
    assert posting.pk in found("深圳") and posting.pk not in found("北京")
    Posting.objects.filter(pk=posting.pk).update(post="灯光师")
    assert posting.pk in found("灯光") and posting.pk in found("深圳")
    with connection.cursor() as cur:  # a raw write (an import, COPY in bench/generate.py) names no grams
        cur.execute("UPDATE internships_posting SET title = '虚拟制片' WHERE id = %s", [posting.pk])
    assert posting.pk in found("制片") and posting.pk not in found("AIGC")


@pytest.mark.django_db
@pytest.mark.parametrize("path,name", [("/api/v1/postings/", "postings"), ("/api/v1/expenditures/", "expenditures"),
                                       ("/api/v1/agreements/", "agreements"),
                                       ("/api/v1/safety-incidents/", "incidents"),
                                       ("/api/v1/intern-evaluations/", "evaluations"),
                                       ("/api/v1/employment-outcomes/", "outcomes"),
                                       ("/api/v1/bookings/", "bookings"), ("/api/v1/supervision-visits/", "visits"),
                                       ("/api/v1/organizations/", "organisations")])
def test_the_api_search_finds_the_same_rows(api_admin, rows_of, path, name):
    model, fields, rows = rows_of(name)
    for term in ("调色", "MIXED", "50%", "王", "不存在"):
        response = api_admin.get(path, {"search": term, "page_size": 200})
        assert response.status_code == 200, response.content
        got = {row["id"] for row in response.json()["results"]}
        # The API searches more fields than the texts (a student's name): it finds at least the texts' rows.
        assert got >= plain_like(model, fields, term) & {r.pk for r in rows}, term


@pytest.mark.django_db
def test_a_list_reads_no_gram_column_of_the_rows_it_joins(api_admin, web, admin_user, enterprise_org, student,
                                                          teacher):
    """A page of applications joins their postings and students (``select_related``): the paginator defers those
    models' gram columns (core.search.without_related_grams), which no page reads."""
    import re

    from django.test.utils import CaptureQueriesContext

    from tests.internships.factories import ApplicationFactory

    posting = PostingFactory(enterprise=enterprise_org, title="调色助理", description="达芬奇调色" * 20)
    ApplicationFactory(posting=posting, student=student)
    PlacementFactory(enterprise=enterprise_org, student=student, school_mentor=teacher, posting=posting)
    page = web.login_as(admin_user)
    for get, path in ((api_admin.get, "/api/v1/applications/"), (page.get, "/internships/applications/"),
                      (page.get, "/internships/placements/"), (api_admin.get, "/api/v1/placements/")):
        with CaptureQueriesContext(connection) as queries:
            response = get(path)
        assert response.status_code == 200, path
        if path.startswith("/api/"):
            assert len(response.json()["results"]) == 1, path
        else:
            assert str(student) in response.content.decode(), path
        read = {column for q in queries.captured_queries
                for column in re.findall(r'"\w+"\."(\w+_grams)"', q["sql"])}
        assert read == set(), (path, read)
    assert api_admin.get("/api/v1/applications/").json()["results"][0]["posting"] == posting.pk
