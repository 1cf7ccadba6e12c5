"""Generate a large, realistic data set for benchmarks (not a test, never run by pytest).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/iei_bench
    python -m bench.generate --scale 1            # one large college
    python -m bench.generate --scale 10           # a province

Scale 1 is one large college:

    entity                     scale 1   shape
    students / teachers   20,000 / 800   Chinese names, valid ID numbers, 6 departments
    enterprises                  1,000   log-normal staff counts, 8 segments, 10 % certified
    agreements                   3,000   Zipf over enterprises, mostly active or expired
    postings / applications  10k / 100k  Zipf over enterprises and over postings
    placements / weekly logs 30k / 600k  within posting slots, one current per student
    bookings / expenditures  50k / 100k  never overlapping, never overspent
    competencies                   120   five categories (art, technology, innovation, collaboration,
                                         professional), six new AIGC ones no course covers yet (gaps)
    programmes          18 (12 majors)   one approved version per major for this cohort, four replacing
                                         an older version (previous), next cohort's in review or draft
    courses                        600   3 modules per major + college-wide ones, owners by Zipf rank,
                                         2-8 competencies each (coverage), revisions, a quarter stale
                                         (last change before the course_stale cutoff), in the programmes
    job posts                      300   Zipf over enterprises or industry-wide, 2-6 competencies each
    postings' competencies     ~30,000   from the post of each posting (the demand of the coverage analysis)
    industry projects              400   Zipf over enterprises, milestones, members; 150 adopted as course
                                         projects with ~450 teams, ~2,000 members and their grades
    competitions / certificates  40 / 60 with competencies and courses (岗课赛证)
    student achievements        20,000   a few students collect many; 75 % verified
    notifications              200,000   Zipf over users (bench-admin, -teacher-1, -enterprise-1, -student-1
                                         the busiest), one kind mix per role, most read, each user's newest
                                         unread; their ReminderLog rows and ~1,500 preferences
    KPI snapshots                   12   monthly, ending in this month's figures of the generated data
    check-ins                3,600,000   a year of check-ins and check-outs, with workplaces, absences, leave,
                                         breaches and visits (bench/generate_attendance.py)

Every count grows linearly with the scale, at least 1 (fractions allowed, e.g. 0.05 for a quick try);
the 12 KPI months and the competency catalogue do not: a province's colleges share one competency
standard (the ministry's professional standard of the field), they do not each invent their own.

The target database is migrated first, then every project table is emptied (TRUNCATE ... RESTART
IDENTITY) and reloaded with COPY (psycopg2 ``copy_expert``): the ORM would take tens of minutes for
a million rows. Ids are assigned here so that foreign keys are known without reading back, and the
identity sequences are moved past them at the end. Rows respect every database constraint (posting
slots, one current placement per student, no overlapping bookings, budget lines never overspent,
one coverage row per course and competency, one approved programme version per major and cohort,
a student in one team per course project, an award linked to a competition and a certificate to a
certificate)
and the business rules the services enforce (compliant hours, signed agreement and insurance before
a placement starts). Popularity is skewed (Zipf-like): a few enterprises post most of the internships
and a few postings draw most of the applications, as in a real college.

It refuses a database whose name does not contain "bench" unless ``--force`` is given, so it can
never wipe the development or the test databases.

Logins: ``bench-admin``, ``bench-teacher-1``, ``bench-student-1``, ``bench-enterprise-1`` (the
largest enterprise), ``bench-association``; password ``bench-pass-2026``. Every generated person logs in:
``bench-student-N`` (N up to the students), ``bench-teacher-N``, ``bench-enterprise-N`` (``-2``, ``-3`` for
the second and third contact of the largest 5 %), and nine more college admins ``bench-admin-2`` to
``bench-admin-10`` for the load test's admins (bench/load.py).
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import sys
import time
from bisect import bisect_left
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

PASSWORD = "bench-pass-2026"
# College admins besides bench-admin (bench-admin-2 ... bench-admin-10), for a load test whose admins are
# several people (bench/load.py --users 100); the same number at every scale, ids after every other user so
# that the rest of the data set is the same as without them.
EXTRA_ADMINS = 9

BASE_COUNTS = {
    "students": 20_000,
    "teachers": 800,
    "enterprises": 1_000,
    "agreements": 3_000,
    "postings": 10_000,
    "applications": 100_000,
    "placements": 30_000,
    "weekly_logs": 600_000,
    "bookings": 50_000,
    "expenditures": 100_000,
    "competencies": 120,
    "majors": 12,
    "courses": 600,
    "job_posts": 300,
    "industry_projects": 400,
    "course_projects": 150,
    "competitions": 40,
    "certificates": 60,
    "achievements": 20_000,
    "notifications": 200_000,
    "check_ins": 3_600_000,
}

# Tables that migrations fill and the platform needs as they are.
KEEP_TABLES = {
    "django_migrations", "django_content_type", "auth_permission", "auth_group", "auth_group_permissions",
    "django_celery_beat_periodictask", "django_celery_beat_crontabschedule", "django_celery_beat_intervalschedule",
    "django_celery_beat_solarschedule", "django_celery_beat_clockedschedule", "django_celery_beat_periodictasks",
}

# The commonest surnames first: the generator picks them uniformly, which keeps 王/李/张 frequent enough.
SURNAMES = ("王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹 彭 "
            "曾 肖 田 董 袁 潘 于 蒋 蔡 余 杜 叶 程 苏 魏 吕 丁 任 沈 姚 卢 姜 崔 钟 谭 陆 汪 范 金 石 廖 "
            "贾 夏 韦 付 方 白 邹 孟 熊 秦 邱 江 尹 薛 闫 段 雷 侯 龙 史 陶 黎 贺 顾 毛 郝 龚 邵 万 钱 严 "
            "覃 武 戴 莫 孔 向 汤 欧阳 司马 上官").split()
GIVEN = ("伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀 霞 平 刚 桂 英 华 玉 萍 红 鹏 辉 宇 浩 "
         "凯 晨 欣 怡 子 涵 梓 轩 雨 萱 思 博 文 佳 一 诺 嘉 欢 晓 梦 琪 雪 婷 俊 天 昊 睿 宁 颖 彤 瑶 "
         "柏 航 逸 阳 然 可 心").split()
CITIES = "北京 上海 杭州 深圳 广州 成都 长沙 南京 武汉 西安 厦门 重庆 苏州 青岛 合肥".split()
ENTERPRISE_WORDS = ("星河 光影 幻境 创想 云图 镜像 视界 飞帧 墨影 极光 像素 灵感 远景 长镜 新映 未来 天幕 "
                    "森林 奇点 蓝鲸").split()
ENTERPRISE_KINDS = ["影视制作有限公司", "动画科技有限公司", "数字特效有限公司", "人工智能科技有限公司",
                    "文化传媒有限公司", "网络科技有限公司", "广告有限公司", "互动娱乐有限公司"]
SEGMENTS = ["film", "animation", "vfx", "aigc", "streaming", "advertising", "game", "other"]
SEGMENT_WEIGHTS = [20, 15, 15, 20, 10, 10, 7, 3]
POSTS = ["分镜师", "AIGC 美术助理", "剪辑助理", "调色助理", "虚拟拍摄技术员", "特效合成师", "编剧助理", "摄影助理",
         "三维动画师", "短视频运营", "AI 视频生成工程师助理", "后期制作助理", "灯光助理", "制片助理", "动作捕捉技术员"]
DEPARTMENTS = ["影视制作系", "数字媒体艺术系", "动画系", "AIGC 应用技术系", "影视后期系", "播音与主持系"]
AGREEMENT_KINDS = ["order_class", "directed", "internship_base", "workstation", "mobility_station", "training_base",
                   "general"]
AGREEMENT_KIND_WEIGHTS = [15, 10, 35, 10, 10, 10, 10]
TITLE_RANKS = ["assistant", "lecturer", "associate_professor", "professor", "senior_engineer", "other"]
TITLE_WEIGHTS = [20, 40, 25, 8, 5, 2]
BUDGET_CATEGORIES = ["curriculum", "training_base", "faculty_training", "scholarships", "industry_projects", "other"]
EQUIPMENT_KINDS = ["gpu_workstation", "render_node", "motion_capture", "led_stage", "other"]
LOG_TEXT = ("本周参与了项目的{0}工作，完成了分配的镜头任务，学习了企业的制作流程与规范，"
            "与导师讨论了遇到的问题并在下周继续改进。")


# Counts that describe a shared standard rather than the size of the population: the same at any scale
# above 1 (a smaller trial scale may still shrink them).
SHARED_COUNTS = {"competencies"}


def counts_for(scale: float) -> dict[str, int]:
    return {k: max(1, round(v * (min(scale, 1) if k in SHARED_COUNTS else scale)))
            for k, v in BASE_COUNTS.items()}


def zipf_cum_weights(n: int, s: float = 1.1) -> list[float]:
    """Cumulative Zipf weights: item i is chosen with probability proportional to 1/(i+1)^s."""
    return list(accumulate(1.0 / (i + 1) ** s for i in range(n)))


def pick(rng: random.Random, cum: list[float]) -> int:
    return bisect_left(cum, rng.random() * cum[-1])


class Loader:
    """Streams rows into PostgreSQL with COPY, filling the NOT NULL columns a table row leaves out."""

    def __init__(self, conn, chunk_rows: int = 50_000):
        self.conn = conn
        self.chunk_rows = chunk_rows
        self.columns: dict[str, list[tuple[str, str, bool]]] = {}
        self.loaded: dict[str, int] = {}
        self.dropped_indexes: list[str] = []
        with conn.cursor() as cur:
            cur.execute(
                """SELECT table_name, column_name, data_type, is_nullable = 'NO' FROM information_schema.columns
                   WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"""
            )
            for table, column, dtype, not_null in cur.fetchall():
                self.columns.setdefault(table, []).append((column, dtype, not_null))
        self.now = dt.datetime.now(dt.UTC).isoformat()

    def _filler(self, dtype: str) -> str:
        # What Django writes for a field left at its default: '' for text, false, 0, empty array or object.
        if dtype in ("character varying", "text"):
            return ""
        if dtype == "boolean":
            return "f"
        if dtype in ("integer", "smallint", "bigint", "numeric", "double precision"):
            return "0"
        if dtype == "ARRAY":
            return "{}"
        if dtype in ("jsonb", "json"):
            return "{}"
        if dtype.startswith("timestamp"):
            return self.now
        if dtype == "date":
            return self.now[:10]
        raise ValueError(f"no filler for type {dtype}")

    @staticmethod
    def _text(value) -> str:
        if value is None:
            return r"\N"
        if value is True:
            return "t"
        if value is False:
            return "f"
        if isinstance(value, (list, tuple)):
            inner = ",".join('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in value)
            value = "{" + inner + "}"
        s = str(value)
        if "\\" in s or "\t" in s or "\n" in s or "\r" in s:
            s = s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
        return s

    def restore_indexes(self) -> None:
        """Build the indexes ``copy`` dropped. The foreign keys (deferred until commit) are checked first:
        PostgreSQL builds no index on a table with checks pending, and every row is in by now."""
        with self.conn.cursor() as cur:
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for definition in self.dropped_indexes:
                cur.execute(definition)
        self.dropped_indexes = []

    def copy(self, table: str, fields: list[str], rows) -> int:
        """COPY ``rows`` (tuples in the order of ``fields``) into ``table``; returns the row count."""
        table_cols = self.columns[table]
        known = {c for c, _, _ in table_cols}
        unknown = set(fields) - known
        if unknown:
            raise ValueError(f"{table}: no column {sorted(unknown)}")
        extra = [(c, self._filler(t)) for c, t, nn in table_cols if nn and c not in fields and c != "id"]
        all_fields = fields + [c for c, _ in extra]
        suffix = "".join("\t" + self._text(v) for _, v in extra)
        # Quoted, so that a column named after an SQL keyword (ProgramGoal.order) loads like any other.
        columns = ", ".join('"' + c + '"' for c in all_fields)
        sql = f"COPY {table} ({columns}) FROM STDIN"
        text = self._text
        total = 0
        buf = io.StringIO()
        n = 0
        with self.conn.cursor() as cur:
            # A GIN index (the weekly logs' search grams) is built several times faster at once than row
            # by row: dropped for the load, built again by restore_indexes() once every row is in.
            cur.execute("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = %s "
                        "AND indexdef LIKE '%% USING gin %%'", [table])
            for name, definition in cur.fetchall():
                cur.execute(f'DROP INDEX "{name}"')
                self.dropped_indexes.append(definition)
            for row in rows:
                buf.write("\t".join(map(text, row)))
                buf.write(suffix)
                buf.write("\n")
                n += 1
                if n >= self.chunk_rows:
                    buf.seek(0)
                    cur.copy_expert(sql, buf)
                    total += n
                    buf, n = io.StringIO(), 0
            if n:
                buf.seek(0)
                cur.copy_expert(sql, buf)
                total += n
        self.loaded[table] = self.loaded.get(table, 0) + total
        return total


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def phone(rng: random.Random) -> str:
    return "1" + rng.choice("3456789") + "".join(rng.choice("0123456789") for _ in range(9))


def national_id(rng: random.Random, birth: dt.date) -> str:
    """An 18-digit resident ID with a valid GB 11643 check digit."""
    body = f"{rng.randint(110000, 659000)}{birth:%Y%m%d}{rng.randint(0, 999):03d}"
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(rng: random.Random) -> str:
    """An 18-character unified social credit code (GB 32100) with a valid check character."""
    body = "91" + f"{rng.randint(110000, 659000)}" + "".join(rng.choice(CREDIT_ALPHABET) for _ in range(9))
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(body, weights, strict=True))
    return body + CREDIT_ALPHABET[(31 - total % 31) % 31]


def generate(conn, scale: float, seed: int = 2026, log=print) -> dict[str, int]:
    """Empty the project tables and load the data set of ``scale``; returns rows loaded per table."""
    from django.contrib.auth.hashers import make_password

    rng = random.Random(seed)
    n = counts_for(scale)
    today = dt.date.today()
    now = dt.datetime.now(dt.UTC)
    load = Loader(conn)
    cur = conn.cursor()

    tables = [t for t in load.columns if t not in KEEP_TABLES and not t.startswith(("pg_", "sql_"))]
    cur.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    real = {r[0] for r in cur.fetchall()}
    tables = [t for t in tables if t in real]
    cur.execute("TRUNCATE " + ", ".join(tables) + " RESTART IDENTITY CASCADE")
    log(f"emptied {len(tables)} tables")

    # --- organisations -------------------------------------------------------------------------------
    college_id, association_id = 1, 2
    dept_ids = list(range(3, 3 + len(DEPARTMENTS)))
    first_ent = dept_ids[-1] + 1
    ent_ids = list(range(first_ent, first_ent + n["enterprises"]))
    orgs = [(college_id, "college", "影视传媒职业技术学院", "Film & Media Vocational College", "影视学院", None),
            (association_id, "association", "省影视行业协会", "Provincial Film Industry Association", "影视协会", None)]
    orgs += [(d, "department", name, "", "", college_id) for d, name in zip(dept_ids, DEPARTMENTS, strict=True)]
    used_names: set[str] = set()
    for i, oid in enumerate(ent_ids):
        while True:
            name = rng.choice(CITIES) + rng.choice(ENTERPRISE_WORDS) + rng.choice(ENTERPRISE_KINDS)
            if name not in used_names:
                break
            name = f"{name[:-4]}{i}{name[-4:]}"
            if name not in used_names:
                break
        used_names.add(name)
        orgs.append((oid, "enterprise", name, f"Bench Enterprise {i + 1}", name[2:6], None))
    load.copy("accounts_organization",
              ["id", "kind", "name", "name_en", "short_name", "parent_id", "is_active", "created_at",
               "email", "website"],
              ((o + (True, now, f"org{o[0]}@bench.example.cn", f"https://org{o[0]}.example.cn")) for o in orgs))

    # Enterprise size is heavy-tailed: most studios are small, a few platforms are large.
    ent_staff = {e: max(5, int(rng.lognormvariate(4.2, 1.1))) for e in ent_ids}
    ent_segment = {e: rng.choices(SEGMENTS, SEGMENT_WEIGHTS)[0] for e in ent_ids}

    def ent_rows():
        for i, e in enumerate(ent_ids):
            certified = i < len(ent_ids) // 10
            yield (e, ent_segment[e], ent_staff[e], credit_code(rng), f"{rng.choice(CITIES)}市文创园区{i % 97 + 1}号",
                   ent_segment[e] == "aigc" and rng.random() < 0.3, certified,
                   (today - dt.timedelta(days=rng.randint(30, 900))) if certified else None,
                   [ent_segment[e]], now, now, f"hr{e}@bench.example.cn", person_name(rng), phone(rng), "人事经理")
    load.copy("partnerships_enterprise",
              ["organization_id", "segment", "staff_count", "credit_code", "address", "is_aigc_leader",
               "is_certified_iei", "certified_on", "tags", "created_at", "updated_at", "contact_email", "contact_name",
               "contact_phone", "contact_title"], ent_rows())
    log(f"organisations: {len(orgs):,}")

    # --- users and memberships ------------------------------------------------------------------------
    pw = make_password(PASSWORD)
    admin_id, assoc_user_id = 1, 2
    teacher_ids = list(range(3, 3 + n["teachers"]))
    first_student = teacher_ids[-1] + 1
    student_ids = list(range(first_student, first_student + n["students"]))
    first_eu = student_ids[-1] + 1
    # One contact per enterprise, three for the 5% largest (they run several postings).
    ent_users: dict[int, list[int]] = {}
    uid = first_eu
    for i, e in enumerate(ent_ids):
        k = 3 if i < max(1, len(ent_ids) // 20) else 1
        ent_users[e] = list(range(uid, uid + k))
        uid += k
    extra_admin_ids = list(range(uid, uid + EXTRA_ADMINS))
    uid += EXTRA_ADMINS

    def user_rows():
        yield (admin_id, "bench-admin", "学院管理员", "", "", "", "", True, True)
        yield (assoc_user_id, "bench-association", "协会评审", "", "", "", "", False, False)
        for i, u in enumerate(teacher_ids):
            yield (u, f"bench-teacher-{i + 1}", person_name(rng), phone(rng), "", "", f"T{20000 + i}", False, False)
        for i, u in enumerate(student_ids):
            birth = dt.date(2003, 1, 1) + dt.timedelta(days=rng.randint(0, 1460))
            yield (u, f"bench-student-{i + 1}", person_name(rng), phone(rng), national_id(rng, birth),
                   f"2023{i:06d}", "", False, False)
        for i, e in enumerate(ent_ids):
            for j, u in enumerate(ent_users[e]):
                name = f"bench-enterprise-{i + 1}" + (f"-{j + 1}" if j else "")
                yield (u, name, person_name(rng), phone(rng), "", "", "", False, False)
        for k, u in enumerate(extra_admin_ids):
            yield (u, f"bench-admin-{k + 2}", f"学院管理员 {k + 2}", "", "", "", "", False, False)

    load.copy("accounts_user",
              ["id", "username", "display_name", "phone", "national_id", "student_no", "staff_no", "is_staff",
               "is_superuser", "password", "is_active", "date_joined", "email", "language"],
              (r + (pw, True, now, f"{r[1]}@bench.example.cn", "zh-hans") for r in user_rows()))

    teacher_dept = {u: rng.choice(dept_ids) for u in teacher_ids}
    student_dept = {u: dept_ids[i % len(dept_ids)] for i, u in enumerate(student_ids)}

    def membership_rows():
        yield (admin_id, college_id, "college_admin")
        yield (assoc_user_id, association_id, "association")
        for u in teacher_ids:
            yield (u, teacher_dept[u], "teacher")
        for u in student_ids:
            yield (u, student_dept[u], "student")
        for e, users in ent_users.items():
            for u in users:
                yield (u, e, "enterprise")
        for u in extra_admin_ids:
            yield (u, college_id, "college_admin")

    load.copy("accounts_membership", ["user_id", "organization_id", "role", "is_active", "created_at", "title"],
              (r + (True, now, "") for r in membership_rows()))
    load.copy("faculty_teacherprofile",
              ["user_id", "title_rank", "subjects", "aigc_skills", "industry_years", "employed_since",
               "is_specialist", "department_id", "created_at", "updated_at"],
              ((u, rng.choices(TITLE_RANKS, TITLE_WEIGHTS)[0], [rng.choice(POSTS)], ["AI 绘图"] if rng.random() < .4
                else [], rng.randint(0, 12), today - dt.timedelta(days=rng.randint(365, 9000)), rng.random() < .8,
                teacher_dept[u], now, now) for u in teacher_ids))
    log(f"users: {uid - 1:,}")

    # --- agreements -------------------------------------------------------------------------------
    ent_cum = zipf_cum_weights(len(ent_ids), 0.9)
    agreement_rows, party_rows = [], []
    for i in range(n["agreements"]):
        e = ent_ids[pick(rng, ent_cum)]
        status = rng.choices(["active", "expired", "draft", "under_review", "terminated"], [60, 20, 8, 7, 5])[0]
        start = today - dt.timedelta(days=rng.randint(-60, 1800))
        end = start + dt.timedelta(days=rng.choice((365, 730, 1095)))
        if status == "active" and end < today:
            end = today + dt.timedelta(days=rng.randint(30, 700))
        if status == "expired" and end >= today:
            start, end = start - dt.timedelta(days=1200), today - dt.timedelta(days=rng.randint(1, 300))
        signed = status in ("active", "expired", "terminated")
        agreement_rows.append((i + 1, f"BENCH-{start.year}-{i + 1:06d}",
                               f"{rng.choice(AGREEMENT_KINDS_ZH)}合作协议 {i + 1}",
                               rng.choices(AGREEMENT_KINDS, AGREEMENT_KIND_WEIGHTS)[0], status, start, end, now, now,
                               college_id, admin_id, now if signed else None, "", "paper" if signed else "",
                               start if signed else None, "双方在人才培养、实习实训与项目合作方面开展合作。",
                               "单方提前终止" if status == "terminated" else "", 1))
        party_rows.append((i + 1, e))
    load.copy("partnerships_agreement",
              ["id", "code", "title", "kind", "status", "start_date", "end_date", "created_at", "updated_at",
               "college_id", "created_by_id", "approved_at", "relation", "signature_method", "signed_on", "summary",
               "termination_reason", "version"], agreement_rows)
    load.copy("partnerships_agreement_parties", ["agreement_id", "organization_id"], party_rows)
    del agreement_rows, party_rows
    log(f"agreements: {n['agreements']:,}")

    # --- postings -------------------------------------------------------------------------------------
    postings = []  # (id, enterprise, status, slots, post, start)
    for i in range(n["postings"]):
        e = ent_ids[pick(rng, ent_cum)]
        status = rng.choices(["published", "closed", "draft", "pending_approval"], [45, 40, 10, 5])[0]
        slots = min(40, max(1, int(rng.lognormvariate(1.5, 0.7))))
        start = today + dt.timedelta(days=rng.randint(-400, 90))
        postings.append([i + 1, e, status, slots, rng.choice(POSTS), start, 0])
    # Applications go to published or closed postings; popularity is Zipf over a shuffled order.
    open_postings = [p for p in postings if p[2] in ("published", "closed")]
    rng.shuffle(open_postings)
    post_cum = zipf_cum_weights(len(open_postings), 0.8)

    # --- placements from accepted applications, within slots ------------------------------------
    applications: list[tuple] = []
    pairs: set[tuple[int, int]] = set()
    placements: list[tuple] = []
    n_place = n["placements"]
    capacity_left = {p[0]: p[3] for p in open_postings}
    by_id = {p[0]: p for p in postings}
    ordered_open = [p[0] for p in open_postings]
    app_id = 0
    teacher_cum = zipf_cum_weights(len(teacher_ids), 0.5)
    if sum(capacity_left.values()) < n_place:
        raise RuntimeError("not enough posting slots for the placements")
    skip = list(range(len(ordered_open)))  # skip[i] == i: posting i has a free slot

    def next_free(i: int) -> int:
        root = i
        while skip[root] != root:
            root = skip[root]
        while skip[i] != root:
            skip[i], i = root, skip[i]
        return root

    for k in range(n_place):
        student = student_ids[k % len(student_ids)]
        second = k >= len(student_ids)
        # A full posting passes the student on to the next one with a free slot, as real demand spills over;
        # full postings are skipped through a path-compressed "next free" chain, so this stays linear.
        j = next_free(pick(rng, post_cum))
        if (ordered_open[j], student) in pairs:
            j = next_free((j + 1) % len(ordered_open))
        pid = ordered_open[j]
        capacity_left[pid] -= 1
        if capacity_left[pid] == 0:
            skip[j] = (j + 1) % len(ordered_open)
        p = by_id[pid]
        p[6] += 1
        app_id += 1
        pairs.add((pid, student))
        applications.append((app_id, pid, student, "accepted"))
        status = "completed" if second else rng.choices(["active", "completed", "pending", "terminated"],
                                                        [45, 40, 8, 7])[0]
        start = p[5] if not second else p[5] - dt.timedelta(days=365)
        if status == "active" and start > today:
            start = today - dt.timedelta(days=rng.randint(7, 150))
        if status in ("completed", "terminated") and start > today - dt.timedelta(days=200):
            start = today - dt.timedelta(days=rng.randint(200, 600))
        if status == "pending" and start <= today:
            start = today + dt.timedelta(days=rng.randint(3, 60))
        end = start + dt.timedelta(days=rng.choice((150, 180, 182)))
        if status == "terminated":
            end = start + dt.timedelta(days=rng.randint(20, 120))
        placements.append((k + 1, student, p[1], pid, app_id, p[4], status, start, end,
                           teacher_ids[pick(rng, teacher_cum)], rng.choice(ent_users[p[1]])))
    # The other applications: every state but accepted, never twice for one student and posting.
    other_states = ["submitted", "shortlisted", "offered", "declined", "rejected", "withdrawn"]
    other_weights = [30, 10, 5, 10, 35, 10]
    while app_id < n["applications"]:
        pid = ordered_open[pick(rng, post_cum)]
        student = student_ids[rng.randrange(len(student_ids))]
        if (pid, student) in pairs:
            continue
        pairs.add((pid, student))
        app_id += 1
        state = rng.choices(other_states, other_weights)[0]
        if state in ("submitted", "shortlisted", "offered") and by_id[pid][2] != "published":
            state = "rejected"
        applications.append((app_id, pid, student, state))
    del pairs

    load.copy("internships_posting",
              ["id", "enterprise_id", "status", "slots", "post", "start_date", "end_date", "accepted_count", "title",
               "description", "created_at", "updated_at", "application_deadline", "created_by_id", "daily_hours",
               "weekly_hours", "location", "night_shift", "overtime", "post_staff_count", "published_at",
               "stipend_monthly"],
              ((p[0], p[1], p[2], p[3], p[4], p[5], p[5] + dt.timedelta(days=182), p[6], f"{p[4]}实习生（{p[0]}）",
                "参与真实影视与 AIGC 项目的制作，导师一对一指导。", now, now,
                p[5] - dt.timedelta(days=14) if p[2] != "published" else today + dt.timedelta(days=rng.randint(1, 60)),
                ent_users[p[1]][0], Decimal("8.0"), Decimal("40.0"), rng.choice(CITIES), False, False,
                max(p[3] * 5, ent_staff[p[1]] // 4), now if p[2] in ("published", "closed") else None,
                Decimal(rng.choice((2000, 2500, 3000, 3500, 4000)))) for p in postings))
    load.copy("internships_application", ["id", "posting_id", "student_id", "status", "note", "cv", "created_at",
                                          "updated_at"],
              (a + ("希望参与贵公司的项目，提升专业能力。", "", now - dt.timedelta(days=a[0] % 400), now)
               for a in applications))
    del applications
    log(f"postings {len(postings):,}, applications {app_id:,}")

    def placement_rows():
        for (pk, student, ent, pid, aid, post, status, start, end, mentor, ementor) in placements:
            started = status in ("active", "completed", "terminated")
            yield (pk, student, ent, pid, aid, post, ent_staff[ent] // 4 + 5, start, end, Decimal("8.0"),
                   Decimal("40.0"), False, False, status, "企业导师", f"mentor{ent}@bench.example.cn", "",
                   start - dt.timedelta(days=10), "中国人寿", f"PL{pk:09d}", start, end,
                   "提前结束" if status == "terminated" else "",
                   dt.datetime.combine(start, dt.time(9), dt.UTC) if started else None,
                   dt.datetime.combine(end, dt.time(18), dt.UTC) if status in ("completed", "terminated")
                   else None, Decimal(rng.randint(60, 98)) if status == "completed" else None, now, now,
                   admin_id, ementor, mentor)
    load.copy("internships_placement",
              ["id", "student_id", "enterprise_id", "posting_id", "application_id", "post", "post_staff_count",
               "start_date", "end_date", "daily_hours", "weekly_hours", "night_shift", "overtime", "status",
               "enterprise_mentor_name", "enterprise_mentor_email", "agreement_file", "agreement_signed_on", "insurer",
               "insurance_policy_no", "insurance_start", "insurance_end", "termination_reason", "started_at",
               "ended_at", "final_grade", "created_at", "updated_at", "created_by_id", "enterprise_mentor_id",
               "school_mentor_id"], placement_rows())
    log(f"placements {len(placements):,}")

    # --- weekly logs: as many weeks as the placement has run, scaled to the target total ----------
    weeks = []
    for pl in placements:
        status, start, end = pl[6], pl[7], pl[8]
        if status == "pending":
            weeks.append(0)
            continue
        last = min(end, today)
        weeks.append(max(1, min(26, (last - start).days // 7)))
    factor = n["weekly_logs"] / max(1, sum(weeks))
    want = [min(26, round(w * factor)) if w else 0 for w in weeks]
    # Rounding drift: spread the remainder over the placements that still have weeks to give.
    diff = n["weekly_logs"] - sum(want)
    idx = 0
    while diff and idx < 10 * len(want):
        i = idx % len(want)
        if weeks[i] and (diff > 0 and want[i] < 26 or diff < 0 and want[i] > 1):
            want[i] += 1 if diff > 0 else -1
            diff += -1 if diff > 0 else 1
        idx += 1

    grades = ["excellent", "good", "pass", "fail"]

    def log_rows():
        lid = 0
        for pl, w in zip(placements, want, strict=True):
            pk, start, mentor, status = pl[0], pl[7], pl[9], pl[6]
            for week in range(1, w + 1):
                lid += 1
                submitted = dt.datetime.combine(start + dt.timedelta(days=7 * week), dt.time(20), dt.UTC)
                # The latest weeks of a running internship still wait for the mentor.
                reviewed = not (status == "active" and week > w - 2)
                yield (lid, pk, week, LOG_TEXT.format(pl[5]), "reviewed" if reviewed else "submitted", submitted,
                       "完成得不错，继续保持。" if reviewed else "",
                       rng.choices(grades, (25, 50, 22, 3))[0] if reviewed else "",
                       submitted + dt.timedelta(days=2) if reviewed else None, mentor if reviewed else None)
    total_logs = load.copy("internships_weeklylog",
                           ["id", "placement_id", "week_no", "content", "status", "submitted_at", "mentor_comment",
                            "grade", "reviewed_at", "reviewed_by_id"], log_rows())
    log(f"weekly logs {total_logs:,}")

    # --- funding: sources, budgets with lines, expenditures within the lines ------------------------------
    years = [today.year - 4 + i for i in range(5)]
    sources = []
    for i in range(max(10, round(60 * scale))):
        kind = rng.choice(["government", "school", "enterprise_cash", "social_capital", "donation"])
        funder = ent_ids[pick(rng, ent_cum)] if kind == "enterprise_cash" else None
        sources.append((i + 1, kind, f"{rng.choice(years)}年产教融合专项资金 {i + 1}", "" if funder else "省教育厅",
                        Decimal(rng.randint(50, 500) * 10000), dt.date(rng.choice(years), rng.randint(1, 12), 1),
                        "confirmed", funder, admin_id, now, now))
    load.copy("funding_fundingsource",
              ["id", "kind", "title", "funder_name", "amount", "received_on", "status", "funder_id", "recorded_by_id",
               "created_at", "updated_at"], sources)
    budgets = [(i + 1, y, f"{y} 年度产教融合预算", "approved" if y < today.year else "draft", now, now)
               for i, y in enumerate(years)]
    load.copy("funding_budget", ["id", "year", "title", "status", "created_at", "updated_at"], budgets)
    lines_per_budget = max(6, round(30 * scale))
    lines = []
    for b in budgets:
        for j in range(lines_per_budget):
            lines.append([len(lines) + 1, BUDGET_CATEGORIES[j % len(BUDGET_CATEGORIES)], f"{b[1]} 预算项目 {j + 1}",
                          b[0], rng.choice(sources)[0], b[1], Decimal(0)])
    line_cum = zipf_cum_weights(len(lines), 0.6)
    exp_rows = []
    for i in range(n["expenditures"]):
        line = lines[pick(rng, line_cum)]
        amount = Decimal(rng.randint(100, 200_000)) / Decimal(1) + Decimal(rng.randint(0, 99)) / 100
        voided = rng.random() < 0.03
        if not voided:
            line[6] += amount
        spent_on = dt.date(line[5], rng.randint(1, 12), rng.randint(1, 28))
        exp_rows.append((i + 1, spent_on, f"{rng.choice(CITIES)}{rng.choice(ENTERPRISE_WORDS)}设备供应商",
                         rng.choice(["GPU 服务器采购", "课程开发劳务费", "教师企业实践差旅", "奖学金发放", "实训耗材"]),
                         amount, "voided" if voided else "recorded", line[0], admin_id, now, now))
    # Each line's amount covers what was spent on it with headroom, so no line is overspent.
    load.copy("funding_budgetline", ["id", "category", "name", "budget_id", "source_id", "amount", "spent"],
              ((ln[0], ln[1], ln[2], ln[3], ln[4], (ln[6] * Decimal("1.25")).quantize(Decimal("1")) + 10000, ln[6])
               for ln in lines))
    load.copy("funding_expenditure",
              ["id", "spent_on", "payee", "description", "amount", "status", "line_id", "recorded_by_id", "created_at",
               "updated_at"], exp_rows)
    del exp_rows
    log(f"budget lines {len(lines):,}, expenditures {n['expenditures']:,}")

    # --- training bases, equipment and bookings (sequential slots: never overlapping) ------------------
    n_bases = max(4, round(40 * scale))
    bases = []
    for i in range(n_bases):
        on_campus = i % 3 != 2
        bases.append((i + 1, f"{'校内' if on_campus else '校外'}实训基地 {i + 1}", "on_campus" if on_campus else
                      "off_campus", None if on_campus else ent_ids[i % len(ent_ids)], rng.randint(20, 120),
                      rng.random() < 0.5, True, now, f"实训楼 {i % 9 + 1} 层"))
    load.copy("funding_trainingbase",
              ["id", "name", "kind", "host_id", "capacity", "requires_approval", "is_active", "created_at", "location"],
              bases)
    equipment = []
    for i in range(n_bases * 10):
        label = rng.choice(["RTX 工作站", "渲染节点", "动捕系统", "LED 虚拟棚", "摄影机"])
        equipment.append((i + 1, f"{label} {i + 1}",
                          rng.choice(EQUIPMENT_KINDS), f"EQ{i + 1:07d}", "available", now, bases[i % n_bases][0]))
    load.copy("funding_equipment", ["id", "name", "kind", "asset_no", "status", "created_at", "base_id"], equipment)
    # A resource is a room (base, no equipment) or one piece of equipment; each keeps its own clock.
    resources = [(b[0], None) for b in bases] + [(e[6], e[0]) for e in equipment]
    res_cum = zipf_cum_weights(len(resources), 0.7)
    clock = {r: dt.datetime.combine(today - dt.timedelta(days=720), dt.time(8), dt.UTC) for r in resources}
    book_rows = []
    for i in range(n["bookings"]):
        r = resources[pick(rng, res_cum)]
        start = clock[r] + dt.timedelta(minutes=30 * rng.randint(0, 8))
        end = start + dt.timedelta(hours=rng.choice((1, 2, 2, 3, 4)))
        clock[r] = end
        status = ("approved" if end < now else rng.choice(["pending", "approved"])) if rng.random() < 0.85 else \
            rng.choice(["rejected", "cancelled"])
        by = teacher_ids[pick(rng, teacher_cum)] if rng.random() < 0.7 else student_ids[rng.randrange(len(student_ids))]
        purpose = rng.choice(["AIGC 课程实训", "毕业作品拍摄", "企业项目渲染", "技能竞赛集训"])
        book_rows.append((i + 1, start, end, purpose,
                          rng.randint(1, 40), status, now if status != "pending" else None, now, now, by,
                          admin_id if status != "pending" else None, r[1], r[0]))
    load.copy("funding_booking",
              ["id", "starts_at", "ends_at", "purpose", "participants", "status", "decided_at", "created_at",
               "updated_at", "booked_by_id", "decided_by_id", "equipment_id", "base_id"], book_rows)
    del book_rows
    log(f"training bases {n_bases}, equipment {len(equipment)}, bookings {n['bookings']:,}")

    w = SimpleNamespace(rng=rng, load=load, cur=cur, n=n, today=today, now=now, admin_id=admin_id,
                        assoc_user_id=assoc_user_id, association_id=association_id, dept_ids=dept_ids,
                        teacher_ids=teacher_ids, student_ids=student_ids, student_dept=student_dept, ent_ids=ent_ids,
                        ent_users=ent_users, ent_cum=ent_cum, teacher_cum=teacher_cum, postings=postings,
                        placements=placements, log_weeks=want, lines=lines, n_applications=app_id)
    _generate_curriculum(w, log)
    _generate_notifications(w, log)
    _generate_reports(w, log)
    from bench.generate_attendance import generate_attendance

    generate_attendance(w, log)

    # Identity sequences continue after the generated ids, so the platform can create rows as usual.
    for table in load.loaded:
        if any(c == "id" for c, _, _ in load.columns[table]):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}")
    cur.close()
    rebuilt = len(load.dropped_indexes)
    load.restore_indexes()
    log(f"GIN indexes built after the load: {rebuilt}")
    return load.loaded


# --- curriculum, notifications and reports ----------------------------------------------------------

# The competencies a film/TV/AIGC college trains and the industry asks for, per category of the model
# (art literacy, technical skill, innovation, collaboration, professional conduct): 120 in all.
COMPETENCY_BANK = [
    ("art", "ART", ["视听语言运用", "剧本创作", "影视审美与色彩", "镜头构图", "分镜脚本设计", "影视叙事结构",
                    "角色造型设计", "场景概念设计", "动画运动规律", "光影与氛围营造", "影视音乐与声音设计", "表演指导",
                    "纪录片创作", "广告创意表现", "短视频内容策划", "中外影视作品鉴赏", "美术设计与手绘",
                    "字幕与版式设计",
                    "摄影用光", "影视剪辑节奏", "动态图形设计", "品牌视觉设计", "传统文化影像表达", "新媒体交互叙事",
                    "色彩构成", "镜头语言与运镜", "影视文学改编", "舞台与灯光美学"]),
    ("technology", "TEC", ["AIGC 提示词工程", "AI 文生图", "AI 文生视频制作", "AI 辅助分镜", "ComfyUI 工作流搭建",
                           "Stable Diffusion 模型微调", "数字人制作与驱动", "AI 配音与语音合成", "虚拟拍摄 LED 墙调试",
                           "实时渲染（虚幻引擎）", "动作捕捉数据处理", "三维建模与雕刻", "材质与贴图制作",
                           "三维灯光与渲染",
                           "特效合成（Nuke）", "影视调色（DaVinci Resolve）", "非线性剪辑", "AI 辅助后期剪辑",
                           "音频后期混音",
                           "摄像机操作与稳定器", "无人机航拍", "视频编码与交付规范", "渲染农场与 GPU 集群使用",
                           "AI 视频超分与修复", "绿幕抠像", "直播技术与导播", "Python 自动化脚本", "大模型应用开发",
                           "三维动画绑定", "程序化生成（Houdini）", "AI 音乐生成", "虚拟制片预演（Previs）",
                           "点云与三维扫描", "AI 口型同步"]),
    ("innovation", "INN", ["创意策划", "跨媒介叙事创新", "AIGC 创意应用场景挖掘", "产品原型与快速迭代",
                           "用户调研与需求分析",
                           "互动影像设计", "文旅数字化创意", "微短剧创意开发", "IP 孵化与衍生开发", "创新创业项目路演",
                           "数据驱动的内容优化", "新技术调研与评估", "虚拟现实内容创意", "游戏化叙事设计",
                           "创意写作与世界观构建", "AI 艺术风格探索", "竞赛作品策划", "公益影像创意", "跨学科融合设计",
                           "技术美术方案设计", "沉浸式展演设计", "商业模式设计"]),
    ("collaboration", "COL", ["项目协作与沟通", "制片流程管理", "剧组协同与现场调度", "跨部门沟通",
                              "客户需求沟通与提案",
                              "团队任务拆解与排期", "版本管理与资产协同", "远程协作工具使用", "项目复盘与文档撰写",
                              "导演与演员沟通", "多工种协同制作", "外包与供应商协作", "会议组织与纪要",
                              "冲突协调与反馈",
                              "项目预算与成本控制", "演示汇报与表达", "敏捷协作方法", "校企项目对接"]),
    ("professional", "PRO", ["AIGC 版权与伦理", "影视行业法规与内容审核", "数据安全与隐私保护", "职业道德与工匠精神",
                             "安全生产与设备规范", "肖像权与素材授权", "行业标准与交付规范", "时间管理与抗压能力",
                             "终身学习与自我提升", "影视行业英语", "职业生涯规划", "服务意识与客户礼仪",
                             "劳动保护与实习权益",
                             "质量意识与细节把控", "信息检索与素材管理", "AI 生成内容标识规范", "职业健康",
                             "合同与知识产权基础"]),
]
# New demands the catalogue has not caught up with: no course covers them, so the coverage analysis shows gaps.
UNTAUGHT = {"AI 口型同步", "AI 音乐生成", "点云与三维扫描", "AI 生成内容标识规范", "微短剧创意开发", "敏捷协作方法"}

# major, course code prefix, department index (DEPARTMENTS), orientation
MAJORS = [
    ("影视多媒体技术", "FTV", 0, "面向影视制作、AI 视频制作与虚拟拍摄岗位。"),
    ("影视编导", "DIR", 0, "面向编导、策划与短视频内容创作岗位。"),
    ("摄影摄像技术", "CAM", 0, "面向摄影摄像、航拍与灯光岗位。"),
    ("数字媒体艺术设计", "DMA", 1, "培养掌握 AIGC 工具的数字内容创作人才。"),
    ("广告艺术设计", "ADV", 1, "面向品牌视觉、AI 广告创意与新媒体运营岗位。"),
    ("动画", "ANI", 2, "面向二维、三维动画与 AI 动画制作岗位。"),
    ("游戏艺术设计", "GAM", 2, "面向游戏美术、技术美术与宣传 CG 岗位。"),
    ("人工智能技术应用", "AIT", 3, "面向 AIGC 应用开发、模型微调与数据标注岗位。"),
    ("虚拟现实技术应用", "VRT", 3, "面向虚拟制片、VR 内容制作与实时渲染岗位。"),
    ("数字影像技术", "DIM", 4, "面向调色、特效合成与影像修复岗位。"),
    ("影视制片管理", "PRD", 4, "面向制片、统筹与项目管理岗位。"),
    ("播音与主持", "BRC", 5, "面向主持、配音、直播与数字人运营岗位。"),
]
MODULE_KINDS = ["fundamentals", "technology", "practice"]
MODULE_KIND_ZH = {"fundamentals": "专业基础", "technology": "专业技术（AIGC）", "practice": "项目实训"}
COURSE_BANK = {
    "fundamentals": ["视听语言", "剧本创作基础", "中外影视作品分析", "影视美术基础", "摄影基础", "色彩构成",
                     "素描与速写",
                     "影视声音基础", "影视艺术概论", "动画原理", "设计构成", "新媒体概论", "影视文学", "导演基础",
                     "表演基础", "传播学概论", "数字媒体技术基础", "Python 程序设计基础", "人工智能导论", "广告学概论",
                     "影视制片基础", "普通话语音与发声", "图形图像处理"],
    "technology": ["AIGC 原理与应用", "AI 绘画与分镜设计", "AI 视频生成技术", "数字人与虚拟主播", "AI 辅助剪辑与调色",
                   "ComfyUI 工作流实战", "Stable Diffusion 模型训练", "虚拟拍摄技术", "虚幻引擎实时渲染", "三维建模",
                   "三维动画制作", "影视特效合成", "影视调色", "非线性编辑", "动作捕捉技术", "音频后期制作",
                   "无人机航拍技术", "直播技术与导播", "大模型应用开发", "AI 配音与声音克隆", "动态图形设计",
                   "绿幕抠像与合成", "Houdini 程序化特效", "游戏引擎基础", "AI 图像修复与超分"],
    "practice": ["AIGC 短片项目创作", "影视广告案例实训", "毕业设计", "微短剧创作实训", "企业真实项目实训",
                 "纪录片创作实训",
                 "虚拟制片综合实训", "岗位实习", "数字人直播实训", "文旅宣传片创作", "品牌短视频运营实训",
                 "技能竞赛集训",
                 "动画短片创作", "影视后期综合实训"],
}
SHARED_COURSES = [("思想道德与法治", "fundamentals"), ("大学英语", "fundamentals"), ("信息技术基础", "fundamentals"),
                  ("人工智能通识", "technology"), ("AIGC 通识与伦理", "technology"), ("创新创业基础", "practice"),
                  ("职业生涯规划", "fundamentals"), ("大学生心理健康", "fundamentals"), ("劳动教育", "practice"),
                  ("美育与艺术鉴赏", "fundamentals"), ("形势与政策", "fundamentals"), ("应用文写作", "fundamentals")]
SHARED_MODULES = [("公共基础课程", "fundamentals"), ("AIGC 通识课程", "technology"), ("创新创业与劳动实践", "practice")]
AIGC_TOPICS = ["大语言模型", "扩散模型", "提示词", "Midjourney", "Stable Diffusion", "ComfyUI", "Sora", "可灵", "即梦",
               "Runway", "数字人", "语音合成", "剪映 AI", "DaVinci Neural Engine", "AI 广告", "AIGC 短片"]
# a course's competencies come mostly from the categories its module kind trains
KIND_CATEGORY_WEIGHTS = {
    "fundamentals": {"art": 50, "professional": 20, "collaboration": 10, "innovation": 10, "technology": 10},
    "technology": {"technology": 70, "art": 10, "innovation": 10, "professional": 10},
    "practice": {"collaboration": 30, "innovation": 30, "technology": 25, "art": 10, "professional": 5},
}
KIND_LEVELS = {"fundamentals": (1, 2, 2, 3), "technology": (2, 3, 3, 4), "practice": (2, 3, 4, 4)}
KIND_SEMESTERS = {"fundamentals": (1, 2), "technology": (2, 4), "practice": (4, 6)}
REVISIONS = [("根据行业调研更新教学内容", "{topic}相关实训案例", "过时的软件操作演示"),
             ("引入企业真实项目案例", "合作企业{topic}项目案例", "虚构的练习项目"),
             ("对接 1+X 证书标准修订", "证书考核要点与{topic}实操", "与证书无关的理论章节"),
             ("融入 AIGC 工具链", "{topic}工作流与提示词实训", "纯手工流程的重复练习"),
             ("课程思政与版权伦理内容补充", "AIGC 版权与伦理案例", "")]
GOAL_BANK = [
    ("art", "具备良好的影视审美与视听叙事能力", "毕业作品视听语言评审良好率", "≥85%"),
    ("art", "能够运用传统文化元素进行影像表达", "学生作品中传统文化题材占比", "≥30%"),
    ("technology", "熟练运用主流 AIGC 工具完成影视生产环节", "获得 AIGC 相关职业技能证书的比例", "≥70%"),
    ("technology", "掌握虚拟拍摄与 AI 后期流程", "参与企业真实项目的学生比例", "≥60%"),
    ("technology", "能够按行业标准交付影像成品", "企业项目交付一次验收通过率", "≥90%"),
    ("innovation", "能够开展跨媒介创意策划与创新创作", "学生作品在省级以上竞赛获奖数", "≥10 项/年"),
    ("innovation", "具备将新技术转化为创意方案的能力", "学生创新创业项目立项数", "≥5 项/年"),
]
PROGRAM_COMMENTS = ["建议增加虚拟拍摄实训课时，并引入企业真实项目。",
                    "方案符合行业标准，建议补充 AIGC 版权与伦理内容。",
                    "建议将数字人制作前移到第三学期，与岗位实习衔接。",
                    "AI 视频生成课程内容较新，建议配套企业导师授课。",
                    "建议增加微短剧方向的项目实训。"]
# job post title, its core competencies (names of COMPETENCY_BANK)
JOB_TITLES = [
    ("AIGC 视频制作师", ["AI 文生视频制作", "AIGC 提示词工程", "视听语言运用"]),
    ("AI 分镜师", ["AI 辅助分镜", "分镜脚本设计", "视听语言运用"]),
    ("虚拟拍摄技术员", ["虚拟拍摄 LED 墙调试", "实时渲染（虚幻引擎）", "剧组协同与现场调度"]),
    ("AI 后期剪辑师", ["AI 辅助后期剪辑", "非线性剪辑", "影视剪辑节奏"]),
    ("数字人运营", ["数字人制作与驱动", "AI 口型同步", "直播技术与导播"]),
    ("短视频编导", ["短视频内容策划", "剧本创作", "数据驱动的内容优化"]),
    ("调色师", ["影视调色（DaVinci Resolve）", "影视审美与色彩"]),
    ("特效合成师", ["特效合成（Nuke）", "绿幕抠像", "程序化生成（Houdini）"]),
    ("三维动画师", ["三维动画绑定", "动画运动规律", "三维建模与雕刻"]),
    ("技术美术（TA）", ["技术美术方案设计", "实时渲染（虚幻引擎）", "材质与贴图制作"]),
    ("AI 绘图师", ["AI 文生图", "ComfyUI 工作流搭建", "美术设计与手绘"]),
    ("AIGC 模型训练师", ["Stable Diffusion 模型微调", "大模型应用开发", "Python 自动化脚本"]),
    ("微短剧编剧", ["微短剧创意开发", "剧本创作", "影视叙事结构"]),
    ("制片助理", ["制片流程管理", "项目预算与成本控制", "团队任务拆解与排期"]),
    ("摄影助理", ["摄像机操作与稳定器", "摄影用光", "镜头构图"]),
    ("音频后期工程师", ["音频后期混音", "AI 配音与语音合成", "AI 音乐生成"]),
    ("动作捕捉技术员", ["动作捕捉数据处理", "三维动画绑定"]),
    ("新媒体运营", ["数据驱动的内容优化", "短视频内容策划", "AI 生成内容标识规范"]),
    ("文旅数字内容策划", ["文旅数字化创意", "沉浸式展演设计", "传统文化影像表达"]),
    ("三维扫描工程师", ["点云与三维扫描", "三维建模与雕刻"]),
    ("胶片冲印技师", ["影视审美与色彩"]),
]
# internship posts of POSTS -> the competencies a posting for it asks for
POST_CORE = {
    "分镜师": ["AI 辅助分镜", "分镜脚本设计", "视听语言运用"],
    "AIGC 美术助理": ["AI 文生图", "AIGC 提示词工程", "ComfyUI 工作流搭建"],
    "剪辑助理": ["非线性剪辑", "AI 辅助后期剪辑", "影视剪辑节奏"],
    "调色助理": ["影视调色（DaVinci Resolve）", "影视审美与色彩"],
    "虚拟拍摄技术员": ["虚拟拍摄 LED 墙调试", "实时渲染（虚幻引擎）"],
    "特效合成师": ["特效合成（Nuke）", "绿幕抠像"],
    "编剧助理": ["剧本创作", "影视叙事结构", "微短剧创意开发"],
    "摄影助理": ["摄像机操作与稳定器", "摄影用光"],
    "三维动画师": ["三维动画绑定", "三维建模与雕刻", "动画运动规律"],
    "短视频运营": ["短视频内容策划", "数据驱动的内容优化"],
    "AI 视频生成工程师助理": ["AI 文生视频制作", "AIGC 提示词工程", "AI 视频超分与修复"],
    "后期制作助理": ["非线性剪辑", "音频后期混音", "视频编码与交付规范"],
    "灯光助理": ["摄影用光", "光影与氛围营造", "安全生产与设备规范"],
    "制片助理": ["制片流程管理", "剧组协同与现场调度"],
    "动作捕捉技术员": ["动作捕捉数据处理", "三维动画绑定"],
}
# industry project title (with {city}), its core competencies
PROJECT_KINDS = [
    ("{city}文旅宣传片 AIGC 制作", ["文旅数字化创意", "AI 文生视频制作", "传统文化影像表达"]),
    ("品牌短视频系列制作", ["短视频内容策划", "非线性剪辑", "广告创意表现"]),
    ("微短剧后期制作", ["AI 辅助后期剪辑", "影视调色（DaVinci Resolve）", "微短剧创意开发"]),
    ("数字人主播定制", ["数字人制作与驱动", "AI 配音与语音合成", "AI 口型同步"]),
    ("电商产品 AI 图像生成", ["AI 文生图", "ComfyUI 工作流搭建", "品牌视觉设计"]),
    ("动画短片联合制作", ["动画运动规律", "三维动画绑定", "角色造型设计"]),
    ("虚拟演播厅节目录制", ["虚拟拍摄 LED 墙调试", "直播技术与导播", "剧组协同与现场调度"]),
    ("老电影 AI 修复", ["AI 视频超分与修复", "影视调色（DaVinci Resolve）"]),
    ("游戏宣传 CG 制作", ["三维灯光与渲染", "特效合成（Nuke）", "实时渲染（虚幻引擎）"]),
    ("{city}博物馆数字展陈内容", ["沉浸式展演设计", "点云与三维扫描", "互动影像设计"]),
]
MILESTONES = [("需求确认与创意脚本", "创意脚本"), ("分镜与样片", "分镜与样片"), ("中期审片", "中期版本"),
              ("成片交付", "成片与工程文件")]
COMPETITION_BANK = [
    ("全国职业院校技能大赛·数字艺术设计赛项", "教育部", "national", ["AI 辅助分镜", "影视审美与色彩"]),
    ("全国职业院校技能大赛·虚拟现实（VR）设计与制作赛项", "教育部", "national", ["虚拟现实内容创意",
                                                       "实时渲染（虚幻引擎）"]),
    ("全国大学生广告艺术大赛", "中国高等教育学会", "national", ["广告创意表现", "品牌视觉设计"]),
    ("中国大学生计算机设计大赛·数字媒体设计", "中国大学生计算机设计大赛组委会", "national", ["动态图形设计",
                                                            "互动影像设计"]),
    ("全国高校数字艺术设计大赛", "工业和信息化部人才交流中心", "national", ["AI 艺术风格探索", "角色造型设计"]),
    ("省大学生 AIGC 短片创作大赛", "省教育厅", "provincial", ["AI 文生视频制作", "跨媒介叙事创新"]),
    ("省职业院校技能大赛·影视后期制作赛项", "省教育厅", "provincial", ["AI 辅助后期剪辑",
                                                  "影视调色（DaVinci Resolve）"]),
    ("“互联网+”大学生创新创业大赛", "教育部", "national", ["创新创业项目路演", "商业模式设计"]),
    ("全国大学生微电影创作大赛", "中国电影家协会", "national", ["剧本创作", "镜头语言与运镜"]),
    ("中国国际大学生动画节", "中国动画学会", "international", ["动画运动规律", "创意写作与世界观构建"]),
    ("金犊奖", "时报广告", "international", ["广告创意表现", "创意策划"]),
    ("校园微电影节", "影视传媒职业技术学院", "school", ["剧本创作", "项目协作与沟通"]),
    ("校 AIGC 创意设计大赛", "影视传媒职业技术学院", "school", ["AIGC 提示词工程", "AI 文生图"]),
    ("省数字人创新应用大赛", "省工业和信息化厅", "provincial", ["数字人制作与驱动", "AIGC 创意应用场景挖掘"]),
]
CERTIFICATE_BANK = [
    ("1+X 数字影像处理职业技能等级证书", "教育部职业技术教育中心", ["影视调色（DaVinci Resolve）",
                                           "AI 视频超分与修复"]),
    ("1+X 数字创意建模职业技能等级证书", "教育部职业技术教育中心", ["三维建模与雕刻", "材质与贴图制作"]),
    ("1+X 虚拟现实应用开发职业技能等级证书", "教育部职业技术教育中心", ["虚拟现实内容创意", "实时渲染（虚幻引擎）"]),
    ("1+X 新媒体运营职业技能等级证书", "教育部职业技术教育中心", ["短视频内容策划", "数据驱动的内容优化"]),
    ("1+X 影视后期制作职业技能等级证书", "教育部职业技术教育中心", ["非线性剪辑", "特效合成（Nuke）"]),
    ("1+X 数字媒体交互设计职业技能等级证书", "教育部职业技术教育中心", ["互动影像设计", "动态图形设计"]),
    ("人工智能训练师（生成式 AI 方向）", "人力资源和社会保障部", ["AIGC 提示词工程", "AIGC 版权与伦理"]),
    ("全媒体运营师", "人力资源和社会保障部", ["短视频内容策划", "直播技术与导播"]),
    ("数字影音后期制作员", "人力资源和社会保障部", ["音频后期混音", "非线性剪辑"]),
    ("摄影摄像职业技能等级证书", "中国就业培训技术指导中心", ["摄像机操作与稳定器", "摄影用光"]),
    ("民用无人机驾驶员执照", "中国民用航空局", ["无人机航拍", "安全生产与设备规范"]),
    ("达芬奇调色认证", "Blackmagic Design", ["影视调色（DaVinci Resolve）"]),
    ("虚幻引擎认证", "Epic Games", ["实时渲染（虚幻引擎）", "虚拟制片预演（Previs）"]),
    ("Adobe 认证专家（Premiere Pro）", "Adobe", ["非线性剪辑"]),
    ("Autodesk Maya 认证", "Autodesk", ["三维动画绑定", "三维建模与雕刻"]),
    ("普通话水平测试证书", "国家语言文字工作委员会", ["服务意识与客户礼仪"]),
    ("网络主播职业技能等级证书", "中国就业培训技术指导中心", ["直播技术与导播", "影视行业法规与内容审核"]),
    ("数字孪生应用技术员", "人力资源和社会保障部", ["点云与三维扫描", "Python 自动化脚本"]),
    ("动画制作员", "人力资源和社会保障部", ["动画运动规律", "角色造型设计"]),
    ("广告设计师", "人力资源和社会保障部", ["广告创意表现", "品牌视觉设计"]),
]
CERTIFICATE_LEVELS = [("junior", "初级"), ("intermediate", "中级"), ("senior", "高级")]
AWARD_TITLES = ["一等奖", "二等奖", "三等奖", "优秀奖", "金奖", "银奖", "铜奖", "最佳创意奖"]
AWARD_WEIGHTS = [6, 12, 20, 30, 4, 8, 12, 8]

# Notifications: the kinds each role receives (weights), the reminder rule behind each kind.
ROLE_KINDS = {
    "admin": [("agreement_expiring", 30), ("placement_compliance", 25), ("budget_alert", 15),
              ("teacher_practice", 15), ("general", 15)],
    "teacher": [("weekly_log_unreviewed", 55), ("teacher_practice", 8), ("course_stale", 7),
                ("booking_tomorrow", 15), ("general", 15)],
    "student": [("weekly_log_missing", 45), ("booking_tomorrow", 20), ("general", 35)],
    "enterprise": [("application_waiting", 50), ("evaluation_due", 25), ("teacher_placement_pending", 10),
                   ("general", 15)],
    "association": [("general", 100)],
}
KIND_RULE = {"budget_alert": "budget_line_alert", "teacher_practice": "teacher_practice_standing",
             "teacher_placement_pending": "teacher_placement_unconfirmed"}
GENERAL_NOTICES = [
    ("系统将于周六 22:00–24:00 维护升级", "维护期间平台暂停服务，请提前保存正在编辑的内容。"),
    ("{year} 年校企合作年度报告已发布", "年度报告已在“报表”中生成，可下载 PDF 与 Excel 版本。"),
    ("关于开展 AIGC 教学成果展的通知", "请各系于本月底前提交参展作品与课程案例。"),
    ("平台新功能：岗课赛证能力覆盖分析", "在“课程体系”中可查看各项能力的行业需求与课程供给。"),
    ("关于报送实习基地年度考核材料的通知", "请合作企业在两周内上传实习基地年度运行材料。"),
    ("产教融合项目申报开始", "本年度产教融合专项资金项目申报已开始，截止日期为下月 15 日。"),
]


def _spread(rng: random.Random, n: int, s: float = 0.8) -> tuple[list[int], list[float]]:
    """A random order of ``range(n)`` and Zipf weights over it: who is popular is random, that someone is, is not."""
    order = list(range(n))
    rng.shuffle(order)
    return order, zipf_cum_weights(n, s)


def _generate_curriculum(w: SimpleNamespace, log) -> None:
    """Competencies, programmes, modules, courses with coverage and revisions, the 岗课赛证 links,
    student achievements, industry projects adopted as course projects with teams, and posting demand."""
    from curriculum.selectors import stale_cutoff

    rng, load, n, today, now = w.rng, w.load, w.n, w.today, w.now

    # --- competencies: round-robin over the categories, so that any scale has some of each ---------------
    columns = [[(cat, prefix, i, name) for i, name in enumerate(names)] for cat, prefix, names in COMPETENCY_BANK]
    flat = [col[k] for k in range(max(map(len, columns))) for col in columns if k < len(col)]
    competencies = []  # (id, code, name, category)
    for j in range(n["competencies"]):
        cat, prefix, i, name = flat[j % len(flat)]
        rnd = j // len(flat)
        competencies.append((j + 1, f"{prefix}-{i + 1:03d}" + (f"-{rnd + 1}" if rnd else ""),
                             name + (f"（方向 {rnd + 1}）" if rnd else ""), cat))
    load.copy("curriculum_competency", ["id", "code", "name", "category", "description"],
              ((c[0], c[1], c[2], c[3], f"{c[2]}：影视与 AIGC 行业岗位所需的能力。") for c in competencies))
    comp_by_name = {c[2]: c[0] for c in competencies}

    def core(names: list[str]) -> list[int]:
        return [comp_by_name[x] for x in names if x in comp_by_name]

    # Supply: Zipf within each category over the taught competencies; demand: Zipf over all, in another order.
    taught = {cat: [c[0] for c in competencies if c[3] == cat and c[2] not in UNTAUGHT]
              for cat, _, _ in COMPETENCY_BANK}
    taught = {cat: ids for cat, ids in taught.items() if ids}
    supply_pick = {}
    for cat, ids in taught.items():
        rng.shuffle(ids)
        supply_pick[cat] = (ids, zipf_cum_weights(len(ids), 0.9))
    demand_order, demand_cum = _spread(rng, len(competencies), 0.9)

    def demanded() -> int:
        return competencies[demand_order[pick(rng, demand_cum)]][0]

    # --- programmes: one approved version per major for this year's cohort; some replaced an older
    # version (previous), some majors already have next year's version in review or draft ----------------
    cohort = today.year
    majors = []
    for i in range(n["majors"]):
        name, code, dept, summary = MAJORS[i % len(MAJORS)]
        rnd = i // len(MAJORS)
        majors.append((name + (f"（{rnd + 1}）" if rnd else ""), code + (str(rnd + 1) if rnd else ""),
                       w.dept_ids[dept % len(w.dept_ids)], summary))
    programs = []  # [id, major index, cohort, version, status, previous]
    current = {}  # major index -> approved programme id
    for m in range(len(majors)):
        if m % 3 == 0:
            programs.append([len(programs) + 1, m, cohort, 1, "superseded", None])
            programs.append([len(programs) + 1, m, cohort, 2, "approved", programs[-1][0]])
        else:
            programs.append([len(programs) + 1, m, cohort, 1, "approved", None])
        current[m] = programs[-1][0]
        if m % 6 == 1:
            programs.append([len(programs) + 1, m, cohort + 1, 1, "in_review" if m % 12 == 1 else "draft",
                             current[m]])
    load.copy("curriculum_program",
              ["id", "major", "cohort_year", "version", "status", "previous_id", "title", "length_years", "summary",
               "department_id", "approved_at", "created_by_id", "created_at", "updated_at"],
              ((p[0], majors[p[1]][0], p[2], p[3], p[4], p[5],
                f"{majors[p[1]][0]}专业人才培养方案（{p[2]} 级）" + ("（AIGC 融合版）" if p[3] > 1 else ""), 3,
                majors[p[1]][3], majors[p[1]][2],
                now - dt.timedelta(days=400 if p[4] == "superseded" else 120) if p[4] in ("approved", "superseded")
                else None, w.admin_id, now - dt.timedelta(days=500 - 100 * p[3]), now) for p in programs))
    goals = []
    for p in programs:
        chosen = [g for dim in ("art", "technology", "innovation")
                  for g in [rng.choice([g for g in GOAL_BANK if g[0] == dim])]]
        chosen += rng.sample([g for g in GOAL_BANK if g not in chosen], rng.randint(0, 2))
        goals += [(p[0],) + g + (k,) for k, g in enumerate(chosen)]
    load.copy("curriculum_programgoal", ["program_id", "dimension", "statement", "outcome", "target", "order"], goals)
    comments = []
    for p in programs:
        if p[4] != "in_review":
            continue
        for k in range(rng.randint(2, 4)):
            ent = w.ent_ids[k % len(w.ent_ids)]
            by_assoc = k == 1
            comments.append((p[0], w.assoc_user_id if by_assoc else w.ent_users[ent][0],
                             w.association_id if by_assoc else ent, rng.choice(PROGRAM_COMMENTS),
                             now - dt.timedelta(days=rng.randint(1, 30))))
    load.copy("curriculum_programcomment", ["program_id", "author_id", "organization_id", "body", "created_at"],
              comments)

    # --- modules: one of each kind per major (on its approved version) and the college-wide ones --------
    modules = []  # (id, name, kind, program)
    for name, kind in SHARED_MODULES:
        modules.append((len(modules) + 1, name, kind, None))
    major_module = {}
    for m, major in enumerate(majors):
        for kind in MODULE_KINDS:
            modules.append((len(modules) + 1, f"{major[0]}·{MODULE_KIND_ZH[kind]}模块", kind, current[m]))
            major_module[m, kind] = modules[-1][0]
    load.copy("curriculum_coursemodule", ["id", "name", "kind", "program_id", "description"],
              ((mo[0], mo[1], mo[2], mo[3], f"{MODULE_KIND_ZH[mo[2]]}课程。") for mo in modules))

    # --- courses: a tenth college-wide, the rest spread over the majors; owners by Zipf rank --------------
    cutoff = stale_cutoff(today)
    courses = []  # (id, code, name, kind, major or None, owner, content_since, last_revised)
    n_shared = max(1, n["courses"] // 10) if n["courses"] > 1 else 1
    shared_module = {kind: mo[0] for mo in modules[:len(SHARED_MODULES)] for kind in [mo[2]]}
    name_queue: dict[tuple[int, str], list[str]] = {}
    seq: dict[tuple[int, str], int] = {}
    course_rows, revisions, coverage = [], [], []
    for j in range(n["courses"]):
        cid = j + 1
        if j < n_shared:
            base, kind = SHARED_COURSES[j % len(SHARED_COURSES)]
            rnd = j // len(SHARED_COURSES)
            name, m, module = base + (f"（{rnd + 1}）" if rnd else ""), None, shared_module.get(kind)
            code = f"GEN{j + 1:04d}"
        else:
            m = (j - n_shared) % len(majors)
            kind = rng.choices(MODULE_KINDS, (30, 45, 25))[0]
            key = (m, kind)
            if not name_queue.get(key):
                bank = COURSE_BANK[kind][:]
                rng.shuffle(bank)
                rnd = seq.get(key, 0) // len(bank)
                name_queue[key] = [b + ("（二）" if rnd == 1 else f"（{rnd + 1}）" if rnd else "") for b in bank]
            name = name_queue[key].pop()
            seq[key] = seq.get(key, 0) + 1
            module = major_module[m, kind]
            code = f"{majors[m][1]}{MODULE_KINDS.index(kind) + 1}{seq[key]:03d}"
        theory = {"fundamentals": rng.choice((32, 32, 48)), "technology": rng.choice((16, 16, 32)),
                  "practice": rng.choice((0, 0, 8))}[kind]
        practice = {"fundamentals": rng.choice((0, 16, 16)), "technology": rng.choice((32, 48, 48)),
                    "practice": rng.choice((48, 64, 96))}[kind]
        credits = max(Decimal("1.0"), Decimal(round((theory + practice) / 16 * 2)) / 2)
        owner = None if rng.random() < 0.03 else w.teacher_ids[pick(rng, w.teacher_cum)]
        topics = rng.sample(AIGC_TOPICS, rng.randint(1, 3)) if kind == "technology" or rng.random() < 0.2 else []
        # A quarter of the courses are stale: last changed before the cutoff of the course_stale reminder.
        if rng.random() < 0.25:
            last = cutoff - dt.timedelta(days=rng.randint(1, 900))
        else:
            last = min(today, cutoff + dt.timedelta(days=rng.randint(0, (today - cutoff).days)))
        k = rng.choices((0, 1, 2, 3, 4, 5), (15, 30, 25, 15, 10, 5))[0]
        since = last if k == 0 else last - dt.timedelta(days=rng.randint(150, 1500))
        dates = sorted(since + dt.timedelta(days=rng.randint(1, max(1, (last - since).days)))
                       for _ in range(k - 1)) + [last] if k else []
        for d in dates:
            summary, added, retired = rng.choice(REVISIONS)
            revisions.append((cid, d, summary, added.format(topic=rng.choice(topics or AIGC_TOPICS)), retired,
                              owner, dt.datetime.combine(d, dt.time(10), dt.UTC)))
        courses.append((cid, code, name, kind, m, owner, since, last))
        audience = majors[m][0] if m is not None else "全院"
        course_rows.append((cid, code, name, credits, theory, practice, module, owner,
                            f"{name}：面向{audience}学生的{MODULE_KIND_ZH[kind]}课程。", topics, since))
        # coverage: 2–8 competencies, mostly of the categories the module kind trains
        want = min(rng.choice((2, 3, 3, 4, 4, 4, 5, 5, 6, 7, 8)), sum(len(v) for v in taught.values()))
        cats = [c for c in KIND_CATEGORY_WEIGHTS[kind] if c in supply_pick]
        weights = [KIND_CATEGORY_WEIGHTS[kind][c] for c in cats]
        got: set[int] = set()
        for _ in range(want * 10):
            if len(got) >= want or not cats:
                break
            ids, cum = supply_pick[rng.choices(cats, weights)[0]]
            got.add(ids[pick(rng, cum)])
        coverage += [(cid, comp, rng.choice(KIND_LEVELS[kind])) for comp in sorted(got)]
    load.copy("curriculum_course",
              ["id", "code", "name", "credits", "theory_hours", "practice_hours", "module_id", "owner_id",
               "description", "aigc_topics", "content_since"], course_rows)
    load.copy("curriculum_courserevision", ["course_id", "revised_on", "summary", "added", "retired", "by_id",
                                            "created_at"], revisions)
    load.copy("curriculum_coursecompetency", ["course_id", "competency_id", "level"], coverage)
    w.courses = courses
    n_stale = sum(1 for c in courses if c[7] < cutoff)

    # --- programme courses: the major's courses and the college-wide ones; older and newer versions differ --
    by_major: dict[int | None, list[tuple]] = {}
    for c in courses:
        by_major.setdefault(c[4], []).append(c)
    semester = {c[0]: rng.randint(*KIND_SEMESTERS[c[3]]) for c in courses}
    program_courses = []
    current_set: dict[int, list[int]] = {}
    for m in range(len(majors)):
        ids = [c[0] for c in by_major.get(m, [])] + [c[0] for c in by_major.get(None, [])[:12]]
        others = [c[0] for c in courses if c[4] not in (m, None)]
        ids += rng.sample(others, min(len(others), rng.randint(2, 4)))
        current_set[m] = ids
    for p in programs:
        ids = list(current_set[p[1]])
        if p[4] == "superseded":  # the older version lacked some of the AIGC courses and had others
            ids = [c for c in ids if not (courses[c - 1][3] == "technology" and rng.random() < 0.3)]
        elif p[4] in ("in_review", "draft"):
            ids = [c for c in ids if rng.random() > 0.1]
            ids += rng.sample([c[0] for c in courses], min(len(courses), 3))
        seen: set[int] = set()
        for c in ids:
            if c in seen:
                continue
            seen.add(c)
            required = courses[c - 1][4] in (p[1], None)
            program_courses.append((p[0], c, semester[c] if p[4] != "superseded" or rng.random() < 0.8
                                    else rng.randint(1, 6), required and rng.random() < 0.9))
    load.copy("curriculum_programcourse", ["program_id", "course_id", "semester", "is_required"], program_courses)
    log(f"curriculum: {len(competencies)} competencies, {len(programs)} programmes, {len(modules)} modules, "
        f"{len(courses):,} courses ({n_stale} stale), {len(coverage):,} coverage rows, "
        f"{len(revisions):,} revisions, {len(program_courses):,} programme courses")

    # --- demand: job posts, the postings' and industry projects' competencies ----------------------------
    job_posts, job_reqs = [], []
    title_cum = zipf_cum_weights(len(JOB_TITLES), 0.7)  # the obsolete film-lab post last: rarely listed
    for i in range(n["job_posts"]):
        title, names = JOB_TITLES[pick(rng, title_cum)]
        ent = None if rng.random() < 0.3 else w.ent_ids[pick(rng, w.ent_cum)]
        job_posts.append((i + 1, title, f"{title}岗位，面向影视与 AIGC 行业。", ent,
                          title != "胶片冲印技师" and rng.random() < 0.9, now - dt.timedelta(days=rng.randint(0, 700))))
        got = {c: rng.choice((3, 3, 4)) for c in core(names)}
        for _ in range(rng.randint(1, 3)):
            got.setdefault(demanded(), rng.choice((2, 2, 3)))
        job_reqs += [(i + 1, c, lv) for c, lv in sorted(got.items())]
    load.copy("curriculum_jobpost", ["id", "title", "description", "enterprise_id", "is_current", "created_at"],
              job_posts)
    load.copy("curriculum_jobpostcompetency", ["job_post_id", "competency_id", "level"], job_reqs)

    posting_comps = []
    for p in w.postings:
        got = set(core(POST_CORE.get(p[4], [])))
        if rng.random() < 0.4 or not got:
            got.add(demanded())
        posting_comps += [(p[0], c) for c in sorted(got)]
    load.copy("internships_posting_competencies", ["posting_id", "competency_id"], posting_comps)

    # --- industry projects (Zipf over enterprises), adopted by courses as course projects ----------------
    projects = []  # [id, enterprise, status, start, end, title, kind, max_students]
    for i in range(n["industry_projects"]):
        ent = w.ent_ids[pick(rng, w.ent_cum)]
        status = rng.choices(["draft", "open", "in_progress", "delivered", "closed"], [8, 15, 30, 22, 25])[0]
        if status in ("draft", "open"):
            start = today + dt.timedelta(days=rng.randint(7, 120))
        elif status == "in_progress":
            start = today - dt.timedelta(days=rng.randint(1, 100))
        else:
            start = today - dt.timedelta(days=rng.randint(130, 1000))
        end = start + dt.timedelta(days=rng.randint(30, 180))
        if status == "in_progress" and end <= today:
            end = today + dt.timedelta(days=rng.randint(7, 60))
        if status in ("delivered", "closed") and end >= today:
            end = today - dt.timedelta(days=rng.randint(1, 20))
        kind = rng.randrange(len(PROJECT_KINDS))
        title = PROJECT_KINDS[kind][0].format(city=rng.choice(CITIES))
        projects.append([i + 1, ent, status, start, end, f"{title}（{start.year}-{i + 1:04d}）", kind,
                         rng.randint(4, 30)])
    eligible = [p for p in projects if p[2] in ("open", "in_progress", "delivered", "closed")]
    project_courses = [c for c in courses if c[3] in ("practice", "technology")] or courses
    pc_order, pc_cum = _spread(rng, len(project_courses), 0.7)
    course_projects, teams, team_members, grades = [], [], [], []
    members: dict[int, dict[int, tuple[str, str]]] = {}  # industry project -> user -> (role, team)
    seen_cp: set[tuple[int, int, str]] = set()
    cp_status = {"open": "planned", "in_progress": "running", "delivered": "completed", "closed": "completed"}
    for ip in rng.sample(eligible, min(len(eligible), n["course_projects"])):
        course = project_courses[pc_order[pick(rng, pc_cum)]]
        y = ip[3].year if ip[3].month >= 9 else ip[3].year - 1
        term = f"{y}-{y + 1}-{1 if ip[3].month >= 9 or ip[3].month < 2 else 2}"
        if (course[0], ip[0], term) in seen_cp:
            continue
        seen_cp.add((course[0], ip[0], term))
        cpid = len(course_projects) + 1
        status = cp_status[ip[2]]
        mentor = w.ent_users[ip[1]][0]
        course_projects.append((cpid, course[0], ip[0], f"{ip[5]}（{course[2]}）", term, mentor, status,
                                Decimal(rng.choice(("0.50", "0.60", "0.60", "0.70"))),
                                dt.datetime.combine(ip[3], dt.time(9), dt.UTC) - dt.timedelta(days=14)))
        crew = members.setdefault(ip[0], {})
        lead = course[5] or w.teacher_ids[pick(rng, w.teacher_cum)]
        if lead not in crew:
            crew[lead] = ("teacher" if any(r == "lead_teacher" for r, _ in crew.values()) else "lead_teacher", "")
        used: set[int] = set()
        for t in range(rng.randint(0, 2) if status == "planned" else rng.randint(2, 5)):
            team_id = len(teams) + 1
            team_name = f"第{t + 1}组"
            teams.append((team_id, cpid, team_name, course_projects[-1][8]))
            for k in range(rng.randint(3, 6)):
                student = w.student_ids[rng.randrange(len(w.student_ids))]
                if student in used:
                    continue
                used.add(student)
                team_members.append((team_id, cpid, student))
                crew.setdefault(student, ("student_lead" if k == 0 else "student", team_name))
            if status == "completed" or (status == "running" and rng.random() < 0.4):
                graded = dt.datetime.combine(min(ip[4], today), dt.time(16), dt.UTC)
                grades.append((team_id, "teacher", lead, Decimal(rng.randint(60, 98)), "完成度较高，镜头节奏把握较好。",
                               graded))
                if status == "completed":
                    grades.append((team_id, "mentor", mentor, Decimal(rng.randint(60, 98)),
                                   "达到客户交付标准，细节仍需打磨。", graded))
    # Projects at work without a course still have a lead teacher and a few students.
    for ip in projects:
        if ip[2] in ("in_progress", "delivered", "closed") and ip[0] not in members:
            crew = members.setdefault(ip[0], {w.teacher_ids[pick(rng, w.teacher_cum)]: ("lead_teacher", "")})
            for k in range(rng.randint(2, 6)):
                crew.setdefault(w.student_ids[rng.randrange(len(w.student_ids))],
                                ("student_lead" if k == 0 else "student", "A组"))
    for ip in projects:  # places cover the students taken on
        ip[7] = max(ip[7], sum(1 for r, _ in members.get(ip[0], {}).values() if r.startswith("student")))
    rated = ("delivered", "closed")
    load.copy("partnerships_industryproject",
              ["id", "enterprise_id", "status", "start_date", "end_date", "title", "brief", "deliverables",
               "max_students", "rating", "feedback", "outcome", "published_at", "created_by_id", "created_at",
               "updated_at"],
              ((p[0], p[1], p[2], p[3], p[4], p[5], f"{p[5]}：企业真实商业项目，师生团队参与创作与交付。",
                "成片、分镜与工程文件", p[7], rng.choice((3, 4, 4, 5, 5, 5)) if p[2] in rated else None,
                "团队响应及时，成片质量达到商用标准。" if p[2] in rated else "",
                "按期交付并投放使用。" if p[2] in rated else "",
                None if p[2] == "draft" else dt.datetime.combine(p[3], dt.time(9), dt.UTC) - dt.timedelta(days=30),
                w.ent_users[p[1]][0], dt.datetime.combine(p[3], dt.time(9), dt.UTC) - dt.timedelta(days=40), now)
               for p in projects))
    load.copy("partnerships_industryproject_competencies", ["industryproject_id", "competency_id"],
              ((p[0], c) for p in projects
               for c in sorted(set(core(PROJECT_KINDS[p[6]][1])) | ({demanded()} if rng.random() < 0.5 else set())
                               or {demanded()})))
    load.copy("partnerships_projectmember", ["project_id", "user_id", "role", "team", "joined_at"],
              ((ip, u, role, team, dt.datetime.combine(projects[ip - 1][3], dt.time(9), dt.UTC))
               for ip, crew in members.items() for u, (role, team) in crew.items()))
    milestones = []
    for p in projects:
        if p[2] == "draft":
            continue
        span = (p[4] - p[3]).days
        for k, (title, deliverable) in enumerate(MILESTONES):
            due = p[3] + dt.timedelta(days=span * (k + 1) // len(MILESTONES))
            milestones.append((p[0], title, due, deliverable, due if due < today and p[2] != "open" else None))
    load.copy("partnerships_projectmilestone", ["project_id", "title", "due_date", "deliverable", "completed_on"],
              milestones)
    load.copy("curriculum_courseproject",
              ["id", "course_id", "industry_project_id", "title", "term", "mentor_id", "status", "teacher_weight",
               "created_at", "updated_at"], (cp + (now,) for cp in course_projects))
    load.copy("curriculum_projectteam", ["id", "project_id", "name", "created_at"], teams)
    load.copy("curriculum_teammember", ["team_id", "project_id", "student_id"], team_members)
    load.copy("curriculum_teamgrade", ["team_id", "grader_role", "grader_id", "score", "comment", "graded_at"], grades)
    log(f"demand: {len(job_posts)} job posts ({len(job_reqs):,} requirements), {len(posting_comps):,} posting "
        f"competencies, {len(projects)} industry projects; {len(course_projects)} course projects, "
        f"{len(teams)} teams, {len(team_members):,} members")

    # --- competitions and certificates, with competencies and courses (岗课赛证) ----------------------------
    course_order, course_cum = _spread(rng, len(courses), 0.8)

    def some_courses(k: int) -> list[int]:
        return sorted({courses[course_order[pick(rng, course_cum)]][0] for _ in range(k)})

    competitions = []
    for i in range(n["competitions"]):
        name, org, level, names = COMPETITION_BANK[i % len(COMPETITION_BANK)]
        rnd = i // len(COMPETITION_BANK)
        # Names are unique (a catalogue): past the last city the round number follows the city.
        city = CITIES[rnd % len(CITIES)] + (str(rnd // len(CITIES) + 1) if rnd >= len(CITIES) else "")
        competitions.append((i + 1, name + (f"（{city}赛区）" if rnd else ""), org, level, names))
    load.copy("curriculum_competition", ["id", "name", "organizer", "level"], (c[:4] for c in competitions))
    load.copy("curriculum_competition_competencies", ["competition_id", "competency_id"],
              ((c[0], x) for c in competitions for x in sorted(set(core(c[4])) | {demanded()})))
    load.copy("curriculum_competition_courses", ["competition_id", "course_id"],
              ((c[0], x) for c in competitions for x in some_courses(rng.randint(1, 3))))
    certificates = []
    for i in range(n["certificates"]):
        name, issuer, names = CERTIFICATE_BANK[(i // len(CERTIFICATE_LEVELS)) % len(CERTIFICATE_BANK)]
        level, level_zh = CERTIFICATE_LEVELS[i % len(CERTIFICATE_LEVELS)]
        rnd = i // (len(CERTIFICATE_BANK) * len(CERTIFICATE_LEVELS))
        certificates.append((i + 1, f"{name}（{level_zh}）" + (f"（{rnd + 1}）" if rnd else ""), issuer, level, names))
    load.copy("curriculum_certificate", ["id", "name", "issuer", "level"], (c[:4] for c in certificates))
    load.copy("curriculum_certificate_competencies", ["certificate_id", "competency_id"],
              ((c[0], x) for c in certificates for x in sorted(set(core(c[4])) or {demanded()})))
    load.copy("curriculum_certificate_courses", ["certificate_id", "course_id"],
              ((c[0], x) for c in certificates for x in some_courses(rng.randint(0, 2))))

    # --- student achievements: a few students collect many, most one or none ------------------------------
    order = list(range(1, len(w.student_ids)))
    rng.shuffle(order)
    order.insert(min(3, len(order)), 0)  # bench-student-1 ranks fourth: busy, not the extreme
    stu_cum = zipf_cum_weights(len(order), 0.35)
    comp_cum = zipf_cum_weights(len(competitions), 0.8)
    cert_cum = zipf_cum_weights(len(certificates), 0.8)
    approved_by_dept: dict[int, list[int]] = {}
    for p in programs:
        if p[4] == "approved":
            approved_by_dept.setdefault(majors[p[1]][2], []).append(p[0])

    def achievement_rows():
        for i in range(n["achievements"]):
            student = w.student_ids[order[pick(rng, stu_cum)]]
            options = approved_by_dept.get(w.student_dept[student])
            program = rng.choice(options) if options else None
            achieved = today - dt.timedelta(days=rng.randint(0, 1000))
            status = rng.choices(["verified", "submitted", "rejected"], [75, 18, 7])[0]
            created = dt.datetime.combine(achieved, dt.time(12), dt.UTC) + dt.timedelta(days=rng.randint(1, 20))
            created = min(created, now)
            decided = min(created + dt.timedelta(days=rng.randint(1, 10)), now) if status != "submitted" else None
            if rng.random() < 0.4:
                c = competitions[pick(rng, comp_cum)]
                kind, comp, cert, title = "award", c[0], None, rng.choices(AWARD_TITLES, AWARD_WEIGHTS)[0]
            else:
                c = certificates[pick(rng, cert_cum)]
                kind, comp, cert, title = "certificate", None, c[0], f"证书编号 C{c[0]:03d}-{achieved.year}-{i + 1:06d}"
            yield (i + 1, student, program, kind, comp, cert, title, achieved, status,
                   w.admin_id if decided else None, decided,
                   "证书信息与证明材料不符，请重新上传。" if status == "rejected" else "", created, decided or created)
    total = load.copy("curriculum_studentachievement",
                      ["id", "student_id", "program_id", "kind", "competition_id", "certificate_id", "title",
                       "achieved_on", "status", "verified_by_id", "verified_at", "review_note", "created_at",
                       "updated_at"], achievement_rows())
    log(f"岗课赛证: {len(competitions)} competitions, {len(certificates)} certificates, {total:,} achievements")


def _generate_notifications(w: SimpleNamespace, log) -> None:
    """In-app notifications: Zipf over users (the bench users busiest), most read, each user's newest unread;
    the keyed ones (reminders) have their ReminderLog rows, from past periods only, so a reminder job run
    on this data is still a first run."""
    from django.urls import NoReverseMatch, reverse

    rng, load, n, now, cur = w.rng, w.load, w.n, w.now, w.cur

    def url_of(name: str, with_pk: bool = True):
        try:
            return reverse(name, kwargs={"pk": 987654321} if with_pk else None).replace("987654321", "{}")
        except NoReverseMatch:
            return ""

    urls = {k: url_of(k) for k in ("partnerships:agreement_detail", "internships:placement_detail",
                                   "internships:log_create", "internships:log_detail", "funding:budget_detail",
                                   "curriculum:course_detail")}
    urls.update({k: url_of(k, False) for k in ("internships:application_list", "funding:booking_list",
                                               "faculty:portfolio", "faculty:overview", "faculty:confirmation_queue",
                                               "notifications:list")})
    cur.execute("SELECT app_label || '.' || model, id FROM django_content_type")
    ct = dict(cur.fetchall())

    role = {w.admin_id: "admin", w.assoc_user_id: "association"}
    role.update({u: "teacher" for u in w.teacher_ids})
    role.update({u: "student" for u in w.student_ids})
    role.update({u: "enterprise" for users in w.ent_users.values() for u in users})
    top = [w.admin_id, w.teacher_ids[0], w.ent_users[w.ent_ids[0]][0], w.student_ids[0]]
    rest = [u for u in role if u not in set(top)]
    rng.shuffle(rest)
    ranked = top + rest
    user_cum = zipf_cum_weights(len(ranked), 0.8)
    kinds = {r: ([k for k, _ in v], [x for _, x in v]) for r, v in ROLE_KINDS.items()}

    # the objects each user's reminders are about, from the generated rows
    first_log, mentees, own_placements, mentor_of = [], {}, {}, {}
    lid = 1
    for weeks in w.log_weeks:  # log ids run placement by placement, as log_rows() wrote them
        first_log.append((lid, weeks))
        lid += weeks
    for i, pl in enumerate(w.placements):
        mentees.setdefault(pl[9], []).append(i)
        own_placements.setdefault(pl[1], []).append(i)
        mentor_of.setdefault(pl[10], []).append(i)
    owned: dict[int, list[tuple]] = {}
    for c in w.courses:
        if c[5]:
            owned.setdefault(c[5], []).append(c)
    n_logs = lid - 1
    last_seen: dict[int, float] = {}

    def message(nid: int, uid: int, created: dt.datetime):
        """(kind, title, body, url, content type, object id, key) of one notification to ``uid``."""
        r = role[uid]
        kind = rng.choices(*kinds[r])[0]
        rule = KIND_RULE.get(kind, kind)
        sn = rng.choice(SURNAMES) + "同学"
        if kind == "weekly_log_unreviewed" and n_logs:
            mine = mentees.get(uid)
            pl = w.placements[rng.choice(mine)] if mine else w.placements[rng.randrange(len(w.placements))]
            first, weeks = first_log[pl[0] - 1]
            if weeks:
                week = rng.randint(1, weeks)
                log_id = first + week - 1
                return (kind, f"请批阅{sn}第{week}周的实习周志", "该周志提交已超过 3 天，请及时批阅并给出评价。",
                        urls["internships:log_detail"].format(log_id), ct["internships.weeklylog"], log_id,
                        f"{rule}:3:weeklylog:{log_id}:n{nid}")
            kind = "general"
        if kind == "weekly_log_missing":
            mine = own_placements.get(uid)
            if mine:
                pl = w.placements[rng.choice(mine)]
                week = rng.randint(1, 26)
                return (kind, f"第{week}周实习周志尚未填写", f"请填写您在{pl[5]}岗位第{week}周的实习周志。",
                        urls["internships:log_create"].format(pl[0]), ct["internships.placement"], pl[0],
                        f"{rule}:placement:{pl[0]}:w{week}:n{nid}")
            kind = "general"
        if kind == "course_stale":
            mine = owned.get(uid)
            if mine:
                c = rng.choice(mine)
                return (kind, f"课程 {c[1]} {c[2]} 需要更新教学内容",
                        f"该课程内容最近一次修订于 {c[7].isoformat()}。请记录一次修订：新增了什么、淘汰了什么。",
                        urls["curriculum:course_detail"].format(c[0]), ct["curriculum.course"], c[0],
                        f"{rule}:course:{c[0]}:{created:%Y-%m}:n{nid}")
            kind = "general"
        if kind in ("placement_compliance", "evaluation_due"):
            mine = mentor_of.get(uid) if kind == "evaluation_due" else None
            pl = w.placements[rng.choice(mine) if mine else rng.randrange(len(w.placements))]
            if kind == "placement_compliance":
                title = f"{sn}的实习将于 {rng.randint(1, 7)} 天后开始，但缺少{rng.choice(['三方协议', '实习责任保险'])}"
                body = "未补齐前实习不能开始。"
            else:
                title = f"请为实习生{sn}填写{rng.choice(['中期', '终期'])}评价"
                body = "评价链接一次有效，14 天内过期。"
            return (kind, title, body, urls["internships:placement_detail"].format(pl[0]),
                    ct["internships.placement"], pl[0], f"{rule}:placement:{pl[0]}:n{nid}")
        if kind == "agreement_expiring":
            aid, days = rng.randint(1, n["agreements"]), rng.choice((60, 30, 7))
            return (kind, f"合作协议 {aid} 将于 {days} 天后到期", "请尽快安排续签或结项评估。",
                    urls["partnerships:agreement_detail"].format(aid), ct["partnerships.agreement"], aid,
                    f"{rule}:{days}:agreement:{aid}:n{nid}")
        if kind == "budget_alert":
            line = w.lines[rng.randrange(len(w.lines))]
            near = rng.random() < 0.6
            return (kind, f"预算项目“{line[2]}”" + (f"执行率已达 {rng.randint(90, 99)}%" if near else "执行进度落后"),
                    "请核对支出计划，必要时申请调整预算。", urls["funding:budget_detail"].format(line[3]),
                    ct["funding.budgetline"], line[0],
                    f"{rule}:{'near_limit' if near else 'behind'}:budgetline:{line[0]}:{created:%Y-%m}:n{nid}")
        if kind == "booking_tomorrow":
            bid = rng.randint(1, n["bookings"])
            return (kind, f"明天 {rng.randint(8, 18)}:00 实训室预约提醒", "请提前 15 分钟到场并完成安全培训签到。",
                    urls["funding:booking_list"], ct["funding.booking"], bid, f"{rule}:booking:{bid}:n{nid}")
        if kind == "application_waiting":
            aid = rng.randint(1, w.n_applications)
            return (kind, f"{sn}投递的“{rng.choice(POSTS)}实习生”待处理",
                    "该申请已超过 7 天未处理，请筛选、发放录用或婉拒。", urls["internships:application_list"],
                    ct["internships.application"], aid,
                    f"{rule}:7:application:{aid}:submitted:n{nid}")
        if kind == "teacher_practice":
            admin = r == "admin"
            return (kind, f"{rng.randint(3, 40)} 名教师企业实践进度落后" if admin else "您的企业实践时长进度落后",
                    "按五年累计不少于 6 个月的要求，请与教师流动站联系安排企业实践。",
                    urls["faculty:overview" if admin else "faculty:portfolio"], None, None,
                    f"{rule}:{rng.choice(['at_risk', 'behind'])}:user:{uid}:{created:%Y-%m}:n{nid}")
        if kind == "teacher_placement_pending":
            return (kind, f"{rng.choice(SURNAMES)}老师的企业实践申请待确认", "请确认接收该教师到贵单位开展企业实践。",
                    urls["faculty:confirmation_queue"], None, None, f"{rule}:user:{uid}:n{nid}")
        title, body = rng.choice(GENERAL_NOTICES)
        return ("general", title.format(year=created.year - 1), body, urls["notifications:list"], None, None, "")

    # Creation times over the last year, ids in creation order, as the platform would have written them.
    stamps = sorted(now - dt.timedelta(seconds=rng.randint(60, 365 * 86400)) for _ in range(n["notifications"]))
    reminder_log = []

    def notification_rows():
        for nid, created in enumerate(stamps, start=1):
            uid = ranked[pick(rng, user_cum)]
            kind, title, body, url, ct_id, obj, key = message(nid, uid, created)
            age_days = (now - created).total_seconds() / 86400
            # each user last looked a few days ago: what came since is unread, nearly all before is read
            seen = last_seen.setdefault(uid, rng.expovariate(1 / 4))
            read_at = None
            if age_days > seen and rng.random() < 0.97:
                read_at = created + dt.timedelta(hours=rng.uniform(0.05, min(72.0, (age_days - seen) * 24)))
            if age_days > 1:
                email_state = "sent" if rng.random() < 0.55 else "none"
            else:
                email_state = rng.choices(["digest", "pending", "none"], [40, 5, 55])[0]
            emailed = created + dt.timedelta(hours=rng.uniform(0.1, 12)) if email_state == "sent" else None
            if key:
                reminder_log.append((key, key.split(":", 1)[0], 1, created))
            yield (nid, uid, kind, title, body, url, ct_id, obj, key, rng.random() > 0.03, email_state, emailed,
                   read_at, created)
    total = load.copy("notifications_notification",
                      ["id", "recipient_id", "kind", "title", "body", "url", "content_type_id", "object_id", "key",
                       "in_app", "email_state", "emailed_at", "read_at", "created_at"], notification_rows())
    load.copy("notifications_reminderlog", ["key", "rule", "recipients", "created_at"], reminder_log)
    # A few users changed their preferences: most keep the defaults (no row).
    all_kinds = sorted({k for v in ROLE_KINDS.values() for k, _ in v})
    prefs = {(w.student_ids[0], "booking_tomorrow"): (True, True, "immediate")}
    for uid in rng.sample(ranked, max(1, len(ranked) // 30)):
        for kind in rng.sample(all_kinds, rng.randint(1, 3)):
            prefs.setdefault((uid, kind), (rng.random() < 0.9, rng.random() < 0.6,
                                           rng.choice(["immediate", "digest", "digest"])))
    load.copy("notifications_notificationpreference", ["user_id", "kind", "in_app", "email", "email_frequency",
                                                       "updated_at"],
              (k + v + (now,) for k, v in sorted(prefs.items())))
    cur.execute("SELECT count(*) FILTER (WHERE read_at IS NULL AND in_app), count(*) FILTER (WHERE recipient_id = %s)"
                " FROM notifications_notification", [w.admin_id])
    unread, admin_rows = cur.fetchone()
    log(f"notifications: {total:,} ({unread:,} unread, {admin_rows:,} to bench-admin), "
        f"{len(reminder_log):,} reminder log rows, {len(prefs):,} preferences")


def _months_back(today: dt.date, k: int) -> dt.date:
    y, m = today.year, today.month - k
    while m <= 0:
        m, y = m + 12, y - 1
    return dt.date(y, m, 1)


def _generate_reports(w: SimpleNamespace, log) -> None:
    """Twelve monthly KPI snapshots (reports/kpi.py keys) ending in this month's figures of the generated data."""
    rng, load, today, now, cur = w.rng, w.load, w.today, w.now, w.cur
    # This month: what compute_kpis() reads, from the rows just loaded (same transaction, so plain SQL).
    cur.execute("""SELECT (SELECT count(*) FROM partnerships_agreement WHERE status = 'active'),
                          (SELECT count(*) FROM partnerships_enterprise),
                          (SELECT count(*) FROM internships_posting WHERE status = 'published'),
                          (SELECT COALESCE(sum(slots - accepted_count), 0) FROM internships_posting
                            WHERE status = 'published'),
                          (SELECT count(*) FROM internships_placement WHERE status = 'active'),
                          (SELECT count(*) FROM faculty_teacherprofile),
                          (SELECT COALESCE(sum(amount), 0) FROM funding_fundingsource
                            WHERE extract(year FROM received_on) = %s),
                          (SELECT COALESCE(sum(l.spent) * 100 / NULLIF(sum(l.amount), 0), 0)
                             FROM funding_budgetline l JOIN funding_budget b ON b.id = l.budget_id WHERE b.year = %s)
                """, [today.year, today.year])
    agreements, enterprises, postings, slots, placements, teachers, funding, execution = cur.fetchone()
    # Teacher placements and the faculty app's dual-qualified rule are not generated: plausible figures.
    current = {"active_agreements": agreements, "partner_enterprises": enterprises, "published_postings": postings,
               "open_slots": int(slots), "active_placements": placements, "teachers": teachers,
               "dual_qualified_ratio": 58.6, "teacher_placement_days": round(teachers * 1.1 * today.month),
               "funding_received_cny": float(funding), "budget_execution": round(float(execution), 1)}
    growth = {"active_agreements": 0.15, "partner_enterprises": 0.08, "teachers": 0.03}
    # internships follow the academic year: postings peak in spring and autumn, placements in the last term
    season_postings = [0.8, 0.7, 1.1, 1.2, 1.1, 0.9, 0.7, 0.8, 1.1, 1.2, 1.1, 0.9]
    season_placements = [1.0, 0.8, 1.1, 1.2, 1.2, 1.1, 0.7, 0.6, 0.8, 0.9, 1.0, 1.0]
    rows = []
    for k in range(12):
        period = _months_back(today, 11 - k)
        if k == 11:
            figures = current
        else:
            figures = {}
            back = (11 - k) / 11
            for key, value in current.items():
                if key in growth:
                    v = value * (1 - growth[key] * back) * rng.uniform(0.99, 1.01)
                elif key in ("published_postings", "open_slots"):
                    v = value * season_postings[period.month - 1] / season_postings[today.month - 1]
                elif key == "active_placements":
                    v = value * season_placements[period.month - 1] / season_placements[today.month - 1]
                elif key == "dual_qualified_ratio":
                    v = value - 6 * back + rng.uniform(-0.3, 0.3)
                elif period.year == today.year:  # year to date: restarts in January, at the start of the month
                    v = value * (period.month - 1) / today.month
                else:  # last year ended a little below where this year stands now
                    v = value * 0.9 * (period.month - 1) / 11
                figures[key] = round(v, 1) if key in ("dual_qualified_ratio", "budget_execution") else round(v)
        taken = now if k == 11 else dt.datetime.combine(period, dt.time(2), dt.UTC)
        rows.append((period, json.dumps(figures, ensure_ascii=False), taken))
    load.copy("reports_kpisnapshot", ["period", "figures", "taken_at"], rows)
    log(f"reports: {len(rows)} monthly KPI snapshots ({rows[0][0]:%Y-%m} to {rows[-1][0]:%Y-%m})")


