"""The grams of each placement's student's name (PlacementStudentName), kept by PostgreSQL's triggers, and the
searches by a student's name that read the placements so named from its index alone (core.search.search_q)."""
import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import Role
from attendance.models import Absence
from core import search
from internships.models import Placement, PlacementStudentName
from tests.accounts.factories import make_member
from tests.search_terms import cut_terms, plain_like

from .factories import PlacementFactory

NAMES = [("wang_li", "王丽"), ("Zhao.Min", "赵敏"), ("x王", "无名"), ("li_si", "李 四"), ("blank", "")]


def _rows(placement) -> set:
    return set(PlacementStudentName.objects.filter(placement=placement).values_list("gram", "name"))


def _expected(name: str) -> set:
    with connection.cursor() as cursor:
        cursor.execute("SELECT unnest(iei_grams(%s))", [name])
        return {(gram, name) for (gram,) in cursor.fetchall()}


@pytest.fixture
def placements(department, enterprise_org, teacher):
    return [PlacementFactory(enterprise=enterprise_org, school_mentor=teacher,
                             student=make_member(Role.STUDENT, department, username=u, display_name=n))
            for u, n in NAMES]


@pytest.mark.django_db
def test_the_names_follow_every_write_of_a_placement_or_its_student(placements, department, enterprise_org):
    for placement, (_username, name) in zip(placements, NAMES, strict=True):
        assert _rows(placement) == _expected(name), name
    assert _rows(placements[-1]) == set()  # an empty name has no grams
    wang = placements[0]
    # A rename through the ORM ...
    wang.student.display_name = "王小丽"
    wang.student.save()
    assert _rows(wang) == _expected("王小丽")
    # ... through raw SQL (an import), and a login's save, which leaves the name alone.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET display_name = '汪丽' WHERE id = %s", [wang.student_id])
    assert _rows(wang) == _expected("汪丽")
    wang.student.refresh_from_db()
    wang.student.save(update_fields=["last_login"])
    assert _rows(wang) == _expected("汪丽")
    # A second placement of the same student has the same name; a rename rewrites both.
    later = PlacementFactory(enterprise=enterprise_org, student=wang.student, status="completed")
    assert _rows(later) == _expected("汪丽")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE accounts_user SET display_name = '王丽' WHERE id = %s", [wang.student_id])
    assert _rows(wang) == _rows(later) == _expected("王丽")
    # The placement's student changes (raw SQL: no service does it): the other student's name.
    zhao = placements[1]
    sun = make_member(Role.STUDENT, department, username="sun", display_name="孙七")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE internships_placement SET student_id = %s WHERE id = %s", [sun.pk, zhao.pk])
    assert _rows(zhao) == _expected("孙七")
    # Placements written in bulk (bench/generate.py's COPY, bulk_create) have theirs too.
    bulk = Placement.objects.bulk_create([PlacementFactory.build(
        enterprise=enterprise_org, status="completed",
        student=make_member(Role.STUDENT, department, username="bulk", display_name="钱多多"))])[0]
    assert _rows(bulk) == _expected("钱多多")
    # A placement's rows go with it.
    later.delete()
    assert not PlacementStudentName.objects.filter(placement_id=later.pk).exists()


@pytest.mark.django_db
def test_a_search_by_name_through_the_table_finds_the_rows_of_the_plain_likes(placements):
    """Absences searched by the student's name or username: the placements so named read from the names' table
    (and the usernames' placements beside them, in the same statement), the rows those of the plain LIKEs."""
    for i, placement in enumerate(placements):
        Absence.objects.create(placement=placement, date=datetime.date(2026, 4, 1 + i))
    fields = ["placement__student__display_name", "placement__student__username"]
    terms = cut_terms([name for _u, name in NAMES] + [u for u, _n in NAMES], extra=["不存在", "%", "_", "王丽x"])
    assert len(terms) > 80
    for term in terms:
        with CaptureQueriesContext(connection) as queries:
            q = search.search_q(Absence, fields, term)
        got = set(Absence.objects.filter(q).values_list("pk", flat=True))
        assert got == plain_like(Absence, fields, term), term
        assert "internships_placementstudentname" in queries.captured_queries[0]["sql"], term
    assert len(Absence.objects.filter(search.search_q(Absence, fields, "王"))) == 2  # 王丽, and x王 by username


@pytest.mark.django_db
def test_the_names_are_read_from_the_index_alone(placements):
    """The read is an index-only scan of ``placement_name_gram`` (the gram, the placement and the name in the
    index): the table so small, only index-only scans are left to the planner, which it can take only with the
    name included."""
    table = search._name_table(Placement, ["student__display_name"])
    assert table == (PlacementStudentName, "student__display_name")
    parts = search._through_table(Placement, ["student__display_name"], table, "王", "contains")
    with CaptureQueriesContext(connection) as queries:
        ids = search._ids_through_table(parts, 100)
    assert ids == [placements[0].pk]
    with connection.cursor() as cursor:
        for setting in ("enable_seqscan", "enable_bitmapscan", "enable_indexscan"):
            cursor.execute(f"SET LOCAL {setting} = off")
        cursor.execute("EXPLAIN " + queries.captured_queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using placement_name_gram" in plan, plan
