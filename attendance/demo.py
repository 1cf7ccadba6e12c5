"""Demo attendance: four weeks of check-ins of the running placement, with what mentors must see.

Around the demo student's placement (internships/demo.py): a workplace in Beijing, check-ins and
check-outs of the last four weeks of working days (today is left for the visitor to check in), one
check-in away from the workplace with its reason (accepted), one kept offline and sent later, a day
of approved sick leave and a request still waiting, three absent days in a row, an evening that ran
past 22:00 (a night-work and an overtime breach), and the school mentor's visit to the studio.

Rows are keyed on natural keys (the check-ins on an id made from placement, day and kind), so a
second run of ``seed_demo`` changes nothing.
"""
from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from internships.choices import PlacementStatus
from internships.models import Placement

from .calendar import WorkWeek
from .choices import ApprovalOrder, BreachKind, CheckKind, FlagStatus, LeaveStatus, VisitMode
from .models import Absence, CheckIn, LeaveRequest, SupervisionVisit, WorkingTimeBreach, Workplace

WORK_LAT, WORK_LON = Decimal("39.915119"), Decimal("116.457032")  # 北京市朝阳区光华路
DEMO_IDS = uuid.UUID("6f0c2f3e-9a55-4c1b-8f5e-2a2b3c4d5e6f")


def _id(placement_id: int, day: datetime.date, kind: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_IDS, f"{placement_id}:{day.isoformat()}:{kind}")


def _at(day: datetime.date, hh: int, mm: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hh, mm)))


def _check(placement, day, kind, hh, mm, **extra) -> CheckIn:
    when = _at(day, hh, mm)
    row, _created = CheckIn.objects.get_or_create(client_id=_id(placement.pk, day, kind), defaults={
        "placement": placement, "kind": kind, "date": day, "at": when, "client_time": when,
        "server_time": extra.pop("server_time", when), "latitude": extra.pop("latitude", WORK_LAT + Decimal("0.0004")),
        "longitude": WORK_LON - Decimal("0.0003"), "accuracy_m": 18, "distance_m": extra.pop("distance_m", 52),
        **extra})
    return row


@transaction.atomic
def seed(ctx) -> None:
    _seed_college(ctx)
    student, teacher, staff = ctx.users.get("student"), ctx.users.get("teacher"), ctx.users.get("enterprise")
    placement = Placement.objects.filter(student=student, status=PlacementStatus.ACTIVE).first() if student else None
    if placement is None:
        return
    Workplace.objects.get_or_create(placement=placement, defaults={
        "address": "北京市朝阳区光华路 9 号 星河影业 3 层剪辑部", "latitude": WORK_LAT, "longitude": WORK_LON,
        "radius_m": 500, "updated_by": staff})
    today = timezone.localdate()
    week = WorkWeek()
    days = [d for d in week.working_days(max(placement.start_date, today - datetime.timedelta(days=28)),
                                         today - datetime.timedelta(days=1))]
    if len(days) < 14:
        return
    streak = days[-12:-9]  # three absent days in a row
    sick = days[-6]  # a day of approved sick leave
    flagged = days[-8]  # checked in from a client's set, 1.8 km away
    offline = days[-3]  # kept on the phone in the lift, sent two hours later
    late = days[-4]  # an evening edit that ran past 22:00
    for i, day in enumerate(days):
        if day in streak or day == sick:
            continue
        if day == flagged:
            _check(placement, day, CheckKind.IN, 9, 20, latitude=WORK_LAT + Decimal("0.016"), distance_m=1800,
                   flags=["outside_radius"], flag_status=FlagStatus.ACCEPTED, reason="今天在怀柔影视基地客户现场补拍",
                   reviewed_by=staff, reviewed_at=_at(day, 11, 0), review_note="确认在客户现场")
        elif day == offline:
            _check(placement, day, CheckKind.IN, 8, 57, offline=True, server_time=_at(day, 10, 58),
                   note="地下停车场没有信号")
        elif day == late:
            _check(placement, day, CheckKind.IN, 13, 0)
        else:
            _check(placement, day, CheckKind.IN, 8, 50 + i % 9)
        if day == late:
            out = _check(placement, day, CheckKind.OUT, 22, 40, note="赶样片交付")
            WorkingTimeBreach.objects.get_or_create(placement=placement, kind=BreachKind.NIGHT, date=day,
                                                    defaults={"hours": Decimal("0.67"), "check_in": out})
            WorkingTimeBreach.objects.get_or_create(placement=placement, kind=BreachKind.DAILY_HOURS, date=day,
                                                    defaults={"hours": Decimal("8.67"), "check_in": out})
        else:
            _check(placement, day, CheckKind.OUT, 18, i % 17)
    for n, day in enumerate(streak, start=1):
        Absence.objects.get_or_create(placement=placement, date=day, defaults={"streak": n})
    LeaveRequest.objects.get_or_create(placement=placement, start_date=sick, end_date=sick, defaults={
        "kind": "sick", "days": 1, "reason": "急性肠胃炎，已就医，附医院证明。",
        "approval_order": ApprovalOrder.ENTERPRISE_FIRST,
        "status": LeaveStatus.APPROVED, "enterprise_decided_by": staff, "enterprise_decided_at": _at(sick, 8, 30),
        "school_decided_by": teacher, "school_decided_at": _at(sick, 9, 10)})
    ahead = [d for d in week.working_days(today + datetime.timedelta(days=4), today + datetime.timedelta(days=14))
             if d <= placement.end_date]
    if ahead:
        LeaveRequest.objects.get_or_create(placement=placement, start_date=ahead[0], end_date=ahead[0], defaults={
            "kind": "school", "days": 1, "reason": "回校参加毕业设计中期答辩。",
            "approval_order": ApprovalOrder.ENTERPRISE_FIRST, "status": LeaveStatus.AWAITING_ENTERPRISE})
    if teacher is not None and placement.school_mentor_id == teacher.pk:
        visited = days[-7]
        visit, created = SupervisionVisit.objects.get_or_create(
            teacher=teacher, enterprise=placement.enterprise, visited_on=visited, defaults={
                "mode": VisitMode.ON_SITE,
                "findings": "实习岗位与协议一致；工位与设备齐全；企业导师每周点评两次。学生反映个别晚上加班赶片。",
                "follow_up": "已与企业沟通：实习生不安排 22:00 以后工作，加班须事先报学校。"})
        if created:
            visit.placements.add(placement)


