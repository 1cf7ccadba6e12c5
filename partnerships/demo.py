"""Demo data of pathway 2: partner profiles, agreements in every state, order classes, projects, contacts.

Idempotent: profiles use update_or_create, agreements are keyed by a fixed code and other rows by
their natural keys, and lifecycle steps run only for rows created in this run.
"""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.choices import Role
from accounts.demo import ENTERPRISES, DemoContext
from accounts.models import Membership, User
from curriculum.models import Program

from . import services
from .models import Agreement, Association, ContactLog, Enrollment, Enterprise, IndustryProject, OrderClass

# One valid GB 32100-2015 code per demo enterprise (same order as accounts.demo.ENTERPRISES).
CREDIT_CODES = [
    "91310000MA1FL0001R", "91440300MA5D000028", "91110105MA0100003T", "91330100MA2CG00040", "91310115MA1K00005J",
    "91320500MA1M00006U", "91110108MA02000075", "91510100MA6C00008E", "91440101MA5A00009A",
]
ADDRESSES = [
    "上海市徐汇区漕溪北路595号", "杭州市滨江区网商路699号", "北京市朝阳区酒仙桥路10号", "深圳市南山区科技园南区",
    "上海市闵行区虹梅路1801号", "苏州市工业园区星湖街328号", "北京市海淀区中关村大街27号",
    "成都市高新区天府大道北段1700号", "广州市天河区珠江新城华夏路8号",
]
CONTACTS = [("钱立群", "人力资源总监"), ("吴晓燕", "制片主管"), ("郑海涛", "视效总监"), ("冯佳", "AIGC产品经理"),
            ("何志远", "内容运营总监"), ("罗敏", "后期总监"), ("韩磊", "研发副总裁"), ("许静", "短视频事业部经理"),
            ("邓凯", "创意总监")]
TAGS = [["院线电影", "网络剧"], ["三维动画", "动画番剧"], ["虚拟拍摄", "特效合成"], ["AI绘画", "文生视频"],
        ["长视频平台", "版权运营"], ["调色", "声音设计"], ["大模型", "AI剧本"], ["短剧", "直播电商"], ["品牌广告"]]


def _today() -> date:
    return timezone.localdate()


def _seed_profiles(ctx: DemoContext) -> None:
    for i, (org, (_name, _en, segment, staff, leader)) in enumerate(zip(ctx.enterprises, ENTERPRISES, strict=False)):
        certified = i in (0, 2, 6)
        Enterprise.objects.update_or_create(organization=org, defaults={
            "segment": segment, "staff_count": staff, "is_aigc_leader": leader, "credit_code": CREDIT_CODES[i],
            "address": ADDRESSES[i], "contact_name": CONTACTS[i][0], "contact_title": CONTACTS[i][1],
            "contact_phone": f"1381000{i:04d}", "contact_email": f"hr{i}@partner{i}.example.cn", "tags": TAGS[i],
            "is_certified_iei": certified, "certified_on": date(2024, 3, 15) if certified else None,
            "description": f"{org.name}是学院长期合作的影视与AIGC企业。",
        })
    if ctx.association:
        Association.objects.update_or_create(organization=ctx.association, defaults={
            "level": "national", "credit_code": "511000005000100100", "address": "北京市西城区复兴门外大街",
            "contact_name": "周秘书长", "member_count": 268, "tags": ["行业标准", "产教融合"],
        })


