"""The intern's phone (390 px): check in with the browser's position, go offline, check out, come back online.

A student of the demo college with an active placement of their own (made here, so the journey does
not depend on the demo student's day) uses the check-in page in a phone-sized Chromium: with the
position granted the check-in is sent at once; with the network switched off the check-out is kept
on the phone (IndexedDB) with its real time and position, and sent by itself when the network comes
back, the server keeping both clocks. A second phone that refuses the position cannot check in and
is told why.
"""
import datetime
import time
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.choices import Role
from accounts.models import Organization
from attendance.models import CheckIn, Workplace
from internships.models import Placement
from tests.accounts.factories import make_member

from .conftest import SCREENSHOTS, serious_violations

PHONE = {"width": 390, "height": 844}
WORK = {"latitude": 39.915119, "longitude": 116.457032}
PASSWORD = "pw-Secret-123"  # tests.accounts.factories.UserFactory


def _intern(uniq: str):
    department = Organization.objects.filter(kind="department").order_by("pk").first()
    enterprise = Organization.objects.get(memberships__user__username="enterprise", memberships__role=Role.ENTERPRISE)
    student = make_member(Role.STUDENT, department, username=f"phone{uniq}", display_name=f"手机{uniq}")
    today = timezone.localdate()
    placement = Placement.objects.create(student=student, enterprise=enterprise, post="剪辑助理", status="active",
                                         start_date=today - datetime.timedelta(days=10),
                                         end_date=today + datetime.timedelta(days=100))
    Workplace.objects.create(placement=placement, address="北京市朝阳区光华路 9 号",
                             latitude=Decimal(str(WORK["latitude"])), longitude=Decimal(str(WORK["longitude"])))
    return student, placement


def _phone(browser, base_url: str, *, granted: bool):
    options = {"viewport": PHONE, "device_scale_factor": 3, "is_mobile": True, "has_touch": True,
               "locale": "zh-CN"}
    if granted:
        options.update(geolocation={**WORK, "accuracy": 20}, permissions=["geolocation"])
    context = browser.new_context(**options)
    context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": base_url}])
    context.set_default_timeout(15000)
    return context


def _login(page, base_url: str, username: str):
    page.goto(base_url + "/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form.stacked button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _wait_for(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError("the condition did not come true in time")


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


@pytest.mark.e2e
def test_the_phone_checks_in_then_out_through_a_lost_network(browser, e2e_server, uniq):
    student, placement = _intern(uniq)
    base = e2e_server.url
    context = _phone(browser, base, granted=True)
    try:
        page = context.new_page()
        _login(page, base, student.username)
        page.goto(base + "/attendance/")
        button = page.locator("[data-submit]")
        expect(button).to_be_enabled()  # the position was found
        expect(page.locator("[data-position]")).to_contain_text("±20")
        expect(page.locator("[data-relocate]")).to_be_hidden()
        assert _fits_the_screen(page), "the check-in page scrolls sideways on a 390 px phone"
        assert serious_violations(page) == []
        button.click()
        expect(page.locator("[data-result]")).to_have_class("att-result msg msg-success")
        first = _wait_for(lambda: CheckIn.objects.filter(placement=placement, kind="in").first())
        assert not first.offline and first.distance_m is not None and first.distance_m < 50
        # the page reloads and offers the check-out; the service worker controls it by now
        expect(page.locator("[data-submit]")).to_have_text("签退")
        page.wait_for_function("navigator.serviceWorker && navigator.serviceWorker.controller !== null")

        context.set_offline(True)
        page.wait_for_function("!navigator.onLine")
        pressed = timezone.now()
        page.locator("[data-submit]").click()
        expect(page.locator("[data-result]")).to_have_class("att-result msg msg-warning")
        expect(page.locator("[data-queue]")).to_be_visible()
        expect(page.locator("[data-queue-list] li")).to_have_count(1)
        page.screenshot(path=str(SCREENSHOTS / "attendance-offline-queue.png"), full_page=True)
        time.sleep(2)
        assert not CheckIn.objects.filter(placement=placement, kind="out").exists()

        # the page is still there while offline: a reload comes from the service worker's copy
        page.reload()
        expect(page.locator("[data-queue-list] li")).to_have_count(1)

        context.set_offline(False)
        out = _wait_for(lambda: CheckIn.objects.filter(placement=placement, kind="out").first())
        assert out.offline, "the check-out kept on the phone is marked as sent later"
        assert out.client_time <= out.server_time
        assert out.server_time - out.client_time >= datetime.timedelta(seconds=2)
        assert abs(out.client_time - pressed) < datetime.timedelta(seconds=10)
        assert out.at == out.client_time and out.date == first.date
        expect(page.locator("[data-queue]")).to_be_hidden()
        # the page reloads with the day as the server has it: both recorded, nothing left to press
        expect(page.locator("[data-submit]")).to_have_count(0)
        assert CheckIn.objects.filter(placement=placement).count() == 2
        SCREENSHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "attendance-phone.png"), full_page=True)
    finally:
        context.close()


@pytest.mark.e2e
def test_a_phone_that_refuses_the_position_cannot_check_in(browser, e2e_server, uniq):
    student, placement = _intern(uniq)
    base = e2e_server.url
    context = _phone(browser, base, granted=False)
    try:
        page = context.new_page()
        _login(page, base, student.username)
        page.goto(base + "/attendance/")
        expect(page.locator("[data-position]")).to_contain_text("定位")  # "Location is blocked ..."
        expect(page.locator("[data-submit]")).to_be_disabled()
        assert _fits_the_screen(page)
        assert not CheckIn.objects.filter(placement=placement).exists()
    finally:
        context.close()
