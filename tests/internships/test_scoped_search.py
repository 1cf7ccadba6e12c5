"""Searches through a constant array of ids: the people's names and usernames through their gram indexes, a
scoped role's weekly logs through the placements they may see (WeeklyLogQuerySet.visible_to(as_ids=True)),
and the array cast to the column's own type (core.search.any_of)."""
import pytest
from django.db import connection

from accounts.choices import Role
from core.search import search_q
from tests.accounts.factories import make_member
from tests.search_terms import plain_like

from .factories import PlacementFactory


@pytest.mark.django_db
def test_people_are_searched_by_name_or_username_through_two_gram_indexes(department):
    """A search by name or username (the top bar's people, the people pages) asks both GIN indexes, OR-ed: the
    username had none, and an OR with one side unindexed reads every person."""
    from accounts.models import User

    people = [make_member(Role.STUDENT, department, username=u, display_name=n)
              for u, n in [("wang_xm", "王小明"), ("li_si", "李四"), ("Zhao.Min", "赵敏"), ("x王", "无名")]]
    for term in ["王", "wang", "WANG", "li_", "zhao.m", "min", "四", "不存在", "_"]:
        q = search_q(User, ["display_name", "username"], term)
        assert str(User.objects.filter(q).query).count("@>") == 2, term
        expected = plain_like(User, ["display_name", "username"], term)
        assert set(User.objects.filter(q).values_list("pk", flat=True)) == expected, term
    assert {p.pk for p in people} >= set(User.objects.filter(search_q(User, ["display_name", "username"], "王"))
                                         .values_list("pk", flat=True)) == {people[0].pk, people[3].pk}
    qs = User.objects.filter(search_q(User, ["display_name", "username"], "wang"))
    with connection.cursor() as cur:  # a table this small would be read whole: leave only bitmap scans
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("SET LOCAL enable_indexscan = off")
    plan = qs.explain()
    assert "user_username_grams" in plan and "user_name_grams" in plan, plan


@pytest.mark.django_db
@pytest.mark.parametrize("force_index", [False, True], ids=["planner", "gin-index"])
def test_numbers_and_e_mail_are_searched_through_one_gram_index_beside_the_names(department, force_index):
    """A list that searches a person's student or staff number or e-mail beside the name (employment outcomes,
    teachers, the people list) asks the gram indexes only: one such LIKE in the OR read every person."""
    from accounts.models import User

    rows = [("s1", "王一", "2026001", "", "wang1@college.edu.cn"), ("s2", "李二", "2026002", "", "li@x.cn"),
            ("t1", "张老师", "", "T-0091", "zhang@college.edu.cn"), ("t2", "无名", "", "", "")]
    for username, name, student_no, staff_no, email in rows:
        make_member(Role.STUDENT, department, username=username, display_name=name, student_no=student_no,
                    staff_no=staff_no, email=email)
    fields = ["display_name", "username", "student_no", "staff_no", "email"]
    if force_index:
        with connection.cursor() as cur:  # the test's transaction only
            cur.execute("SET LOCAL enable_seqscan = off")
    for term in ["2026", "026001", "t-00", "T-0091", "college", "@X.CN", "王", "wang1", "一", "不存在", "_", "%"]:
        q = search_q(User, fields, term)
        sql = str(User.objects.filter(q).query)
        assert sql.count("@>") == 3, (term, sql)  # name, username, and one for the number and e-mail fields
        assert set(User.objects.filter(q).values_list("pk", flat=True)) == plain_like(User, fields, term), term
    with connection.cursor() as cur:  # a table this small would be read whole: leave only bitmap scans
        cur.execute("SET LOCAL enable_seqscan = off")
        cur.execute("SET LOCAL enable_indexscan = off")
    plan = User.objects.filter(search_q(User, fields, "2026")).explain()
    assert "user_number_grams" in plan and "Seq Scan" not in plan, plan


