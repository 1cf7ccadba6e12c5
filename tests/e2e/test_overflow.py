"""Every role's main pages (its dashboard, the lists it works from most, a detail page and a form), at a
laptop's and a phone's width, in both languages: nothing runs off the side of the page (only a wide
table scrolls, inside its own box), no two cards of a dashboard carry the same title, no figure is cut,
and axe-core finds no serious or critical violation. Screenshots of each page at each width in each
language: tests/e2e/screenshots/page-<role>-<language>-<width>-<page>.png (docs/USER_GUIDE.md's images
come from scripts/screenshots.py, which shows the same pages on the demo data).

One browser session per role and language walks all its pages at both widths, so the whole check costs
one login per role and language. axe runs on every page at both widths in Chinese and at the laptop's
width in English: the layout at a phone's width does not change with the language, its text does."""
import pytest

from .conftest import serious_violations, sideways_overflow

WIDTHS = {"laptop": (1366, 900), "phone": (390, 844)}

# role -> [(kind, name, path)]: its dashboard, the lists it works from most, a detail page (the first
# row's page of a list) and a form.
PAGES = {
    "admin": [("dashboard", "dashboard", "/"), ("list", "agreements", "/partnerships/agreements/"),
              ("list", "enterprises", "/partnerships/enterprises/"), ("list", "placements", "/internships/placements/"),
              ("list", "people", "/accounts/users/"), ("detail", "agreement", "/partnerships/agreements/"),
              ("form", "agreement-form", "/partnerships/agreements/new/")],
    "deptadmin": [("dashboard", "dashboard", "/"), ("list", "placements", "/internships/placements/"),
                  ("list", "people", "/accounts/users/"), ("detail", "placement", "/internships/placements/"),
                  ("form", "program-form", "/curriculum/programs/new/")],
    "teacher": [("dashboard", "dashboard", "/"), ("list", "logs", "/internships/logs/"),
                ("list", "placements", "/internships/placements/"), ("detail", "log", "/internships/logs/"),
                ("form", "visit-form", "/attendance/visits/new/")],
    "enterprise": [("dashboard", "dashboard", "/"), ("list", "applications", "/internships/applications/"),
                   ("list", "postings", "/internships/postings/"),
                   ("detail", "application", "/internships/applications/"),
                   ("form", "posting-form", "/internships/postings/new/")],
    "student": [("dashboard", "dashboard", "/"), ("list", "postings", "/internships/postings/"),
                ("list", "applications", "/internships/applications/"), ("detail", "posting", "/internships/postings/"),
                ("form", "leave-form", "/attendance/leave/new/")],
    "association": [("dashboard", "dashboard", "/"), ("list", "standards", "/funding/standards/"),
                    ("list", "evaluations", "/funding/evaluations/"), ("detail", "evaluation", "/funding/evaluations/"),
                    ("form", "evaluation-form", "/funding/evaluations/new/")],
}


def _first_row_link(page) -> str:
    link = page.locator("main table.data tbody tr td a[href]").first
    return link.get_attribute("href") if link.count() else ""


@pytest.mark.e2e
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("username", list(PAGES))
def test_pages_fit_both_widths_are_accessible_and_dashboards_repeat_no_card(open_session, demo, username, language):
    s = open_session(username, language)
    # A list of the demo college lists something, so its table is checked and not only an empty state;
    # its first row's page is the role's detail page.
    details = {}
    for kind, _name, path in PAGES[username]:
        if kind == "detail":
            details[path] = _first_row_link(s.goto(path))
            assert details[path], f"{path} lists nothing to open"
    problems = []
    for width_name, (width, height) in WIDTHS.items():
        s.page.set_viewport_size({"width": width, "height": height})
        for kind, name, path in PAGES[username]:
            page = s.goto(details[path] if kind == "detail" else path)
            assert page.locator("h1").first.is_visible(), f"{path}: no heading"
            if kind == "list":
                assert page.locator("main table.data tbody tr").count() > 0, f"{path} lists nothing"
            s.screenshot(f"page-{username}-{language}-{width_name}-{name}")
            spills = sideways_overflow(page)
            if spills:
                problems.append(f"{name} at {width}px runs off the page: {spills}")
            if language == "zh-hans" or width_name == "laptop":
                violations = serious_violations(page)
                if violations:
                    problems.append(f"{name} at {width}px: axe {violations}")
            if kind == "dashboard":
                titles = [t.strip() for t in page.locator("article.card h2").all_inner_texts()]
                assert titles, f"{username} sees no card"
                twice = sorted({t for t in titles if titles.count(t) > 1})
                if twice:
                    problems.append(f"dashboard at {width}px repeats {twice}")
                # A figure is never cut: each card's value fits inside its card.
                cut = page.evaluate("""() => [...document.querySelectorAll('article.card .value')]
                    .filter(v => v.scrollWidth > v.clientWidth + 1).map(v => v.textContent)""")
                if cut:
                    problems.append(f"dashboard at {width}px cuts {cut}")
    assert problems == []
