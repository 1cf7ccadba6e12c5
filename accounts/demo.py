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
