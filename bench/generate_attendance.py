"""Attendance at scale for bench/generate.py: a year of check-ins of every placement that ran.

    entity                       scale 1   shape
    workplaces                    ~26,000  one per placement that ran, around a point of its city
    check-ins and check-outs   3,600,000   the last year of working days (Monday to Friday, the 2026
                                           holidays and make-up workdays of the calendar), most recent
                                           first: the window starts where the rows reach the target;
                                           written in date order, as a college fills the table
    absences                      ~2.5 %   of working days; rows with their streaks for the last 60 days
    leave                         ~1 %     of working days, approved single days
    flagged check-ins             ~2 %     outside the radius with a reason, mostly accepted
    offline check-ins             ~1 %     sent one to three hours later
    night work                    ~0.3 %   check-outs after 22:00, each with its two breaches
    supervision visits                     a third of this term's running placements visited, one visit
                                           per teacher and enterprise with all the mentees met there

The days are drawn by PostgreSQL itself (``INSERT ... SELECT`` over the placements and a table of the
window's working days, ``random()`` seeded by ``setseed`` so a run is repeatable): 36 million rows at
scale 10 would take most of an hour as Python-made COPY text. The check-in table's secondary indexes
are built once after the load. Today is left free, so the check-in load test (bench/checkins.py)
finds every active student still to check in.
"""
from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections import defaultdict

# The cities of bench/generate.py with a point in each (WGS-84).
CITY_POINTS = [(39.9042, 116.4074), (31.2304, 121.4737), (30.2741, 120.1551), (22.5431, 114.0579),
               (23.1291, 113.2644), (30.5728, 104.0668), (28.2282, 112.9388), (32.0603, 118.7969),
               (30.5928, 114.3055), (34.3416, 108.9398), (24.4798, 118.0894), (29.5630, 106.5516),
               (31.2990, 120.5853), (36.0671, 120.3826), (31.8206, 117.2272)]
ABSENT, LEAVE, FLAGGED, OFFLINE, NIGHT = 0.025, 0.01, 0.02, 0.01, 0.003
REASONS = ["在客户现场拍摄", "外出采景", "随导演组去片场", "在合作方机房渲染", "参加行业展会"]


def _calendar(cur) -> dict[dt.date, str]:
    cur.execute("SELECT date, kind FROM attendance_calendarday")
    return dict(cur.fetchall())


def _working(day: dt.date, cal: dict) -> bool:
    kind = cal.get(day)
    if kind == "holiday":
        return False
    return kind == "workday" or day.weekday() < 5


def _secondary_indexes(cur, table: str) -> tuple[list, list]:
    """Drop the unique constraints and indexes of ``table`` but its primary key; returns their definitions."""
    cur.execute("""SELECT c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
                    WHERE c.conrelid = %s::regclass AND c.contype = 'u'""", [table])
    uniques = cur.fetchall()
    cur.execute("""SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = %s
                    AND i.indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)""",
                [table, table])
    indexes = cur.fetchall()
    for name, _sql in uniques:
        cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _sql in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    return uniques, indexes


def _rebuild(cur, table: str, uniques: list, indexes: list) -> None:
    """The definitions read from the catalogue replayed exactly: the table ends as its migrations made it."""
    cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign-key checks of the new rows, now
    for name, definition in uniques:
        cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    for _name, definition in indexes:
        cur.execute(definition)
    cur.execute("SET CONSTRAINTS ALL DEFERRED")


# One row per placement and working day of the window, with the draws that decide the day.
_DAYS_SQL = """
CREATE TEMP TABLE att_day ON COMMIT DROP AS
SELECT p.id AS pk, p.school_mentor_id AS mentor, p.enterprise_mentor_id AS ementor, c.day, c.ordinal,
       random() AS fate, random() AS a, random() AS b, random() AS flag, random() AS late, random() AS night
  FROM internships_placement p
  JOIN att_cal c ON c.day >= p.start_date AND c.day <= p.end_date
 WHERE p.status IN ('active', 'completed', 'terminated') AND p.start_date <= %(yesterday)s
"""

