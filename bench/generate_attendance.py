"""Attendance at scale for bench/generate.py: a year of check-ins of every placement that ran.

    entity                       scale 1   shape
    workplaces                    ~26,000  one per placement that ran, 500 m around a point of its city
    check-ins and check-outs   3,600,000   the last year of working days (Monday to Friday, the 2026
                                           holidays and make-up workdays of the calendar), most recent
                                           first: the window starts where the rows reach the target;
                                           written in date order, as a college fills the table
    absences                      ~2.5 %   of working days; rows with their streaks for the last 60 days
    leave                         ~1 %     of working days, approved (a few still waiting ahead)
    flagged check-ins             ~2 %     outside the radius with a reason, mostly accepted
    offline check-ins             ~1 %     sent one to three hours later
    night work                    ~0.3 %   check-outs after 22:00, each with its two breaches
    supervision visits                     a third of this term's running placements visited, one visit
                                           per teacher and enterprise with all the mentees met there

Today is left free, so the check-in load test (bench/checkins.py) finds every active student still to
check in. Ids are assigned here; bench/generate.py moves the sequences past them.
"""
from __future__ import annotations

import datetime as dt
import io
from bisect import bisect_right
from collections import defaultdict

# The cities of bench/generate.py with a point in each (WGS-84).
CITY_POINTS = [(39.9042, 116.4074), (31.2304, 121.4737), (30.2741, 120.1551), (22.5431, 114.0579),
               (23.1291, 113.2644), (30.5728, 104.0668), (28.2282, 112.9388), (32.0603, 118.7969),
               (30.5928, 114.3055), (34.3416, 108.9398), (24.4798, 118.0894), (29.5630, 106.5516),
               (31.2990, 120.5853), (36.0671, 120.3826), (31.8206, 117.2272)]
ABSENT, LEAVE, FLAGGED, OFFLINE, NIGHT = 0.025, 0.01, 0.02, 0.01, 0.003
REASONS = ["在客户现场拍摄", "外出采景", "随导演组去片场", "在合作方机房渲染", "参加行业展会"]
TZ = dt.timezone(dt.timedelta(hours=8))


def _calendar(cur) -> dict[dt.date, str]:
    cur.execute("SELECT date, kind FROM attendance_calendarday")
    return dict(cur.fetchall())


def _working(day: dt.date, cal: dict) -> bool:
    kind = cal.get(day)
    if kind == "holiday":
        return False
    return kind == "workday" or day.weekday() < 5


def _copy_lines(cur, table: str, columns: list[str], lines, chunk: int = 100_000) -> int:
    """COPY ready-made text lines into ``table``, its secondary indexes built once afterwards.

    Maintaining five B-trees row by row took most of the load; the definitions are read from the
    catalogue and replayed exactly, so the table ends as its migrations made it.
    """
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
    sql = f"COPY {table} ({', '.join(chr(34) + c + chr(34) for c in columns)}) FROM STDIN"
    total, buf, n = 0, io.StringIO(), 0
    for line in lines:
        buf.write(line)
        n += 1
        if n >= chunk:
            buf.seek(0)
            cur.copy_expert(sql, buf)
            total, buf, n = total + n, io.StringIO(), 0
    if n:
        buf.seek(0)
        cur.copy_expert(sql, buf)
        total += n
    cur.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred foreign-key checks of the rows, now
    for name, definition in uniques:
        cur.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    cur.execute("SET CONSTRAINTS ALL DEFERRED")
    for _name, definition in indexes:
        cur.execute(definition)
    return total


