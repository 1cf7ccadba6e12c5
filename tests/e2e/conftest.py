"""Browser journeys: Playwright for Python driving Debian's chromium against a live test server.

Chromium comes from the system (/usr/bin/chromium, installed by `scripts/platform.py test` and
.ci/run when missing); Playwright's own browser download is never used. Screenshots of each
journey's end state go to tests/e2e/screenshots/.

The demo college is seeded once for the whole package and served by one live server: seeding takes
10-20 s, so a flush and re-seed per test (pytest-django's ``live_server``) would make the suite too
slow to run on every change. Journeys stay independent by creating the rows they act on themselves,
with unique names, and never rely on what another journey did. The package teardown flushes the
database, so the rest of the suite starts empty as usual.
"""
import os
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

CHROMIUM = os.environ.get("IEI_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
DEMO_PASSWORD = "E2e-Demo-Pass-2026"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/platform.py test does it)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        )
        yield b
        b.close()


@pytest.fixture(scope="package")
def e2e_server(django_db_setup, django_db_blocker):
    """The demo college (seed_demo) and a live server on it, for every test of the package."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        # pytest-django creates the test database only for tests marked django_db; the journeys are
        # not (they commit for the live server), so when they run alone the database is made here.
        own_db = None
        if connection.settings_dict["NAME"] != connection.creation._get_test_db_name():
            own_db = setup_databases(verbosity=0, interactive=False, aliases={"default"})
        call_command("seed_demo", password=DEMO_PASSWORD, verbosity=0)
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        try:
            yield server
        finally:
            server._live_server_modified_settings.disable()
            server.stop()
            call_command("flush", interactive=False, verbosity=0)
            if own_db is not None:
                teardown_databases(own_db, verbosity=0)


@pytest.fixture(autouse=True)
def _e2e_db_access(django_db_blocker):
    # The server thread and the tests' own set-up write committed rows; nothing is rolled back per test.
    with django_db_blocker.unblock():
        yield


@pytest.fixture
def demo(e2e_server):
    """The password of the demo users (admin, teacher, enterprise, student, ...)."""
    return DEMO_PASSWORD


@pytest.fixture
def uniq() -> str:
    """A short suffix that keeps the names a journey creates apart from every other journey's."""
    return uuid.uuid4().hex[:6]


class Session:
    """A browser tab logged in as one demo user, in one language."""

    def __init__(self, browser, base_url: str, language: str):
        self.base_url = base_url
        self.language = language
        self.context = browser.new_context(locale="zh-CN" if language == "zh-hans" else "en-US",
                                           viewport={"width": 1280, "height": 900})
        self.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
        self.context.set_default_timeout(15000)
        self.page = self.context.new_page()
        # Destructive actions ask with window.confirm (static/js/app.js); a user says yes, and the
        # question is kept so a journey can assert that it was asked at all.
        self.confirmations: list[str] = []
        self.page.on("dialog", self._accept_dialog)

    def _accept_dialog(self, dialog):
        self.confirmations.append(dialog.message)
        dialog.accept()

    def goto(self, path: str):
        self.page.goto(self.base_url + path)
        return self.page

    def login(self, username: str, password: str = DEMO_PASSWORD):
        page = self.goto("/accounts/login/")
        page.locator("input[name=username]").fill(username)
        page.locator("input[name=password]").fill(password)
        page.locator("form.stacked button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    def t(self, msgid: str, **params) -> str:
        """``msgid`` as this session's user reads it: journeys assert the text on the page, in its language."""
        from django.utils import translation

        with translation.override(self.language):
            text = translation.gettext(msgid)
        return text % params if params else text

    def messages(self) -> list[str]:
        """The flash messages on the current page (the role=status region of base.html)."""
        return [t.strip() for t in self.page.locator(".messages .msg").all_inner_texts()]

    def expect_message(self, text: str, kind: str = "success"):
        """Wait for a flash message of ``kind`` that contains ``text``; the user sees every action's result."""
        from playwright.sync_api import expect

        expect(self.page.locator(f".messages .msg-{kind}", has_text=text)).to_be_visible()

    def submit(self, form_selector: str = "main form[method=post]"):
        """Press the submit button of the first matching form and wait for the next page."""
        with self.page.expect_navigation():
            self.page.locator(form_selector).first.locator("button[type=submit]").first.click()
        return self.page

    def press(self, button_text: str):
        """Press a visible button by its text and wait for the page it leads to."""
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=button_text, exact=True).first.click()
        return self.page

    def logout(self):
        self.page.locator("form[action$='/accounts/logout/'] button").click()

    def screenshot(self, name: str):
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def close(self):
        self.context.close()


@pytest.fixture
def open_session(browser, e2e_server):
    sessions = []

    def make(username: str | None = None, language: str = "zh-hans") -> Session:
        s = Session(browser, e2e_server.url, language)
        sessions.append(s)
        if username:
            s.login(username)
        return s

    yield make
    for s in sessions:
        s.close()


def serious_violations(page) -> list[dict]:
    """axe-core (from PyPI's axe-playwright-python) run in the same browser; serious/critical only."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ]


# What sticks out past the right edge of the viewport, to say where an overflow comes from.
SPILLS = """() => {
  const w = document.documentElement.clientWidth;
  return [...document.querySelectorAll('body *')].filter(el => {
    const r = el.getBoundingClientRect();
    if (r.right <= w + 1 || r.width === 0) return false;
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (['auto', 'scroll', 'hidden', 'clip'].includes(s.overflowX)) return false;
    }
    return true;
  }).slice(0, 5).map(el => el.tagName.toLowerCase()
                      + (el.className ? '.' + String(el.className).replace(/ /g, '.') : '')
                      + ' ' + Math.round(el.getBoundingClientRect().right) + 'px');
}"""


def sideways_overflow(page) -> list[str]:
    """What runs off the right edge of the viewport (a table scrolling in its own box does not count), each
    as ``tag.class right-px``; empty when the page fits its width."""
    scroll, client = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    if scroll <= client:
        return []
    return page.evaluate(SPILLS) or [f"the page is {scroll}px wide in {client}px"]