def _seed_college(ctx) -> None:
    """Workplaces and the last two weeks of check-ins of the demo college's running placements
    (internships.demo._seed_college): most days in and out near the workplace, now and then a late arrival
    or a day with no check-in, so the attendance pages and the absence figures have something true to show.
    Bulk rows, once per placement, day and kind; made once (skipped when their workplaces exist)."""
    import random

    students = ctx.extra.get("students") or []
    placements = list(Placement.objects.filter(student__in=students, status=PlacementStatus.ACTIVE)
                      .select_related("enterprise").order_by("pk"))
    if not placements or Workplace.objects.filter(placement__in=placements).exists():
        return
    rng = random.Random(2030)
    today = timezone.localdate()
    days = list(WorkWeek().working_days(today - datetime.timedelta(days=14), today - datetime.timedelta(days=1)))
    Workplace.objects.bulk_create([
        Workplace(placement=p, address=f"{p.enterprise.name} 办公区", latitude=WORK_LAT + Decimal(i % 50) / 1000,
                  longitude=WORK_LON + Decimal(i % 37) / 1000, radius_m=500, updated_at=timezone.now())
        for i, p in enumerate(placements)])
    rows = []
    for i, p in enumerate(placements):
        lat, lon = WORK_LAT + Decimal(i % 50) / 1000, WORK_LON + Decimal(i % 37) / 1000
        for day in days:
            if day < p.start_date or rng.random() < 0.04:
                continue  # a day without a check-in
            arrive = rng.randint(30, 59) if rng.random() > 0.07 else 60 + rng.randint(10, 40)  # now and then late
            for kind, hh, mm in ((CheckKind.IN, 8, arrive), (CheckKind.OUT, 18, rng.randint(0, 40))):
                hh, mm = (hh + mm // 60, mm % 60)
                when = _at(day, hh, mm)
                rows.append(CheckIn(client_id=_id(p.pk, day, kind), placement=p, kind=kind, date=day, at=when,
                                    client_time=when, server_time=when, latitude=lat + Decimal("0.0003"),
                                    longitude=lon - Decimal("0.0002"), accuracy_m=rng.randint(8, 40),
                                    distance_m=rng.randint(10, 120)))
    CheckIn.objects.bulk_create(rows, batch_size=2000)