def _agreement(ctx, admin, *, code, title, kind, parties, start, end, commitments, status, paper=False):
    existing = Agreement.objects.filter(code=code).first()
    if existing:
        return existing
    a = services.agreement_create(by=admin, code=code, title=title, kind=kind, parties=parties, start_date=start,
                                  end_date=max(end, _today() + timedelta(days=1)), commitments=commitments,
                                  summary=f"{title}：学院与合作方共同培养影视与AIGC人才。")
    if status == "draft":
        return a
    services.agreement_submit(agreement=a, by=admin)
    if status == "under_review":
        return a
    services.agreement_sign(agreement=a, by=admin, method="paper" if paper else "electronic",
                            signed_on=min(start, _today()))
    if paper:
        services.agreement_add_document(
            agreement=a, by=admin, kind="signed_scan", title=f"{title}（签字盖章扫描件）",
            file=ContentFile(b"%PDF-1.4\n%demo scan\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", name="scan.pdf"),
        )
    services.agreement_approve(agreement=a, by=admin)
    if end < _today():
        # Demo history: an agreement that has really run its course.
        Agreement.objects.filter(pk=a.pk).update(end_date=end)
        a.refresh_from_db()
        services.agreement_expire(agreement=a, by=admin)
    elif status == "terminated":
        services.agreement_terminate(agreement=a, by=admin, reason="合作方业务方向调整，经双方协商提前终止。")
    a.refresh_from_db()
    return a


def _demo_students(ctx) -> list[User]:
    dept = next(iter(ctx.departments.values()), None) or ctx.college
    students = []
    for i, name in enumerate(["马晓彤", "林子豪", "宋佳怡", "唐浩然", "许梦琪", "谢天宇"], start=1):
        user, _ = User.objects.get_or_create(
            username=f"oc_student{i}", defaults={"display_name": name, "email": f"oc_student{i}@demo.iei.example.cn"}
        )
        Membership.objects.get_or_create(user=user, organization=dept, role=Role.STUDENT)
        students.append(user)
    return students


