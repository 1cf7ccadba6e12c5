from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from funding import services
from funding.choices import BookingStatus, EquipmentStatus
from funding.models import Booking

from .factories import BookingFactory, EquipmentFactory, OffCampusBaseFactory, TrainingBaseFactory, slot


def book(api, *, equipment=None, base=None, start=None, end=None, **extra):
    if start is None:
        start, end = slot()
    data = {"starts_at": start.isoformat(), "ends_at": end.isoformat(), "purpose": "AIGC 毕业短片渲染", **extra}
    if equipment is not None:
        data["equipment"] = equipment.pk
    if base is not None:
        data["base"] = base.pk
    return api.post("/api/v1/bookings/", data, format="json")


@pytest.mark.django_db
class TestBookings:
    def test_teacher_books_gpu_and_overlap_is_409(self, api_teacher, api_student):
        gpu = EquipmentFactory()
        start, end = slot(hours=3)
        r = book(api_teacher, equipment=gpu, start=start, end=end)
        assert r.status_code == 201 and r.json()["status"] == "approved"
        r = book(api_student, equipment=gpu, start=start + timedelta(hours=1), end=end + timedelta(hours=1))
        assert r.status_code == 409 and r.json()["code"] == "overlap"
        assert gpu.name in r.json()["detail"]

    def test_back_to_back_and_other_item_are_fine(self, api_teacher):
        gpu, gpu2 = EquipmentFactory(), EquipmentFactory()
        start, end = slot()
        assert book(api_teacher, equipment=gpu, start=start, end=end).status_code == 201
        assert book(api_teacher, equipment=gpu, start=end, end=end + timedelta(hours=1)).status_code == 201
        assert book(api_teacher, equipment=gpu2, start=start, end=end).status_code == 201

    def test_cancelled_or_rejected_frees_the_slot(self, api_teacher, api_student):
        gpu = EquipmentFactory()
        start, end = slot()
        bid = book(api_teacher, equipment=gpu, start=start, end=end).json()["id"]
        assert api_teacher.post(f"/api/v1/bookings/{bid}/cancel/").json()["status"] == "cancelled"
        assert api_teacher.post(f"/api/v1/bookings/{bid}/cancel/").status_code == 409
        assert book(api_student, equipment=gpu, start=start, end=end).status_code == 201

    def test_room_and_its_equipment_are_separate_resources(self, api_teacher):
        gpu = EquipmentFactory()
        start, end = slot()
        assert book(api_teacher, base=gpu.base, start=start, end=end).status_code == 201
        assert book(api_teacher, equipment=gpu, start=start, end=end).status_code == 201
        assert book(api_teacher, base=gpu.base, start=start, end=end).status_code == 409

    def test_approval_flow_where_base_requires_it(self, api_student, api_admin, api_teacher):
        base = TrainingBaseFactory(requires_approval=True)
        gpu = EquipmentFactory(base=base)
        bid = book(api_student, equipment=gpu).json()["id"]
        assert Booking.objects.get(pk=bid).status == BookingStatus.PENDING
        assert api_student.post(f"/api/v1/bookings/{bid}/approve/").status_code == 403
        assert api_teacher.post(f"/api/v1/bookings/{bid}/approve/").status_code == 404  # not the teacher's
        assert api_admin.post(f"/api/v1/bookings/{bid}/approve/").json()["status"] == "approved"
        assert api_admin.post(f"/api/v1/bookings/{bid}/approve/").status_code == 409
        assert api_admin.post(f"/api/v1/bookings/{bid}/reject/").status_code == 409
        bid2 = book(api_student, equipment=gpu, start=slot(days=3)[0], end=slot(days=3)[1]).json()["id"]
        assert api_admin.post(f"/api/v1/bookings/{bid2}/reject/").json()["status"] == "rejected"
        assert api_student.post(f"/api/v1/bookings/{bid2}/cancel/").status_code == 409

    def test_past_booking_cannot_be_cancelled(self, api_teacher, teacher):
        past = BookingFactory(booked_by=teacher, starts_at=timezone.now() - timedelta(days=2),
                              ends_at=timezone.now() - timedelta(days=2) + timedelta(hours=1))
        r = api_teacher.post(f"/api/v1/bookings/{past.pk}/cancel/")
        assert r.status_code == 409 and r.json()["code"] == "rule_violation"

    def test_pending_booking_holds_the_slot(self, api_student, api_teacher):
        gpu = EquipmentFactory(base=TrainingBaseFactory(requires_approval=True))
        start, end = slot()
        assert book(api_student, equipment=gpu, start=start, end=end).status_code == 201
        assert book(api_teacher, equipment=gpu, start=start, end=end).status_code == 409

    def test_host_enterprise_decides_on_its_base_other_enterprise_404(
        self, api_student, api_enterprise, api_other_enterprise, enterprise_org
    ):
        base = OffCampusBaseFactory(host=enterprise_org, requires_approval=True)
        bid = book(api_student, base=base).json()["id"]
        assert api_other_enterprise.post(f"/api/v1/bookings/{bid}/approve/").status_code == 404
        assert api_other_enterprise.get(f"/api/v1/training-bases/{base.pk}/").status_code == 404
        assert api_enterprise.get(f"/api/v1/training-bases/{base.pk}/").status_code == 200
        assert api_enterprise.post(f"/api/v1/bookings/{bid}/cancel/").status_code == 403
        assert api_enterprise.post(f"/api/v1/bookings/{bid}/approve/").status_code == 200

    def test_enterprise_and_association_cannot_book(self, api_enterprise, api_association):
        gpu = EquipmentFactory()
        assert book(api_enterprise, equipment=gpu).status_code == 403
        assert book(api_association, equipment=gpu).status_code == 403

    def test_other_student_cannot_see_or_cancel_my_booking(self, api_student, api_student2):
        bid = book(api_student, equipment=EquipmentFactory()).json()["id"]
        assert api_student2.get(f"/api/v1/bookings/{bid}/").status_code == 404
        assert api_student2.post(f"/api/v1/bookings/{bid}/cancel/").status_code == 404

    @pytest.mark.parametrize("case", ["end_before_start", "past", "both", "neither", "bad_date", "unknown_item"])
    def test_bad_input_400(self, api_teacher, case):
        gpu = EquipmentFactory()
        start, end = slot()
        if case == "end_before_start":
            r = book(api_teacher, equipment=gpu, start=end, end=start)
        elif case == "past":
            r = book(api_teacher, equipment=gpu, start=start - timedelta(days=5), end=end - timedelta(days=5))
        elif case == "both":
            r = book(api_teacher, equipment=gpu, base=TrainingBaseFactory(), start=start, end=end)
            assert r.status_code == 201  # the item's own base wins; naming a base too is harmless
            return
        elif case == "neither":
            r = book(api_teacher, start=start, end=end)
        elif case == "bad_date":
            r = api_teacher.post("/api/v1/bookings/", {"equipment": gpu.pk, "starts_at": "tomorrow",
                                                       "ends_at": "later", "purpose": "x"}, format="json")
        else:
            r = api_teacher.post("/api/v1/bookings/", {"equipment": 999999, "starts_at": start.isoformat(),
                                                       "ends_at": end.isoformat(), "purpose": "x"}, format="json")
        assert r.status_code == 400

    def test_equipment_in_maintenance_cannot_be_booked(self, api_teacher, api_admin):
        gpu = EquipmentFactory()
        r = api_admin.post(f"/api/v1/equipment/{gpu.pk}/maintenance/", {
            "performed_on": "2026-04-01", "description": "更换显卡散热", "cost": "800.00",
            "status": EquipmentStatus.MAINTENANCE})
        assert r.status_code == 201
        assert book(api_teacher, equipment=gpu).status_code == 409
        assert api_teacher.post(f"/api/v1/equipment/{gpu.pk}/maintenance/", {}).status_code == 403

    def test_booking_list_query_count_constant(self, api_admin, teacher, django_assert_max_num_queries):
        for _ in range(3):
            BookingFactory(booked_by=teacher)
        with django_assert_max_num_queries(6) as ctx:
            assert api_admin.get("/api/v1/bookings/").status_code == 200
        n = len(ctx.captured_queries)
        for _ in range(20):
            BookingFactory(booked_by=teacher)
        with django_assert_max_num_queries(n):
            r = api_admin.get("/api/v1/bookings/")
        assert r.status_code == 200 and r.json()["count"] == 23

    def test_base_and_equipment_lists_query_count_constant(self, api_teacher, django_assert_max_num_queries):
        for _ in range(3):
            EquipmentFactory()
        for url in ("/api/v1/training-bases/", "/api/v1/equipment/"):
            with django_assert_max_num_queries(8) as ctx:
                assert api_teacher.get(url).status_code == 200
            n = len(ctx.captured_queries)
            for _ in range(20):
                EquipmentFactory()
            with django_assert_max_num_queries(n):
                assert api_teacher.get(url).status_code == 200


