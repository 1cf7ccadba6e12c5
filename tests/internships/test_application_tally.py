"""The applications per enterprise and status that the database keeps (ApplicationTally, migration 0011).

Whatever writes an application (a service's step, a bulk update, a bulk insert, a delete, a posting deleted
with its applications or moved to another enterprise, parallel requests), the tally equals a grouped count of
the applications, and the figures read from it (an enterprise's dashboard, the per-enterprise numbers) follow
at once.
"""
import io
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.choices import Role
from accounts.policy import access_for
from internships import services
from internships.dashboard import enterprise_applications
from internships.metrics import enterprise_numbers
from internships.models import (
    Application,
    ApplicationTally,
    Placement,
    PlacementTally,
    Posting,
    WeeklyLog,
    WeeklyLogTally,
)
from tests.accounts.factories import make_member

from .factories import ApplicationFactory, PlacementFactory, PostingFactory, today


def counted(model=Application, enterprise: str = "posting__enterprise_id") -> dict[tuple[int, str], int]:
    """``model``'s rows grouped by their enterprise (the ``enterprise`` path) and status, counted."""
    rows = model.objects.order_by().values_list(enterprise, "status").annotate(n=Count("pk"))
    return {(e, s): n for e, s, n in rows}


def tallied(tally=ApplicationTally) -> dict[tuple[int, str], int]:
    return {(t.enterprise_id, t.status): t.n for t in tally.objects.all() if t.n}


def counts_of(queries, table: str) -> list[str]:
    """The statements among ``queries`` that count rows of ``table``."""
    return [q["sql"] for q in queries if q["sql"].startswith("SELECT COUNT(") and f'FROM "{table}"' in q["sql"]]


@pytest.mark.django_db
def test_every_way_of_writing_an_application_is_tallied(enterprise_org, other_enterprise_org, department,
                                                          enterprise_user):
    ours, theirs = enterprise_org.pk, other_enterprise_org.pk
    first, second = PostingFactory(enterprise=enterprise_org), PostingFactory(enterprise=other_enterprise_org)
    students = [make_member(Role.STUDENT, department, username=f"tally{i}") for i in range(6)]
    # One by one, through the service a student's request runs.
    made = [services.application_create(posting=first, student=s) for s in students[:4]]
    assert tallied() == counted() == {(ours, "submitted"): 4}
    # A step moves one application from one status row to another.
    services.application_move(application=made[0], action="shortlist", by=enterprise_user)
    services.application_move(application=made[1], action="reject", by=enterprise_user)
    assert tallied() == counted() == {(ours, "submitted"): 2, (ours, "shortlisted"): 1, (ours, "rejected"): 1}
    # A bulk insert and a bulk update (no signal, no save()) are one statement each; so is a COPY (an import,
    # bench/generate.py).
    Application.objects.bulk_create([Application(posting=second, student=students[4])])
    now = timezone.now().isoformat()
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(
            "COPY internships_application (posting_id, student_id, note, cv, status, created_at, updated_at) "
            "FROM STDIN", io.StringIO(f"{second.pk}\t{students[5].pk}\t\t\tsubmitted\t{now}\t{now}\n"))
    Application.objects.filter(posting=first, status="submitted").update(status="withdrawn")
    # An edit that touches neither posting nor status leaves the tally alone; a move to another posting moves it.
    Application.objects.filter(pk=made[0].pk).update(note="edited")
    Application.objects.filter(pk=made[1].pk).update(posting=second)
    assert tallied() == counted() == {(ours, "withdrawn"): 2, (ours, "shortlisted"): 1,
                                      (theirs, "submitted"): 2, (theirs, "rejected"): 1}
    # A posting moved to another enterprise (Django admin could) takes its applications along.
    Posting.objects.filter(pk=second.pk).update(enterprise=enterprise_org)
    assert tallied() == counted() == {(ours, "withdrawn"): 2, (ours, "shortlisted"): 1,
                                      (ours, "submitted"): 2, (ours, "rejected"): 1}
    Posting.objects.filter(pk=second.pk).update(enterprise=other_enterprise_org, slots=7)
    # Deletes subtract; a posting deleted with its applications takes them out.
    Application.objects.filter(pk=made[2].pk).delete()
    assert tallied() == counted()
    first.delete()
    assert tallied() == counted() == {(theirs, "submitted"): 2, (theirs, "rejected"): 1}


