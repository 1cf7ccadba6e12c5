"""Demo data of the foundation: the college, its departments, enterprises, an association, users.

``DemoContext`` is handed from app to app by ``manage.py seed_demo``; later apps read what earlier
ones made (``ctx.college``, ``ctx.enterprises``, ``ctx.users``). Every seeder uses get_or_create
or update_or_create on natural keys, so running the command twice duplicates nothing.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from .choices import OrganizationKind, Role
from .models import Membership, Organization, User


@dataclass
class DemoContext:
    password: str
    college: Organization | None = None
    departments: dict[str, Organization] = field(default_factory=dict)
    enterprises: list[Organization] = field(default_factory=list)
    association: Organization | None = None
    users: dict[str, User] = field(default_factory=dict)
    extra: dict = field(default_factory=dict)  # anything an app wants to share with later apps


DEPARTMENTS = [
    ("影视制作系", "Department of Film and TV Production"),
    ("数字媒体与AIGC系", "Department of Digital Media and AIGC"),
    ("动画与视觉特效系", "Department of Animation and VFX"),
]

# name, English name, segment, staff count, AIGC leader
ENTERPRISES = [
    ("星河影业有限公司", "Galaxy Pictures Co., Ltd.", "film", 420, False),
    ("光年动画工作室", "Lightyear Animation Studio", "animation", 180, False),
    ("幻境视效科技有限公司", "Mirage VFX Technology Co., Ltd.", "vfx", 260, True),
    ("智绘AIGC科技有限公司", "SmartDraw AIGC Technology Co., Ltd.", "aigc", 150, True),
    ("云帧流媒体有限公司", "CloudFrame Streaming Co., Ltd.", "streaming", 900, False),
    ("声画后期制作有限公司", "SoundPicture Post-production Co., Ltd.", "vfx", 75, False),
    ("灵感引擎人工智能有限公司", "Inspiration Engine AI Co., Ltd.", "aigc", 320, True),
    ("青橙短视频文化传媒有限公司", "GreenOrange Short Video Media Co., Ltd.", "streaming", 210, False),
    ("远景广告有限公司", "Vista Advertising Co., Ltd.", "advertising", 95, False),
]

# username, display name, role, where ("college", "dept:<index>", "enterprise:<index>", "association")
USERS = [
    ("admin", "王主任", Role.COLLEGE_ADMIN, "college"),
    # Department administrators (二级学院): each sees and manages only their own department.
    ("deptadmin", "吴院长", Role.DEPARTMENT_ADMIN, "dept:0"),
    ("deptadmin2", "郑院长", Role.DEPARTMENT_ADMIN, "dept:1"),
    ("teacher", "李老师", Role.TEACHER, "dept:0"),
    ("teacher2", "陈老师", Role.TEACHER, "dept:1"),
    ("enterprise", "赵经理", Role.ENTERPRISE, "enterprise:0"),
    ("enterprise2", "孙经理", Role.ENTERPRISE, "enterprise:2"),
    ("student", "张同学", Role.STUDENT, "dept:0"),
    ("student2", "刘同学", Role.STUDENT, "dept:1"),
    ("association", "周秘书长", Role.ASSOCIATION, "association"),
]


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    from django.conf import settings

    ctx.college, _ = Organization.objects.update_or_create(
        kind=OrganizationKind.COLLEGE, name=settings.IEI["COLLEGE_NAME"],
        defaults={"name_en": "Huaying Digital Media Vocational College", "short_name": "华影职院"},
    )
    for name, name_en in DEPARTMENTS:
        dept, _ = Organization.objects.update_or_create(
            kind=OrganizationKind.DEPARTMENT, name=name, defaults={"name_en": name_en, "parent": ctx.college}
        )
        ctx.departments[name] = dept
    for name, name_en, _segment, _staff, _leader in ENTERPRISES:
        org, _ = Organization.objects.update_or_create(
            kind=OrganizationKind.ENTERPRISE, name=name, defaults={"name_en": name_en}
        )
        ctx.enterprises.append(org)
    ctx.association, _ = Organization.objects.update_or_create(
        kind=OrganizationKind.ASSOCIATION, name="中国影视与AIGC产教融合协会",
        defaults={"name_en": "China Film, TV and AIGC Industry-Education Association"},
    )
    depts = list(ctx.departments.values())
    for username, display, role, where in USERS:
        if where == "college":
            org = ctx.college
        elif where == "association":
            org = ctx.association
        else:
            kind, idx = where.split(":")
            org = depts[int(idx)] if kind == "dept" else ctx.enterprises[int(idx)]
        user, created = User.objects.get_or_create(
            username=username, defaults={"display_name": display, "email": f"{username}@demo.iei.example.cn"}
        )
        user.set_password(ctx.password)
        if role == Role.COLLEGE_ADMIN:
            user.is_staff = True
            user.is_superuser = True
        user.save()
        # The enterprises' and the association's contacts administer their organisation's people.
        Membership.objects.get_or_create(user=user, organization=org, role=role,
                                         defaults={"is_org_admin": username in ORG_ADMINS})
        ctx.users[username] = user
    seed_invitation(ctx)
    seed_college(ctx)


# Partner contacts who invite and remove their own colleagues (Membership.is_org_admin).
ORG_ADMINS = {"enterprise", "enterprise2", "association"}


def seed_invitation(ctx: DemoContext) -> None:
    """A colleague the first enterprise's contact invited, who has not answered yet. Its link was never
    mailed (the demo sends no e-mail): "Resend" on the invitations page sends a fresh one."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import Invitation

    if Invitation.objects.filter(email__iexact="qian.editor@demo.iei.example.cn").exists():
        return
    Invitation.objects.create(
        email="qian.editor@demo.iei.example.cn", display_name="钱剪辑", organization=ctx.enterprises[0],
        role=Role.ENTERPRISE, language="zh-hans", invited_by=ctx.users["enterprise"],
        expires_at=timezone.now() + timedelta(days=14),
    )


