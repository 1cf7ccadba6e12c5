"""Demo data: two teachers' faculty records, placements at the demo enterprise in several states,
training, a part-time instructor with assignments, and an assessment. Idempotent on natural keys."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from . import services
from .choices import (
    AwardLevel,
    CertificateKind,
    EvidenceStatus,
    PlacementStatus,
    ReformKind,
    TitleRank,
    TrainingKind,
)
from .models import (
    IndustryYearsDeclaration,
    PartTimeInstructor,
    ReformRecord,
    TeacherAward,
    TeacherCertificate,
    TeacherPlacement,
    TeacherProfile,
    TeachingAssignment,
    TrainingRecord,
)
from .summary import data_changed


def _placement(profile, host, start, end, days, role, project, status, by_enterprise: User | None, admin):
    existing = TeacherPlacement.objects.filter(teacher=profile, host=host, start_date=start).first()
    if existing:
        return existing
    p = services.placement_create(teacher=profile, host=host, start_date=start, end_date=end, days=days, role=role,
                                  project=project, outcomes="完成镜头脚本与AIGC生成素材的制作流程梳理，形成教学案例。")
    if status == PlacementStatus.DRAFT:
        return p
    services.placement_submit(placement=p, by=profile.user)
    if status == PlacementStatus.RETURNED:
        return services.placement_return(placement=p, by=by_enterprise, reason="请补充项目考勤表和成果截图。")
    if status in (PlacementStatus.CONFIRMED, PlacementStatus.COUNTED):
        services.placement_confirm(placement=p, by=by_enterprise)
    if status == PlacementStatus.COUNTED:
        services.placement_count(placement=p, by=admin)
    return p


@transaction.atomic
def seed(ctx) -> None:
    today = timezone.localdate()
    year = today.year
    host = ctx.enterprises[0]
    other_host = ctx.enterprises[3] if len(ctx.enterprises) > 3 else host
    ent_user, admin = ctx.users.get("enterprise"), ctx.users.get("admin")
    teacher, teacher2 = ctx.users["teacher"], ctx.users["teacher2"]

    p1 = services.teacher_profile_ensure(user=teacher)
    TeacherProfile.objects.filter(pk=p1.pk).update(
        title_rank=TitleRank.LECTURER, subjects=["影视剪辑", "视听语言"],
        aigc_skills=["Runway", "Stable Diffusion"],
        industry_years=1, employed_since=dt.date(year - 8, 9, 1),
    )
    p2 = services.teacher_profile_ensure(user=teacher2)
    TeacherProfile.objects.filter(pk=p2.pk).update(
        title_rank=TitleRank.ASSOCIATE_PROFESSOR, subjects=["数字绘景", "虚拟拍摄"],
        aigc_skills=["Midjourney", "ComfyUI"],
        industry_years=4, employed_since=dt.date(year - 3, 9, 1),
    )
    data_changed()  # QuerySet.update() sends no signal: the cached college figures must move on
    # Evidence on record was checked by the college admin; what teacher 1 declared lately waits in the queue.
    verified = {"status": EvidenceStatus.VERIFIED, "reviewed_by": admin, "reviewed_at": timezone.now()}
    TeacherCertificate.objects.get_or_create(
        profile=p2, name="影视后期制作师（高级）",
        defaults={"kind": CertificateKind.INDUSTRY, "issuer": "中国电影电视技术学会",
                  "issued_on": dt.date(year - 2, 6, 1), "valid_until": dt.date(year + 3, 6, 1), **verified},
    )
    TeacherCertificate.objects.get_or_create(
        profile=p1, name="虚拟现实应用开发工程师（中级）",
        defaults={"kind": CertificateKind.VOCATIONAL_SKILL, "issuer": "工业和信息化部教育与考试中心",
                  "issued_on": dt.date(year - 1, 11, 1), "valid_until": dt.date(year + 2, 11, 1)},
    )
    IndustryYearsDeclaration.objects.get_or_create(
        profile=p2, years=4, defaults={"description": "2016–2020 幻境视效 合成师", **verified})
    IndustryYearsDeclaration.objects.get_or_create(
        profile=p1, years=3, defaults={"description": "2012–2015 星河影业 剪辑助理、剪辑师"})

    _placement(p1, host, dt.date(year - 2, 7, 1), dt.date(year - 2, 8, 31), 45, "AIGC 分镜设计师",
               "《山海奇谭》AI动画预告片", PlacementStatus.COUNTED, ent_user, admin)
    _placement(p1, host, dt.date(year - 1, 7, 10), dt.date(year - 1, 8, 20), 30, "虚拟拍摄技术助理",
               "《星河漫游》虚拟制片", PlacementStatus.CONFIRMED, ent_user, admin)
    _placement(p1, host, dt.date(year, 1, 15), dt.date(year, 2, 10), 18, "AI 剪辑与调色",
               "品牌短片《城市光影》", PlacementStatus.SUBMITTED, ent_user, admin)
    _placement(p2, host, dt.date(year - 1, 1, 5), dt.date(year - 1, 1, 25), 15, "数字绘景顾问",
               "网络电影《长安夜》场景设计", PlacementStatus.RETURNED, ent_user, admin)
    _placement(p2, other_host, dt.date(year - 1, 7, 1), dt.date(year - 1, 9, 30), 60, "AIGC 视效流程研发",
               "AI 辅助后期流程搭建", PlacementStatus.DRAFT, ent_user, admin)

    for profile, title, kind, hours, cert in [
        (p1, "AIGC 视频生成与剪辑实战研修班", TrainingKind.AIGC_TRAINING, Decimal("32.0"), "结业证书"),
        (p1, "全国影视职业教育年会", TrainingKind.CONFERENCE, Decimal("12.0"), ""),
        (p2, "虚拟制片 LED 棚拍工作坊", TrainingKind.WORKSHOP, Decimal("24.0"), "工作坊证书"),
    ]:
        TrainingRecord.objects.get_or_create(
            profile=profile, title=title,
            defaults={"kind": kind, "organizer": "中国影视与AIGC产教融合协会", "start_date": dt.date(year - 1, 5, 10),
                      "end_date": dt.date(year - 1, 5, 13), "hours": hours, "certificate_name": cert, **verified},
        )
    ReformRecord.objects.get_or_create(
        profile=p1, title="基于真实商业项目的《AIGC 影像创作》项目化教学",
        defaults={"kind": ReformKind.PROJECT_BASED, "year": year - 1,
                  "description": "引入企业短片项目，学生分组完成从脚本到成片。", **verified},
    )
    ReformRecord.objects.get_or_create(
        profile=p2, title="《数字绘景》翻转课堂",
        defaults={"kind": ReformKind.FLIPPED, "year": year - 1, "description": "课前观看企业案例，课上完成绘景。"},
    )
    TeacherAward.objects.get_or_create(
        profile=p2, title="省职业院校教师教学能力比赛二等奖", year=year - 1,
        defaults={"level": AwardLevel.PROVINCIAL, "incentive_cny": Decimal("5000.00")},
    )
    TeacherAward.objects.get_or_create(
        profile=p1, title="全国职业院校技能大赛优秀指导教师", year=year - 1,
        defaults={"level": AwardLevel.NATIONAL, "incentive_cny": Decimal("8000.00")},
    )

    instructor, _ = PartTimeInstructor.objects.get_or_create(
        name="周晓峰", enterprise=host,
        defaults={"position": "视效总监", "expertise": "虚拟拍摄、AIGC 视效流程", "phone": "13912345678",
                  "email": "zhou.xf@demo.iei.example.cn", "hourly_rate": Decimal("400.00")},
    )
    from curriculum.models import Course

    course, _ = Course.objects.get_or_create(code="AIGC101", defaults={"name": "AIGC 影像创作"})
    course2, _ = Course.objects.get_or_create(code="VP201", defaults={"name": "虚拟拍摄技术"})
    for c, term, hours in [(course, f"{year - 1}-{year}-1", Decimal("32.0")),
                           (course2, f"{year - 1}-{year}-2", Decimal("24.5"))]:
        if not TeachingAssignment.objects.filter(instructor=instructor, course=c, term=term).exists():
            services.assignment_create(instructor=instructor, course=c, term=term, hours=hours, mentor=teacher)
    first = TeachingAssignment.objects.filter(instructor=instructor).order_by("term", "pk").first()
    if first is not None and not first.evaluations.exists():
        services.evaluation_create(assignment=first, by=teacher, score=Decimal("91.50"),
                                   comment="案例来自一线项目，学生反馈好；课堂节奏可再放慢。")
    _seed_college(ctx, today, admin)
    services.assessment_compute(year=year - 1, by=admin)


def _seed_college(ctx, today, admin) -> None:
    """The dozen other teachers of the demo college (accounts.demo.seed_college): profiles, industry
    certificates of half of them (so the dual-qualified ratio means something) and a placement each at an
    enterprise this year, in the states a term leaves them. Made once: skipped when their profiles exist."""
    teachers = ctx.extra.get("teachers") or []
    hosts = ctx.extra.get("extra_enterprises") or []
    if not teachers or not hosts or TeacherProfile.objects.filter(user__in=teachers).exists():
        return
    year = today.year
    dept_of = ctx.extra.get("department_of") or {}
    ranks = [TitleRank.LECTURER, TitleRank.ASSOCIATE_PROFESSOR, TitleRank.LECTURER, TitleRank.PROFESSOR]
    profiles = TeacherProfile.objects.bulk_create([
        TeacherProfile(user=t, department=dept_of.get(t.pk), title_rank=ranks[i % len(ranks)],
                       subjects=["影视制作", "AIGC 创作"], aigc_skills=["Stable Diffusion", "Runway"],
                       industry_years=i % 5, employed_since=dt.date(year - 2 - i % 9, 9, 1))
        for i, t in enumerate(teachers)])
    verified = {"status": EvidenceStatus.VERIFIED, "reviewed_by": admin, "reviewed_at": timezone.now()}
    TeacherCertificate.objects.bulk_create([
        TeacherCertificate(profile=p, name="影视后期制作师（中级）", kind=CertificateKind.INDUSTRY,
                           issuer="中国电影电视技术学会", issued_on=dt.date(year - 1, 6, 1),
                           valid_until=dt.date(year + 4, 6, 1), **verified)
        for i, p in enumerate(profiles) if i % 2 == 0])
    states = [PlacementStatus.COUNTED, PlacementStatus.CONFIRMED, PlacementStatus.SUBMITTED, PlacementStatus.COUNTED]
    placements = []
    for i, p in enumerate(profiles):
        days = 10 + (i * 7) % 30
        # over before today (practice is declared once done), within this year when the year allows it
        start = max(min(dt.date(year, 1 + i % 11, 3), today - dt.timedelta(days=days + 11)), dt.date(year - 1, 9, 1))
        status = states[i % len(states)]
        done = status in (PlacementStatus.CONFIRMED, PlacementStatus.COUNTED)
        placements.append(TeacherPlacement(
            teacher=p, host=hosts[i % len(hosts)], start_date=start, end_date=start + dt.timedelta(days=days + 10),
            days=days, role="AIGC 内容制作", project="企业真实项目实践", status=status,
            outcomes="完成企业项目中的 AIGC 素材制作，形成两个教学案例。",
            confirmed_by_name="企业导师" if done else "", confirmed_at=timezone.now() if done else None))
    TeacherPlacement.objects.bulk_create(placements)
    data_changed()  # bulk_create sends no signal: the cached college figures must move on
