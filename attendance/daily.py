"""The daily attendance job: close the past days into absences, then tell each person once.

Beat starts ``attendance.run_daily`` every ten minutes; the job does its work once a day, at the
first start after the college's reminder time (``AttendanceRules.reminder_time``). The ``JobRun``
row of the day is the lock: whichever worker inserts it runs, every other start finds it and stops.

1. **Absences, set-based.** Every working day since the last run that has passed is closed with
   one ``INSERT ... SELECT`` per working week in use (most placements share Monday to Friday):
   each active placement without a check-in (a rejected one does not count) or an approved
   full-day leave gets its ``Absence``, with the streak carried from the working day before.
   ``ON CONFLICT DO NOTHING`` makes a re-run harmless.
2. **One notice per person and day** (``Notice``, unique on recipient and day): a student without
   a check-in yet today is reminded; a school mentor hears of mentees absent
   ``streak_mentor_days`` or more days in a row; college admins of students absent
   ``streak_admin_days`` or more (and of interns without a school mentor); on Mondays, a school
   mentor of the active placements not yet visited this term. Everything for one person goes into
   their one notice, whose event (``attendance.notice.<kind>``) the notification host turns into
   one message. Only ids and counts are stored; pages show the names.
"""
from __future__ import annotations

import datetime
import logging
from collections import defaultdict

from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.choices import Role
from accounts.models import Membership, User
from core.events import emit
from internships.choices import PlacementStatus
from internships.models import Placement

from .calendar import WorkWeek, calendar_map, term_of
from .choices import NoticeKind
from .models import DEFAULT_WEEKDAYS, Absence, AttendanceRules, JobRun, Notice

log = logging.getLogger(__name__)

# A run closes at most this many past days (a beat that was down for a month does not flood anyone).
MAX_CATCH_UP_DAYS = 7
# Notice kinds, most important first: a notice is named after the most important thing it carries.
PRIORITY = [NoticeKind.LONG_ABSENCE, NoticeKind.ABSENCE_STREAK, NoticeKind.VISIT_DUE, NoticeKind.MISSING_CHECK_IN]
# A placement is due a visit reminder once it has run this long in the term.
VISIT_GRACE = datetime.timedelta(days=28)

_WEEKS_SQL = """
    SELECT DISTINCT COALESCE(w.weekdays, %(default_weekdays)s), COALESCE(w.follows_public_calendar, TRUE)
      FROM internships_placement p LEFT JOIN attendance_workplace w ON w.placement_id = p.id
     WHERE p.status = 'active' AND p.start_date <= %(day)s AND p.end_date >= %(day)s
"""

# The active placements of one working week that have no check-in that counts on %(day)s.
_OF_WEEK = """
      FROM internships_placement p
      LEFT JOIN attendance_workplace w ON w.placement_id = p.id
      {joins}
     WHERE p.status = 'active' AND p.start_date <= %(day)s AND p.end_date >= %(day)s
       AND COALESCE(w.weekdays, %(default_weekdays)s) = %(weekdays)s
       AND COALESCE(w.follows_public_calendar, TRUE) = %(follows)s
       AND NOT EXISTS (SELECT 1 FROM attendance_checkin c
                        WHERE c.placement_id = p.id AND c.date = %(day)s AND c.kind = 'in'
                          AND c.flag_status <> 'rejected')
"""

# A closed day: absent unless on approved full-day leave; the streak continues from the working day before.
_CLOSE_SQL = """
    INSERT INTO attendance_absence (placement_id, date, streak, created_at)
    SELECT p.id, %(day)s, COALESCE(prev.streak, 0) + 1, %(now)s""" + _OF_WEEK.format(
    joins="LEFT JOIN attendance_absence prev ON prev.placement_id = p.id AND prev.date = %(prev)s") + """
       AND NOT EXISTS (SELECT 1 FROM attendance_leaverequest l
                        WHERE l.placement_id = p.id AND l.status = 'approved' AND l.half_day = 'full'
                          AND l.start_date <= %(day)s AND l.end_date >= %(day)s)
    ON CONFLICT (placement_id, date) DO NOTHING
"""

# Today, before the day is over: no check-in yet and no leave of any length today.
_MISSING_SQL = "SELECT p.id, p.student_id" + _OF_WEEK.format(joins="") + """
       AND NOT EXISTS (SELECT 1 FROM attendance_leaverequest l
                        WHERE l.placement_id = p.id AND l.status = 'approved'
                          AND l.start_date <= %(day)s AND l.end_date >= %(day)s)
"""


def _weeks_in_use(cur, day: datetime.date) -> list[WorkWeek]:
    cur.execute(_WEEKS_SQL, {"day": day, "default_weekdays": DEFAULT_WEEKDAYS})
    return [WorkWeek(weekdays, follows) for weekdays, follows in cur.fetchall()]


def close_day(day: datetime.date, *, now: datetime.datetime | None = None) -> int:
    """Record the absences of one past day; returns how many were new."""
    cal = calendar_map()
    now = now or timezone.now()
    total = 0
    with connection.cursor() as cur:
        for week in _weeks_in_use(cur, day):
            if not week.is_working_day(day, cal):
                continue
            cur.execute(_CLOSE_SQL, {"day": day, "prev": week.previous_working_day(day, cal), "now": now,
                                     "weekdays": week.weekdays, "follows": week.follows_public_calendar,
                                     "default_weekdays": DEFAULT_WEEKDAYS})
            total += cur.rowcount
    return total


