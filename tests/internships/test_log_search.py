"""?search= over weekly-log texts through their gram index (core.search, WeeklyLog.content_grams).

The index only narrows: every search must give exactly the rows of the plain LIKE it replaced, on
texts of every kind, and every way of writing a log must keep the grams.
"""
import importlib

import pytest
from django.db import connection

from accounts.choices import Role
from core.search import case_free, search_q
from internships.models import WeeklyLog
from tests.accounts.factories import make_member
from tests.search_terms import cut_terms, plain_like

from .factories import PlacementFactory

TEXTS = [
    "本周参与了项目的分镜师工作，完成了分配的镜头任务。",
    "王",
    "学习Maya建模与UV展开，渲染 Arnold",
    "完成率 50%，其中 a_b 与 a%b 的命名规范；100%_done",
    "路径 C:\\work\\场景\\shot_010",
    "Straße ſtraße ΣΊΣΥΦΟΣ ς σ İstanbul ﬁne Ａｂｃ µ",
    "剪辑🎬镜头 𠀀字 ©2026",
    "tabs\tand\nnew\r\nlines　全角空格\u00a0nbsp",
    "UPPER lower MiXeD",
    "",
    "的的的的了了",
    "a",
    "镜头语言：推、拉、摇、移",
]

EXTRA_TERMS = [
    "%", "_", "a_b", "a%b", "50%", "%_", "\\", "\\work", "不存在", "MAYA", "maya", "mAyA", "STRASSE", "ss", "ß", "SS",
    "σ", "Σ", "ς", "ΣΟΣ", "i̇", "İ", "ı", "ﬁ", "FI", "ＡＢＣ", "ａｂｃ", "µ", "Μ", "μ", "全角 空格", "镜头 任务", "王王",
    "镜头语言", "推、拉", "lines　全角", "0\u00a0", "'", '"', "ａ", "🎬", "𠀀", "©", "upper LOWER",
]


def _terms():
    return cut_terms(TEXTS, EXTRA_TERMS)


def _plain_like(term):
    """What ?search= did before the index: contains/icontains on the text (core.search.search_q)."""
    return plain_like(WeeklyLog, ["content"], term)


@pytest.fixture
def logs(enterprise_org, student, teacher):
    placement = PlacementFactory(enterprise=enterprise_org, student=student, school_mentor=teacher)
    return WeeklyLog.objects.bulk_create(
        [WeeklyLog(placement=placement, week_no=i + 1, content=text) for i, text in enumerate(TEXTS)])


@pytest.mark.django_db
@pytest.mark.parametrize("force_index", [False, True], ids=["planner", "gin-index"])
def test_search_gives_exactly_the_rows_of_the_plain_like(logs, force_index):
    if force_index:
        with connection.cursor() as cur:  # the test's transaction only
            cur.execute("SET LOCAL enable_seqscan = off")
    terms = _terms()
    assert len(terms) > 400
    matched = 0
    for term in terms:
        q = search_q(WeeklyLog, ["content"], term)
        qs = WeeklyLog.objects.filter(q)
        assert "@>" in str(qs.query), term  # the gram condition is part of every such search
        expected = _plain_like(term)
        assert set(qs.values_list("pk", flat=True)) == expected, term
        matched += bool(expected)
    assert matched > len(terms) // 2  # most terms are taken from the texts, so most find something


@pytest.mark.django_db
def test_white_space_only_terms_keep_the_plain_like(logs):
    for term in (" ", "\t", "\u3000 "):
        qs = WeeklyLog.objects.filter(search_q(WeeklyLog, ["content"], term))
        assert "@>" not in str(qs.query)
        assert set(qs.values_list("pk", flat=True)) == _plain_like(term)


@pytest.mark.django_db
def test_every_write_path_keeps_the_grams(placement):
    def found(term):
        return set(WeeklyLog.objects.filter(search_q(WeeklyLog, ["content"], term)).values_list("pk", flat=True))

    created = WeeklyLog.objects.create(placement=placement, week_no=1, content="灯光布置")
    assert found("光布") == {created.pk}
    created.content = "调色练习"
    created.save()
    assert found("光布") == set() and found("调色") == {created.pk}
    WeeklyLog.objects.filter(pk=created.pk).update(content="合成Nuke")
    assert found("nuke") == {created.pk} and found("调色") == set()
    [bulk] = WeeklyLog.objects.bulk_create([WeeklyLog(placement=placement, week_no=2, content="动作捕捉")])
    assert found("捕捉") == {bulk.pk}
    with connection.cursor() as cur:  # a raw write (an import, COPY in bench/generate.py) names no grams
        cur.execute("INSERT INTO internships_weeklylog (placement_id, week_no, content, status, submitted_at, "
                    "mentor_comment, grade, enterprise_comment) "
                    "VALUES (%s, 3, '虚拟制片', 'submitted', now(), '', '', '') RETURNING id", [placement.pk])
        raw_id = cur.fetchone()[0]
    assert found("制片") == {raw_id}


