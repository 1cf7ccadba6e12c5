"""The bookings calendar in the browser: a week and a month of one equipment item at 1366 px and 390 px.

The page never scrolls sideways; on a phone the grid scrolls inside its own box. The teacher's own booking
shows its purpose, another teacher's shows as taken; "Book" on a day opens the booking form for that item
and day, which shows the item's week before anything is booked. axe-core stays clean.
"""
import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import User
from funding.models import Booking, Equipment, TrainingBase

from .conftest import serious_violations

WIDTHS = (1366, 390)


def _item(uniq: str):
    base = TrainingBase.objects.create(name=f"日历实训室{uniq}", kind="on_campus", capacity=30)
    return Equipment.objects.create(base=base, name=f"渲染节点{uniq}", kind="render_node", asset_no=f"CAL-{uniq}")


def _book(user, item, day, hour, purpose):
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))
    return Booking.objects.create(base=item.base, equipment=item, booked_by=user, starts_at=start,
                                  ends_at=start + datetime.timedelta(hours=2), purpose=purpose, status="approved")


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def _too_wide(page) -> list[str]:
    """The elements that reach past the right edge of the window (outside a scrolling box): the failure's reason."""
    return page.evaluate("""() => [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.closest('.cal-wrap'))
        .slice(0, 8).map((e) => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`)""")


@pytest.mark.e2e
def test_the_calendar_of_an_item_at_both_widths(open_session, uniq):
    item = _item(uniq)
    today = timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(days=7)
    teacher = User.objects.get(username="teacher")
    other = User.objects.exclude(pk=teacher.pk).filter(memberships__role="teacher").first()
    _book(teacher, item, monday, 9, f"我的渲染{uniq}")
    _book(other, item, monday + datetime.timedelta(days=2), 14, f"别人的渲染{uniq}")
    s = open_session("teacher")
    for width in WIDTHS:
        s.page.set_viewport_size({"width": width, "height": 900})
        s.goto(f"/funding/bookings/calendar/?resource=e{item.pk}&date={monday.isoformat()}")
        expect(s.page.locator("table.cal-week")).to_be_visible()
        expect(s.page.locator(".cal-seg.cal-mine", has_text=f"我的渲染{uniq}")).to_be_visible()
        expect(s.page.locator(".cal-seg.cal-taken").first).to_be_visible()
        assert f"别人的渲染{uniq}" not in s.page.content()
        assert _fits(s.page), f"the week scrolls the page sideways at {width} px: {_too_wide(s.page)}"
        if width == 390:  # the grid is wider than a phone: it scrolls inside its box
            assert s.page.evaluate("(() => { const b = document.querySelector('.cal-wrap');"
                                   " return b.scrollWidth > b.clientWidth; })()")
        assert serious_violations(s.page) == []
        s.screenshot(f"booking-calendar-week-{width}")
        s.page.get_by_role("link", name=s.t("Month"), exact=True).click()
        expect(s.page.locator("table.cal-month")).to_be_visible()
        assert _fits(s.page), f"the month scrolls the page sideways at {width} px: {_too_wide(s.page)}"
        assert serious_violations(s.page) == []
        s.screenshot(f"booking-calendar-month-{width}")

    # Book on a free day: the form opens on that item and day, with the item's week beside it.
    s.goto(f"/funding/bookings/calendar/?resource=e{item.pk}&date={monday.isoformat()}")
    tuesday = (monday + datetime.timedelta(days=1)).isoformat()
    s.page.locator(f"a.cal-book[href*='date={tuesday}']").click()
    expect(s.page.locator("select[name=resource]")).to_have_value(f"e{item.pk}")
    expect(s.page.locator("input[name=starts_at]")).to_have_value(f"{tuesday}T09:00")
    expect(s.page.locator("section .cal-seg.cal-taken").first).to_be_visible()
    assert _fits(s.page)
