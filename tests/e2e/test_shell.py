"""The shell every journey runs in: login, navigation per role, language, accessibility."""
import pytest
from playwright.sync_api import expect

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


# The list each role works from most: the page behind its first menu entry of daily work.
MAIN_LISTS = [
    ("admin", "/partnerships/agreements/"),
    ("admin", "/partnerships/enterprises/"),
    ("teacher", "/internships/logs/"),
    ("enterprise", "/internships/applications/"),
    ("student", "/internships/postings/"),
    ("association", "/funding/standards/"),
]


@pytest.mark.e2e
@pytest.mark.parametrize(("username", "path"), MAIN_LISTS)
def test_main_list_page_of_each_role_has_no_serious_accessibility_violation(open_session, demo, username, path):
    s = open_session(username)
    page = s.goto(path)
    assert page.locator("h1").first.is_visible()
    # A list page lists something in the demo college, so the table itself is checked, not only an empty state.
    assert page.locator("table.data tbody tr").count() > 0
    violations = serious_violations(page)
    s.screenshot(f"list-{username}-{path.strip('/').replace('/', '-')}")
    assert violations == []


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


@pytest.mark.e2e
@pytest.mark.parametrize(("username", "path"), MAIN_LISTS)
def test_main_list_page_fits_a_phone_screen(open_session, demo, username, path):
    """On a phone only wide tables scroll, inside their own box; the page itself never scrolls sideways."""
    s = open_session(username)
    s.page.set_viewport_size({"width": 390, "height": 844})
    page = s.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    if overflow > 0:
        s.screenshot(f"phone-overflow-{username}-{path.strip('/').replace('/', '-')}")
    assert overflow <= 0