@pytest.mark.django_db
def test_api_search_uses_the_gram_index_beside_the_student_name(api_admin, enterprise_org, department, teacher):
    wang = make_member(Role.STUDENT, department, username="wang_s", display_name="王小明")
    zhao = make_member(Role.STUDENT, department, username="zhao_s", display_name="赵敏")
    p_wang = PlacementFactory(enterprise=enterprise_org, student=wang, school_mentor=teacher)
    p_zhao = PlacementFactory(enterprise=enterprise_org, student=zhao, school_mentor=teacher)
    wang_log = WeeklyLog.objects.create(placement=p_wang, week_no=1, content="完成分镜")
    zhao_log = WeeklyLog.objects.create(placement=p_zhao, week_no=1, content="与王老师讨论镜头")
    zhao_other = WeeklyLog.objects.create(placement=p_zhao, week_no=2, content="Houdini 特效 50%")

    def ids(term):
        response = api_admin.get("/api/v1/weekly-logs/", {"search": term})
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids("王") == {wang_log.pk, zhao_log.pk}  # the name of one, the text of the other
    assert ids("镜") == {wang_log.pk, zhao_log.pk}
    assert ids("HOUDINI") == {zhao_other.pk}
    assert ids("50%") == {zhao_other.pk}
    assert ids("5%") == set()
    assert ids("赵 镜头") == {zhao_log.pk}  # every term must match, each in any field
    assert ids('"特效 50"') == {zhao_other.pk}  # a quoted phrase holds a space
    assert ids("不存在") == set()

    # The OR of the text's grams and the student's name can be answered from indexes only: the gram
    # index and the placement index OR-ed, which `placement_id IN (subquery)` would not allow.
    qs = WeeklyLog.objects.filter(search_q(WeeklyLog, ["content", "placement__student__display_name"], "镜头"))
    with connection.cursor() as cur:  # a table this small would be read whole: leave only bitmap scans
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("SET LOCAL enable_indexscan = off")
    plan = qs.explain()
    assert "Bitmap Index Scan on weeklylog_content_grams" in plan, plan
    assert "BitmapOr" in plan, plan


@pytest.mark.django_db
def test_lists_do_not_load_the_grams(placement):
    WeeklyLog.objects.create(placement=placement, week_no=1, content="灯光")
    assert "content_grams" not in str(WeeklyLog.objects.all().query)
    assert "content_grams" not in str(placement.weekly_logs.all().query)


def test_the_sql_function_leaves_out_what_a_search_term_splits_on():
    migration = importlib.import_module("core.migrations.0003_iei_grams")
    spaces = {chr(c) for c in range(0x110000) if chr(c).isspace()}
    assert {chr(c) for c in migration.OTHER_SPACES} | {" "} == spaces


@pytest.mark.django_db
def test_a_search_matching_more_than_it_counts_reads_its_page_walking_the_lists_order(
        api_admin, enterprise_org, department, teacher, settings):
    """More matches than SEARCH_COUNT_LIMIT: the page is read walking the list's order (without the gram
    condition), and it holds exactly the rows, in the order, of the same search counted in full."""
    students = [make_member(Role.STUDENT, department, username=f"s{i}", display_name=f"学生{i}") for i in range(3)]
    placements = [PlacementFactory(enterprise=enterprise_org, student=s, school_mentor=teacher) for s in students]
    for week in range(1, 6):
        for n, placement in enumerate(placements):
            text = "AIGC 短片合成" if (week + n) % 2 else "灯光布置"
            WeeklyLog.objects.create(placement=placement, week_no=week, content=text)

    def pages(term, size=3):
        from django.test.utils import CaptureQueriesContext

        rows, walked, page = [], [], 1
        while True:
            with CaptureQueriesContext(connection) as queries:
                response = api_admin.get("/api/v1/weekly-logs/", {"search": term, "page_size": size, "page": page})
            assert response.status_code == 200, response.content
            body = response.json()
            rows += [r["id"] for r in body["results"]]
            [page_sql] = [q["sql"] for q in queries.captured_queries
                          if q["sql"].startswith('SELECT "internships_weeklylog"."id"')]
            # Walked: the table's gram condition left out, the LIKE deciding alone row by row in the list's order.
            walked.append('"internships_weeklylog"."content_grams" @>' not in page_sql)
            if not body["next"]:
                return rows, walked, body
            page += 1

    settings.SEARCH_COUNT_LIMIT = 100
    exact_rows, exact_walked, last = pages("aigc")
    assert len(exact_rows) == 8 and last["count"] == 8 and not any(exact_walked)
    settings.SEARCH_COUNT_LIMIT = 2
    capped_rows, capped_walked, last = pages("aigc")
    assert capped_rows == exact_rows
    # Pages 1 and 2 end before the 8th match: "more than", walked; the last page counts exactly.
    assert capped_walked == [True, True, False] and last["count"] == 8 and last["count_exact"] is True
    # A search over short fields only (no gram column) is never walked.
    response = api_admin.get("/api/v1/placements/", {"search": "学生", "page_size": 1})
    assert response.json()["count_exact"] is False