# In and out of every present day, in date order (the order a college fills the table in).
_CHECKINS_SQL = """
INSERT INTO attendance_checkin (client_id, placement_id, kind, date, at, client_time, server_time, offline, latitude,
                                longitude, accuracy_m, distance_m, flags, flag_status, reason, note, photo,
                                review_note)
SELECT gen_random_uuid(), d.pk, k.kind, d.day, t.at, t.at,
       t.at + CASE WHEN k.kind = 'in' AND d.late < %(offline)s THEN interval '1 hour' * (1 + 2 * d.b)
                   ELSE interval '0' END,
       k.kind = 'in' AND d.late < %(offline)s,
       round((w.latitude + t.dist / 111195.0)::numeric, 6), w.longitude, 8 + floor(d.b * 52)::int, t.dist,
       CASE WHEN t.far THEN ARRAY['outside_radius']::varchar[] ELSE '{}'::varchar[] END,
       CASE WHEN NOT t.far THEN 'none' WHEN d.b < 0.85 THEN 'accepted' WHEN d.b < 0.95 THEN 'open'
            ELSE 'rejected' END,
       CASE WHEN t.far THEN (%(reasons)s)[1 + floor(d.a * %(n_reasons)s)::int] ELSE '' END, '', '', ''
  FROM att_day d
  JOIN attendance_workplace w ON w.placement_id = d.pk
 CROSS JOIN (VALUES ('in'), ('out')) AS k(kind)
 CROSS JOIN LATERAL (
       SELECT CASE WHEN k.kind = 'in' THEN d.day + time '08:40' + interval '1 second' * floor(d.a * 2100)
                   WHEN d.night < %(night)s THEN d.day + time '22:10' + interval '1 minute' * floor(d.b * 45)
                   ELSE d.day + time '17:55' + interval '1 minute' * floor(d.b * 40) END AS at,
              k.kind = 'in' AND d.flag < %(flagged)s AS far,
              CASE WHEN k.kind = 'in' AND d.flag < %(flagged)s THEN 600 + floor(d.a * 2400)::int
                   ELSE floor(d.b * 300)::int END AS dist) AS t
 WHERE d.fate >= %(absent_or_leave)s
 ORDER BY d.day, d.pk, k.kind
"""

# Absent days with their streaks (gaps and islands over the working-day ordinal), the last 60 days kept.
_ABSENCES_SQL = """
INSERT INTO attendance_absence (placement_id, date, streak, created_at)
SELECT pk, day, streak, day + interval '1 day 10 hours'
  FROM (SELECT pk, day, row_number() OVER (PARTITION BY pk, island ORDER BY ordinal) AS streak
          FROM (SELECT pk, day, ordinal, ordinal - row_number() OVER (PARTITION BY pk ORDER BY ordinal) AS island
                  FROM att_day WHERE fate < %(absent)s) a) s
 WHERE day >= %(recent)s
"""

_LEAVE_SQL = """
INSERT INTO attendance_leaverequest (placement_id, kind, start_date, end_date, half_day, days, reason, approval_order,
                                     status, school_decided_by_id, enterprise_decided_by_id, school_decided_at,
                                     enterprise_decided_at, created_at, updated_at, refusal_reason, attachment)
SELECT pk, (ARRAY['sick', 'personal', 'school'])[1 + floor(a * 3)::int], day, day, 'full', 1, '请假一天',
       'enterprise_first', 'approved', mentor, ementor, day + time '09:30', day + time '08:30', day + time '08:00',
       day + time '09:30', '', ''
  FROM att_day WHERE fate >= %(absent)s AND fate < %(absent_or_leave)s
"""

_BREACHES_SQL = """
INSERT INTO attendance_workingtimebreach (placement_id, kind, date, hours, check_in_id, status, note, created_at)
SELECT c.placement_id, b.kind,  c.date,
       round((CASE WHEN b.kind = 'night' THEN extract(epoch FROM c.at - (c.date + time '22:00')) / 3600
                   ELSE extract(epoch FROM c.at - i.at) / 3600 - 1 END)::numeric, 2),
       c.id, CASE WHEN c.date < %(fortnight)s THEN 'acknowledged' ELSE 'open' END,
       CASE WHEN c.date < %(fortnight)s THEN '已提醒企业不安排夜间工作' ELSE '' END, c.date + time '23:00'
  FROM attendance_checkin c
  JOIN attendance_checkin i ON i.placement_id = c.placement_id AND i.date = c.date AND i.kind = 'in'
 CROSS JOIN (VALUES ('night'), ('daily_hours')) AS b(kind)
 WHERE c.kind = 'out' AND c.at >= c.date + time '22:00'
"""


