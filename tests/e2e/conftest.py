"""Browser journeys: Playwright for Python driving Debian's chromium against the live test server.

Chromium comes from the system (/usr/bin/chromium, installed by `scripts/platform.py test` and
.ci/run when missing); Playwright's own browser download is never used. Screenshots of each
journey's end state go to tests/e2e/screenshots/.
"""
import os
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


@pytest.fixture
def demo(transactional_db):
    """The demo college (seed_demo) in the live server's database."""
    call_command("seed_demo", password=DEMO_PASSWORD)
    return DEMO_PASSWORD


class Session:
    """A browser tab logged in as one demo user, in one language."""

    def __init__(self, browser, base_url: str, language: str):
        self.base_url = base_url
        self.context = browser.new_context(locale="zh-CN" if language == "zh-hans" else "en-US",
                                           viewport={"width": 1280, "height": 900})
        self.context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
        self.context.set_default_timeout(15000)
        self.page = self.context.new_page()

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

    def logout(self):
        self.page.locator("form[action$='/accounts/logout/'] button").click()

    def screenshot(self, name: str):
        SCREENSHOTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)

    def close(self):
        self.context.close()


@pytest.fixture
def open_session(browser, live_server):
    sessions = []

    def make(username: str | None = None, language: str = "zh-hans") -> Session:
        s = Session(browser, live_server.url, language)
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
