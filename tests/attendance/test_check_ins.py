"""Check-in and check-out: the phone's id makes retries harmless, one of each per day, distance and clocks."""
import datetime
import uuid

import pytest

from attendance.models import Absence, CheckIn, WorkingTimeBreach
from core import events
from core.events import subscribe

from .conftest import at, near

pytestmark = pytest.mark.django_db

URL = "/api/v1/check-ins/"
SEEN: list = []


def _record(event) -> None:
    SEEN.append(event)


@pytest.fixture
def seen(monkeypatch):
    SEEN.clear()
    monkeypatch.setattr(events, "_subscriptions", [])
    subscribe("attendance.*", _record, inline=True)
    yield SEEN
    SEEN.clear()


def body(kind: str = "in", metres: float = 0, **extra) -> dict:
    return {"client_id": str(uuid.uuid4()), "kind": kind, **near(metres), **extra}


def test_a_check_in_near_the_workplace_is_recorded_with_both_clocks(api_student, placement, clock):
    r = api_student.post(URL, body(client_time=at("2026-03-11", 9, 4).isoformat()), format="json")
    assert r.status_code == 201, r.json()
    data = r.json()
    assert data["placement"] == placement.pk and data["kind"] == "in" and data["date"] == "2026-03-11"
    assert data["flags"] == [] and data["flag_status"] == "none" and data["distance_m"] == 0
    row = CheckIn.objects.get()
    assert row.server_time == clock.now and row.at == clock.now  # online: the server's time counts
    assert row.client_time == at("2026-03-11", 9, 4)


