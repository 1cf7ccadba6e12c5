"""One way to show things: figures in the active language's format, filter forms in people's words,
empty lists that say what to do next."""
import datetime as dt
import re
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from core import formatting

# --- figures -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize(("value", "expected"), [
    (Decimal("1500000"), "¥1,500,000.00"), (2150000, "¥2,150,000.00"), ("150000.00", "¥150,000.00"),
    (6690000.0, "¥6,690,000.00"), (Decimal("-20.5"), "-¥20.50"), (None, "—"), ("", "—"),
])
def test_money_is_one_format_in_both_languages(language, value, expected):
    with translation.override(language):
        assert formatting.money(value) == expected
        assert Template("{% load iei %}{{ v|money }}").render(Context({"v": value})) == expected


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_numbers_are_grouped_and_keep_only_the_decimals_they_have(language):
    with translation.override(language):
        assert formatting.number(6690000.0) == "6,690,000"
        assert formatting.number(Decimal("1.50")) == "1.5"
        assert formatting.number(Decimal("3.14159")) == "3.14"
        assert formatting.number(12345, 2) == "12,345.00"
        assert formatting.number(None) == "—"
        assert Template("{% load iei %}{{ v|number:1 }}").render(Context({"v": 2.25})) in ("2.2", "2.3")


def test_percentages():
    assert formatting.percent(Decimal("85.25")) in ("85.2%", "85.3%")
    assert formatting.percent(100) == "100%"
    assert formatting.percent(Decimal("33.30")) == "33.3%"
    assert formatting.percent(None) == "—"


def test_dates_follow_the_language():
    day = dt.date(2026, 12, 6)
    with translation.override("zh-hans"):
        assert formatting.day(day) == "2026年12月6日"
        assert formatting.day(dt.date(2026, 1, 6), short=True) == "1月6日"
    with translation.override("en"):
        assert formatting.day(day) == "Dec. 6, 2026"
        assert formatting.day(None) == "—"
        assert "2026" in formatting.moment(dt.datetime(2026, 12, 6, 9, 30, tzinfo=dt.UTC))


def test_durations():
    with translation.override("en"):
        assert formatting.duration(Decimal("1.5"), "days") == "1.5 days"
        assert formatting.duration(1, "days") == "1 day"
        assert formatting.duration(Decimal("8"), "hours") == "8 hours"
        assert formatting.duration(dt.timedelta(hours=2, minutes=30)) == "2 hours 30 min"
        assert formatting.duration(None) == "—"


def test_a_card_value_is_grouped_but_text_stays_text():
    t = Template("{% load iei %}{{ a|figure }}|{{ b|figure }}|{{ c|figure }}")
    assert t.render(Context({"a": 1234567, "b": "12/60", "c": "¥1,500.00"})) == "1,234,567|12/60|¥1,500.00"


# --- filter forms ------------------------------------------------------------------------------------------

def _filtersets():
    from core.registry import app_modules

    seen = set()
    for urls in app_modules("api.urls"):
        for _prefix, viewset, _basename in urls.router.registry:
            fs = getattr(viewset, "filterset_class", None)
            if fs is not None and fs not in seen:
                seen.add(fs)
                yield fs


@pytest.mark.django_db
def test_every_filter_form_offers_all_instead_of_dashes_or_unknown(admin_user):
    request = RequestFactory().get("/")
    request.user = admin_user
    checked = 0
    with translation.override("en"):
        for fs_class in _filtersets():
            form = fs_class(None, queryset=fs_class._meta.model._default_manager.none(), request=request).form
            html = str(form)
            assert "---------" not in html, fs_class.__name__
            assert ">Unknown<" not in html, fs_class.__name__
            checked += 1
    assert checked > 20


@pytest.mark.django_db
def test_choice_and_yes_no_filters_start_at_all():
    from accounts.filtersets import OrganizationFilterSet
    from accounts.models import Organization

    with translation.override("en"):
        html = str(OrganizationFilterSet(None, queryset=Organization.objects.none()).form)
    kind = re.search(r'<select name="kind".*?</select>', html, re.S).group(0)
    assert re.findall(r"<option[^>]*>([^<]*)</option>", kind)[0] == "All"
    active = re.search(r'<select name="is_active".*?</select>', html, re.S).group(0)
    assert re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', active) == [
        ("", "All"), ("true", "Yes"), ("false", "No")]
    assert re.search(r'<option value="" selected>All</option>', active)


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "expected"), [("", None), ("unknown", None), ("true", True), ("false", False)])
def test_all_filters_nothing_and_yes_no_still_filter(value, expected):
    from accounts.filtersets import OrganizationFilterSet
    from accounts.models import Organization

    fs = OrganizationFilterSet({"is_active": value}, queryset=Organization.objects.none())
    assert fs.is_valid() and fs.form.cleaned_data["is_active"] is expected
    chosen = re.search(r'<option value="([^"]*)" selected>', str(fs.form["is_active"]))
    assert chosen.group(1) == {None: "", True: "true", False: "false"}[expected]


# --- empty lists -------------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_an_empty_list_says_what_to_do_next(client, admin_user):
    client.force_login(admin_user)
    with translation.override("en"):
        html = client.get("/partnerships/agreements/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    empty = re.search(r'<div class="empty" role="status">(.*?)</div>', html, re.S).group(1)
    assert 'href="/partnerships/agreements/new/"' in empty  # the admin may create one
    filtered = client.get("/partnerships/agreements/", {"status": "active"}).content.decode()
    empty = re.search(r'<div class="empty" role="status">(.*?)</div>', filtered, re.S).group(1)
    assert 'href="/partnerships/agreements/"' in empty and "/new/" not in empty  # the way out is fewer filters


@pytest.mark.django_db
def test_an_empty_list_offers_no_link_the_user_may_not_follow(client, teacher):
    """A teacher reads postings but does not publish them: the empty list explains, it offers no "New posting"."""
    client.force_login(teacher)
    response = client.get("/internships/postings/")
    assert response.status_code == 200
    empty = re.search(r'<div class="empty" role="status">(.*?)</div>', response.content.decode(), re.S).group(1)
    assert "/internships/postings/new/" not in empty and 'class="hint"' in empty