@pytest.mark.django_db
def test_an_enterprises_figures_follow_each_step_at_once(enterprise_org, other_enterprise_org, department,
                                                        enterprise_user, django_assert_num_queries):
    mine, theirs = PostingFactory(enterprise=enterprise_org), PostingFactory(enterprise=other_enterprise_org)
    students = [make_member(Role.STUDENT, department, username=f"fig{i}") for i in range(3)]
    apps = [ApplicationFactory(posting=mine, student=s) for s in students[:2]]
    ApplicationFactory(posting=theirs, student=students[2])
    access_for(enterprise_user).enterprise_ids  # noqa: B018 - the user's memberships, read once per request anyway
    with django_assert_num_queries(1):
        assert enterprise_applications(enterprise_user) == {"submitted": 2}
    services.application_move(application=apps[0], action="shortlist", by=enterprise_user)
    enterprise_user.__dict__.pop("_iei_dashboard_figures", None)  # a new request
    assert enterprise_applications(enterprise_user) == {"submitted": 1, "shortlisted": 1}
    Application.objects.filter(pk=apps[0].pk).update(status="accepted")
    numbers = enterprise_numbers([enterprise_org.pk, other_enterprise_org.pk])
    assert (numbers[enterprise_org.pk]["applications"], numbers[enterprise_org.pk]["accepted"]) == (2, 1)
    assert (numbers[other_enterprise_org.pk]["applications"], numbers[other_enterprise_org.pk]["accepted"]) == (1, 0)


@pytest.mark.django_db
def test_the_enterprise_dashboard_shows_the_new_applicants(enterprise_org, department, enterprise_user):
    posting = PostingFactory(enterprise=enterprise_org)
    for i in range(3):
        ApplicationFactory(posting=posting, student=make_member(Role.STUDENT, department, username=f"new{i}"))
    client = APIClient()
    client.force_login(enterprise_user)
    page = client.get("/")
    assert page.status_code == 200
    cards = {card.key: card for card in page.context["cards"]}
    assert cards["new_applicants"].value == 3


@pytest.mark.django_db(transaction=True)
def test_parallel_applications_and_moves_keep_the_tally_exact(enterprise_org, department, enterprise_user):
    """Students applying to one posting while the enterprise shortlists others, on real PostgreSQL: the rows of
    one enterprise are taken in one order, so the requests queue and none is lost or deadlocked."""
    posting = PostingFactory(enterprise=enterprise_org, slots=50)
    waiting = [ApplicationFactory(posting=posting, student=make_member(Role.STUDENT, department, username=f"w{i}"))
               for i in range(4)]
    applicants = [make_member(Role.STUDENT, department, username=f"par{i}") for i in range(6)]
    barrier = threading.Barrier(len(applicants) + len(waiting))
    codes: list[int] = []

    def run(user, method: str, url: str, data=None):
        try:
            client = APIClient()
            client.force_authenticate(user)
            barrier.wait()
            codes.append(getattr(client, method)(url, data, format="json").status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(s, "post", "/api/v1/applications/", {"posting": posting.pk}))
               for s in applicants]
    threads += [threading.Thread(target=run, args=(enterprise_user, "post",
                                                   f"/api/v1/applications/{a.pk}/shortlist/"))
                for a in waiting]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(codes) == [200] * len(waiting) + [201] * len(applicants)
    assert tallied() == counted() == {(enterprise_org.pk, "submitted"): len(applicants),
                                      (enterprise_org.pk, "shortlisted"): len(waiting)}
    assert Posting.objects.filter(pk=posting.pk).exists()


@pytest.fixture
def spread(enterprise_org, other_enterprise_org, department, student):
    """Applications to two enterprises in several states, one of them the fixture student's."""
    mine, theirs = PostingFactory(enterprise=enterprise_org), PostingFactory(enterprise=other_enterprise_org)
    ApplicationFactory(posting=theirs, student=student, status="shortlisted")
    for i, status in enumerate(["submitted", "submitted", "offered", "rejected"]):
        ApplicationFactory(posting=mine, student=make_member(Role.STUDENT, department, username=f"sp{i}"),
                           status=status)
    ApplicationFactory(posting=theirs, student=make_member(Role.STUDENT, department, username="sp9"))


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin_user", "enterprise_user", "other_enterprise_user", "student",
                                 "department_admin", "teacher"])
