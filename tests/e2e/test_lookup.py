"""The enterprise filter at province scale: type part of a name, pick among the matches, filter."""
import pytest
from playwright.sync_api import expect

from accounts.models import Organization
from core.widgets import LookupSelect


@pytest.mark.e2e
def test_admin_finds_an_enterprise_by_typing_and_filters_postings(open_session, demo, monkeypatch):
    # The demo has a handful of enterprises; a low limit gives them the province's control.
    monkeypatch.setattr(LookupSelect, "limit", 1)
    target = Organization.objects.enterprises().filter(postings__isnull=False).distinct().order_by("pk").first()
    s = open_session("admin")
    page = s.goto("/internships/postings/")
    box = page.locator("#id_enterprise_lookup")
    expect(box).to_be_visible()
    box.fill(target.name[:2])
    option = page.locator(f'#id_enterprise option[value="{target.pk}"]')
    expect(option).to_have_count(1)  # fetched from the API while typing, no page load
    page.locator("#id_enterprise").select_option(str(target.pk))
    with page.expect_navigation():
        page.locator("form.filters button[type=submit]").first.click()
    assert f"enterprise={target.pk}" in page.url
    expect(page.locator(f'#id_enterprise option[value="{target.pk}"]')).to_have_attribute("selected", "")
    s.screenshot("lookup-enterprise-filter")
