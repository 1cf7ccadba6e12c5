"""The shell every journey runs in: login, navigation per role, language, accessibility."""
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import serious_violations

# Each role's dashboard, main lists, a detail page and a form (overflow, axe, repeated cards, both widths
# and languages): tests/e2e/test_overflow.py.


@pytest.mark.e2e
def test_login_page_and_language_switch(open_session, demo):
    s = open_session()
    page = s.goto("/accounts/login/")
    assert page.locator("h1").inner_text() == "登录"
    assert serious_violations(page) == []
    # The select submits itself; wait for the page that answers, not for the one already loaded.
    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    expect(page.locator("h1")).to_have_text("Log in")


@pytest.mark.e2e
def test_phone_layout_has_a_menu_button(open_session, demo):
    s = open_session("student")
    s.page.set_viewport_size({"width": 390, "height": 844})
    page = s.goto("/")
    toggle = page.locator("[data-nav-toggle]")
    assert toggle.is_visible()
    toggle.click()
    assert page.locator("#mainnav").is_visible()
    s.screenshot("phone-menu-student")