@pytest.mark.django_db
class TestUtilization:
    def test_arithmetic(self, teacher):
        tz = ZoneInfo("Asia/Shanghai")
        base = TrainingBaseFactory()
        gpu1, gpu2 = EquipmentFactory(base=base), EquipmentFactory(base=base)
        EquipmentFactory(base=base, status=EquipmentStatus.RETIRED)  # retired items are not capacity
        start = datetime(2026, 6, 1, tzinfo=tz)
        end = start + timedelta(days=1)  # 24 h
        # 6 h inside; one crossing the start counts its 2 h inside; cancelled and rejected do not count
        BookingFactory(equipment=gpu1, booked_by=teacher, starts_at=start.replace(hour=8),
                       ends_at=start.replace(hour=14))
        BookingFactory(equipment=gpu2, booked_by=teacher, starts_at=start - timedelta(hours=3),
                       ends_at=start + timedelta(hours=2))
        BookingFactory(equipment=gpu2, booked_by=teacher, starts_at=start.replace(hour=10),
                       ends_at=start.replace(hour=20), status=BookingStatus.CANCELLED)
        BookingFactory(equipment=None, base=base, booked_by=teacher, starts_at=start.replace(hour=9),
                       ends_at=start.replace(hour=21))  # room: 12 h
        data = services.utilization(start=start, end=end, bases=type(base).objects.filter(pk=base.pk))
        assert data["period_hours"] == Decimal("24.00")
        row = data["bases"][0]
        assert row["room_hours"] == Decimal("12.00") and row["room_rate"] == Decimal("50.00")
        assert row["equipment_hours"] == Decimal("8.00")
        assert row["equipment_rate"] == Decimal("16.67")  # 8 of 2 × 24 item-hours
        rates = {r["equipment"].pk: r["rate"] for r in data["items"]}
        assert rates == {gpu1.pk: Decimal("25.00"), gpu2.pk: Decimal("8.33")}

    def test_page_lists_items_fifty_at_a_time(self, web, admin_user):
        base = TrainingBaseFactory()
        for _ in range(55):
            EquipmentFactory(base=base)
        c = web.login_as(admin_user)
        first = c.get("/funding/bases/utilization/?start=2026-06-01&end=2026-06-30")
        assert len(first.context["page"].object_list) == 50 and first.context["page"].paginator.count == 55
        html = first.content.decode()
        assert "start=2026-06-01&amp;end=2026-06-30&amp;page=2" in html  # the period travels with the page
        second = c.get("/funding/bases/utilization/?start=2026-06-01&end=2026-06-30&page=2")
        assert len(second.context["page"].object_list) == 5

    def test_api_and_bad_period(self, api_admin):
        EquipmentFactory()
        r = api_admin.get("/api/v1/training-bases/utilization/?start=2026-06-01&end=2026-06-30")
        assert r.status_code == 200 and Decimal(str(r.json()["period_hours"])) == Decimal("720.00")
        assert api_admin.get("/api/v1/training-bases/utilization/?start=2026-06-30&end=2026-06-01").status_code == 400
        assert api_admin.get("/api/v1/training-bases/utilization/?start=junk").status_code == 400
        assert api_admin.get("/api/v1/training-bases/utilization/?start=2026-13-45").status_code == 400


