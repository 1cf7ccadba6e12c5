"""The shell every journey runs in: login, navigation per role, language, accessibility."""
import pytest

from tests.e2e.conftest import serious_violations

ROLES = ["admin", "teacher", "enterprise", "student", "association"]


@pytest.mark.e2e
@pytest.mark.parametrize("username", ROLES)
def test_main_page_of_each_role_has_no_serious_accessibility_violation(open_session, demo, username):
    s = open_session(username)
    page = s.goto("/")
    assert page.locator("h1").first.is_visible()
    violations = serious_violations(page)
    s.screenshot(f"dashboard-{username}")
    assert violations == []


@pytest.mark.e2e
def test_login_page_and_language_switch(open_session, demo):
    s = open_session()
    page = s.goto("/accounts/login/")
    assert page.locator("h1").inner_text() == "登录"
    assert serious_violations(page) == []
    page.select_option("#lang-select", "en")
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Log in"


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