def _setting(name):
    with connection.cursor() as cur:
        cur.execute("SELECT current_setting(%s)", [name])
        return cur.fetchone()[0]


@pytest.mark.django_db
def test_a_gram_search_leaves_the_planner_settings_as_it_found_them(api_admin, logs, settings):
    with connection.cursor() as cur:  # a setting of the enclosing transaction (here the test's) survives
        cur.execute("SET LOCAL enable_hashjoin = off")
    before = {name: _setting(name) for name in ("enable_seqscan", "enable_indexscan", "enable_bitmapscan", "jit",
                                                 "statement_timeout", "enable_hashjoin")}
    for limit in (1, 1000):  # many matches (the walk) and few (the bitmap)
        settings.SEARCH_COUNT_LIMIT = limit
        response = api_admin.get("/api/v1/weekly-logs/", {"search": "镜头"})
        assert response.status_code == 200 and response.json()["count"] >= 1
        assert {name: _setting(name) for name in before} == before


@pytest.mark.django_db
def test_a_term_in_few_texts_is_counted_by_the_index_first(api_admin, logs, monkeypatch, settings):
    """The gram index answers within SEARCH_INDEX_MS: the table is not probed (a probe of a rare term runs until
    SEARCH_PROBE_MS cuts it off, 40 ms for nothing)."""
    import core.search

    probes = []
    real = core.search._without_gram_conditions
    monkeypatch.setattr(core.search, "_without_gram_conditions", lambda qs: probes.append(qs) or real(qs))
    expected = len(_plain_like("镜头"))
    response = api_admin.get("/api/v1/weekly-logs/", {"search": "镜头"})
    assert response.status_code == 200 and response.json()["count"] == expected >= 2
    assert probes == []
    settings.SEARCH_INDEX_MS = 0  # not first: the probe is asked first, as before
    response = api_admin.get("/api/v1/weekly-logs/", {"search": "镜头", "page_size": 1})
    assert response.status_code == 200 and response.json()["count"] == expected
    assert len(probes) == 1


@pytest.mark.django_db
def test_an_index_count_out_of_time_goes_on_to_the_probe(api_admin, logs, monkeypatch, settings):
    """The index did not answer within SEARCH_INDEX_MS (a term in many texts): the probe reads the table next."""
    import core.search

    asked = []
    real = core.search._count_within

    def count_within(queryset, ms, **planner):
        asked.append(ms)
        return None if len(asked) == 1 else real(queryset, ms, **planner)

    monkeypatch.setattr(core.search, "_count_within", count_within)
    response = api_admin.get("/api/v1/weekly-logs/", {"search": "镜头"})
    assert response.status_code == 200 and response.json()["count"] == len(_plain_like("镜头"))
    assert asked == [settings.SEARCH_INDEX_MS, settings.SEARCH_PROBE_MS]


