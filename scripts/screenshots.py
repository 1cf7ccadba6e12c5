#!/usr/bin/env python3
"""Screenshots of the demo college for docs/USER_GUIDE.md, written to docs/images/<name>.png.

Run it against a running demo (`python3 scripts/platform.py demo`, in another terminal), from the
project's virtualenv, with the same settings and database as that demo:

    . .venv/bin/activate
    python scripts/screenshots.py [--base-url http://127.0.0.1:8000] [--password demo-pass-2026] [--only NAME ...]

It logs in as the demo users in Playwright with Debian's chromium (the browser the e2e tests use), takes
each page at a laptop's (1366 px) or a phone's (390 px) width, and renders the first pages of the annual
report PDF, built from the same database, with pypdfium2. Each image is reduced to a 256-colour palette
so the set stays small in git (a few dozen KB each, at most ~200 KB).
"""
from __future__ import annotations

import sys
from pathlib import Path

# This folder holds scripts/platform.py, which would hide the standard library's platform module from
# Django (uuid imports it): the project's root takes the folder's place on the path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import argparse  # noqa: E402
import io  # noqa: E402
import os  # noqa: E402
from collections.abc import Callable  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from datetime import date  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "images"
CHROMIUM = os.environ.get("IEI_CHROMIUM", "/usr/bin/chromium")
WIDTHS = {"laptop": (1366, 900), "phone": (390, 844)}
MAX_BYTES = 200 * 1024
WORKPLACE = {"latitude": 39.9152, "longitude": 116.4571, "accuracy": 20}  # attendance/demo.py WORK_LAT/WORK_LON


@dataclass
class Shot:
    name: str
    user: str
    path: str
    language: str = "zh-hans"
    width: str = "laptop"
    act: Callable | None = None  # what the user does on the page before the picture


def _pick_first_resource(page) -> None:
    """Bookings calendar: the first room or item with bookings this week (else the first one), its week."""
    select = page.locator("main form.cal-filters select").first
    values = [v for v in select.locator("option").evaluate_all("os => os.map(o => o.value)") if v]
    for value in values[:12] or []:
        select = page.locator("main form.cal-filters select").first
        select.select_option(value)
        with page.expect_navigation():
            page.locator("main form.cal-filters button[type=submit]").click()
        if page.locator(".cal-seg").count():
            return
    if values:
        page.locator("main form.cal-filters select").first.select_option(values[0])
        with page.expect_navigation():
            page.locator("main form.cal-filters button[type=submit]").click()


def _month_of_first_resource(page) -> None:
    _pick_first_resource(page)
    link = page.locator(".cal-views a").last
    if link.count():
        with page.expect_navigation():
            link.click()


def _tick_two_rows(page) -> None:
    """A bulk step: two rows chosen, the bar above the list shows what can be done with them."""
    boxes = page.locator("main table.data tbody input[type=checkbox]")
    for i in range(min(2, boxes.count())):
        boxes.nth(i).check()
    page.locator(".bulk-bar").first.scroll_into_view_if_needed()
    page.evaluate("window.scrollTo(0, 0)")


def _open_first_row(page) -> None:
    link = page.locator("main table.data tbody tr td a[href]").first
    if link.count():
        with page.expect_navigation():
            link.click()


def _search(term: str) -> Callable:
    def act(page) -> None:
        box = page.locator("#topbar-q")
        box.fill(term)
        with page.expect_navigation():
            box.press("Enter")
    return act