# The demo college's volume (beside the named logins): enough people and partners that every list has
# pages and every chart says something. Deterministic (a seeded random), so two runs make the same rows.
EXTRA_ENTERPRISES = 31
STUDENTS = 300
TEACHERS = 12
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
            "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
GIVEN = ["子涵", "雨桐", "浩然", "欣怡", "宇轩", "梓萱", "俊杰", "思彤", "博文", "诗涵", "一鸣", "佳琪", "天佑", "雨欣",
         "泽宇", "若曦", "晨阳", "可馨", "明轩", "婉婷", "嘉懿", "志强", "文静", "子墨", "心怡", "浩宇", "梦瑶", "奕辰",
         "书瑶", "家豪", "晓彤", "逸凡", "雅琪", "俊熙", "紫涵", "伟杰", "佳怡", "铭泽", "静怡", "睿哲"]
# (Chinese stem, English stem) × (kind of studio, its English) → "stem + kind": 31 distinct enterprises
STEMS = [("华映", "Huaying"), ("锦绣", "Splendour"), ("蓝鲸", "Blue Whale"), ("天工", "Tiangong"),
         ("墨影", "Ink Shadow"), ("长风", "Long Wind"), ("极光", "Aurora"), ("乐游", "Joytour"),
         ("新禾", "New Grain"), ("如意", "Ruyi"), ("星火", "Starfire"), ("鲸落", "Whalefall"), ("北辰", "Polaris"),
         ("万象", "Vientiane"), ("朗图", "Langtu"), ("鹿鸣", "Deer Song"), ("知行", "Zhixing"),
         ("千帆", "Thousand Sails"), ("云起", "Cloudrise"), ("灵犀", "Lingxi"), ("澄明", "Clearlight"),
         ("追光", "Lightchaser"), ("织梦", "Dreamweave"), ("青禾", "Green Grain"), ("映画", "Eiga"),
         ("凌云", "Skyreach"), ("观澜", "Wavewatch"), ("启明", "Morningstar"), ("拾光", "Timepicker"),
         ("米粒", "Rice Grain"), ("飞鱼", "Flying Fish")]