@pytest.mark.django_db
class TestBasesAndEquipment:
    def test_admin_creates_offcampus_base_needs_host(self, api_admin, enterprise_org, api_teacher):
        r = api_admin.post("/api/v1/training-bases/", {"name": "星河影业虚拟拍摄基地", "kind": "off_campus",
                                                       "capacity": 30})
        assert r.status_code == 400 and "host" in r.json()["errors"]
        r = api_admin.post("/api/v1/training-bases/", {"name": "星河影业虚拟拍摄基地", "kind": "off_campus",
                                                       "host": enterprise_org.pk, "capacity": 30})
        assert r.status_code == 201
        assert api_teacher.post("/api/v1/training-bases/", {"name": "x", "kind": "on_campus"}).status_code == 403
        assert api_teacher.patch(f"/api/v1/training-bases/{r.json()['id']}/", {"capacity": 1}).status_code == 403

    def test_room_booking_respects_capacity(self, api_teacher):
        base = TrainingBaseFactory(capacity=10)
        assert book(api_teacher, base=base, participants=11).status_code == 400

    def test_inactive_base_hidden_from_students(self, api_student):
        base = TrainingBaseFactory(is_active=False)
        assert api_student.get(f"/api/v1/training-bases/{base.pk}/").status_code == 404

    def test_service_refuses_non_booker_roles(self, enterprise_user):
        from core.domain import RuleViolation

        start, end = slot()
        with pytest.raises(RuleViolation):
            services.booking_create(by=enterprise_user, equipment=EquipmentFactory(), starts_at=start, ends_at=end,
                                    purpose="x")
        assert timezone.now()


