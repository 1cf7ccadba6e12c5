"""Demo data of pathway 4: grants and investments, a budget with spending, AIGC labs with equipment and
bookings, incentives, a standard with versions and multi-party evaluations. Safe to run again: every
object is looked up by a natural key first and written through the services only when missing."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.choices import OrganizationKind

from . import services
from .choices import BookingStatus, BudgetStatus, IncentiveStatus, SourceKind, VersionStatus
from .models import (
    Booking,
    Budget,
    BudgetLine,
    Equipment,
    EvaluationCriterion,
    Expenditure,
    FundingSource,
    Incentive,
    ProgramEvaluation,
    Standard,
    StandardVersion,
    TrainingBase,
)

GRANTS = [
    (SourceKind.GOVERNMENT, "省级产教融合实训基地建设专项资金", "省教育厅", "3000000.00", date(2026, 3, 15),
     "建设AIGC影视虚拟制片实训基地", "专款专用，仅限设备购置与基地建设，年底前执行率不低于90%"),
    (SourceKind.SCHOOL, "学校产教融合年度预算", "华影数字传媒职业学院财务处", "1200000.00", date(2026, 1, 10),
     "课程建设、师资培训与奖助学金", ""),
    (SourceKind.SOCIAL_CAPITAL, "影视AIGC人才培养社会合作基金", "长三角文化产业投资基金", "500000.00",
     date(2026, 4, 20), "支持学生参与真实商业项目", "不得用于人员经费"),
    (SourceKind.DONATION, "校友创作奖励捐赠", "2012届校友王导演", "80000.00", date(2026, 5, 8),
     "奖励优秀毕业短片", ""),
]

# (category, name, amount, [(payee, description, amount, day offset)])
LINES = [
    ("training_base", "AIGC实训室GPU工作站采购", "1200000.00",
     [("北京智算科技有限公司", "GPU 工作站 12 台（RTX 6000 Ada）", "960000.00", 20),
      ("上海渲云信息技术有限公司", "渲染节点扩容", "192000.00", 45)]),
    ("training_base", "LED虚拟拍摄棚维护", "200000.00",
     [("幻境视效科技有限公司", "LED 屏模组更换与校色", "150000.00", 30),
      ("华东舞台灯光工程有限公司", "追踪系统年度维保", "42000.00", 60)]),  # 96 % used: near its limit
    ("curriculum", "AIGC影视课程资源建设", "300000.00",
     [("智绘AIGC科技有限公司", "《AI辅助分镜设计》课程视频制作", "86000.00", 50)]),
    ("faculty_training", "双师型教师企业实践培训", "150000.00",
     [("星河影业有限公司", "教师虚拟制片岗位实践培训费", "45000.00", 40)]),
    ("scholarships", "产教融合奖学金", "120000.00", []),
    ("industry_projects", "真实商业项目孵化", "180000.00",
     [("光年动画工作室", "动画短片联合制作项目耗材", "23800.00", 70)]),
]

EQUIPMENT = [(f"GPU 工作站 {i:02d}", "gpu_workstation", f"AIGC-GPU-{i:03d}",
              "Intel Xeon w7 / RTX 6000 Ada 48GB / 256GB RAM") for i in range(1, 7)]
EQUIPMENT += [
    ("渲染节点 01", "render_node", "AIGC-RN-001", "双路 EPYC / 4× RTX 4090"),
    ("渲染节点 02", "render_node", "AIGC-RN-002", "双路 EPYC / 4× RTX 4090"),
    ("光学动作捕捉系统", "motion_capture", "AIGC-MC-001", "24 镜头光学动捕，含手指捕捉"),
]


def _admin(ctx):
    return ctx.users["admin"]


def _sources(ctx) -> dict[str, FundingSource]:
    admin = _admin(ctx)
    out = {}
    for kind, title, funder_name, amount, received, purpose, restrictions in GRANTS:
        src = FundingSource.objects.filter(title=title).first() or services.funding_source_create(
            by=admin, kind=kind, title=title, funder_name=funder_name, amount=Decimal(amount), received_on=received,
            period_start=date(received.year, 1, 1), period_end=date(received.year, 12, 31), purpose=purpose,
            restrictions=restrictions,
        )
        out[title] = src
    # investments of the partner enterprises: cash and equipment in kind, one still waiting for confirmation
    for i, org in enumerate(ctx.enterprises[:6]):
        kind = SourceKind.ENTERPRISE_CASH if i % 2 == 0 else SourceKind.ENTERPRISE_EQUIPMENT
        what = "共建AIGC实训基地资金" if kind == SourceKind.ENTERPRISE_CASH else "捐赠虚拟制片设备"
        title = f"{org.short_name or org.name}{what}"
        if not FundingSource.objects.filter(title=title).exists():
            services.funding_source_create(by=admin, kind=kind, title=title, funder=org,
                                           amount=Decimal(150000 + 50000 * i), received_on=date(2026, 2 + i, 12),
                                           purpose="支持学院影视与AIGC人才培养")
    first = ctx.enterprises[0]
    if not FundingSource.objects.filter(title="星河影业摄影机借用转捐赠").exists():
        services.funding_source_create(by=ctx.users["enterprise"], kind=SourceKind.ENTERPRISE_EQUIPMENT,
                                       title="星河影业摄影机借用转捐赠", funder=first, amount=Decimal("260000.00"),
                                       received_on=date(2026, 9, 1), purpose="ARRI 摄影机两台捐赠给实训基地")
    return out


def _budget(ctx, sources) -> None:
    admin = _admin(ctx)
    budget = Budget.objects.filter(year=2026, title="2026年度产教融合专项预算").first()
    if budget is None:
        budget = services.budget_create(by=admin, year=2026, title="2026年度产教融合专项预算",
                                        note="由省级专项、学校预算与社会资金共同支持")
    grant = sources[GRANTS[0][1]]
    school = sources[GRANTS[1][1]]
    for category, name, amount, _spend in LINES:
        if not budget.lines.filter(name=name).exists():
            source = grant if category == "training_base" else school
            services.budget_line_create(budget=budget, by=admin, category=category, name=name,
                                        amount=Decimal(amount), source=source)
    if budget.status == BudgetStatus.DRAFT:
        services.budget_approve(budget=budget, by=admin)
        budget.refresh_from_db()
    for _category, name, _amount, spend in LINES:
        line = BudgetLine.objects.get(budget=budget, name=name)
        for payee, description, amount, offset in spend:
            if not Expenditure.objects.filter(line=line, payee=payee, description=description).exists():
                services.expenditure_record(line=line, by=admin, spent_on=date(2026, 3, 1) + timedelta(days=offset),
                                            payee=payee, description=description, amount=Decimal(amount))


def _bases(ctx) -> tuple[TrainingBase, TrainingBase]:
    admin = _admin(ctx)
    lab = TrainingBase.objects.filter(name="AIGC影视创作实训室").first() or services.training_base_save(
        by=admin, name="AIGC影视创作实训室", kind="on_campus", location="实训楼 A 座 301", capacity=40,
        rules="刷卡进入；渲染任务请提前预约；离开前保存并清理本地缓存。", requires_approval=False,
    )
    stage = TrainingBase.objects.filter(name="LED虚拟拍摄棚").first() or services.training_base_save(
        by=admin, name="LED虚拟拍摄棚", kind="on_campus", location="实训楼 B 座一层", capacity=25,
        rules="需经实训中心审批；须有教师在场；不得私自调整 LED 屏参数。", requires_approval=True,
    )
    for name, kind, asset_no, spec in EQUIPMENT:
        if not Equipment.objects.filter(asset_no=asset_no).exists():
            services.equipment_save(by=admin, base=lab, name=name, kind=kind, asset_no=asset_no, spec=spec)
    if not Equipment.objects.filter(asset_no="VP-LED-001").exists():
        services.equipment_save(by=admin, base=stage, name="LED 虚拟制片背景墙", kind="led_stage",
                                asset_no="VP-LED-001", spec="12m × 4.5m 弧形屏，1.9mm 点距，含 Mo-Sys 追踪")
        services.equipment_save(by=admin, base=stage, name="电影摄影机 ARRI Alexa Mini LF", kind="camera",
                                asset_no="VP-CAM-001", spec="含 Signature Prime 镜头组")
    # an off-campus base at a partner enterprise, linked to its agreement when partnerships seeded one
    host = ctx.enterprises[2] if len(ctx.enterprises) > 2 else None
    if host is not None and not TrainingBase.objects.filter(name="幻境视效虚拟制片校外实践基地").exists():
        agreements = TrainingBase._meta.get_field("agreement").related_model.objects  # no partnerships import
        agreement = agreements.filter(parties=host).order_by("pk").first()
        services.training_base_save(by=admin, name="幻境视效虚拟制片校外实践基地", kind="off_campus", host=host,
                                    agreement=agreement, location="上海市松江区影视产业园", capacity=20,
                                    rules="学生须购买实习保险并由企业导师带领。", requires_approval=True)
    gpu = Equipment.objects.get(asset_no="AIGC-RN-001")
    if gpu.maintenance.count() == 0:
        services.maintenance_record(equipment=gpu, by=admin, performed_on=date(2026, 6, 18),
                                    description="更换散热硅脂与电源模块", cost=Decimal("1800.00"),
                                    performed_by="上海渲云信息技术有限公司")
    return lab, stage


def _bookings(ctx, lab, stage) -> None:
    tz = timezone.get_current_timezone()
    day = timezone.localdate() + timedelta(days=2)
    plans = [
        ("teacher", Equipment.objects.get(asset_no="AIGC-GPU-001"), None, 9, 3, "《AI辅助分镜》课堂示范渲染"),
        ("student", Equipment.objects.get(asset_no="AIGC-GPU-002"), None, 14, 4, "毕业短片 AIGC 镜头生成"),
        ("student2", Equipment.objects.get(asset_no="AIGC-RN-001"), None, 19, 3, "动画短片最终渲染"),
        ("teacher2", Equipment.objects.get(asset_no="VP-LED-001"), None, 10, 4, "虚拟制片课程实拍"),
        ("teacher", None, lab, 14, 2, "AIGC 工作坊（全班）"),
    ]
    for offset, (username, item, base, hour, hours, purpose) in enumerate(plans):
        user = ctx.users.get(username)
        if user is None or Booking.objects.filter(booked_by=user, purpose=purpose).exists():
            continue
        start = datetime.combine(day + timedelta(days=offset), time(hour), tzinfo=tz)
        services.booking_create(by=user, equipment=item, base=base, starts_at=start,
                                ends_at=start + timedelta(hours=hours), purpose=purpose,
                                participants=30 if base else 1)


def _college_bookings(ctx) -> None:
    """Three weeks behind and two ahead of the lab's GPU workstations and second render node, booked by the
    demo college's students and teachers (accounts.demo.seed_college) in the morning and afternoon: approved,
    a few cancelled or refused, the coming ones partly awaiting approval. Items the named logins' bookings
    use are left to them. Bulk rows, each slot once per item (the exclusion constraint holds); made once."""
    import random

    people = (ctx.extra.get("students") or [])[:60] + (ctx.extra.get("teachers") or [])
    items = list(Equipment.objects.filter(asset_no__in=["AIGC-GPU-003", "AIGC-GPU-004", "AIGC-GPU-005",
                                                        "AIGC-GPU-006", "AIGC-RN-002"]).order_by("asset_no"))
    if not people or not items or Booking.objects.filter(booked_by__in=people).exists():
        return
    rng = random.Random(2029)
    tz = timezone.get_current_timezone()
    today = timezone.localdate()
    now = timezone.now()
    purposes = ["课程作业 AIGC 镜头生成", "毕业短片渲染", "AI 分镜练习", "虚拟制片素材预处理", "课堂示范渲染"]
    rows = []
    for offset in range(-21, 15):
        day = today + timedelta(days=offset)
        if day.weekday() >= 5 or offset == 0:
            continue
        for item in items:
            for hour in (9, 14):
                if rng.random() < 0.45:
                    continue
                start = datetime.combine(day, time(hour), tzinfo=tz)
                roll = rng.random()
                if offset < 0:
                    status = (BookingStatus.CANCELLED if roll < 0.08 else BookingStatus.REJECTED if roll < 0.12
                              else BookingStatus.APPROVED)
                else:
                    status = BookingStatus.PENDING if roll < 0.3 else BookingStatus.APPROVED
                rows.append(Booking(base_id=item.base_id, equipment=item, booked_by=rng.choice(people), starts_at=start,
                                    ends_at=start + timedelta(hours=3), purpose=rng.choice(purposes), participants=1,
                                    status=status, decided_at=now if status != BookingStatus.PENDING else None,
                                    decided_by=ctx.users.get("admin") if status != BookingStatus.PENDING else None))
    Booking.objects.bulk_create(rows)


def _incentives(ctx) -> None:
    admin = _admin(ctx)
    first = ctx.enterprises[0]
    rows = [
        ("scholarship", "星河影业AIGC创新奖学金", ctx.users.get("student"), None, "6000.00",
         "AIGC 相关课程平均分 85 分以上且参与企业真实项目", IncentiveStatus.AWARDED),
        ("honour", "优秀实习生", ctx.users.get("student2"), None, None, "实习考核优秀", IncentiveStatus.APPROVED),
        ("teacher_award", "产教融合优秀指导教师", ctx.users.get("teacher"), None, "3000.00",
         "指导学生完成企业真实项目两项以上", IncentiveStatus.NOMINATED),
        ("enterprise_staff_award", "优秀企业导师", ctx.users.get("enterprise"), None, "2000.00",
         "全年授课 32 学时以上", IncentiveStatus.APPROVED),
        ("enterprise_benefit", "产教融合型企业教育费附加抵免", None, first, None,
         "认定为产教融合型企业且当年有实际投入", IncentiveStatus.NOMINATED),
    ]
    for kind, title, user, org, amount, eligibility, target in rows:
        if (user is None and org is None) or Incentive.objects.filter(title=title, year=2026).exists():
            continue
        inc = services.incentive_create(by=admin, kind=kind, title=title, year=2026, recipient_user=user,
                                        recipient_org=org, amount=Decimal(amount) if amount else None,
                                        eligibility=eligibility)
        if target in (IncentiveStatus.APPROVED, IncentiveStatus.AWARDED):
            services.incentive_approve(incentive=inc, by=admin)
        if target == IncentiveStatus.AWARDED:
            services.incentive_award(incentive=inc, by=admin, awarded_on=date(2026, 6, 30))


def _standards(ctx):
    if ctx.association is None:
        return None
    reviewer = ctx.users.get("association") or _admin(ctx)
    std = Standard.objects.filter(code="T/CFTAE 001-2026").first() or services.standard_create(
        by=reviewer, association=ctx.association, kind="training", code="T/CFTAE 001-2026",
        title="影视与AIGC专业人才培养标准", scope="高职影视制作、数字媒体与动画类专业",
    )
    versions = [
        ("1.0", "首次发布", ["设置艺术素养、技术技能、创新能力三维培养目标", "AIGC技术类课程不少于总学时15%",
                            "企业导师承担专业课教学", "每学年至少一个真实企业项目"]),
        ("1.1", "提高AIGC课程比例，增加虚拟制片要求",
         ["设置艺术素养、技术技能、创新能力三维培养目标", "AIGC技术类课程不少于总学时20%", "企业导师承担专业课教学",
          "每学年至少一个真实企业项目", "开设虚拟制片综合实训"]),
    ]
    for label, summary, checklist in versions:
        v = std.versions.filter(version=label).first() or services.standard_version_add(
            standard=std, by=reviewer, version=label, checklist=checklist, summary=summary)
        if v.status == VersionStatus.DRAFT:
            services.standard_version_publish(version=v, by=reviewer)
    Standard.objects.filter(code="T/CFTAE 002-2026").first() or services.standard_create(
        by=reviewer, association=ctx.association, kind="post_norm", code="T/CFTAE 002-2026",
        title="AIGC影视内容生成岗位规范", scope="AIGC 内容生成师、虚拟制片技术员")
    return StandardVersion.objects.get(standard=std, version="1.1")


def _evaluations(ctx, version) -> None:
    from curriculum.models import Program

    program = Program.objects.filter(status="approved").order_by("-cohort_year", "pk").first()
    if program is None:
        # curriculum's seed normally provides programmes; this natural key keeps a standalone seed meaningful
        program, _created = Program.objects.get_or_create(
            major="影视多媒体技术", cohort_year=2026, version=1,
            defaults={"title": "影视多媒体技术专业（AIGC方向）人才培养方案", "status": "approved",
                      "department": next(iter(ctx.departments.values()), None)},
        )
    admin = _admin(ctx)
    if version is not None:
        services.program_standard_declare(program=program, version=version, by=admin, met_items=[0, 2, 3],
                                          note="AIGC 课程比例 18%，下学年调整")
    criteria = [("C1", "培养目标与产业需求契合度", "0.30"), ("C2", "课程体系与AIGC技术更新", "0.25"),
                ("C3", "实践教学与真实项目", "0.25"), ("C4", "毕业生就业质量", "0.20")]
    objs = []
    for code, name, weight in criteria:
        c, _created = EvaluationCriterion.objects.get_or_create(code=code, defaults={"name": name,
                                                                                    "weight": Decimal(weight)})
        objs.append(c)
    raters = [("admin", [88, 82, 85, 90]), ("enterprise", [80, 75, 86, 84]), ("enterprise2", [78, 85, 80, 82]),
              ("association", [85, 78, 83, 87])]
    for username, scores in raters:
        user = ctx.users.get(username)
        if user is None or ProgramEvaluation.objects.filter(program=program, year=2026, evaluator=user).exists():
            continue
        ev = services.program_evaluation_save(by=user, program=program, year=2026,
                                              scores={c.pk: Decimal(s) for c, s in zip(objs, scores, strict=True)},
                                              comment="课程体系紧跟AIGC技术发展，建议加强虚拟制片实训。")
        services.program_evaluation_submit(evaluation=ev, by=user)


@transaction.atomic
def seed(ctx) -> None:
    if "admin" not in ctx.users or not ctx.enterprises:
        return
    # the first AIGC leader is certified so the surcharge-credit estimate shows in the demo; its profile is
    # reached through the organisation (the enterprise profile's one-to-one), not by importing partnerships
    for org in ctx.enterprises[:1]:
        profile = getattr(org, "enterprise", None) if org.kind == OrganizationKind.ENTERPRISE else None
        if profile is not None and not profile.is_certified_iei:
            profile.is_certified_iei, profile.certified_on = True, date(2025, 12, 1)
            profile.save(update_fields=["is_certified_iei", "certified_on"])
    sources = _sources(ctx)
    _budget(ctx, sources)
    lab, stage = _bases(ctx)
    _bookings(ctx, lab, stage)
    _college_bookings(ctx)
    _incentives(ctx)
    _standards(ctx)


@transaction.atomic
def seed_links(ctx) -> None:
    """Evaluations and standard declarations need programmes, which every app's seed has made by now."""
    if "admin" not in ctx.users:
        return
    _evaluations(ctx, StandardVersion.objects.filter(standard__code="T/CFTAE 001-2026", version="1.1").first())