@pytest.mark.django_db
def test_a_scoped_search_reads_the_users_placements_first(api_teacher, api_enterprise, api_student, teacher,
                                                           teacher2, student, student2, enterprise_org,
                                                           other_enterprise_org, monkeypatch):
    """A teacher's, an enterprise's or a student's search filters the logs by a constant array of the placements
    they may see (WeeklyLogQuerySet.visible_to(as_ids=True)) instead of joining every placement: the same rows
    as the join, and the join again beyond SCOPE_IDS placements."""
    from django.test.utils import CaptureQueriesContext

    import core.api as api_views  # the viewsets' list_scope_ids()
    from internships.models import WeeklyLog

    mine = PlacementFactory(enterprise=enterprise_org, student=student, school_mentor=teacher)
    others = PlacementFactory(enterprise=other_enterprise_org, student=student2, school_mentor=teacher2)
    own = [WeeklyLog.objects.create(placement=mine, week_no=w, content=f"分镜 第{w}周") for w in (1, 2)]
    WeeklyLog.objects.create(placement=others, week_no=1, content="分镜 别人的")

    def search(client, term="分镜"):
        response = client.get("/api/v1/weekly-logs/", {"search": term})
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    for client in (api_teacher, api_enterprise, api_student):
        with CaptureQueriesContext(connection) as ctx:
            assert search(client) == {log.pk for log in own}
        listed = [q["sql"] for q in ctx.captured_queries if 'FROM "internships_weeklylog"' in q["sql"]]
        assert listed, ctx.captured_queries
        for sql in listed:  # the count and the page: the scope is the array, no placement column is asked
            where = sql.split(" WHERE ", 1)[1]
            assert '"internships_weeklylog"."placement_id" = ANY(' in where, sql
            assert "mentor_id" not in where and '"internships_placement"."student_id"' not in where, sql
    # the plain list (no search) keeps the join, and answers the same rows
    response = api_teacher.get("/api/v1/weekly-logs/")
    assert {row["id"] for row in response.json()["results"]} == {log.pk for log in own}

    monkeypatch.setattr(api_views, "SCOPE_IDS", 0)  # more placements than an array should hold: the join
    with CaptureQueriesContext(connection) as ctx:
        assert search(api_teacher) == {log.pk for log in own}
    assert any('"internships_placement"."school_mentor_id" =' in q["sql"] for q in ctx.captured_queries)


@pytest.mark.django_db
def test_visible_to_as_ids_is_the_same_scope_for_every_role(teacher, student, enterprise_user, department_admin,
                                                            admin_user, enterprise_org, other_enterprise_org,
                                                            department, student2, teacher2):
    from internships.models import WeeklyLog

    a = PlacementFactory(enterprise=enterprise_org, student=student, school_mentor=teacher)
    b = PlacementFactory(enterprise=other_enterprise_org, student=student2, school_mentor=teacher2)
    third = make_member(Role.STUDENT, department, username="third_s", display_name="第三")
    c = PlacementFactory(enterprise=other_enterprise_org, student=third, school_mentor=teacher2,
                         enterprise_mentor=enterprise_user)
    for p in (a, b, c):
        WeeklyLog.objects.create(placement=p, week_no=1, content="x")
    for user in (teacher, student, enterprise_user, department_admin, admin_user, teacher2, student2):
        joined = set(WeeklyLog.objects.visible_to(user).values_list("pk", flat=True))
        for limit in (100, 1):  # an array of ids, or the join again when the user has more placements
            assert set(WeeklyLog.objects.visible_to(user, as_ids=limit).values_list("pk", flat=True)) == joined, user