KINDS = [("影视传媒有限公司", "Film and Media Co., Ltd.", "film"), ("动画有限公司", "Animation Co., Ltd.", "animation"),
         ("数字视效有限公司", "Digital VFX Co., Ltd.", "vfx"),
         ("人工智能科技有限公司", "AI Technology Co., Ltd.", "aigc"),
         ("网络科技有限公司", "Internet Technology Co., Ltd.", "streaming"),
         ("广告有限公司", "Advertising Co., Ltd.", "advertising")]


def person_name(rng) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def extra_enterprises() -> list[tuple[str, str, str]]:
    """(name, English name, segment) of the enterprises beside ENTERPRISES, always the same list."""
    return [(stem + KINDS[i % len(KINDS)][0], f"{stem_en} {KINDS[i % len(KINDS)][1]}", KINDS[i % len(KINDS)][2])
            for i, (stem, stem_en) in enumerate(STEMS[:EXTRA_ENTERPRISES])]


def seed_college(ctx: DemoContext) -> None:
    """A few hundred students over the departments, a dozen more teachers, 40 enterprises in all.

    Rows are bulk-created under fixed natural keys (names, usernames); only missing ones are made, so a
    second run adds nothing. Every demo user shares one password hash (hashing 300 times would take
    most of a minute)."""
    import random

    rng = random.Random(2026)
    have = set(Organization.objects.filter(kind=OrganizationKind.ENTERPRISE).values_list("name", flat=True))
    extra = extra_enterprises()
    Organization.objects.bulk_create([
        Organization(kind=OrganizationKind.ENTERPRISE, name=name, name_en=name_en)
        for name, name_en, _segment in extra if name not in have])
    by_name = {o.name: o for o in Organization.objects.filter(kind=OrganizationKind.ENTERPRISE,
                                                              name__in=[e[0] for e in extra])}
    ctx.extra["extra_enterprises"] = [by_name[name] for name, _en, _s in extra]

    depts = list(ctx.departments.values())
    password = ctx.users["admin"].password  # the same hash: every demo login has the demo password
    people = [(f"t{n:03d}", person_name(rng) + "老师", Role.TEACHER, depts[n % len(depts)], f"T{2010 + n:06d}")
              for n in range(1, TEACHERS + 1)]
    people += [(f"s{n:04d}", person_name(rng), Role.STUDENT, depts[n % len(depts)], f"{2024 + n % 2}{n:06d}")
               for n in range(1, STUDENTS + 1)]
    known = set(User.objects.filter(username__in=[p[0] for p in people]).values_list("username", flat=True))
    new = [p for p in people if p[0] not in known]
    made = User.objects.bulk_create([
        User(username=u, display_name=name, email=f"{u}@demo.iei.example.cn", password=password,
             **({"student_no": no} if role == Role.STUDENT else {"staff_no": no}))
        for u, name, role, _dept, no in new])
    Membership.objects.bulk_create([Membership(user=user, organization=dept, role=role)
                                    for user, (_u, _n, role, dept, _no) in zip(made, new, strict=True)])
    User.objects.filter(username__in=[p[0] for p in people]).exclude(password=password).update(password=password)
    users = {u.username: u for u in User.objects.filter(username__in=[p[0] for p in people])}
    ctx.extra["teachers"] = [users[p[0]] for p in people if p[2] == Role.TEACHER]
    ctx.extra["students"] = [users[p[0]] for p in people if p[2] == Role.STUDENT]
    ctx.extra["department_of"] = {users[p[0]].pk: p[3] for p in people}
