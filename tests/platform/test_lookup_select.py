"""LookupSelect: a full drop-down for a few rows, search-then-pick above its limit, same submitted id."""
import re

import pytest

from accounts.choices import OrganizationKind
from core.filters import ALL
from core.widgets import LookupSelect
from tests.accounts.factories import OrganizationFactory
from tests.internships.factories import PostingFactory

pytestmark = pytest.mark.django_db


def _options(html: str) -> list[str]:
    select = re.search(r'<select[^>]*name="enterprise".*?</select>', html, re.S).group(0)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select)


@pytest.fixture
def many(enterprise_org, monkeypatch):
    monkeypatch.setattr(LookupSelect, "limit", 3)
    names = ["星河影视", "星光动画", "幻境特效", "光影工作室", "北辰 <AIGC> & Co"]
    return [OrganizationFactory(kind=OrganizationKind.ENTERPRISE, name=n) for n in names]


def test_few_rows_give_the_full_drop_down(client, admin_user, enterprise_org, other_enterprise_org):
    client.force_login(admin_user)
    html = client.get("/internships/postings/").content.decode()
    assert 'name="enterprise_lookup"' not in html
    assert enterprise_org.name in _options(html) and other_enterprise_org.name in _options(html)


def test_many_rows_give_a_search_box_and_only_the_matches(client, admin_user, many):
    client.force_login(admin_user)
    html = client.get("/internships/postings/").content.decode()
    assert 'name="enterprise_lookup"' in html and 'data-lookup-url="/api/v1/organizations/?kind=enterprise"' in html
    assert _options(html) == [str(ALL)]  # nothing listed before a search; the empty choice reads "All"
    html = client.get("/internships/postings/", {"enterprise_lookup": "星"}).content.decode()
    assert sorted(_options(html)[1:]) == sorted(["星河影视", "星光动画"])
    assert 'value="星"' in html  # the search stays in the box
    html = client.get("/internships/postings/", {"enterprise_lookup": "AIGC"}).content.decode()
    assert "北辰 &lt;AIGC&gt; &amp; Co" in html and "<AIGC>" not in html


def test_the_chosen_row_stays_selected_and_filters(client, admin_user, many):
    chosen = many[2]
    mine = PostingFactory(enterprise=chosen, title="虚拟拍摄助理甲")
    other = PostingFactory(enterprise=many[0], title="分镜师乙")
    client.force_login(admin_user)
    response = client.get("/internships/postings/", {"enterprise": chosen.pk})
    html = response.content.decode()
    assert re.search(rf"<option value=\"{chosen.pk}\" selected>{chosen.name}</option>", html)
    assert mine.title in html and other.title not in html


def test_queries_do_not_grow_with_the_enterprises(client, admin_user, many, django_assert_max_num_queries):
    client.force_login(admin_user)
    assert client.get("/internships/postings/", {"enterprise_lookup": "星"}).status_code == 200
    with django_assert_max_num_queries(14) as ctx:
        assert client.get("/internships/postings/", {"enterprise_lookup": "星"}).status_code == 200
    before = len(ctx.captured_queries)
    for i in range(30):
        OrganizationFactory(kind=OrganizationKind.ENTERPRISE, name=f"星辰{i}")
    with django_assert_max_num_queries(before):
        r = client.get("/internships/postings/", {"enterprise_lookup": "星"})
    assert r.status_code == 200
    html = r.content.decode()
    assert len(_options(html)) == 1 + 32  # the empty choice and every match (fewer than LookupSelect.matches)


def test_funding_form_uses_the_same_control(client, admin_user, many):
    client.force_login(admin_user)
    html = client.get("/funding/bases/new/").content.decode()
    assert 'name="host_lookup"' in html