def test_a_retry_with_the_same_client_id_answers_with_the_first_row(api_student, placement):
    payload = body()
    first = api_student.post(URL, payload, format="json")
    again = api_student.post(URL, payload, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["id"] == again.json()["id"]
    assert CheckIn.objects.count() == 1


def test_a_second_check_in_of_the_day_is_a_conflict(api_student, placement):
    assert api_student.post(URL, body(), format="json").status_code == 201
    r = api_student.post(URL, body(), format="json")
    assert r.status_code == 409 and r.json()["code"] == "already_recorded"
    assert CheckIn.objects.count() == 1


def test_another_students_client_id_is_refused(api_student, api_student2, placement, other_placement):
    payload = body()
    assert api_student.post(URL, payload, format="json").status_code == 201
    r = api_student2.post(URL, {**payload, "latitude": 31.23, "longitude": 121.47}, format="json")
    assert r.status_code == 409 and r.json()["code"] == "client_id_taken"


def test_a_check_out_closes_the_shift_and_needs_a_check_in(api_student, placement, clock):
    r = api_student.post(URL, body("out"), format="json")
    assert r.status_code == 409 and r.json()["code"] == "not_checked_in"
    api_student.post(URL, body("in"), format="json")
    clock.set("2026-03-11", 17, 55)
    r = api_student.post(URL, body("out"), format="json")
    assert r.status_code == 201 and r.json()["date"] == "2026-03-11"
    r = api_student.post(URL, body("out"), format="json")
    assert r.status_code == 409 and r.json()["code"] == "already_recorded"


def test_a_check_out_after_midnight_closes_the_previous_days_shift(api_student, placement, clock):
    clock.set("2026-03-11", 20, 0)
    api_student.post(URL, body("in"), format="json")
    clock.set("2026-03-12", 0, 30)
    r = api_student.post(URL, body("out"), format="json")
    assert r.status_code == 201 and r.json()["date"] == "2026-03-11"
    night = WorkingTimeBreach.objects.get(kind="night")
    assert night.date == datetime.date(2026, 3, 11) and night.hours == 2.5


def test_outside_the_radius_an_online_check_in_must_say_why_and_is_flagged(api_student, placement, seen,
                                                                           django_capture_on_commit_callbacks):
    r = api_student.post(URL, body(metres=1200), format="json")
    assert r.status_code == 400
    assert "reason" in r.json()["errors"] and "1200" in r.json()["errors"]["reason"][0]
    assert CheckIn.objects.count() == 0
    with django_capture_on_commit_callbacks(execute=True):
        r = api_student.post(URL, body(metres=1200, reason="今天在客户现场拍摄"), format="json")
    assert r.status_code == 201
    data = r.json()
    assert data["flags"] == ["outside_radius"] and data["flag_status"] == "open" and data["distance_m"] == 1200
    assert [e.name for e in seen] == ["attendance.checkin.flagged"]
    assert seen[0].data["distance_m"] == 1200


def test_an_imprecise_position_is_accepted_and_flagged(api_student, placement):
    r = api_student.post(URL, {**body(), "accuracy_m": 900}, format="json")
    assert r.status_code == 201 and r.json()["flags"] == ["imprecise"]


def test_an_offline_check_in_keeps_its_real_time_and_undoes_a_closed_absence(api_student, placement, clock):
    Absence.objects.create(placement=placement, date=datetime.date(2026, 3, 10), streak=1)
    Absence.objects.create(placement=placement, date=datetime.date(2026, 3, 11), streak=2)
    made = at("2026-03-10", 8, 58)
    clock.set("2026-03-12", 7, 30)  # the phone got its network back two days later
    r = api_student.post(URL, body(client_time=made.isoformat(), offline=True, metres=2000), format="json")
    assert r.status_code == 201, r.json()
    row = CheckIn.objects.get()
    assert row.at == made and row.date == datetime.date(2026, 3, 10) and row.offline
    assert row.server_time == clock.now
    assert row.flags == ["outside_radius"]  # offline it could not be asked why: accepted, flagged
    assert list(Absence.objects.values_list("date", "streak")) == [(datetime.date(2026, 3, 11), 1)]


def test_an_online_check_in_with_a_wrong_phone_clock_is_flagged(api_student, placement, clock):
    r = api_student.post(URL, body(client_time=at("2026-03-11", 7, 0).isoformat()), format="json")
    assert r.status_code == 201
    assert r.json()["flags"] == ["clock_skew"] and r.json()["at"].startswith("2026-03-11T09:05")


@pytest.mark.parametrize("change, field", [
    ({"latitude": 91}, "latitude"),
    ({"longitude": -181}, "longitude"),
    ({"accuracy_m": 0}, "accuracy_m"),
    ({"accuracy_m": -5}, "accuracy_m"),
    ({"accuracy_m": 80000}, "accuracy_m"),
    ({"latitude": 0, "longitude": 0}, "latitude"),
    ({"latitude": "north"}, "latitude"),
    ({"client_id": "not-a-uuid"}, "client_id"),
    ({"kind": "lunch"}, "kind"),
    ({"client_time": "2026-03-11T12:00:00+08:00"}, "client_time"),  # three hours ahead of the server
    ({"client_time": "2026-03-01T09:00:00+08:00", "offline": True}, "client_time"),  # older than 72 hours
])
def test_impossible_input_is_a_400_that_writes_nothing(api_student, placement, change, field):
    r = api_student.post(URL, {**body(), **change}, format="json")
    assert r.status_code == 400, r.json()
    assert field in r.json()["errors"]
    assert CheckIn.objects.count() == 0


def test_placements_that_are_not_the_students_or_not_active_are_refused(api_student, placement, other_placement):
    r = api_student.post(URL, body(placement=other_placement.pk), format="json")
    assert r.status_code == 400 and "placement" in r.json()["errors"]
    placement.status = "completed"
    placement.save()
    r = api_student.post(URL, body(placement=placement.pk), format="json")
    assert r.status_code == 409 and r.json()["code"] == "placement_not_active"
    r = api_student.post(URL, body(), format="json")
    assert r.status_code == 409 and r.json()["code"] == "no_active_placement"
    assert CheckIn.objects.count() == 0


def test_only_students_check_in(api_teacher, api_enterprise, placement):
    for client in (api_teacher, api_enterprise):
        assert client.post(URL, body(), format="json").status_code == 403


def test_each_party_sees_only_its_own_check_ins(api_student, api_student2, api_teacher, api_teacher2, api_enterprise,
                                                api_other_enterprise, api_admin, placement, other_placement):
    mine = api_student.post(URL, body(), format="json").json()["id"]
    assert api_student2.post(URL, {**body(), "latitude": 31.230416, "longitude": 121.473701},
                             format="json").status_code == 201
    for client in (api_student, api_teacher, api_enterprise, api_admin):
        assert client.get(f"{URL}{mine}/").status_code == 200
    for client in (api_student2, api_teacher2, api_other_enterprise):
        assert client.get(f"{URL}{mine}/").status_code == 404
    assert [r["id"] for r in api_student.get(URL).json()["results"]] == [mine]
    assert api_admin.get(URL).json()["count"] == 2


def test_the_list_asks_a_constant_number_of_queries(api_admin, placement, clock, django_assert_max_num_queries):
    for i in range(6):
        day = datetime.date(2026, 3, 2) + datetime.timedelta(days=i)
        CheckIn.objects.create(placement=placement, kind="in", date=day, at=at(day), client_time=at(day),
                               server_time=at(day), latitude=39.9, longitude=116.4, accuracy_m=10)
    with django_assert_max_num_queries(6):
        r = api_admin.get(URL)
    assert r.status_code == 200 and r.json()["count"] == 6


# ----------------------------------------------------------------------------- the answer (issue 21, sixth round)

def _detail(client, row_id: int) -> dict:
    r = client.get(f"{URL}{row_id}/")
    assert r.status_code == 200
    return r.json()


def test_the_answer_is_the_row_as_a_get_reads_it(api_student, placement, clock):
    """The check-in is answered from the row the service inserted (no read-back): field for field what a GET of
    the row gives, for a plain check-in, a flagged one, one kept offline, a check-out and a retry."""
    answers = []
    r = api_student.post(URL, body(client_time=at("2026-03-11", 9, 4).isoformat()), format="json")
    answers.append((r.status_code, r.json()))
    retry = body(kind="out", metres=1500, reason="客户现场", note="带了相机")
    clock.set("2026-03-11", 18, 2)
    r = api_student.post(URL, retry, format="json")
    answers.append((r.status_code, r.json()))
    r = api_student.post(URL, retry, format="json")
    answers.append((r.status_code, r.json()))
    clock.set("2026-03-13", 8, 0)
    r = api_student.post(URL, body(client_time=at("2026-03-12", 8, 57).isoformat(), offline=True, metres=800,
                                   accuracy_m=650), format="json")
    answers.append((r.status_code, r.json()))
    assert [code for code, _ in answers] == [201, 201, 200, 201]
    assert answers[1][1]["flags"] == ["outside_radius"] and answers[3][1]["offline"] is True
    for _code, answer in answers:
        assert answer == _detail(api_student, answer["id"])
        assert answer["student_name"] and answer["enterprise_name"] == placement.enterprise.name


def test_a_check_in_reads_only_the_placement_and_inserts(api_student, placement):
    """No lookup of the phone's id before the INSERT (the unique constraint finds a retry) and no read-back of
    the row for the answer: one SELECT of the placement with its workplace and enterprise, one INSERT (the
    test's transaction adds the savepoint of the service's atomic block)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from attendance.calendar import calendar_map

    assert api_student.get(URL).status_code == 200  # the user's roles, read once per request in a server
    calendar_map()  # kept by each process for a minute
    with CaptureQueriesContext(connection) as ctx:
        r = api_student.post(URL, body(), format="json")
    assert r.status_code == 201
    statements = [q["sql"].split(" ", 1)[0] for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]]
    assert statements == ["SELECT", "INSERT"], [q["sql"][:120] for q in ctx.captured_queries]


def test_a_retry_is_answered_with_its_row_even_when_it_would_now_be_refused(api_student, placement, clock):
    payload = body(client_time=at("2026-03-11", 9, 4).isoformat(), offline=True)
    first = api_student.post(URL, payload, format="json")
    assert first.status_code == 201
    placement.status = "completed"
    placement.save()
    clock.set("2026-03-14", 10, 0)  # and more than 72 hours after the phone made it
    again = api_student.post(URL, payload, format="json")
    assert again.status_code == 200 and again.json() == first.json()
    assert CheckIn.objects.count() == 1


def test_a_retry_with_a_photo_leaves_no_second_file(api_student, placement, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.curriculum.factories import PNG

    settings.MEDIA_ROOT = tmp_path
    payload = body()

    def post():
        return api_student.post(URL, {**payload, "photo": SimpleUploadedFile("p.png", PNG, content_type="image/png")},
                                format="multipart")

    assert (post().status_code, post().status_code) == (201, 200)
    # The retry's photo is stored before its INSERT fails on the phone's id: it must not stay behind.
    stored = [p for p in (tmp_path / "attendance").rglob("*") if p.is_file()]
    assert [p.relative_to(tmp_path).as_posix() for p in stored] == [CheckIn.objects.get().photo.name]


def test_no_two_apps_share_an_api_prefix():
    """config/urls.py enters an app's API by the first segment of the path: that decides nothing else only while
    no two apps register the same resource prefix (tests/platform/test_api_routing.py times the rest)."""
    import re
    from importlib import import_module

    from django.conf import settings

    owner: dict[str, str] = {}
    for app in settings.DOMAIN_APPS:
        for pattern in import_module(f"{app}.api.urls").urlpatterns:
            prefix = re.split(r"[/(.$]", str(pattern.pattern).lstrip("^"))[0]
            assert owner.setdefault(prefix, app) == app, f"{prefix} is an API prefix of {owner[prefix]} and {app}"


def test_the_prepared_active_placement_is_what_the_orm_reads(student, student2, placement, other_placement,
                                                             django_assert_num_queries):
    """services.active_placement_of runs its query compiled once (core/prepared.py): the same placement, with the
    same workplace (or none) and enterprise loaded, as the ORM's queryset; one query; None without one."""
    from attendance.models import Workplace
    from attendance.services import active_placement_of
    from internships.models import Placement

    def state(obj):
        return {k: v for k, v in vars(obj).items() if k != "_state"}

    Workplace.objects.filter(placement=other_placement).delete()  # a placement nobody has set a workplace for
    for user in (student, student2):
        orm = (Placement.objects.select_related("workplace", "enterprise")
               .filter(student_id=user.pk, status="active").first())
        with django_assert_num_queries(1):
            prepared = active_placement_of(user)
            related = {name: state(obj) for name, obj in prepared._state.fields_cache.items() if obj is not None}
        assert state(prepared) == state(orm)
        assert related == {name: state(obj) for name, obj in orm._state.fields_cache.items() if obj is not None}
        assert set(prepared._state.fields_cache) == set(orm._state.fields_cache) >= {"enterprise", "workplace"}
        assert ("workplace" in related) == (user == student)
    placement.status = "completed"
    placement.save()
    assert active_placement_of(student) is None
