"""The landing dashboard of every role: one card per figure, in a bounded and constant number of queries.

Each app declares its cards (``<app>/dashboard.py``); core/dashboard.py composes them. These tests hold
the composition to what a user sees: no two cards with the same title, at most ``BUDGET`` queries, no
identical SQL run twice in one request, and the same number of queries with 10 times the rows. The
page is measured as a returning user meets it (see ``_page``).
"""
import datetime as dt
import re
from collections import Counter
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.choices import Role
from accounts.policy import clear_access_cache
from core.dashboard import merge, ordered
from core.registry import Card
from tests.accounts.factories import make_member

pytestmark = pytest.mark.django_db

BUDGET = 15
ROLES = ["admin_user", "teacher", "student", "enterprise_user", "association_user", "department_admin"]


@pytest.fixture
def department_admin(department):
    return make_member(Role.DEPARTMENT_ADMIN, department, username="dept_admin_u")


def _grow(n, *, start, college, enterprise_org, department, teacher, student, admin_user, enterprise_user,
          association_user):
    """``n`` more rows of everything a dashboard counts: placements (active, pending, one breaking a rule),
    applications, postings, weekly logs, agreements, follow-ups, check-ins, programmes, courses,
    achievements, teacher evidence, budgets, bookings, notifications, report jobs and snapshots."""
    from attendance.models import Absence, CheckIn
    from curriculum.models import Program
    from internships.models import WeeklyLog
    from tests.curriculum.factories import AchievementFactory, CourseFactory, ProgramFactory
    from tests.faculty.factories import TeacherCertificateFactory, TeacherPlacementFactory, TeacherProfileFactory
    from tests.funding.factories import BookingFactory, BudgetLineFactory
    from tests.internships.factories import ApplicationFactory, PlacementFactory, PostingFactory
    from tests.notifications.factories import NotificationFactory
    from tests.partnerships.factories import AgreementFactory, ContactLogFactory, IndustryProjectFactory
    from tests.reports.factories import KpiSnapshotFactory, ReportJobFactory

    today = timezone.localdate()
    now = timezone.now()
    for i in range(start, start + n):
        s = make_member(Role.STUDENT, department, username=f"dash{i}")
        posting = PostingFactory(enterprise=enterprise_org, status="published" if i % 3 else "pending_approval")
        ApplicationFactory(posting=posting, student=s, status="submitted" if i % 2 else "offered")
        p = PlacementFactory(enterprise=enterprise_org, student=s, school_mentor=teacher,
                             enterprise_mentor=enterprise_user, status="active" if i % 4 else "pending",
                             compliance_ok=i % 5 != 1)
        WeeklyLog.objects.create(placement=p, week_no=1, content="周志", status="submitted" if i % 2 else "draft")
        if p.status == "active" and i % 2:
            CheckIn.objects.create(placement=p, kind="in", date=today, at=now, client_time=now, server_time=now,
                                   latitude=39.9, longitude=116.4, accuracy_m=10)
        Absence.objects.create(placement=p, date=today - dt.timedelta(days=1), streak=1 + i % 4)
        AgreementFactory(college=college, parties=[enterprise_org],
                         status="active" if i % 2 else "under_review",
                         end_date=today + dt.timedelta(days=30 if i % 3 == 0 else 700))
        ContactLogFactory(enterprise=enterprise_org, follow_up_on=today + dt.timedelta(days=2))
        IndustryProjectFactory(enterprise=enterprise_org, status="open")
        ProgramFactory(status="in_review" if i % 3 == 0 else "draft")
        CourseFactory(owner=teacher, content_since=today - dt.timedelta(days=900 if i % 2 else 10))
        AchievementFactory(student=s, status="submitted")
        profile = TeacherProfileFactory(department=department)
        TeacherCertificateFactory(profile=profile)
        TeacherPlacementFactory(teacher=profile, host=enterprise_org, status="submitted")
        BudgetLineFactory(budget__year=today.year, amount=Decimal("150000.00"))
        BookingFactory(booked_by=teacher if i % 2 else student, status="pending",
                       starts_at=now + dt.timedelta(days=2 + i), ends_at=now + dt.timedelta(days=2 + i, hours=2))
        for user in (admin_user, teacher, student, enterprise_user, association_user):
            NotificationFactory(recipient=user, title=f"通知{i}")
            ReportJobFactory(requested_by=user, status="queued")
        KpiSnapshotFactory()
    # The student's own placement (their cards), once.
    if start == 0:
        PlacementFactory(enterprise=enterprise_org, student=student, school_mentor=teacher, status="active")
        TeacherProfileFactory(user=teacher, department=department)
    assert Program.objects.exists()