def test_the_tallied_total_is_the_scope_count_or_none(spread, who, request):
    """Where the tally answers a role's list total it is that list's count; where it cannot, it says so."""
    user = request.getfixturevalue(who)
    for status in [None, "submitted", "shortlisted", "offered", "accepted"]:
        rows = Application.objects.visible_to(user)
        if status:
            rows = rows.filter(status=status)
        known = Application.objects.tallied_total(user, status)
        if who in ("student", "department_admin"):  # a student's own, a department's students: counted
            assert known is None
        else:  # the college's, an enterprise's, nobody's (a teacher sees no application)
            assert known == rows.count()


@pytest.mark.django_db
def test_lists_narrowed_by_status_alone_read_the_tally(spread, api_enterprise, enterprise_user, client,
                                                       django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        all_, submitted = api_enterprise.get("/api/v1/applications/"), api_enterprise.get(
            "/api/v1/applications/?status=submitted&ordering=-created_at&page_size=2")
    assert (all_.status_code, submitted.status_code) == (200, 200)
    assert (all_.data["count"], submitted.data["count"]) == (4, 2)
    assert len(submitted.data["results"]) == 2 and submitted.data["next"] is None
    assert counts_of(ctx.captured_queries, "internships_application") == []
    client.force_login(enterprise_user)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/internships/applications/?status=offered")
    assert page.status_code == 200 and page.context["page"].paginator.count == 1
    assert counts_of(ctx.captured_queries, "internships_application") == []
    # Any other narrowing (a posting, a search, an unknown status on the page) counts the rows themselves.
    with CaptureQueriesContext(connection) as ctx:
        searched = api_enterprise.get("/api/v1/applications/?search=sp1")
        invalid = client.get("/internships/applications/?status=nonsense")
    assert searched.status_code == 200 and searched.data["count"] == 1
    assert invalid.status_code == 200 and invalid.context["page"].paginator.count == 4
    assert len(counts_of(ctx.captured_queries, "internships_application")) == 2


# --- weekly logs (WeeklyLogTally, migration 0012) ---

@pytest.mark.django_db
def test_every_way_of_writing_a_weekly_log_is_tallied(enterprise_org, other_enterprise_org, student, student2,
                                                       teacher):
    def logs_counted():
        return counted(WeeklyLog, "placement__enterprise_id")

    def logs_tallied():
        return tallied(WeeklyLogTally)

    ours, theirs = enterprise_org.pk, other_enterprise_org.pk
    mine = PlacementFactory(enterprise=enterprise_org, student=student, school_mentor=teacher, status="active",
                            start_date=today() - timedelta(days=40))
    other = PlacementFactory(enterprise=other_enterprise_org, student=student2, status="active")
    first = services.weekly_log_submit(placement=mine, by=student, week_no=1, content="第一周")
    services.weekly_log_submit(placement=mine, by=student, week_no=2, content="第二周")
    WeeklyLog.objects.bulk_create([WeeklyLog(placement=other, week_no=w, content="周志") for w in (1, 2, 3)])
    assert logs_tallied() == logs_counted() == {(ours, "submitted"): 2, (theirs, "submitted"): 3}
    services.weekly_log_review(log=first, by=teacher, comment="好", grade="good")
    WeeklyLog.objects.filter(placement=other, week_no__lte=2).update(status="reviewed")
    WeeklyLog.objects.filter(placement=other).update(content="改")  # no count moves
    assert logs_tallied() == logs_counted() == {(ours, "submitted"): 1, (ours, "reviewed"): 1,
                                                (theirs, "submitted"): 1, (theirs, "reviewed"): 2}
    # A placement moved to another enterprise takes its logs along; deletes subtract.
    Placement.objects.filter(pk=other.pk).update(enterprise=enterprise_org)
    assert logs_tallied() == logs_counted() == {(ours, "submitted"): 2, (ours, "reviewed"): 3}
    WeeklyLog.objects.filter(pk=first.pk).delete()
    other.delete()
    assert logs_tallied() == logs_counted() == {(ours, "submitted"): 1}


@pytest.fixture
def logs_spread(enterprise_org, other_enterprise_org, student, student2, teacher, department):
    mine = PlacementFactory(enterprise=enterprise_org, student=student, school_mentor=teacher, status="active")
    theirs = PlacementFactory(enterprise=other_enterprise_org, student=student2, status="active")
    for w, status in ((1, "reviewed"), (2, "submitted")):
        WeeklyLog.objects.create(placement=mine, week_no=w, content="周志", status=status)
    for w in (1, 2, 3):
        WeeklyLog.objects.create(placement=theirs, week_no=w, content="周志")
    return mine, theirs


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin_user", "enterprise_user", "other_enterprise_user", "student",
                                 "department_admin", "teacher"])
