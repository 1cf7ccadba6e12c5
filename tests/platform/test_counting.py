"""List totals (config/counting.py): exact, an expensive one kept until a write or its time-to-live."""
import pytest

from core.counting import exact_count
from internships.models import Posting
from tests.internships.factories import PostingFactory


@pytest.fixture
def keep_every_count(settings):
    # Every count "expensive": the rule is exercised without a table large enough to be slow.
    settings.COUNT_CACHE_MIN_MS = 0
    settings.COUNT_CACHE_SECONDS = 60


@pytest.mark.django_db(transaction=True)
def test_a_kept_total_is_forgotten_when_a_row_is_saved_or_deleted(keep_every_count, enterprise_org):
    PostingFactory.create_batch(2, enterprise=enterprise_org)
    assert exact_count(Posting.objects.all()) == 2
    # Served from the cache: a bulk write sends no signal, so the kept total still reads 2 ...
    Posting.objects.bulk_create([PostingFactory.build(enterprise=enterprise_org)])
    assert exact_count(Posting.objects.all()) == 2
    # ... while a save through the model forgets it at once.
    extra = PostingFactory(enterprise=enterprise_org)
    assert exact_count(Posting.objects.all()) == 4
    extra.delete()
    assert exact_count(Posting.objects.all()) == 3


@pytest.mark.django_db(transaction=True)
def test_totals_are_kept_per_query(keep_every_count, enterprise_org, other_enterprise_org):
    PostingFactory.create_batch(2, enterprise=enterprise_org)
    PostingFactory(enterprise=other_enterprise_org)
    assert exact_count(Posting.objects.filter(enterprise=enterprise_org)) == 2
    assert exact_count(Posting.objects.filter(enterprise=other_enterprise_org)) == 1
    assert exact_count(Posting.objects.all()) == 3


@pytest.mark.django_db(transaction=True)
def test_cheap_totals_are_counted_every_time(settings, enterprise_org):
    settings.COUNT_CACHE_MIN_MS = 10_000
    PostingFactory(enterprise=enterprise_org)
    assert exact_count(Posting.objects.all()) == 1
    Posting.objects.bulk_create([PostingFactory.build(enterprise=enterprise_org)])
    assert exact_count(Posting.objects.all()) == 2


@pytest.mark.django_db
def test_a_total_counted_inside_a_transaction_is_not_kept(keep_every_count, enterprise_org):
    # The test's own transaction stands for a request's: rows it counts may yet be rolled back.
    PostingFactory(enterprise=enterprise_org)
    assert exact_count(Posting.objects.all()) == 1
    Posting.objects.bulk_create([PostingFactory.build(enterprise=enterprise_org)])
    assert exact_count(Posting.objects.all()) == 2


@pytest.mark.django_db(transaction=True)
def test_the_api_and_the_pages_use_the_kept_total(keep_every_count, api_admin, client, admin_user,
                                                  enterprise_org):
    client.force_login(admin_user)
    PostingFactory.create_batch(2, enterprise=enterprise_org)
    assert api_admin.get("/api/v1/postings/").json()["count"] == 2
    assert client.get("/internships/postings/").context["page"].paginator.count == 2
    Posting.objects.bulk_create([PostingFactory.build(enterprise=enterprise_org)])
    # The page's rows are read every time; only the total is kept.
    body = api_admin.get("/api/v1/postings/").json()
    assert body["count"] == 2 and len(body["results"]) == 3
    assert client.get("/internships/postings/").context["page"].paginator.count == 2


@pytest.mark.django_db(transaction=True)
def test_a_cache_outage_costs_time_not_the_total(keep_every_count, enterprise_org, monkeypatch):
    from django.core.cache import cache

    def down(*args, **kwargs):
        raise ConnectionError("redis is down")

    monkeypatch.setattr(cache, "get", down)
    PostingFactory(enterprise=enterprise_org)
    assert exact_count(Posting.objects.all()) == 1


@pytest.mark.django_db(transaction=True)
def test_grouped_figures_are_kept_and_forgotten_on_a_many_to_many_change(keep_every_count, enterprise_org):
    from django.db.models import Count

    from core.counting import kept_rows
    from tests.curriculum.factories import CompetencyFactory

    comp = CompetencyFactory()
    posting = PostingFactory(enterprise=enterprise_org)
    through = Posting.competencies.through

    def demand():
        return dict(kept_rows(through.objects.order_by().values_list("competency_id").annotate(n=Count("*"))
                              .values_list("competency_id", "n")))

    assert demand() == {}
    posting.competencies.add(comp)  # m2m_changed on the through model forgets the kept rows
    assert demand() == {comp.pk: 1}
    posting.competencies.clear()
    assert demand() == {}
    through.objects.bulk_create([through(posting=posting, competency=comp)])  # no signal: kept until expiry
    assert demand() == {}


@pytest.mark.django_db(transaction=True)
def test_aggregates_are_kept_per_expression(keep_every_count, enterprise_org):
    from django.db.models import Count, Sum

    from core.counting import kept_aggregate

    PostingFactory(enterprise=enterprise_org, slots=3)
    qs = Posting.objects.all()
    assert kept_aggregate(qs, n=Count("pk")) == {"n": 1}
    # The same rows, another expression: not the kept count
    assert kept_aggregate(qs, n=Sum("slots")) == {"n": 3}
    Posting.objects.bulk_create([PostingFactory.build(enterprise=enterprise_org, slots=4)])
    assert kept_aggregate(qs, n=Sum("slots")) == {"n": 3}  # no signal: kept
    PostingFactory(enterprise=enterprise_org, slots=5)
    assert kept_aggregate(qs, n=Sum("slots")) == {"n": 12}


