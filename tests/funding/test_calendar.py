"""The bookings calendar (funding/calendar.py, BookingCalendarView) and the booking form's week of the resource."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from funding import calendar as booking_calendar
from funding.choices import BookingStatus
from funding.models import Booking

from .factories import EquipmentFactory, OffCampusBaseFactory, TrainingBaseFactory

URL = reverse("funding:booking_calendar")


def _monday_next_week() -> datetime.date:
    today = timezone.localdate()
    return today - datetime.timedelta(days=today.weekday()) + datetime.timedelta(days=7)


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def _book(user, *, equipment=None, base=None, day, start=9, hours=2, purpose="AIGC 短片渲染",
          status=BookingStatus.APPROVED) -> Booking:
    base = equipment.base if equipment is not None else base
    return Booking.objects.create(base=base, equipment=equipment, booked_by=user, starts_at=_at(day, start),
                                  ends_at=_at(day, start) + datetime.timedelta(hours=hours), purpose=purpose,
                                  status=status)


def test_the_period_of_a_week_and_of_a_month():
    monday, sunday = datetime.date(2026, 12, 7), datetime.date(2026, 12, 13)
    assert booking_calendar.period("week", datetime.date(2026, 12, 9)) == (monday, sunday, monday, sunday)
    first, last, grid_first, grid_last = booking_calendar.period("month", datetime.date(2026, 2, 14))
    assert (first, last) == (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    assert grid_first.weekday() == 0 and grid_last.weekday() == 6 and grid_first <= first and grid_last >= last


@pytest.mark.django_db
class TestCalendarPage:
    def test_an_items_week_shows_my_booking_and_others_as_taken(self, web, teacher, teacher2):
        gpu = EquipmentFactory(name="GPU 工作站 07")
        monday = _monday_next_week()
        _book(teacher, equipment=gpu, day=monday, purpose="我的毕业短片")
        _book(teacher2, equipment=gpu, day=monday + datetime.timedelta(days=2), start=14, purpose="别人的秘密项目")
        _book(teacher2, equipment=gpu, day=monday, start=13, purpose="已取消", status=BookingStatus.CANCELLED)
        r = web.login_as(teacher).get(URL, {"resource": f"e{gpu.pk}", "date": monday.isoformat()})
        assert r.status_code == 200
        body = r.content.decode()
        assert "我的毕业短片" in body and "cal-mine" in body
        assert "别人的秘密项目" not in body and "cal-taken" in body  # the slot is seen, not whose it is
        assert "已取消" not in body  # a cancelled booking holds no slot
        assert "14:00–16:00" in body and "09:00–11:00" in body
        assert r.context["calendar"].count == 2
        assert f'?resource=e{gpu.pk}&amp;date={(monday + datetime.timedelta(days=1)).isoformat()}' in body  # Book

    def test_my_bookings_are_mine_only(self, web, teacher, teacher2):
        monday = _monday_next_week()
        _book(teacher, equipment=EquipmentFactory(), day=monday, purpose="我的渲染")
        _book(teacher2, equipment=EquipmentFactory(), day=monday, purpose="别人的渲染")
        r = web.login_as(teacher).get(URL, {"date": monday.isoformat()})
        assert r.status_code == 200
        body = r.content.decode()
        assert "我的渲染" in body and "别人的渲染" not in body and "cal-taken" not in body

    def test_the_host_enterprise_sees_the_bookings_of_its_base_with_details(self, web, enterprise_user,
                                                                            enterprise_org, teacher):
        base = OffCampusBaseFactory(host=enterprise_org, name="合作影棚")
        monday = _monday_next_week()
        _book(teacher, base=base, day=monday, purpose="虚拟拍摄实训")
        r = web.login_as(enterprise_user).get(URL, {"resource": f"b{base.pk}", "date": monday.isoformat()})
        assert r.status_code == 200 and "虚拟拍摄实训" in r.content.decode()
        assert not r.context["can_book"]  # an enterprise does not book

    def test_another_tenants_room_is_a_404(self, web, other_enterprise_user, enterprise_org):
        base = OffCampusBaseFactory(host=enterprise_org, is_active=False)
        c = web.login_as(other_enterprise_user)
        assert c.get(URL, {"resource": f"b{base.pk}"}).status_code == 404
        assert c.get(URL, {"resource": "e999999"}).status_code == 404

    def test_bad_choices_are_form_errors(self, web, student):
        c = web.login_as(student)
        r = c.get(URL, {"date": "2026-13-40", "view": "year"})
        assert r.status_code == 400
        assert "errorlist" in r.content.decode()
        assert c.get(URL, {"resource": "x1"}).status_code == 400

    def test_a_month_lists_each_day_and_counts_the_rest(self, web, admin_user, teacher):
        room = TrainingBaseFactory(name="AIGC 实训室 A")
        day = _monday_next_week() + datetime.timedelta(days=1)
        for hour in range(8, 14):
            _book(teacher, base=room, day=day, start=hour, hours=1, purpose=f"课程{hour}")
        r = web.login_as(admin_user).get(URL, {"resource": f"b{room.pk}", "view": "month", "date": day.isoformat()})
        assert r.status_code == 200
        cal = r.context["calendar"]
        cell = next(c for week in cal.weeks for c in week if c.day == day)
        assert len(cell.segments) == 6 and cell.more == 2
        body = r.content.decode()
        assert "课程8" in body and "课程11" in body and "课程12" not in body and "课程13" not in body

    def test_a_booking_over_midnight_shows_on_both_days(self, admin_user):
        gpu = EquipmentFactory()
        monday = _monday_next_week()
        _book(admin_user, equipment=gpu, day=monday, start=22, hours=4, purpose="通宵渲染")
        cal = booking_calendar.build(user=admin_user, view="week", anchor=monday, resource=gpu)
        first, second = cal.weeks[0][0].segments, cal.weeks[0][1].segments
        assert [(s.start.hour, s.end.hour) for s in first] == [(22, 0)]
        assert [(s.start.hour, s.end.hour) for s in second] == [(0, 2)]
        assert cal.hours[0].hour == 0 and cal.hours[-1].hour == 23  # the grid widens to show both

    @pytest.mark.parametrize("role", ["student", "admin_user", "enterprise_user"])
    def test_query_count_does_not_grow_with_bookings(self, web, role, request, teacher, enterprise_org,
                                                     django_assert_max_num_queries):
        user = request.getfixturevalue(role)
        base = OffCampusBaseFactory(host=enterprise_org)
        gpu = EquipmentFactory(base=base)
        monday = _monday_next_week()
        c = web.login_as(user)
        params = {"resource": f"e{gpu.pk}", "view": "month", "date": monday.isoformat()}
        _book(teacher, equipment=gpu, day=monday)
        _book(user, equipment=EquipmentFactory(base=base), day=monday)
        with django_assert_max_num_queries(30) as ctx:
            r = c.get(URL, params)
        assert r.status_code == 200
        n = len(ctx.captured_queries)
        for i in range(1, 21):  # three slots a day through the week: all inside the month's grid
            day = monday + datetime.timedelta(days=i % 7)
            _book(teacher, equipment=gpu, day=day, start=12 + (i // 7) * 3)
            _book(user, equipment=EquipmentFactory(base=base), day=day, start=12 + (i // 7) * 3)
        with django_assert_max_num_queries(n):
            r = c.get(URL, params)
        assert r.status_code == 200 and r.context["calendar"].count >= 20
        with django_assert_max_num_queries(n):
            r = c.get(URL, {"view": "month", "date": monday.isoformat()})
        assert r.status_code == 200

    def test_linked_from_the_bookings_list(self, web, student):
        assert URL in web.login_as(student).get(reverse("funding:booking_list")).content.decode()


@pytest.mark.django_db
class TestBookingFormShowsTheWeek:
    def test_the_chosen_items_bookings_are_shown_before_booking(self, web, teacher, teacher2):
        gpu = EquipmentFactory(name="GPU 工作站 09")
        monday = _monday_next_week()
        _book(teacher2, equipment=gpu, day=monday, start=10)
        r = web.login_as(teacher).get(reverse("funding:booking_create"),
                                      {"resource": f"e{gpu.pk}", "date": monday.isoformat()})
        assert r.status_code == 200
        body = r.content.decode()
        assert "cal-taken" in body and "10:00–12:00" in body
        assert r.context["form"].initial["starts_at"] == _at(monday, 9)

    def test_a_refused_slot_marks_the_booking_in_its_way(self, web, teacher, teacher2):
        gpu = EquipmentFactory()
        monday = _monday_next_week()
        _book(teacher2, equipment=gpu, day=monday, start=10)
        r = web.login_as(teacher).post(reverse("funding:booking_create"), {
            "resource": f"e{gpu.pk}", "starts_at": f"{monday.isoformat()}T11:00",
            "ends_at": f"{monday.isoformat()}T13:00", "purpose": "渲染", "participants": 1})
        assert r.status_code == 400
        assert "cal-conflict" in r.content.decode()
        assert Booking.objects.count() == 1

    def test_no_resource_no_grid(self, web, student):
        r = web.login_as(student).get(reverse("funding:booking_create"))
        assert r.status_code == 200 and "calendar" not in r.context