SHOTS = [
    # dashboards per role
    Shot("dashboard-admin", "admin", "/"),
    Shot("dashboard-admin-en", "admin", "/", language="en"),
    Shot("dashboard-deptadmin", "deptadmin", "/"),
    Shot("dashboard-teacher", "teacher", "/"),
    Shot("dashboard-enterprise", "enterprise", "/"),
    Shot("dashboard-student-phone", "student", "/", width="phone"),
    # bookings calendar
    Shot("bookings-calendar-week", "teacher", "/funding/bookings/calendar/", act=_pick_first_resource),
    Shot("bookings-calendar-month-en", "teacher", "/funding/bookings/calendar/", language="en",
         act=_month_of_first_resource),
    # inline preview of an upload, through the same access-checking view as the download
    Shot("preview-links", "admin", "/curriculum/achievements/"),
    # bulk actions
    Shot("bulk-review-logs", "teacher", "/internships/logs/", act=_tick_two_rows),
    Shot("bulk-applications", "enterprise", "/internships/applications/", act=_tick_two_rows),
    # top-bar search
    Shot("search", "admin", "/", act=_search("动画")),
    # attendance on a phone: check-in and leave
    Shot("checkin-phone", "student", "/attendance/", width="phone"),
    Shot("leave-phone", "student", "/attendance/leave/new/", width="phone"),
    Shot("leave-list", "teacher", "/attendance/leave/"),
    # annual report: where it is asked for (its pages are rendered from the PDF below)
    Shot("reports", "admin", "/reports/"),
    # people, invitations, catalogues
    Shot("people", "admin", "/accounts/users/"),
    Shot("invitations", "admin", "/accounts/invitations/"),
    Shot("catalogue-competencies", "admin", "/curriculum/competencies/"),
    Shot("agreement-detail", "admin", "/partnerships/agreements/", act=_open_first_row),
]


def save_png(raw: bytes, name: str) -> Path:
    """A 256-colour palette PNG: UI screenshots have few colours, so the picture looks the same at a
    fraction of the size."""
    from PIL import Image

    image = Image.open(io.BytesIO(raw)).convert("RGB")
    small = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    small.save(path, optimize=True)
    if path.stat().st_size > MAX_BYTES:
        image.quantize(colors=64, dither=Image.Dither.NONE).save(path, optimize=True)
    return path


def take_pages(base_url: str, password: str, only: set[str]) -> list[Path]:
    from playwright.sync_api import sync_playwright

    written = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        sessions: dict[tuple[str, str, str], object] = {}
        for shot in SHOTS:
            if only and shot.name not in only:
                continue
            key = (shot.user, shot.language, shot.width)
            if key not in sessions:
                width, height = WIDTHS[shot.width]
                # the phone stands at the demo student's workplace, so check-in shows its position
                context = browser.new_context(viewport={"width": width, "height": height},
                                              locale="zh-CN" if shot.language == "zh-hans" else "en-US",
                                              geolocation=WORKPLACE, permissions=["geolocation"])
                context.add_cookies([{"name": "django_language", "value": shot.language, "url": base_url}])
                page = context.new_page()
                page.goto(base_url + "/accounts/login/")
                page.locator("input[name=username]").fill(shot.user)
                page.locator("input[name=password]").fill(password)
                page.locator("form.stacked button[type=submit]").click()
                page.wait_for_url(lambda url: "/accounts/login/" not in url)
                sessions[key] = page
            page = sessions[key]
            page.goto(base_url + shot.path)
            if shot.act:
                shot.act(page)
            written.append(save_png(page.screenshot(full_page=False), shot.name))
            print("wrote", written[-1].relative_to(ROOT))
        browser.close()
    return written


def annual_report_pages(pages: tuple[int, ...] = (0, 2)) -> list[Path]:
    """The annual report as the college publishes it: built from the demo's database, pages rendered."""
    import tempfile

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    django.setup()
    import pypdfium2 as pdfium
    from django.utils import translation

    from reports import annual

    written = []
    with tempfile.TemporaryDirectory() as tmp, translation.override("zh-hans"):
        report = annual.compute_report(date.today().year)
        pdf_path = Path(tmp) / "annual.pdf"
        annual.build_pdf(report, str(pdf_path))
        pdf = pdfium.PdfDocument(str(pdf_path))
        for n in pages:
            if n >= len(pdf):
                continue
            buf = io.BytesIO()
            pdf[n].render(scale=1.3).to_pil().save(buf, format="PNG")
            written.append(save_png(buf.getvalue(), f"annual-report-page{n + 1}"))
            print("wrote", written[-1].relative_to(ROOT))
        pdf.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--password", default="demo-pass-2026")
    parser.add_argument("--only", nargs="*", default=[], help="names of the pictures to take again")
    parser.add_argument("--no-report", action="store_true", help="skip the annual report's pages")
    opts = parser.parse_args()
    only = set(opts.only)
    take_pages(opts.base_url.rstrip("/"), opts.password, only)
    if not opts.no_report and (not only or any(n.startswith("annual-report") for n in only)):
        annual_report_pages()


if __name__ == "__main__":
    main()
