"""Every role's dashboard and two main lists, at a laptop's and a phone's width, in both languages:
nothing runs off the side of the page (only a wide table scrolls, inside its own box) and no two
cards of a dashboard carry the same title. Screenshots: tests/e2e/screenshots/overflow-*.png."""
import pytest

WIDTHS = {"laptop": (1366, 900), "phone": (390, 844)}

# The dashboard and the two lists each role works from most.
PAGES = {
    "admin": ["/", "/partnerships/agreements/", "/internships/placements/"],
    "teacher": ["/", "/internships/logs/", "/internships/placements/"],
    "enterprise": ["/", "/internships/applications/", "/internships/postings/"],
    "student": ["/", "/internships/postings/", "/internships/applications/"],
    "association": ["/", "/funding/standards/", "/funding/evaluations/"],
}

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


def _name(path: str) -> str:
    return path.strip("/").replace("/", "-") or "dashboard"


@pytest.mark.e2e
@pytest.mark.parametrize("language", ["zh-hans", "en"])
@pytest.mark.parametrize("username", list(PAGES))
def test_pages_fit_both_widths_and_dashboards_repeat_no_card(open_session, demo, username, language):
    s = open_session(username, language)
    problems = []
    for width_name, (width, height) in WIDTHS.items():
        s.page.set_viewport_size({"width": width, "height": height})
        for path in PAGES[username]:
            page = s.goto(path)
            assert page.locator("h1").first.is_visible()
            s.screenshot(f"overflow-{username}-{language}-{width_name}-{_name(path)}")
            scroll, client = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            if scroll > client:
                problems.append(f"{path} at {width}px: {scroll} > {client}: {page.evaluate(SPILLS)}")
            if path == "/":
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