def missing_check_ins(day: datetime.date) -> list[tuple[int, int]]:
    """(placement id, student id) of every active placement working ``day`` with no check-in yet."""
    cal = calendar_map()
    rows: list[tuple[int, int]] = []
    with connection.cursor() as cur:
        for week in _weeks_in_use(cur, day):
            if week.is_working_day(day, cal):
                cur.execute(_MISSING_SQL, {"day": day, "weekdays": week.weekdays, "default_weekdays": DEFAULT_WEEKDAYS,
                                           "follows": week.follows_public_calendar})
                rows.extend(cur.fetchall())
    return rows


def college_admin_ids() -> list[int]:
    ids = set(Membership.objects.in_force().filter(role=Role.COLLEGE_ADMIN).values_list("user_id", flat=True))
    ids |= set(User.objects.filter(is_superuser=True, is_active=True).values_list("pk", flat=True))
    return sorted(ids)


def unvisited_placements(term_start: datetime.date, term_end: datetime.date, required: int,
                         today: datetime.date) -> list[tuple[int, int | None]]:
    """(placement id, school mentor id) of the active placements visited fewer than ``required`` times this term."""
    if required <= 0:
        return []
    return list(
        Placement.objects.filter(status=PlacementStatus.ACTIVE, start_date__lte=today - VISIT_GRACE,
                                 end_date__gte=term_start)
        .annotate(visits=Count("supervision_visits", filter=Q(supervision_visits__visited_on__gte=term_start,
                                                               supervision_visits__visited_on__lte=term_end)))
        .filter(visits__lt=required).values_list("pk", "school_mentor_id"))


def _days_to_close(today: datetime.date, this_run: JobRun) -> list[datetime.date]:
    last = JobRun.objects.exclude(pk=this_run.pk).filter(day__lt=today).order_by("-day").values_list(
        "day", flat=True).first()
    first = max(last or today - datetime.timedelta(days=1), today - datetime.timedelta(days=MAX_CATCH_UP_DAYS))
    return [first + datetime.timedelta(days=i) for i in range((today - first).days)]


def run_daily(*, now: datetime.datetime | None = None, force: bool = False) -> dict | None:
    """The day's run, once: ``None`` when it is not yet time or another start already ran it."""
    now = timezone.localtime(now or timezone.now())
    rules = AttendanceRules.current()
    today = now.date()
    if not force and now.time() < rules.reminder_time:
        return None
    with transaction.atomic():
        run, created = JobRun.objects.get_or_create(day=today)
        if not created:
            return None
        closed_days = _days_to_close(today, run)
        absences = sum(close_day(day, now=now) for day in closed_days)
        notices = _notify(today, closed_days, rules, run)
        run.finished_at = timezone.now()
        run.stats = {"closed_days": [d.isoformat() for d in closed_days], "absences": absences, **notices}
        run.save(update_fields=["finished_at", "stats"])
    log.info("attendance daily run %s: %s", today, run.stats)
    return run.stats


def _notify(today: datetime.date, closed_days: list[datetime.date], rules: AttendanceRules, run: JobRun) -> dict:
    items: dict[int, list[dict]] = defaultdict(list)
    missing = missing_check_ins(today)
    for placement_id, student_id in missing:
        items[student_id].append({"kind": NoticeKind.MISSING_CHECK_IN.value, "placement": placement_id})

    streak_rows = list(Absence.objects.filter(date__in=closed_days, streak__gte=min(rules.streak_mentor_days,
                                                                                   rules.streak_admin_days))
                       .order_by("placement_id", "-date")
                       .values_list("placement_id", "streak", "placement__school_mentor_id"))
    longest: dict[int, tuple[int, int | None]] = {}
    for placement_id, streak, mentor_id in streak_rows:
        if placement_id not in longest or streak > longest[placement_id][0]:
            longest[placement_id] = (streak, mentor_id)
    by_mentor: dict[int | None, list[dict]] = defaultdict(list)
    long_ones = []
    for placement_id, (streak, mentor_id) in sorted(longest.items()):
        if streak >= rules.streak_mentor_days:
            by_mentor[mentor_id].append({"placement": placement_id, "days": streak})
        if streak >= rules.streak_admin_days:
            long_ones.append({"placement": placement_id, "days": streak})
    unmentored = by_mentor.pop(None, [])
    for mentor_id, rows in by_mentor.items():
        items[mentor_id].append({"kind": NoticeKind.ABSENCE_STREAK.value, "placements": rows})
    admins = college_admin_ids()
    if long_ones or unmentored:
        for admin_id in admins:
            items[admin_id].append({"kind": NoticeKind.LONG_ABSENCE.value, "placements": long_ones[:200],
                                    "count": len(long_ones), "unmentored": unmentored[:200]})

    visit_rows = []
    if today.weekday() == 0:
        _label, term_start, term_end = term_of(today)
        visit_rows = unvisited_placements(term_start, term_end, rules.visits_per_placement, today)
        due: dict[int, list[int]] = defaultdict(list)
        for placement_id, mentor_id in visit_rows:
            if mentor_id is not None:
                due[mentor_id].append(placement_id)
        for mentor_id, ids in due.items():
            items[mentor_id].append({"kind": NoticeKind.VISIT_DUE.value, "placements": ids[:200],
                                     "count": len(ids)})

    notices = [Notice(recipient_id=user_id, day=today, run=run, items=rows,
                      kind=min((r["kind"] for r in rows), key=lambda k: PRIORITY.index(NoticeKind(k))))
               for user_id, rows in items.items()]
    Notice.objects.bulk_create(notices, batch_size=2000, ignore_conflicts=True)
    made = Notice.objects.filter(run=run).only("pk", "kind", "recipient_id")
    count = 0
    for notice in made.iterator(chunk_size=2000):
        emit(f"attendance.notice.{notice.kind}", notice, actor=None, recipient_id=notice.recipient_id)
        count += 1
    return {"missing_check_ins": len(missing), "streaks": len(longest), "long_absences": len(long_ones),
            "visits_due": len(visit_rows), "notices": count}