@pytest.mark.django_db
def test_an_enterprise_known_to_hold_more_placements_than_the_array_does_not_read_their_ids(
        enterprise_user, enterprise_org, department, teacher):
    """The enterprise's placements alone (the tally the database keeps) outnumber ``as_ids``: its ids are not read
    (5,001 at scale 10 to learn it keeps the join), and the logs are the same as through the join."""
    from django.test.utils import CaptureQueriesContext

    from internships.models import WeeklyLog

    for i in range(3):
        p = PlacementFactory(enterprise=enterprise_org, school_mentor=teacher,
                             student=make_member(Role.STUDENT, department, username=f"many-{i}"))
        WeeklyLog.objects.create(placement=p, week_no=1, content="x")
    joined = set(WeeklyLog.objects.visible_to(enterprise_user).values_list("pk", flat=True))
    assert len(joined) == 3
    for limit, reads_ids in ((2, False), (3, True)):
        with CaptureQueriesContext(connection) as ctx:
            logs = WeeklyLog.objects.visible_to(enterprise_user, as_ids=limit)
        read = [q["sql"] for q in ctx.captured_queries if 'FROM "internships_placement"' in q["sql"]]
        assert bool(read) == reads_ids, ctx.captured_queries
        assert set(logs.values_list("pk", flat=True)) == joined, limit
        assert ("= ANY(" in str(logs.query)) == reads_ids


@pytest.mark.django_db
def test_an_array_of_ids_has_the_type_of_its_column(placement):
    """``= ANY(<ids>)`` against a bigint key must be a bigint array: PostgreSQL hashes a constant array only for an
    operator of one type, and an int = bigint comparison scanned a 6,000-id array for every log it read."""
    from core.search import any_of
    from internships.models import Placement, WeeklyLog

    key_type = Placement._meta.pk.cast_db_type(connection)
    sql = str(WeeklyLog.objects.filter(any_of("placement_id", [placement.pk])).query)
    assert f"::{key_type}[])" in sql, sql
    assert list(WeeklyLog.objects.filter(any_of("placement_id", [placement.pk, 10**12]))) == list(
        WeeklyLog.objects.filter(placement=placement))
    names = search_q(WeeklyLog, ["content", "placement__student__display_name"], placement.student.display_name[:1])
    assert f"::{key_type}[])" in str(WeeklyLog.objects.filter(names).query)


@pytest.mark.django_db
def test_the_logs_page_reads_a_mentors_placements_first(client, teacher, teacher2, student, student2, enterprise_org,
                                                         monkeypatch):
    """The weekly-logs page of a teacher filters by the array of their placements (its order then walks their own
    logs); beyond SCOPE_IDS placements the page keeps the join. Same rows either way."""
    from django.test.utils import CaptureQueriesContext

    import internships.views as views
    from internships.models import WeeklyLog

    mine = PlacementFactory(enterprise=enterprise_org, student=student, school_mentor=teacher)
    others = PlacementFactory(enterprise=enterprise_org, student=student2, school_mentor=teacher2)
    own = WeeklyLog.objects.create(placement=mine, week_no=1, content="我的")
    not_mine = WeeklyLog.objects.create(placement=others, week_no=1, content="别人的")
    client.force_login(teacher)
    for limit, array in ((views.SCOPE_IDS, True), (0, False)):
        monkeypatch.setattr(views, "SCOPE_IDS", limit)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/internships/logs/")
        assert response.status_code == 200
        rows = list(response.context["page"].object_list)
        assert [log.pk for log in rows] == [own.pk] and not_mine.pk not in {log.pk for log in rows}
        select = 'SELECT "internships_weeklylog"."id"'
        page_sql = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith(select)]
        assert page_sql and all(('"internships_weeklylog"."placement_id" = ANY(' in sql) is array for sql in page_sql)