def _seed_extra_partners(ctx: DemoContext, admin) -> None:
    """Profiles of the demo college's other enterprises (accounts.demo.seed_college), two in three under an
    active agreement signed over the last two years and a few agreements still in review."""
    import random

    from accounts.demo import extra_enterprises

    rng = random.Random(2027)
    orgs = ctx.extra.get("extra_enterprises") or []
    have = set(Enterprise.objects.filter(organization__in=orgs).values_list("organization_id", flat=True))
    cities = ["北京市朝阳区", "上海市徐汇区", "杭州市西湖区", "深圳市南山区", "成都市高新区", "广州市天河区",
              "苏州市工业园区", "南京市建邺区", "武汉市东湖高新区", "西安市高新区"]
    Enterprise.objects.bulk_create([
        Enterprise(organization=org, segment=segment, staff_count=rng.randint(40, 1200),
                   is_aigc_leader=segment == "aigc", address=f"{rng.choice(cities)}创意产业园{rng.randint(1, 99)}号",
                   contact_name=f"{rng.choice('王李张刘陈杨黄赵吴周')}{rng.choice(['经理', '总监', '主管'])}",
                   contact_title="人力资源负责人", contact_phone=f"1390000{i:04d}",
                   contact_email=f"hr@partner{i + 10}.example.cn", tags=[segment],
                   description=f"{org.name}是学院的合作企业。")
        for i, (org, (_n, _en, segment)) in enumerate(zip(orgs, extra_enterprises(), strict=False))
        if org.pk not in have])
    today = _today()
    kinds = ["internship_base", "order_class", "training_base", "general", "directed"]
    for i, org in enumerate(orgs):
        if i % 3 == 2:
            continue
        start = today - timedelta(days=30 + (i * 23) % 700)
        _agreement(ctx, admin, code=f"HZ-DEMO-{100 + i:03d}", title=f"{org.name}校企合作协议", kind=kinds[i % 5],
                   parties=[org], start=start, end=start + timedelta(days=365 * 3),
                   commitments=[{"kind": "interns_hosted", "amount": 4 + i % 6}],
                   status="under_review" if i % 10 == 9 else "active")


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    _seed_profiles(ctx)
    _seed_extra_partners(ctx, ctx.users.get("admin"))
    admin = ctx.users.get("admin")
    ents = ctx.enterprises
    today = _today()
    year = today.year
    agreements = {
        "order": _agreement(ctx, admin, code="HZ-DEMO-001", title="星河影业AIGC影视订单班协议", kind="order_class",
                            parties=[ents[0]], start=date(year - 1, 9, 1), end=date(year + 2, 8, 31),
                            commitments=[{"kind": "interns_hosted", "amount": 12},
                                         {"kind": "investment_cny", "amount": Decimal("200000")}],
                            status="active", paper=True),
        "directed": _agreement(ctx, admin, code="HZ-DEMO-002", title="智绘AIGC定向培养协议", kind="directed",
                               parties=[ents[3]], start=date(year - 2, 9, 1), end=date(year + 1, 7, 31),
                               commitments=[{"kind": "interns_hosted", "amount": 6},
                                            {"kind": "projects", "amount": 2}], status="active"),
        "base": _agreement(ctx, admin, code="HZ-DEMO-003", title="幻境视效校外实习基地协议", kind="internship_base",
                           parties=[ents[2]], start=date(year - 1, 3, 1), end=date(year + 2, 2, 28),
                           commitments=[{"kind": "interns_hosted", "amount": 20},
                                        {"kind": "teachers_hosted", "amount": 2}], status="active"),
        "workstation": _agreement(ctx, admin, code="HZ-DEMO-004", title="灵感引擎企业工作站共建协议",
                                  kind="workstation", parties=[ents[6], ctx.association] if ctx.association
                                  else [ents[6]], start=today - timedelta(days=20), end=date(year + 3, 6, 30),
                                  commitments=[{"kind": "projects", "amount": 3}], status="under_review"),
        "mobility": _agreement(ctx, admin, code="HZ-DEMO-005", title="云帧流媒体教师流动站协议",
                               kind="mobility_station", parties=[ents[4]], start=today, end=date(year + 2, 12, 31),
                               commitments=[{"kind": "teachers_hosted", "amount": 3}], status="draft"),
        "old": _agreement(ctx, admin, code="HZ-DEMO-006", title="光年动画实训基地共建协议（一期）",
                          kind="training_base", parties=[ents[1]], start=date(year - 3, 1, 1),
                          end=date(year - 1, 12, 31), commitments=[{"kind": "investment_cny", "amount": 150000}],
                          status="active"),
        "ended": _agreement(ctx, admin, code="HZ-DEMO-007", title="远景广告综合合作协议", kind="general",
                            parties=[ents[8]], start=date(year - 1, 1, 1), end=date(year + 1, 12, 31),
                            commitments=[], status="terminated"),
    }
    ctx.extra["agreements"] = agreements

    # Order classes: a current one with the demo students, a graduated one showing the hiring rate.
    program = Program.objects.order_by("-cohort_year").first()
    current, created = OrderClass.objects.get_or_create(
        name="星河影业AIGC影视制作订单班", defaults={
            "agreement": agreements["order"], "enterprise": ents[0], "program": program, "kind": "order_class",
            "cohort_year": year - 1, "quota": 30, "hiring_commitment": 20, "graduation_date": date(year + 2, 6, 30),
        })
    if created:
        for key in ("student", "student2"):
            if key in ctx.users:
                services.order_class_enroll(order_class=current, student=ctx.users[key], by=admin)
    past, created = OrderClass.objects.get_or_create(
        name="智绘AIGC数字人定向班", defaults={
            "agreement": agreements["directed"], "enterprise": ents[3], "program": program, "kind": "directed",
            "cohort_year": year - 3, "quota": 8, "hiring_commitment": 5, "graduation_date": today + timedelta(days=1),
        })
    if created:
        students = _demo_students(ctx)
        enrolled = [services.order_class_enroll(order_class=past, student=s, by=admin) for s in students]
        OrderClass.objects.filter(pk=past.pk).update(graduation_date=date(year, 6, 30) if today > date(year, 6, 30)
                                                     else today - timedelta(days=10))
        services.order_class_graduate(order_class=past, by=admin)
        for i, e in enumerate(enrolled):
            services.enrollment_record_outcome(enrollment=Enrollment.objects.get(pk=e.pk), by=admin, hired=i < 4)
    ctx.extra["order_classes"] = [current, past]

    # Industry projects in every state.
    teacher, teacher2, student = ctx.users.get("teacher"), ctx.users.get("teacher2"), ctx.users.get("student")
    specs = [
        (ents[3], "AI辅助网络短剧剧本开发", "closed", "用大模型辅助完成一部12集网络短剧的剧本大纲、分场与对白打磨。",
         "剧本大纲、分场剧本、AI提示词手册"),
        (ents[2], "虚拟拍摄自动化后期流水线", "in_progress", "搭建基于虚幻引擎的虚拟拍摄素材自动化调色与合成流水线。",
         "流水线脚本、操作手册、样片"),
        (ents[6], "AIGC品牌宣传片分镜生成", "open", "为合作品牌生成30秒宣传片的AI分镜与动态预演。",
         "分镜图、动态预演视频"),
        (ents[0], "院线电影数字资产管理系统调研", "draft", "梳理院线电影制作中的数字资产管理需求。", "调研报告"),
        (ents[7], "短剧AI配音与字幕本地化", "delivered", "为30集竖屏短剧完成AI配音与多语种字幕。",
         "配音音轨、字幕文件"),
    ]
    projects = []
    for ent, title, target, brief, deliverables in specs:
        p, created = IndustryProject.objects.get_or_create(title=title, enterprise=ent, defaults={
            "brief": brief, "deliverables": deliverables, "start_date": today - timedelta(days=60),
            "end_date": today + timedelta(days=120), "max_students": 6, "created_by": admin,
            "agreement": agreements["directed"] if ent == ents[3] else None,
        })
        projects.append(p)
        if not created or target == "draft":
            continue
        services.project_publish(project=p, by=admin)
        if target == "open":
            continue
        if teacher:
            services.project_join(project=p, user=teacher, role="lead_teacher", by=teacher)
        if teacher2:
            services.project_join(project=p, user=teacher2, role="teacher", by=teacher2)
        if student:
            services.project_join(project=p, user=student, role="student_lead", team="A组", by=student)
        services.milestone_add(project=p, by=admin, title="需求确认", due_date=today - timedelta(days=40),
                               deliverable="需求说明书")
        services.milestone_add(project=p, by=admin, title="中期交付", due_date=today + timedelta(days=30),
                               deliverable="阶段成果")
        services.project_start(project=p, by=admin)
        services.milestone_complete(milestone=p.milestones.order_by("due_date").first(), by=admin)
        if target == "in_progress":
            continue
        services.project_deliver(project=p, by=admin, outcome="按期交付全部成果，企业已在实际项目中使用。")
        if target == "closed":
            services.project_close(project=p, by=admin, feedback="学生团队创意突出，AI工具使用规范，交付质量超出预期。",
                                   rating=5)
    ctx.extra["industry_projects"] = projects

    # Contact log with follow-ups.
    contacts = [
        (ents[0], "visit", 12, "走访星河影业，商定订单班课程共建", today + timedelta(days=5)),
        (ents[2], "meeting", 30, "幻境视效实习基地年度工作会", None),
        (ents[3], "call", 3, "确认定向班学生实习岗位", today + timedelta(days=2)),
        (ents[6], "meeting", 45, "企业工作站共建方案研讨", today + timedelta(days=20)),
        (ents[4], "email", 100, "教师流动站协议草案沟通", None),
        (ents[1], "event", 200, "动画产业校企合作洽谈会", None),
    ]
    for ent, channel, days_ago, subject, follow_up in contacts:
        ContactLog.objects.get_or_create(enterprise=ent, subject=subject, defaults={
            "channel": channel, "occurred_on": today - timedelta(days=days_ago), "follow_up_on": follow_up,
            "summary": f"{subject}，双方就下一步合作达成共识。", "participants": "王主任、李老师",
            "recorded_by": admin,
        })
