"""The top bar's search (core/site_search.py, ``search/``): the records a user may see, grouped by kind,
at most PER_KIND per kind, in a constant number of queries."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from core.site_search import PER_KIND
from tests.accounts.factories import make_member
from tests.curriculum.factories import CourseFactory
from tests.internships.factories import PostingFactory
from tests.partnerships.factories import AgreementFactory

pytestmark = pytest.mark.django_db


def _groups(response):
    assert response.status_code == 200
    return {g.source.key: [h["name"] for h in g.hits] for g in response.context["groups"]}


def test_the_search_finds_each_kind_with_links(web, admin_user, enterprise_org, department):
    make_member(Role.STUDENT, department, username="s_lan", display_name="蓝同学")
    make_member(Role.TEACHER, department, username="t_lan", display_name="蓝老师")
    posting = PostingFactory(enterprise=enterprise_org, title="蓝幕拍摄助理")
    AgreementFactory(title="蓝海合作协议", parties=[enterprise_org])
    CourseFactory(name="蓝幕合成")
    r = web.login_as(admin_user).get(reverse("search"), {"q": "蓝"})
    groups = _groups(r)
    assert groups["students"] == ["蓝同学"] and groups["teachers"] == ["蓝老师"]
    assert groups["postings"] == ["蓝幕拍摄助理"]
    assert len(groups["agreements"]) == 1 and len(groups["courses"]) == 1
    assert reverse("internships:posting_detail", args=[posting.pk]) in r.content.decode()
    assert "enterprises" not in groups  # nothing of that kind matches


def test_the_search_is_scoped_like_every_list(web, enterprise_user, other_enterprise_org, enterprise_org, teacher,
                                              department):
    AgreementFactory(title="星河协议甲", parties=[enterprise_org])
    AgreementFactory(title="星河协议乙", parties=[other_enterprise_org])
    make_member(Role.STUDENT, department, username="s_xh", display_name="星河同学")
    groups = _groups(web.login_as(enterprise_user).get(reverse("search"), {"q": "星河"}))
    assert [n.split(" ", 1)[1] for n in groups["agreements"]] == ["星河协议甲"]  # not the other enterprise's
    assert "students" not in groups  # people are the college admin's pages
    groups = _groups(web.login_as(teacher).get(reverse("search"), {"q": "星河"}))
    assert "students" not in groups


def test_an_empty_term_searches_nothing_and_the_anonymous_go_to_login(web, client, teacher):
    assert client.get(reverse("search"), {"q": "x"}).status_code == 302
    r = web.login_as(teacher).get(reverse("search"), {"q": "   "})
    assert r.status_code == 200 and r.context["groups"] == []


def test_at_most_per_kind_rows_per_kind_and_constant_queries(web, admin_user, enterprise_org):
    client = web.login_as(admin_user)
    client.get(reverse("search"), {"q": "warm"})

    def count():
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(reverse("search"), {"q": "剪辑"})
        assert r.status_code == 200
        return len(ctx.captured_queries), r

    PostingFactory.create_batch(2, enterprise=enterprise_org, title="剪辑助理")
    CourseFactory.create_batch(2, name="剪辑基础")
    small, _r = count()
    PostingFactory.create_batch(PER_KIND + 3, enterprise=enterprise_org, title="剪辑助理")
    CourseFactory.create_batch(PER_KIND + 3, name="剪辑基础")
    large, r = count()
    assert small == large
    groups = {g.source.key: g for g in r.context["groups"]}
    assert len(groups["postings"].hits) == PER_KIND and groups["postings"].more
    assert len(groups["courses"].hits) == PER_KIND and groups["courses"].more


def test_the_top_bar_carries_the_search_box(web, student):
    r = web.login_as(student).get(reverse("dashboard"))
    assert r.status_code == 200
    assert f'action="{reverse("search")}"' in r.content.decode()