# --- a free-text search counts its matches only so far -------------------------------------------------------

@pytest.fixture
def count_to_three(settings):
    settings.SEARCH_COUNT_LIMIT = 3


@pytest.mark.django_db
def test_a_search_that_matches_more_than_the_limit_says_more_than_and_pages_on(count_to_three, api_admin,
                                                                              enterprise_org):
    PostingFactory.create_batch(7, enterprise=enterprise_org, title="Compositor")
    PostingFactory(enterprise=enterprise_org, title="Colourist")
    for param in ("search", "q"):
        first = api_admin.get(f"/api/v1/postings/?{param}=Compositor&page_size=2")
        assert first.status_code == 200
        body = first.json()
        # Counted to 3 (the limit; more than the first page's end) plus one: "more than 3".
        assert body["count"] == 3 and body["count_exact"] is False
        assert len(body["results"]) == 2 and body["next"]
        # Page 3 ends at row 6: counted to 7, one past it, still "more"... the last page is exact.
        third = api_admin.get(f"/api/v1/postings/?{param}=Compositor&page_size=2&page=3").json()
        assert third["count"] == 6 and third["count_exact"] is False and third["next"]
        last = api_admin.get(f"/api/v1/postings/?{param}=Compositor&page_size=2&page=4").json()
        assert last["count"] == 7 and last["count_exact"] is True and last["next"] is None
        assert len(last["results"]) == 1
        seen = {r["id"] for p in (1, 2, 3, 4)
                for r in api_admin.get(f"/api/v1/postings/?{param}=Compositor&page_size=2&page={p}").json()["results"]}
        assert len(seen) == 7


@pytest.mark.django_db
def test_a_search_within_the_limit_and_a_list_without_search_count_exactly(count_to_three, api_admin,
                                                                          enterprise_org):
    PostingFactory.create_batch(3, enterprise=enterprise_org, title="Compositor")
    PostingFactory.create_batch(2, enterprise=enterprise_org, title="Colourist")
    body = api_admin.get("/api/v1/postings/?search=Compositor").json()
    assert body["count"] == 3 and body["count_exact"] is True
    body = api_admin.get("/api/v1/postings/?page_size=2").json()
    assert body["count"] == 5 and body["count_exact"] is True
    # Blank search text is no search: the list's exact total.
    body = api_admin.get("/api/v1/postings/?search=%20&page_size=2").json()
    assert body["count"] == 5 and body["count_exact"] is True


@pytest.mark.django_db
def test_a_page_searched_past_the_limit_says_more_than(count_to_three, client, admin_user, enterprise_org,
                                                       settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(admin_user)
    PostingFactory.create_batch(30, enterprise=enterprise_org, title="Compositor")
    response = client.get("/internships/postings/?q=Compositor", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    paginator = response.context["page"].paginator
    # The page of 25 ends past the limit of 3: counted to 25 and one more.
    assert paginator.count_exact is False and paginator.shown_count == 25
    assert b"of more than 1" in response.content and b'rel="next"' in response.content
    response = client.get("/internships/postings/?q=Compositor&page=2", HTTP_ACCEPT_LANGUAGE="en")
    assert response.context["page"].paginator.count_exact is True
    assert b"Page 2 of 2" in response.content


@pytest.mark.django_db
def test_a_list_and_the_figures_count_through_the_same_slim_statement(enterprise_org, other_enterprise_org,
                                                                       django_assert_num_queries):
    """``exact_count`` runs the count statement of the list's query and ``figures`` nests the same one: the ids
    alone, with no ordering and no ``select_related`` join."""
    from core.counting import Total, count_statement, figures

    PostingFactory.create_batch(2, enterprise=enterprise_org, slots=3)
    PostingFactory(enterprise=other_enterprise_org, slots=5)
    listed = Posting.objects.filter(enterprise=enterprise_org).select_related("enterprise").order_by("-id")
    counting_ids = 'SELECT COUNT(*) FROM (SELECT "internships_posting"."id" AS "pk" FROM "internships_posting"'
    sql, _ = count_statement(listed)
    assert sql.startswith(counting_ids)
    assert sql.endswith(") counted") and "ORDER BY" not in sql and "JOIN" not in sql
    with django_assert_num_queries(1) as counted:
        assert exact_count(listed) == 2
    assert counted.captured_queries[0]["sql"].startswith(counting_ids)
    assert "JOIN" not in counted.captured_queries[0]["sql"]
    nested, _ = count_statement(listed, alias="f")
    assert nested == sql.removesuffix(" counted") + " f"
    with django_assert_num_queries(1) as together:
        assert figures(n=listed, none=Posting.objects.none(), slots=Total(listed, "slots")) == {
            "n": 2, "none": 0, "slots": 6}
    assert together.captured_queries[0]["sql"].startswith(f"SELECT ({counting_ids}")
    assert "(SELECT SUM(f.figure_value) FROM (SELECT" in together.captured_queries[0]["sql"]