@pytest.mark.django_db
def test_a_host_enterprise_sees_its_bases_bookings_through_an_array_of_its_bases(
        enterprise_org, other_enterprise_org, enterprise_user, student, teacher):
    """Booking.objects.visible_to reads the bases an enterprise hosts first and filters by ``base_id = ANY(...)``:
    through the join PostgreSQL walked every booking of the province to test its base (475 ms at scale 10)."""
    mine = OffCampusBaseFactory(host=enterprise_org)
    theirs = OffCampusBaseFactory(host=other_enterprise_org)
    hosted = [BookingFactory(base=mine, equipment=None, booked_by=student),
              BookingFactory(base=mine, equipment=None, booked_by=teacher)]
    BookingFactory(base=theirs, equipment=None, booked_by=student)
    BookingFactory(booked_by=teacher)  # a campus base's
    own = BookingFactory(base=theirs, equipment=None, booked_by=enterprise_user)  # booked by the user, elsewhere
    qs = Booking.objects.visible_to(enterprise_user)
    assert set(qs.values_list("pk", flat=True)) == {b.pk for b in [*hosted, own]}
    where = str(qs.query).split(" WHERE ", 1)[1]
    assert '"funding_booking"."base_id" = ANY(' in where and "host_id" not in where and "JOIN" not in str(qs.query)
    # an enterprise that hosts no base sees its own bookings only
    assert set(Booking.objects.visible_to(enterprise_user).filter(base=theirs).values_list("pk", flat=True)) == {
        own.pk}


@pytest.mark.django_db
def test_a_bookers_list_is_one_index_in_its_order():
    """``booked_by`` with the list's order (newest first): a booker's page is walked, not their bookings sorted."""
    from django.db import connection

    index = next(i for i in Booking._meta.indexes if i.name == "booking_booker_latest")
    assert list(index.fields) == ["booked_by", *Booking._meta.ordering]
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'booking_booker_latest'")
        assert "(booked_by_id, starts_at DESC, id DESC)" in cursor.fetchone()[0]