def _titles(html: str) -> list[str]:
    cards = re.findall(r'<article class="card".*?<h2>(.*?)</h2>', html, re.S)
    return [re.sub(r"<[^>]+>", "", c).strip() for c in cards]


def _normalized(sql: str) -> str:
    # Savepoint names differ per call; they are the test's transaction, not the page's queries.
    return re.sub(r"\s+", " ", sql).strip()


def _page(client, user):
    """The queries of the page as a returning user meets it: a first request after writes fills the
    college-wide figures kept in the cache (faculty.summary; forgotten on any write of their tables)."""
    clear_access_cache(user)
    assert client.get("/").status_code == 200
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/")
    assert response.status_code == 200
    queries = [_normalized(q["sql"]) for q in ctx.captured_queries if not q["sql"].startswith(("SAVEPOINT", "RELEASE"))]
    return response, queries


@pytest.fixture
def world(college, enterprise_org, department, teacher, student, admin_user, enterprise_user, association_user):
    def grow(n, start):
        _grow(n, start=start, college=college, enterprise_org=enterprise_org, department=department, teacher=teacher,
              student=student, admin_user=admin_user, enterprise_user=enterprise_user,
              association_user=association_user)
    return grow


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_each_role_sees_one_card_per_figure_in_few_queries(request, client, world, who, language):
    user = request.getfixturevalue(who)
    world(5, 0)
    client.force_login(user)
    client.cookies["django_language"] = language
    response, queries = _page(client, user)
    html = response.content.decode()
    titles = _titles(html)
    assert titles or who == "department_admin", html
    assert [t for t, n in Counter(titles).items() if n > 1] == [], titles
    repeated = [q for q, n in Counter(queries).items() if n > 1]
    assert repeated == [], repeated
    assert len(queries) <= BUDGET, "\n".join(queries)

    world(45, 5)  # ten times the rows
    response, more = _page(client, user)
    assert len(more) == len(queries), "\n".join(more)
    assert Counter(_titles(response.content.decode())) == Counter(titles)


def test_admin_key_figures_carry_their_trend_on_the_apps_own_card(client, world, admin_user):
    """A KPI's card (reports) and the app's card of the same figure are one card: the app's value, the trend."""
    world(2, 0)
    client.force_login(admin_user)
    html = client.get("/").content.decode()
    block = re.search(r'<article class="card" data-key="active_agreements">(.*?)</article>', html, re.S).group(1)
    assert "<svg" in block and "/partnerships/agreements/" in block
    assert html.count('data-key="active_agreements"') == 1


# --- the composition itself -----------------------------------------------------------------------------

def test_merge_keeps_one_card_per_key_and_lends_the_supplements_chart():
    cards = [
        Card("Active agreements", 7, url="/a/", key="active_agreements"),
        Card("Unkeyed", 1),
        Card("Partnerships", 6, url="/trends/", detail="As of 2026-11", svg="<svg/>", key="active_agreements",
             supplement=True),
        Card("Unkeyed", 2),
    ]
    out = merge(cards)
    assert [c.title for c in out] == ["Active agreements", "Unkeyed", "Unkeyed"]
    assert (out[0].value, out[0].url, out[0].svg, out[0].detail) == (7, "/a/", "<svg/>", "")


def test_a_supplement_alone_stands_as_its_own_card():
    out = merge([Card("Funding", "12.5", svg="<svg/>", key="budget_execution", supplement=True)])
    assert [c.title for c in out] == ["Funding"]


def test_a_full_card_met_after_its_supplement_takes_its_place():
    out = merge([Card("Trend", 1, svg="<svg/>", key="k", supplement=True), Card("Figure", 2, url="/f/", key="k")])
    assert [(c.title, c.value, c.svg, c.supplement) for c in out] == [("Figure", 2, "<svg/>", False)]


def test_cards_follow_the_roles_priority_then_their_order():
    cards = [Card("b", order=1, key="mentees"), Card("x", order=0, key="zzz"),
             Card("a", order=99, key="logs_to_review")]
    assert [c.title for c in ordered(cards, "teacher")] == ["a", "b", "x"]
    assert [c.title for c in ordered(cards, None)] == ["x", "b", "a"]
