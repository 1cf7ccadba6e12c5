"""Generate a large, realistic data set for benchmarks (not a test, never run by pytest).

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/iei_bench
    python -m bench.generate --scale 1            # one large college
    python -m bench.generate --scale 10           # a province

Scale 1 is 20,000 students, 800 teachers, 1,000 enterprises, 3,000 agreements, 10,000 postings,
100,000 applications, 30,000 placements, 600,000 weekly logs, 50,000 bookings and 100,000
expenditures; every count grows linearly with the scale (fractions allowed, e.g. 0.05 for a quick try).

The target database is migrated first, then every project table is emptied (TRUNCATE ... RESTART
IDENTITY) and reloaded with COPY (psycopg2 ``copy_expert``): the ORM would take tens of minutes for
a million rows. Ids are assigned here so that foreign keys are known without reading back, and the
identity sequences are moved past them at the end. Rows respect every database constraint (posting
slots, one current placement per student, no overlapping bookings, budget lines never overspent)
and the business rules the services enforce (compliant hours, signed agreement and insurance before
a placement starts). Popularity is skewed (Zipf-like): a few enterprises post most of the internships
and a few postings draw most of the applications, as in a real college.

It refuses a database whose name does not contain "bench" unless ``--force`` is given, so it can
never wipe the development or the test databases.

Logins: ``bench-admin``, ``bench-teacher-1``, ``bench-student-1``, ``bench-enterprise-1`` (the
largest enterprise), ``bench-association``; password ``bench-pass-2026``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import random
import sys
import time
from bisect import bisect_left
from decimal import Decimal
from itertools import accumulate
from pathlib import Path
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

PASSWORD = "bench-pass-2026"

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


def counts_for(scale: float) -> dict[str, int]:
    return {k: max(1, round(v * scale)) for k, v in BASE_COUNTS.items()}


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
        sql = f"COPY {table} ({', '.join(all_fields)}) FROM STDIN"
        text = self._text
        total = 0
        buf = io.StringIO()
        n = 0
        with self.conn.cursor() as cur:
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

    # Identity sequences continue after the generated ids, so the platform can create rows as usual.
    for table in load.loaded:
        if any(c == "id" for c, _, _ in load.columns[table]):
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE(MAX(id), 1)) FROM {table}")
    cur.close()
    return load.loaded


AGREEMENT_KINDS_ZH = ["订单班", "定向培养", "实习基地", "企业工作站", "教师流动站", "共建实训基地", "校企"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = one large college, 10 = a province")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="target database (default: $DATABASE_URL)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--force", action="store_true", help='allow a database whose name lacks "bench"')
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
    rows = sum(loaded.values())
    print(f"scale {args.scale:g}: {rows:,} rows in {len(loaded)} tables; migrate {t_migrate:.1f} s, "
          f"load {t_load:.1f} s, vacuum analyze {t_analyze:.1f} s, total {time.perf_counter() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