def test_the_tallied_log_total_is_the_scope_count_or_none(logs_spread, who, request):
    user = request.getfixturevalue(who)
    for status in [None, "submitted", "reviewed"]:
        rows = WeeklyLog.objects.visible_to(user)
        if status:
            rows = rows.filter(status=status)
        known = WeeklyLog.objects.tallied_total(user, status)
        if who == "admin_user" or (who.endswith("enterprise_user") and status is None):
            assert known == rows.count()
        elif who.endswith("enterprise_user"):  # no row of that status: counted (nothing to count)
            assert known in (None, rows.count())
        else:  # a student's own, a department's students, a mentor's: counted
            assert known is None


@pytest.mark.django_db
def test_an_enterprise_user_mentoring_elsewhere_is_counted(logs_spread, enterprise_user):
    """The placement scope also holds the interns an enterprise user mentors at another enterprise: the tally of
    whole enterprises would miss their logs, so the list counts its rows."""
    _mine, theirs = logs_spread
    before = WeeklyLog.objects.tallied_total(enterprise_user)
    Placement.objects.filter(pk=theirs.pk).update(enterprise_mentor=enterprise_user)
    assert before == 2
    assert WeeklyLog.objects.tallied_total(enterprise_user) is None
    assert WeeklyLog.objects.visible_to(enterprise_user).count() == 5


@pytest.mark.django_db
def test_log_lists_narrowed_by_status_alone_read_the_tally(logs_spread, api_admin, api_enterprise, admin_user,
                                                           client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        queue = api_admin.get("/api/v1/weekly-logs/?status=submitted&page_size=2")
        ours = api_enterprise.get("/api/v1/weekly-logs/")
    assert (queue.status_code, ours.status_code) == (200, 200)
    assert (queue.data["count"], len(queue.data["results"]), ours.data["count"]) == (4, 2, 2)
    assert counts_of(ctx.captured_queries, "internships_weeklylog") == []
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/internships/logs/?status=reviewed")
        by_placement = api_admin.get(f"/api/v1/weekly-logs/?placement={logs_spread[1].pk}")
    assert page.status_code == 200 and page.context["page"].paginator.count == 1
    assert by_placement.status_code == 200 and by_placement.data["count"] == 3
    assert len(counts_of(ctx.captured_queries, "internships_weeklylog")) == 1  # the placement's: counted


# --- placements (PlacementTally, migration 0014) ---

@pytest.mark.django_db
def test_every_way_of_writing_a_placement_is_tallied(enterprise_org, other_enterprise_org, student, student2,
                                                     enterprise_user, admin_user):
    def placements_counted():
        return counted(Placement, "enterprise_id")

    def placements_tallied():
        return tallied(PlacementTally)

    ours, theirs = enterprise_org.pk, other_enterprise_org.pk
    first = PlacementFactory(enterprise=enterprise_org, student=student, status="pending")
    PlacementFactory(enterprise=other_enterprise_org, student=student2, status="active")
    assert placements_tallied() == placements_counted() == {(ours, "pending"): 1, (theirs, "active"): 1}
    services.placement_cancel(placement=first, by=admin_user, reason="改期")
    assert placements_tallied() == placements_counted() == {(ours, "cancelled"): 1, (theirs, "active"): 1}
    Placement.objects.filter(pk=first.pk).update(enterprise=other_enterprise_org, status="completed")
    Placement.objects.filter(enterprise=other_enterprise_org).update(post="剪辑")  # no count moves
    assert placements_tallied() == placements_counted() == {(theirs, "completed"): 1, (theirs, "active"): 1}
    Placement.objects.filter(pk=first.pk).delete()
    assert placements_tallied() == placements_counted() == {(theirs, "active"): 1}


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["admin_user", "enterprise_user", "other_enterprise_user", "student",
                                 "department_admin", "teacher"])