def generate_attendance(w, log) -> None:
    rng, load, cur, today = w.rng, w.load, w.cur, w.today
    target = w.n["check_ins"]
    cal = _calendar(cur)
    yesterday = today - dt.timedelta(days=1)
    year_ago = today - dt.timedelta(days=365)
    ran = [p for p in w.placements if p[6] in ("active", "completed", "terminated") and p[7] <= yesterday]

    # Working days from each date to yesterday, to find the window that holds the target rows.
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
    cutoff = working[lo]
    log(f"attendance: check-ins from {cutoff} ({rows_from(cutoff):,.0f} rows expected)")

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

    starting: dict[dt.date, list] = defaultdict(list)
    for p in ran:
        starting[max(p[7], cutoff)].append(p)
    leaves, absences, breaches = [], [], []
    streak: dict[int, tuple[dt.date, int]] = {}
    recent = today - dt.timedelta(days=60)
    prev_working: dt.date | None = None
    counter = {"id": 0}

    def stamp(day: dt.date, hh: int, mm: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hh, mm), TZ)

    def text(at: dt.datetime) -> str:
        return f"{at:%Y-%m-%d %H:%M:%S}+08"

    def checkin_lines():
        """COPY text lines, written here rather than value by value (3.6 million rows at scale 1)."""
        active: dict[int, tuple] = {}
        day = cutoff
        nonlocal prev_working
        while day <= yesterday:
            for p in starting.get(day, ()):
                active[p[0]] = p
            if _working(day, cal):
                iso = day.isoformat()
                for pk in list(active):
                    p = active[pk]
                    if p[8] < day:
                        del active[pk]
                        continue
                    r = rng.random()
                    if r < ABSENT:
                        last = streak.get(pk)
                        n = last[1] + 1 if last and last[0] == prev_working else 1
                        streak[pk] = (day, n)
                        if day >= recent:
                            absences.append((pk, day, n, stamp(day + dt.timedelta(days=1), 10, 0)))
                        continue
                    if r < ABSENT + LEAVE:
                        leaves.append((pk, p[9], p[10], day))
                        continue
                    lat, lon = where[pk]
                    in_at = stamp(day, 8, 40) + dt.timedelta(seconds=rng.randrange(35 * 60))
                    night = rng.random() < NIGHT
                    out_at = stamp(day, 22, 10) + dt.timedelta(minutes=rng.randrange(45)) if night else \
                        stamp(day, 17, 55) + dt.timedelta(minutes=rng.randrange(40))
                    flagged = rng.random() < FLAGGED
                    offline = rng.random() < OFFLINE
                    for kind, at in (("in", in_at), ("out", out_at)):
                        counter["id"] += 1
                        far = flagged and kind == "in"
                        dist = rng.randint(600, 3000) if far else rng.randrange(300)
                        late = offline and kind == "in"
                        server = at + dt.timedelta(minutes=rng.randint(60, 180)) if late else at
                        u = f"{rng.getrandbits(128):032x}"
                        status = rng.choices(("accepted", "open", "rejected"), (85, 10, 5))[0] if far else "none"
                        yield (f"{counter['id']}\t{u[:8]}-{u[8:12]}-4{u[13:16]}-a{u[17:20]}-{u[20:]}\t{pk}\t{kind}\t"
                               f"{iso}\t{text(at)}\t{text(at)}\t{text(server)}\t{'t' if late else 'f'}\t"
                               f"{lat + dist / 111_195:.6f}\t{lon:.6f}\t{8 + rng.randrange(52)}\t{dist}\t"
                               f"{'{outside_radius}' if far else '{}'}\t{status}\t"
                               f"{rng.choice(REASONS) if far else ''}\t\t\t\n")
                    if night:
                        worked = (out_at - in_at).total_seconds() / 3600 - 1
                        night_h = (out_at - stamp(day, 22, 0)).total_seconds() / 3600
                        for kind, hours in (("night", night_h), ("daily_hours", worked)):
                            breaches.append((pk, kind, day, round(hours, 2), counter["id"]))
                prev_working = day
            day += dt.timedelta(days=1)

    total = _copy_lines(cur, "attendance_checkin",
                        ["id", "client_id", "placement_id", "kind", "date", "at", "client_time", "server_time",
                         "offline", "latitude", "longitude", "accuracy_m", "distance_m", "flags", "flag_status",
                         "reason", "note", "photo", "review_note"], checkin_lines())
    load.loaded["attendance_checkin"] = total
    load.copy("attendance_absence", ["placement_id", "date", "streak", "created_at"], absences)
    load.copy("attendance_leaverequest",
              ["placement_id", "kind", "start_date", "end_date", "half_day", "days", "reason", "approval_order",
               "status", "school_decided_by_id", "enterprise_decided_by_id", "school_decided_at",
               "enterprise_decided_at", "created_at", "updated_at"],
              ((pk, rng.choice(["sick", "personal", "school"]), day, day, "full", 1, "请假一天", "enterprise_first",
                "approved", mentor, ementor, stamp(day, 9, 30), stamp(day, 8, 30), stamp(day, 8, 0), stamp(day, 9, 30))
               for pk, mentor, ementor, day in leaves))
    load.copy("attendance_workingtimebreach",
              ["placement_id", "kind", "date", "hours", "check_in_id", "status", "note", "created_at"],
              ((pk, kind, day, hours, cid, "acknowledged" if day < today - dt.timedelta(days=14) else "open",
                "已提醒企业不安排夜间工作" if day < today - dt.timedelta(days=14) else "", stamp(day, 23, 0))
               for pk, kind, day, hours, cid in breaches))

    # Supervision visits this term: a third of the running placements, grouped by teacher and enterprise.
    from attendance.calendar import term_of

    _label, term_start, _term_end = term_of(today)
    groups: dict[tuple[int, int], list[int]] = defaultdict(list)
    for p in ran:
        if p[6] == "active" and p[0] % 3 == 0:
            groups[(p[9], p[2])].append(p[0])
    visits, links = [], []
    for vid, ((teacher, ent), pks) in enumerate(sorted(groups.items()), start=1):
        day = max(term_start, today - dt.timedelta(days=rng.randint(1, 60)))
        if day > yesterday:
            day = yesterday
        visits.append((vid, teacher, ent, day, rng.choice(["on_site", "on_site", "online"]),
                       "岗位与协议一致，导师指导到位。", "", stamp(day, 17, 0), stamp(day, 17, 0)))
        links.extend((vid, pk) for pk in pks)
    load.copy("attendance_supervisionvisit",
              ["id", "teacher_id", "enterprise_id", "visited_on", "mode", "findings", "follow_up", "created_at",
               "updated_at"], visits)
    load.copy("attendance_supervisionvisit_placements", ["supervisionvisit_id", "placement_id"], links)
    log(f"attendance: {len(ran):,} workplaces, {total:,} check-ins, {len(absences):,} absences (last 60 days), "
        f"{len(leaves):,} leave days, {len(breaches):,} breaches, {len(visits):,} visits")
