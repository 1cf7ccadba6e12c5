"""The college-wide faculty figures of the dashboards: cached, and moved on by every write."""
import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from faculty.choices import PlacementStatus
from faculty.summary import college_summary, compute
from tests.faculty.factories import TeacherCertificateFactory, TeacherPlacementFactory, TeacherProfileFactory

AS_OF = dt.date(2026, 6, 30)
pytestmark = pytest.mark.django_db


@pytest.fixture
def teachers():
    certified = TeacherProfileFactory(is_specialist=True)
    TeacherCertificateFactory(profile=certified)
    behind = TeacherProfileFactory(is_specialist=True, employed_since=dt.date(2010, 9, 1))
    plain = TeacherProfileFactory(is_specialist=False)
    return certified, behind, plain


def test_figures_follow_the_rules(teachers):
    s = college_summary(AS_OF)
    # The certified specialist and the one without practice are both behind; a non-specialist never is.
    assert (s.teachers, s.qualified, s.behind) == (3, 1, 2)
    # Exactly the rules of services.py: the same numbers computed without the cache.
    assert s == compute(AS_OF)
    assert str(s.percent) == "33.3"


def test_second_call_reads_the_cache(teachers):
    college_summary(AS_OF)
    with CaptureQueriesContext(connection) as ctx:
        college_summary(AS_OF)
    assert not [q for q in ctx.captured_queries if "faculty_" in q["sql"]]


def test_each_kind_of_write_moves_the_figures_on(teachers):
    certified, behind, _plain = teachers
    before = college_summary(AS_OF)
    TeacherCertificateFactory(profile=behind)  # a certificate: a second dual-qualified teacher
    after_certificate = college_summary(AS_OF)
    assert after_certificate.qualified == before.qualified + 1
    TeacherProfileFactory(is_specialist=False)  # a new teacher, without a practice requirement
    assert college_summary(AS_OF).teachers == before.teachers + 1
    certified.certificates.all().delete()
    assert college_summary(AS_OF).qualified == before.qualified
    # Counted practice days in the window put the late teacher back on track.
    TeacherPlacementFactory(teacher=behind, start_date=dt.date(2025, 1, 1), end_date=dt.date(2025, 12, 31),
                            days=300, status=PlacementStatus.COUNTED)
    assert college_summary(AS_OF).behind == before.behind - 1


def test_admin_dashboard_shows_the_figures_and_their_change(client, admin_user, teachers):
    client.force_login(admin_user)
    assert "33.3%" in client.get("/").content.decode()
    TeacherCertificateFactory(profile=teachers[1])
    assert "66.7%" in client.get("/").content.decode()


def test_overview_page_shows_the_college_figures_and_names_a_bounded_sample(client, admin_user, monkeypatch):
    from faculty import summary

    monkeypatch.setattr(summary, "BEHIND_SAMPLE", 2)
    late = [TeacherProfileFactory(is_specialist=True, employed_since=dt.date(2010, 9, 1)) for _ in range(3)]
    TeacherCertificateFactory(profile=late[0])
    client.force_login(admin_user)
    response = client.get("/faculty/overview/")
    assert response.status_code == 200
    ctx = response.context
    assert (ctx["college"].qualified, ctx["college"].total, ctx["behind_total"]) == (1, 3, 3)
    assert len(ctx["behind"]) == 2  # named: the first two; the count says three
    assert sum(d.total for d in ctx["departments"]) == 3
    # Every teacher's row still carries the same standing and dual-qualified status as the rules say.
    assert {row["profile"].pk for row in ctx["rows"]} == {p.pk for p in late}
    assert sum(1 for row in ctx["rows"] if row["dual"].qualified) == 1