def generate_attendance(w, log) -> None:
    rng, load, cur, today = w.rng, w.load, w.cur, w.today
    target = w.n["check_ins"]
    cal = _calendar(cur)
    yesterday = today - dt.timedelta(days=1)
    year_ago = today - dt.timedelta(days=365)
    ran = [p for p in w.placements if p[6] in ("active", "completed", "terminated") and p[7] <= yesterday]
    days = [year_ago + dt.timedelta(days=i) for i in range((yesterday - year_ago).days + 1)]
    working = [d for d in days if _working(d, cal)]

    def rows_from(cutoff: dt.date) -> float:
        total = 0
        for p in ran:
            first, last = max(p[7], cutoff), min(p[8], yesterday)
            if first <= last:
                total += bisect_right(working, last) - bisect_right(working, first - dt.timedelta(days=1))
        return total * 2 * (1 - ABSENT - LEAVE)

    lo, hi = 0, len(working) - 1
    while lo < hi:  # the latest cutoff whose window still holds the target
        mid = (lo + hi + 1) // 2
        if rows_from(working[mid]) >= target:
            lo = mid
        else:
            hi = mid - 1
    window = working[lo:]
    log(f"attendance: check-ins from {window[0]} ({rows_from(window[0]):,.0f} rows expected)")

    ent_point = {e: CITY_POINTS[i % len(CITY_POINTS)] for i, e in enumerate(w.ent_ids)}
    where = {}
    for p in ran:
        lat, lon = ent_point[p[2]]
        where[p[0]] = (round(lat + rng.uniform(-0.08, 0.08), 6), round(lon + rng.uniform(-0.08, 0.08), 6))
    load.copy("attendance_workplace",
              ["placement_id", "address", "latitude", "longitude", "radius_m", "work_start", "work_end",
               "break_minutes", "weekdays", "follows_public_calendar", "updated_at"],
              ((p[0], f"园区 {p[0] % 97 + 1} 号楼", where[p[0]][0], where[p[0]][1], 500, "09:00", "18:00", 60, "12345",
                True, w.now) for p in ran))

    # Times of day below are the college's clock (a day plus a time of day is read in the session's zone).
    cur.execute("SET TIME ZONE 'Asia/Shanghai'")
    # The window's working days, numbered, so consecutive absences are consecutive numbers.
    cur.execute("CREATE TEMP TABLE att_cal (day date PRIMARY KEY, ordinal int NOT NULL) ON COMMIT DROP")
    cur.executemany("INSERT INTO att_cal VALUES (%s, %s)", [(d, i) for i, d in enumerate(window)])
    cur.execute("SELECT setseed(%s)", [(w.rng.random() * 2) - 1])
    cur.execute(_DAYS_SQL, {"yesterday": yesterday})
    uniques, indexes = _secondary_indexes(cur, "attendance_checkin")
    cur.execute(_CHECKINS_SQL, {"offline": OFFLINE, "night": NIGHT, "flagged": FLAGGED, "reasons": REASONS,
                                "n_reasons": len(REASONS), "absent_or_leave": ABSENT + LEAVE})
    total = cur.rowcount
    _rebuild(cur, "attendance_checkin", uniques, indexes)
    load.loaded["attendance_checkin"] = total
    cur.execute(_ABSENCES_SQL, {"absent": ABSENT, "recent": today - dt.timedelta(days=60)})
    load.loaded["attendance_absence"] = absences = cur.rowcount
    cur.execute(_LEAVE_SQL, {"absent": ABSENT, "absent_or_leave": ABSENT + LEAVE})
    load.loaded["attendance_leaverequest"] = leaves = cur.rowcount
    cur.execute(_BREACHES_SQL, {"fortnight": today - dt.timedelta(days=14)})
    load.loaded["attendance_workingtimebreach"] = breaches = cur.rowcount
    cur.execute("DROP TABLE att_day")
    cur.execute("DROP TABLE att_cal")

    # Supervision visits this term: a third of the running placements, grouped by teacher and enterprise.
    from attendance.calendar import term_of

    _label, term_start, _term_end = term_of(today)
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for p in ran:
        if p[6] == "active" and p[0] % 3 == 0 and p[9] is not None:
            groups[(p[9], p[2])].append(p[0])
    visits, links = [], []
    stamp = dt.datetime.combine(yesterday, dt.time(17), dt.timezone(dt.timedelta(hours=8)))
    for vid, ((teacher, ent), pks) in enumerate(sorted(groups.items()), start=1):
        day = min(max(term_start, today - dt.timedelta(days=rng.randint(1, 60))), yesterday)
        visits.append((vid, teacher, ent, day, rng.choice(["on_site", "on_site", "online"]),
                       "岗位与协议一致，导师指导到位。", "", stamp, stamp))
        links.extend((vid, pk) for pk in pks)
    load.copy("attendance_supervisionvisit",
              ["id", "teacher_id", "enterprise_id", "visited_on", "mode", "findings", "follow_up", "created_at",
               "updated_at"], visits)
    load.copy("attendance_supervisionvisit_placements", ["supervisionvisit_id", "placement_id"], links)
    log(f"attendance: {len(ran):,} workplaces, {total:,} check-ins, {absences:,} absences (last 60 days), "
        f"{leaves:,} leave days, {breaches:,} breaches, {len(visits):,} visits")