@pytest.mark.django_db
def test_a_count_probe_cut_off_in_time_is_counted_through_the_index(api_admin, logs, monkeypatch, settings):
    """The probe reads the table for at most SEARCH_PROBE_MS; cancelled, the index counts instead."""
    from django.db import DataError

    import core.search

    settings.SEARCH_INDEX_MS = 0  # the probe first (else the index answers these few texts at once)

    calls = []
    real = core.search._without_gram_conditions

    class Probe:
        """Stands for the probe's queryset: its count is a statement that outlives SEARCH_PROBE_MS."""

        def __init__(self, queryset, sql):
            self.db, self.sql = queryset.db, sql

        def count(self):
            with connection.cursor() as cur:
                cur.execute(self.sql)

    def cancelled(queryset):
        calls.append(queryset.query.is_sliced)  # the probe counts the bounded (sliced) search
        if len(calls) > 1:  # the page, after the count
            return real(queryset)
        return Probe(queryset, "SELECT pg_sleep(1)")  # the server really cancels it, after SEARCH_PROBE_MS

    expected = len(_plain_like("镜头"))
    assert expected >= 2
    monkeypatch.setattr(core.search, "_without_gram_conditions", cancelled)
    response = api_admin.get("/api/v1/weekly-logs/", {"search": "镜头"})
    assert response.status_code == 200
    assert response.json()["count"] == expected and calls == [True]  # few: the page is read as planned

    def broken(queryset):
        # Any other failure of the probe's statement (here a division by zero) is not swallowed.
        return Probe(queryset, "SELECT 1 / 0")

    monkeypatch.setattr(core.search, "_without_gram_conditions", broken)
    with pytest.raises(DataError):
        core.search.probed_count(WeeklyLog.objects.filter(search_q(WeeklyLog, ["content"], "镜头"))[:5])


@pytest.mark.django_db
def test_people_are_searched_by_name_through_their_gram_index(department):
    from accounts.models import User

    names = ["王小明", "王", "欧阳娜娜", "Zoë Wang", "李 四", "ＡＢＣ", "司马相如"]
    people = [make_member(Role.STUDENT, department, username=f"p{i}", display_name=n) for i, n in enumerate(names)]
    with connection.cursor() as cur:  # a raw write keeps the grams too
        cur.execute("UPDATE accounts_user SET display_name = '诸葛亮' WHERE id = %s", [people[-1].pk])
    for term in ["王", "小明", "欧阳", "wang", "ZOË", "四", "李 四", "ａｂｃ", "诸葛", "司马", "不存在", "%", "_"]:
        q = search_q(User, ["display_name"], term)
        assert "@>" in str(User.objects.filter(q).query), term
        lookup = "contains" if case_free(term) else "icontains"
        expected = set(User.objects.filter(**{f"display_name__{lookup}": term}).values_list("pk", flat=True))
        assert set(User.objects.filter(q).values_list("pk", flat=True)) == expected, term


@pytest.mark.django_db
def test_a_surname_matching_more_logs_than_the_bound_is_counted_from_its_placements_alone(
        api_admin, enterprise_org, department, teacher, settings):
    """A search whose students' placements (read first, ``= ANY(<ids>)``) hold more logs than SEARCH_COUNT_LIMIT:
    those logs alone, counted up to the bound, say "more than" — no count reads the texts. With fewer, the count
    is the full search's, the texts' matches included."""
    from django.test.utils import CaptureQueriesContext

    wang = make_member(Role.STUDENT, department, username="wang_many", display_name="王多")
    zhao = make_member(Role.STUDENT, department, username="zhao_few", display_name="赵少")
    p_wang = PlacementFactory(enterprise=enterprise_org, student=wang, school_mentor=teacher)
    p_zhao = PlacementFactory(enterprise=enterprise_org, student=zhao, school_mentor=teacher)
    for week in range(1, 5):
        WeeklyLog.objects.create(placement=p_wang, week_no=week, content="完成分镜")
    WeeklyLog.objects.create(placement=p_zhao, week_no=1, content="与王老师讨论")  # the text, not the name
    WeeklyLog.objects.create(placement=p_zhao, week_no=2, content="灯光")

    def search(limit):
        settings.SEARCH_COUNT_LIMIT = limit
        with CaptureQueriesContext(connection) as queries:
            response = api_admin.get("/api/v1/weekly-logs/", {"search": "王", "page_size": 2})
        assert response.status_code == 200, response.content
        counts = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT(*)")]
        return response.json(), counts

    body, counts = search(3)  # the name's four logs pass the bound of three (plus the page's end)
    assert body["count_exact"] is False and body["count"] == 3
    assert len(counts) == 1 and "= ANY(" in counts[0] and "LIKE" not in counts[0], counts
    body, counts = search(10)  # fewer than the bound: the whole search is counted, the teacher's name in a text too
    assert body["count_exact"] is True and body["count"] == 5
    assert any("LIKE" in sql for sql in counts), counts