@pytest.mark.django_db
def test_placement_shown_reads_the_scope_off_the_row(admin_user, teacher, teacher2, student, student2,
                                                     enterprise_user, other_enterprise_user, department_admin,
                                                     association_user, enterprise_org, other_enterprise_org):
    """internships.models.placement_shown (what an endpoint answers from a row it just wrote) says True only for a
    placement the SQL scope shows, and for every role but a department administrator (whose students need the
    database) exactly when it does."""
    from django.contrib.auth.models import AnonymousUser

    from internships.models import Placement, placement_shown

    rows = [PlacementFactory(enterprise=enterprise_org, student=student, school_mentor=teacher),
            PlacementFactory(enterprise=other_enterprise_org, student=student2, school_mentor=teacher2,
                             enterprise_mentor=enterprise_user)]
    users = [admin_user, teacher, teacher2, student, student2, enterprise_user, other_enterprise_user,
             department_admin, association_user, AnonymousUser()]
    decided = 0
    for user in users:
        visible = set(Placement.objects.visible_to(user).values_list("pk", flat=True))
        for row in rows:
            shown = placement_shown(user, row)
            assert not shown or row.pk in visible, (user, row)
            if user is not department_admin:
                assert shown == (row.pk in visible), (user, row)
            decided += shown
    assert decided >= 6


@pytest.mark.django_db
def test_a_search_reads_the_students_names_within_the_users_placements(api_enterprise, api_admin, enterprise_org,
                                                                        other_enterprise_org, department, teacher,
                                                                        monkeypatch):
    """The names beside a log's text are read among the placements the user sees (WeeklyLogViewSet.search_scopes):
    an enterprise's search by a surname holds its own students' placements so named, not the province's; the
    same rows as without the scope; an admin's holds every placement so named."""
    from django.test.utils import CaptureQueriesContext

    import core.api as api_views  # the viewsets' list_scope_ids()
    from internships.models import WeeklyLog

    monkeypatch.setattr(api_views, "SCOPE_IDS", 0)  # the enterprise keeps the join: only the names are read first
    wang1 = make_member(Role.STUDENT, department, username="w1", display_name="王一")
    wang2 = make_member(Role.STUDENT, department, username="w2", display_name="王二")
    ours = PlacementFactory(enterprise=enterprise_org, student=wang1, school_mentor=teacher)
    theirs = PlacementFactory(enterprise=other_enterprise_org, student=wang2, school_mentor=teacher)
    log = WeeklyLog.objects.create(placement=ours, week_no=1, content="本周拍摄")
    WeeklyLog.objects.create(placement=theirs, week_no=1, content="本周剪辑")

    def search(client):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get("/api/v1/weekly-logs/", {"search": "王"})
        assert response.status_code == 200
        arrays = [q["sql"] for q in ctx.captured_queries if 'FROM "internships_weeklylog"' in q["sql"]]
        return {row["id"] for row in response.json()["results"]}, " ".join(arrays)

    def arrays(sql):
        import re
        return {frozenset(int(i) for i in a.split(",")) for a in re.findall(r"ANY\('\{([0-9,]+)\}'", sql)}

    rows, sql = search(api_enterprise)
    assert rows == {log.pk}
    assert arrays(sql) == {frozenset({ours.pk})}, sql
    rows, sql = search(api_admin)
    assert len(rows) == 2 and arrays(sql) == {frozenset({ours.pk, theirs.pk})}, sql


@pytest.mark.django_db
def test_an_array_of_ids_is_one_literal(placement):
    """The ids go to PostgreSQL as one array literal, not an ARRAY[...] constructor whose elements it parses one by
    one (2-3 ms of planning for a surname's 2,906 placements in each statement)."""
    from core.search import any_of
    from internships.models import WeeklyLog

    ids = [placement.pk, 10**12, 7]
    qs = WeeklyLog.objects.filter(any_of("placement_id", ids))
    with connection.cursor() as cur:
        sql, params = qs.query.sql_with_params()
        sent = cur.mogrify(sql, params).decode()
    assert "ARRAY[" not in sent and f"= ANY('{{{placement.pk},1000000000000,7}}'::bigint[])" in sent, sent
    assert list(qs) == list(WeeklyLog.objects.filter(placement=placement))
    # Written once: a search's array goes into several statements (counts, probe, page), each a clone.
    [lookup] = qs.query.where.children
    clone = qs.filter(week_no__gte=1).order_by("-id")
    assert next(c for c in clone.query.where.children if type(c) is type(lookup)).rhs.literal is lookup.rhs.literal
