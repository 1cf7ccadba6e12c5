"""The weekly log on a phone that loses its network (static/js/log_draft.js).

A student of the demo college with an active placement of their own (made here) writes a weekly log
in a 390 px Chromium. With the network switched off, what they type is kept on the phone
(localStorage, keyed by user, placement and week) and a banner says so; the page reloaded offline
comes from the placement pages' service worker and puts the draft back, with the week it was written
for; Submit is held. The page is opened anew, offline: the draft is back and the student is told to
submit again (a reopened page sends nothing by itself, also when the network returns).
Offline once more, Submit is held again, and when the network comes back the page sends the log: the
row is in the database with the text typed offline, and the draft is gone from the phone.
"""
import datetime
import time

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from accounts.choices import Role
from accounts.models import Organization
from internships.models import Placement, WeeklyLog
from tests.accounts.factories import make_member

from .conftest import SCREENSHOTS, serious_violations

PHONE = {"width": 390, "height": 844}
PASSWORD = "pw-Secret-123"  # tests.accounts.factories.UserFactory


def _intern(uniq: str):
    department = Organization.objects.filter(kind="department").order_by("pk").first()
    enterprise = Organization.objects.get(memberships__user__username="enterprise", memberships__role=Role.ENTERPRISE)
    student = make_member(Role.STUDENT, department, username=f"logger{uniq}", display_name=f"周志{uniq}")
    today = timezone.localdate()
    placement = Placement.objects.create(student=student, enterprise=enterprise, post="分镜助理", status="active",
                                         start_date=today - datetime.timedelta(days=20),
                                         end_date=today + datetime.timedelta(days=100))
    return student, placement


OFFLINE = ("You are offline. What you type is kept on this device; press Submit and your log will be sent when the "
           "connection returns.")
HELD = ("No network: your log is kept on this device and will be sent as soon as the connection returns. "
        "Keep this page open.")
RESTORED = "A draft kept on this device was restored (saved at {time})."
HELD_REOPENED = ("You pressed Submit without network. Your text was kept on this device (saved at {time}): check it "
                 "and submit again.")


def _t(msgid: str) -> str:
    """The page's sentence in the session's language, up to its first placeholder."""
    with translation.override("zh-hans"):
        return translation.gettext(msgid).split("{")[0]


def _draft(page, key: str):
    return page.evaluate("(k) => window.localStorage.getItem(k)", key)


@pytest.mark.e2e
def test_a_weekly_log_written_offline_is_kept_on_the_phone_and_sent_when_the_network_is_back(browser, e2e_server,
                                                                                             uniq):
    student, placement = _intern(uniq)
    base = e2e_server.url
    key = f"iei:weekly-log-draft:{student.pk}:{placement.pk}:2"
    context = browser.new_context(viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True,
                                  locale="zh-CN")
    context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": base}])
    context.set_default_timeout(15000)
    form_url = f"{base}/internships/placements/{placement.pk}/logs/new/"
    try:
        page = context.new_page()
        page.goto(base + "/accounts/login/")
        page.locator("input[name=username]").fill(student.username)
        page.locator("input[name=password]").fill(PASSWORD)
        page.locator("form.stacked button[type=submit]").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        page.goto(form_url)
        banner = page.locator("[data-draft-banner]")
        expect(banner).to_be_hidden()  # online: nothing to say
        # The placement pages' service worker takes the page; opened once more, the page is kept on the phone.
        page.wait_for_function("() => navigator.serviceWorker && navigator.serviceWorker.controller !== null")
        page.reload()
        page.wait_for_function("() => caches.match(location.href).then((r) => !!r)")

        # The network goes: the banner says the text stays on the phone; every keystroke is kept.
        context.set_offline(True)
        page.wait_for_function("() => !navigator.onLine")
        expect(banner).to_be_visible()
        expect(banner).to_contain_text(_t(OFFLINE))
        page.locator("select[name=week_no]").select_option("2")
        page.locator("textarea[name=content]").press_sequentially("本周完成了分镜脚本初稿")
        assert "本周完成了分镜脚本初稿" in _draft(page, key)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

        # Still offline, the page is opened again (the service worker's copy): the draft is back, with its week.
        page.reload()
        expect(page.locator("textarea[name=content]")).to_have_value("本周完成了分镜脚本初稿")
        expect(page.locator("select[name=week_no]")).to_have_value("2")
        expect(page.locator("[data-draft-note]")).to_contain_text(_t(RESTORED))
        expect(page.locator("[data-draft-banner]")).to_be_visible()

        # Submit without network is held on the page; nothing reaches the server.
        page.locator("form[data-log-draft] button[type=submit]").click()
        expect(page.locator("[data-draft-banner]")).to_contain_text(_t(HELD))
        assert page.url == form_url, "a submit without network stays on the page"
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "weekly-log-offline.png"), full_page=True)
        assert not WeeklyLog.objects.filter(placement=placement).exists()

        # The page is opened anew, still offline (the service worker's copy): the draft is back and the student is
        # told to submit again; the network returns and a reopened page sends nothing by itself.
        # (The same tab, as a phone reopens it: closing a Playwright page ends its network emulation, and the
        # page would see the network come back while it closes.)
        page.goto(form_url)
        expect(page.locator("textarea[name=content]")).to_have_value("本周完成了分镜脚本初稿")
        expect(page.locator("select[name=week_no]")).to_have_value("2")  # the week the draft was written for
        expect(page.locator("[data-draft-note]")).to_contain_text(_t(HELD_REOPENED))
        context.set_offline(False)
        page.wait_for_function("() => navigator.onLine")
        expect(page.locator("[data-draft-banner]")).to_be_hidden()
        assert serious_violations(page) == []
        time.sleep(1)
        assert not WeeklyLog.objects.filter(placement=placement).exists(), "a reopened page sends nothing by itself"

        # Offline again: one more line, Submit is held; the network comes back and the page sends the log.
        context.set_offline(True)
        page.wait_for_function("() => !navigator.onLine")
        page.locator("textarea[name=content]").press_sequentially("，并整理了素材。")
        page.locator("form[data-log-draft] button[type=submit]").click()
        expect(page.locator("[data-draft-banner]")).to_contain_text(_t(HELD))
        assert not WeeklyLog.objects.filter(placement=placement).exists()
        with page.expect_navigation():
            context.set_offline(False)
        page.wait_for_url(lambda url: "/internships/logs/" in url)
        log = WeeklyLog.objects.get(placement=placement)
        assert (log.week_no, log.content) == (2, "本周完成了分镜脚本初稿，并整理了素材。")
        # the log's page finds the draft equal to the stored text and forgets it
        page.wait_for_function("(k) => window.localStorage.getItem(k) === null", arg=key)
        assert _draft(page, key) is None
        expect(page.locator(".messages .msg-success")).to_be_visible()

        # Opening the form again offers the next weeks only and no stale draft.
        page.goto(form_url)
        expect(page.locator("textarea[name=content]")).to_have_value("")
        expect(page.locator("select[name=week_no] option[value='2']")).to_have_count(0)
    finally:
        context.close()