AGREEMENT_KINDS_ZH = ["订单班", "定向培养", "实习基地", "企业工作站", "教师流动站", "共建实训基地", "校企"]


def add_admins(database_url: str) -> int:
    """The extra college admins of ``generate`` in a data set loaded before them: new ids after the last user,
    the same password and membership; those that exist already are left alone. Returns how many were added."""
    import psycopg2
    from django.contrib.auth.hashers import make_password

    pw, now = make_password(PASSWORD), dt.datetime.now(dt.UTC)
    conn = psycopg2.connect(database_url)
    added = 0
    try:
        with conn, conn.cursor() as cur:
            cur.execute("LOCK TABLE accounts_user IN SHARE ROW EXCLUSIVE MODE")
            for k in range(2, EXTRA_ADMINS + 2):
                name = f"bench-admin-{k}"
                cur.execute("SELECT 1 FROM accounts_user WHERE username = %s", [name])
                if cur.fetchone():
                    continue
                cur.execute(
                    "INSERT INTO accounts_user (username, display_name, phone, national_id, student_no, staff_no, "
                    "is_staff, is_superuser, password, is_active, date_joined, email, language, first_name, "
                    "last_name) VALUES (%s, %s, '', '', '', '', false, false, %s, true, %s, %s, 'zh-hans', '', '') "
                    "RETURNING id", [name, f"学院管理员 {k}", pw, now, f"{name}@bench.example.cn"])
                uid = cur.fetchone()[0]
                cur.execute("INSERT INTO accounts_membership (user_id, organization_id, role, is_active, created_at, "
                            "title) VALUES (%s, 1, 'college_admin', true, %s, '')", [uid, now])
                added += 1
    finally:
        conn.close()
    return added


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = one large college, 10 = a province")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="target database (default: $DATABASE_URL)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--force", action="store_true", help='allow a database whose name lacks "bench"')
    parser.add_argument("--add-admins", action="store_true",
                        help="only add bench-admin-2 ... -10 to a data set generated before they existed (no reload)")
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("give --database-url or set DATABASE_URL")
    dbname = urlparse(args.database_url).path.lstrip("/")
    if "bench" not in dbname and not args.force:
        parser.error(f'refusing to empty database "{dbname}": its name lacks "bench" (use --force)')
    # Django reads the same URL, so migrate and the password hasher see the target database.
    os.environ["DATABASE_URL"] = args.database_url

    import django
    import psycopg2

    django.setup()
    from django.core.management import call_command

    if args.add_admins:
        print(f"added {add_admins(args.database_url)} college admins (bench-admin-2 ... -{EXTRA_ADMINS + 1})")
        return 0
    t0 = time.perf_counter()
    call_command("migrate", verbosity=0)
    t_migrate = time.perf_counter() - t0
    conn = psycopg2.connect(args.database_url)
    try:
        t1 = time.perf_counter()
        loaded = generate(conn, args.scale, seed=args.seed,
                          log=lambda m: print(f"[{time.perf_counter() - t1:6.1f} s] {m}", flush=True))
        conn.commit()
        t_load = time.perf_counter() - t1
        t2 = time.perf_counter()
        # Fresh statistics, so the planner sees the real sizes from the first benchmark on.
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute("VACUUM ANALYZE")
        t_analyze = time.perf_counter() - t2
    finally:
        conn.close()
    # The rows were loaded past the ORM's signals: figures cached from an earlier data set (the
    # faculty summary) must not outlive it. The cache is this database's (keys carry its name).
    from faculty.summary import data_changed

    data_changed()
    rows = sum(loaded.values())
    print(f"scale {args.scale:g}: {rows:,} rows in {len(loaded)} tables; migrate {t_migrate:.1f} s, "
          f"load {t_load:.1f} s, vacuum analyze {t_analyze:.1f} s, total {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
