"""The per-enterprise internship numbers page: right figures, busiest enterprise first, bounded queries."""
import pytest

from internships.metrics import enterprise_numbers

from .factories import ApplicationFactory, PlacementFactory, PostingFactory


@pytest.fixture
def activity(enterprise_org, other_enterprise_org, student, student2):
    first = PostingFactory(enterprise=enterprise_org)
    second = PostingFactory(enterprise=enterprise_org)
    PostingFactory(enterprise=enterprise_org, status="draft")
    ApplicationFactory(posting=first, student=student, status="accepted")
    ApplicationFactory(posting=first, student=student2)
    ApplicationFactory(posting=second, student=student)
    PlacementFactory(enterprise=enterprise_org, student=student, posting=first, status="active")
    PlacementFactory(enterprise=enterprise_org, student=student2, status="completed")
    PlacementFactory(enterprise=other_enterprise_org, student=student2, status="pending")


@pytest.mark.django_db
def test_numbers_per_enterprise(activity, enterprise_org, other_enterprise_org, django_assert_num_queries):
    with django_assert_num_queries(3):
        numbers = enterprise_numbers([enterprise_org.pk, other_enterprise_org.pk])
    assert numbers[enterprise_org.pk] == {"postings_open": 2, "applications": 3, "accepted": 1,
                                          "interns_active": 1, "interns_total": 2}
    assert numbers[other_enterprise_org.pk] == {"postings_open": 0, "applications": 0, "accepted": 0,
                                                "interns_active": 0, "interns_total": 1}


@pytest.mark.django_db
def test_no_enterprise_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert enterprise_numbers([]) == {}


@pytest.mark.django_db
def test_page_sorts_by_active_interns(activity, web, admin_user, enterprise_org, other_enterprise_org,
                                      django_assert_max_num_queries):
    c = web.login_as(admin_user)
    with django_assert_max_num_queries(14):
        r = c.get("/internships/enterprises/")
    assert r.status_code == 200
    rows = list(r.context["rows"])
    assert [o.pk for o in rows] == [enterprise_org.pk, other_enterprise_org.pk]
    assert (rows[0].postings_open, rows[0].applications, rows[0].accepted, rows[0].interns_active,
            rows[0].interns_total) == (2, 3, 1, 1, 2)
    assert (rows[1].interns_active, rows[1].interns_total) == (0, 1)


@pytest.mark.django_db(transaction=True)
def test_the_kept_order_is_forgotten_when_an_enterprise_is_added(settings, web, admin_user, enterprise_org):
    from accounts.choices import OrganizationKind
    from tests.accounts.factories import OrganizationFactory

    settings.COUNT_CACHE_MIN_MS = 0  # the order of a province's 10,000 enterprises is kept (core.counting)
    c = web.login_as(admin_user)
    before = [o.pk for o in c.get("/internships/enterprises/").context["rows"]]
    assert enterprise_org.pk in before
    added = OrganizationFactory(kind=OrganizationKind.ENTERPRISE, name="丙公司", name_en="Company C")
    after = [o.pk for o in c.get("/internships/enterprises/").context["rows"]]
    assert set(after) == {*before, added.pk}  # a kept order that was not forgotten would miss it


@pytest.mark.django_db(transaction=True)
def test_the_order_and_figures_follow_an_intern_at_once_whatever_wrote_the_row(settings, web, admin_user, activity,
                                                                                enterprise_org, other_enterprise_org):
    """The order by active interns and the figures are the tally's (PlacementTally): exact on the next view, even
    after a write no kept figure would hear of (raw SQL, as an import or a bulk job may write)."""
    from django.db import connection

    from internships.models import Placement

    settings.COUNT_CACHE_MIN_MS = 0  # anything kept would be kept
    c = web.login_as(admin_user)
    assert [o.pk for o in c.get("/internships/enterprises/").context["rows"]] == [enterprise_org.pk,
                                                                                  other_enterprise_org.pk]
    pending = Placement.objects.get(enterprise=other_enterprise_org)
    with connection.cursor() as cur:
        cur.execute("UPDATE internships_placement SET status = 'active' WHERE id = %s", [pending.pk])
        cur.execute("UPDATE internships_placement SET status = 'completed' WHERE enterprise_id = %s AND status = "
                    "'active'", [enterprise_org.pk])
    rows = list(c.get("/internships/enterprises/").context["rows"])
    assert [o.pk for o in rows] == [other_enterprise_org.pk, enterprise_org.pk]
    assert (rows[0].interns_active, rows[0].interns_total) == (1, 1)
    assert (rows[1].interns_active, rows[1].interns_total) == (0, 2)


@pytest.mark.django_db
def test_postings_are_counted_from_the_enterprise_status_index_alone(activity, enterprise_org, enterprise_user):
    """The per-enterprise numbers and the enterprise dashboard's postings by status read no posting row: a count of
    ``id`` (a column the index lacks) fetched each of the largest enterprise's 6,500 postings from the table."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from accounts.policy import access_for
    from internships.report_figures import role_cards

    with CaptureQueriesContext(connection) as ctx:
        numbers = enterprise_numbers([enterprise_org.pk])
        cards = role_cards("enterprise", enterprise_user, access_for(enterprise_user))
    assert numbers[enterprise_org.pk]["postings_open"] == 2
    assert [card.value for card in cards if card.key == "postings_by_status"] == [3]
    counts = [q["sql"] for q in ctx.captured_queries if 'FROM "internships_posting"' in q["sql"]]
    assert len(counts) == 2
    for sql in counts:
        with transaction.atomic(), connection.cursor() as cur:
            # A table this small is read any way that comes first: leave the planner only the scans that read an
            # index alone (the others priced out), which a count of a column the index lacks cannot use.
            cur.execute("SET LOCAL enable_seqscan = off")
            cur.execute("SET LOCAL enable_bitmapscan = off")
            cur.execute("SET LOCAL enable_indexscan = off")
            cur.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cur.fetchall())
        assert "Index Only Scan using posting_enterprise_status" in plan, plan