def test_the_tallied_placement_total_is_the_scope_count_or_none(logs_spread, who, request):
    user = request.getfixturevalue(who)
    for status in [None, "active", "completed"]:
        rows = Placement.objects.visible_to(user)
        if status:
            rows = rows.filter(status=status)
        known = Placement.objects.tallied_total(user, status)
        if who == "admin_user" or (who.endswith("enterprise_user") and status in (None, "active")):
            assert known == rows.count()
        elif who.endswith("enterprise_user"):  # no row of that status: counted (nothing to count)
            assert known in (None, rows.count())
        else:
            assert known is None


@pytest.mark.django_db
def test_placement_lists_narrowed_by_status_alone_read_the_tally(logs_spread, api_admin, admin_user, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as ctx:
        listed = api_admin.get("/api/v1/placements/?status=active&page_size=1")
        page = client.get("/internships/placements/")
    assert (listed.status_code, listed.data["count"], len(listed.data["results"])) == (200, 2, 1)
    assert page.status_code == 200 and page.context["page"].paginator.count == 2
    assert counts_of(ctx.captured_queries, "internships_placement") == []


@pytest.mark.django_db(transaction=True)
def test_a_tallied_total_is_kept_like_a_count_and_forgotten_by_a_write(settings, spread, api_enterprise,
                                                                      enterprise_org, department):
    """The tally's sum is kept under the list's SQL (a college sums tens of thousands of tally rows): a list nobody
    writes reads it from the cache, and a saved application forgets it as it forgets a count."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.COUNT_CACHE_MIN_MS = 0
    settings.COUNT_CACHE_SECONDS = 60
    url = "/api/v1/applications/?status=submitted"
    assert api_enterprise.get(url).data["count"] == 2
    with CaptureQueriesContext(connection) as ctx:
        again = api_enterprise.get(url)
    assert again.status_code == 200 and again.data["count"] == 2
    assert not [q for q in ctx.captured_queries if "internships_applicationtally" in q["sql"]]
    ApplicationFactory(posting=PostingFactory(enterprise=enterprise_org),
                       student=make_member(Role.STUDENT, department, username="late"))
    with CaptureQueriesContext(connection) as ctx:
        after = api_enterprise.get(url)
    assert after.status_code == 200 and after.data["count"] == 3
    assert [q for q in ctx.captured_queries if "internships_applicationtally" in q["sql"]]


@pytest.mark.django_db(transaction=True)
def test_a_kept_tallied_total_is_keyed_by_the_rows_not_the_page(settings, spread, api_enterprise):
    """The kept sum is keyed by the list's rows (its slim count statement: scope and filters), so another
    order or page size of the same rows reads it from the cache, and another status never reads the first's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    settings.COUNT_CACHE_MIN_MS = 0
    settings.COUNT_CACHE_SECONDS = 60
    first = api_enterprise.get("/api/v1/applications/?status=submitted")
    assert first.status_code == 200 and first.data["count"] == 2
    with CaptureQueriesContext(connection) as ctx:
        reordered = api_enterprise.get("/api/v1/applications/?status=submitted&ordering=-status&page_size=1")
    assert reordered.status_code == 200 and reordered.data["count"] == 2 and len(reordered.data["results"]) == 1
    assert not [q for q in ctx.captured_queries if "internships_applicationtally" in q["sql"]]
    with CaptureQueriesContext(connection) as ctx:
        other = api_enterprise.get("/api/v1/applications/?status=offered")
    assert other.status_code == 200 and other.data["count"] == 1
    assert [q for q in ctx.captured_queries if "internships_applicationtally" in q["sql"]]
