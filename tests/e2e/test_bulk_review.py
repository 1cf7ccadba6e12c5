"""Bulk review of weekly logs in the browser (core/steps.py bulk steps, core/templates/core/bulk_bar.html).

A school mentor of the demo college with two submitted logs of a student of their own (made here) opens
the log list, ticks the select-all box (static/js/bulk.js checks the page's rows), picks a grade and
presses Review: the summary page lists both logs as done, both are reviewed in the database with the
grade, and the way back leads to the list. The bar is checked at 1366 px and 390 px for overflow.
"""
import datetime

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from accounts.choices import Role
from accounts.models import Organization
from internships.models import Placement, WeeklyLog
from tests.accounts.factories import make_member

from .conftest import SCREENSHOTS

PASSWORD = "pw-Secret-123"  # tests.accounts.factories.UserFactory


def _t(msgid: str) -> str:
    with translation.override("zh-hans"):
        return translation.gettext(msgid)


@pytest.mark.e2e
@pytest.mark.parametrize("width", [1366, 390])
def test_a_mentor_selects_two_logs_and_reviews_them_at_once(browser, e2e_server, uniq, width):
    department = Organization.objects.filter(kind="department").order_by("pk").first()
    enterprise = Organization.objects.get(memberships__user__username="enterprise", memberships__role=Role.ENTERPRISE)
    teacher = make_member(Role.TEACHER, department, username=f"bulkt{uniq}", display_name=f"导师{uniq}")
    student = make_member(Role.STUDENT, department, username=f"bulks{uniq}", display_name=f"批量{uniq}")
    today = timezone.localdate()
    placement = Placement.objects.create(student=student, enterprise=enterprise, post="分镜助理", status="active",
                                         school_mentor=teacher, start_date=today - datetime.timedelta(days=20),
                                         end_date=today + datetime.timedelta(days=100))
    logs = [WeeklyLog.objects.create(placement=placement, week_no=w, content=f"第{w}周", status="submitted")
            for w in (1, 2)]
    base = e2e_server.url
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="zh-CN")
    context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": base}])
    context.set_default_timeout(15000)
    try:
        page = context.new_page()
        page.goto(base + "/accounts/login/")
        page.locator("input[name=username]").fill(teacher.username)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form.stacked button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        page.goto(base + "/internships/logs/")
        rows = page.locator('input[type=checkbox][name="ids"]')
        expect(rows).to_have_count(2)
        page.locator("input[data-bulk-all]").check()  # select-all ticks the page's rows
        for i in range(2):
            expect(rows.nth(i)).to_be_checked()
        page.locator(".bulk-bar select[name=grade]").select_option("good")
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), "no sideways scroll"
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"bulk-review-bar-{width}.png"), full_page=True)
        with page.expect_navigation():
            page.locator('.bulk-bar button[name="step"][value="review"]').click()
        expect(page.locator("h1")).to_contain_text(_t("Review"))
        done = page.locator("ul.bulk-done li")
        expect(done).to_have_count(2)
        expect(page.locator("table.bulk-refused")).to_have_count(0)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
        page.screenshot(path=str(SCREENSHOTS / f"bulk-review-summary-{width}.png"), full_page=True)
        for log in logs:
            log.refresh_from_db()
            assert (log.status, log.grade, log.reviewed_by_id) == ("reviewed", "good", teacher.pk)
        with page.expect_navigation():
            page.locator("main a.btn", has_text=_t("Back to the list")).click()
        assert page.url.endswith("/internships/logs/")
        # nothing left to review: the rows can still be chosen for an export, not for the review step
        expect(page.locator('input[type=checkbox][name="ids"]')).to_have_count(2)
        expect(page.locator('.bulk-bar button[name="step"][value="review"]')).to_have_count(0)
    finally:
        context.close()
