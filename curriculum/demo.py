"""Demo data of the training system (seeded first of the domain apps, so later apps find competencies in
``ctx.extra["competencies"]``). Natural keys and update_or_create keep a second run from duplicating."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from core.catalogue import catalogue_archive

from .choices import (
    AchievementKind,
    AchievementStatus,
    CertificateLevel,
    CompetencyCategory,
    CompetitionLevel,
    CourseProjectStatus,
    GraderRole,
    ModuleKind,
    ProgramStatus,
)
from .competency import all_demand_sources
from .models import (
    Certificate,
    Competency,
    Competition,
    Course,
    CourseCompetency,
    CourseModule,
    CourseProject,
    CourseRevision,
    JobPost,
    JobPostCompetency,
    Program,
    ProgramComment,
    ProgramCourse,
    ProgramGoal,
    ProjectTeam,
    StudentAchievement,
    TeamGrade,
    TeamMember,
)
from .services import ADOPTABLE_PROJECT_STATUSES

COMPETENCIES = [
    ("ART-AV", "视听语言运用", "Audiovisual language", CompetencyCategory.ART),
    ("ART-SCRIPT", "剧本创作", "Scriptwriting", CompetencyCategory.ART),
    ("ART-AESTH", "影视审美与色彩", "Film aesthetics and colour", CompetencyCategory.ART),
    ("TEC-PROMPT", "AIGC 提示词工程", "Prompt engineering for AIGC", CompetencyCategory.TECHNOLOGY),
    ("TEC-T2V", "AI 文生视频制作", "Text-to-video production", CompetencyCategory.TECHNOLOGY),
    ("TEC-STORYBOARD", "AI 辅助分镜", "AI-assisted storyboarding", CompetencyCategory.TECHNOLOGY),
    ("TEC-VP", "虚拟拍摄", "Virtual production", CompetencyCategory.TECHNOLOGY),
    ("TEC-POST", "AI 辅助后期剪辑与调色", "AI-assisted editing and grading", CompetencyCategory.TECHNOLOGY),
    ("TEC-DH", "数字人制作", "Digital human production", CompetencyCategory.TECHNOLOGY),
    ("INN-CONCEPT", "创意策划", "Creative concept development", CompetencyCategory.INNOVATION),
    ("INN-CROSS", "跨媒介叙事创新", "Cross-media storytelling", CompetencyCategory.INNOVATION),
    ("COL-TEAM", "项目协作与沟通", "Project collaboration", CompetencyCategory.COLLABORATION),
    ("PRO-ETHICS", "AIGC 版权与伦理", "AIGC copyright and ethics", CompetencyCategory.PROFESSIONAL),
]

MODULES = [
    ("剧本与视听语言基础", ModuleKind.FUNDAMENTALS, "编剧、视听语言、影视审美等专业基础。"),
    ("影视艺术基础", ModuleKind.FUNDAMENTALS, "影视史论与作品分析。"),
    ("AIGC 原理与平台", ModuleKind.TECHNOLOGY, "生成式人工智能原理、主流 AI 平台与工具链。"),
    ("AI 影像生产技术", ModuleKind.TECHNOLOGY, "文生图、文生视频、数字人与虚拟拍摄。"),
    ("项目创作实训", ModuleKind.PRACTICE, "真实企业项目创作与案例分析。"),
    ("岗位综合实训", ModuleKind.PRACTICE, "面向岗位的综合实训与毕业设计。"),
]

# code, name, module index, owner key, credits, theory, practice, AIGC topics, months since revision, coverage
COURSES = [
    ("FTV101", "剧本创作基础", 0, "teacher", "3.0", 32, 16, [], 30, [("ART-SCRIPT", 3), ("INN-CONCEPT", 2)]),
    ("FTV102", "视听语言", 0, "teacher", "3.0", 32, 32, [], 5, [("ART-AV", 3), ("ART-AESTH", 2)]),
    ("FTV103", "中外影视作品分析", 1, "teacher", "2.0", 32, 0, [], 14, [("ART-AESTH", 3), ("ART-AV", 1)]),
    ("AIG201", "AIGC 原理与应用", 2, "teacher2", "3.0", 32, 16, ["大语言模型", "扩散模型", "提示词"], 2,
     [("TEC-PROMPT", 3), ("PRO-ETHICS", 2)]),
    ("AIG202", "AI 绘画与分镜设计", 2, "teacher2", "3.0", 16, 32, ["Midjourney", "Stable Diffusion", "ComfyUI"], 4,
     [("TEC-STORYBOARD", 3), ("TEC-PROMPT", 2), ("ART-AESTH", 1)]),
    ("AIG203", "AI 视频生成技术", 3, "teacher2", "4.0", 16, 48, ["Sora", "可灵", "Runway"], 1,
     [("TEC-T2V", 3), ("TEC-PROMPT", 2)]),
    ("AIG204", "数字人与虚拟主播", 3, "teacher2", "2.0", 16, 32, ["数字人", "语音合成"], 16, [("TEC-DH", 2)]),
    ("AIG205", "AI 辅助剪辑与调色", 3, "teacher", "3.0", 16, 48, ["剪映 AI", "DaVinci Neural Engine"], 8,
     [("TEC-POST", 3), ("ART-AESTH", 1)]),
    ("PRJ301", "AIGC 短片项目创作", 4, "teacher", "4.0", 0, 64, ["AIGC 短片"], 3,
     [("INN-CROSS", 3), ("COL-TEAM", 3), ("TEC-T2V", 2), ("INN-CONCEPT", 2)]),
    ("PRJ302", "影视广告案例实训", 4, "teacher2", "3.0", 8, 48, ["AI 广告"], 20, [("COL-TEAM", 2)]),
    ("PRJ303", "毕业设计（影视与AIGC方向）", 5, "teacher", "6.0", 0, 96, [], 6,
     [("INN-CONCEPT", 3), ("COL-TEAM", 2)]),
]

# title, enterprise index or None, current, requirements
JOB_POSTS = [
    ("AIGC 视频制作师", 3, True, [("TEC-T2V", 3), ("TEC-PROMPT", 3), ("ART-AV", 2)]),
    ("AI 分镜师", 0, True, [("TEC-STORYBOARD", 3), ("ART-AV", 3), ("ART-SCRIPT", 2)]),
    ("虚拟拍摄技术员", 2, True, [("TEC-VP", 3), ("COL-TEAM", 2)]),
    ("AI 后期剪辑师", 5, True, [("TEC-POST", 3), ("ART-AESTH", 2)]),
    ("数字人运营", 6, True, [("TEC-DH", 3), ("INN-CROSS", 2)]),
    ("短视频编导", 7, True, [("ART-SCRIPT", 3), ("INN-CONCEPT", 3), ("PRO-ETHICS", 2)]),
    ("胶片冲印技师", None, False, [("ART-AESTH", 2)]),
]

COMPETITIONS = [
    ("全国职业院校技能大赛·数字艺术设计赛项", "教育部", CompetitionLevel.NATIONAL, ["ART-AESTH", "TEC-STORYBOARD"],
     ["AIG202"]),
    ("省大学生AIGC短片创作大赛", "省教育厅", CompetitionLevel.PROVINCIAL, ["TEC-T2V", "INN-CROSS"], ["PRJ301"]),
    ("校园微电影节", "华影数字传媒职业学院", CompetitionLevel.SCHOOL, ["ART-SCRIPT", "COL-TEAM"], ["FTV101"]),
]

CERTIFICATES = [
    ("1+X 数字影像处理职业技能等级证书", "教育部职业技术教育中心", CertificateLevel.INTERMEDIATE,
     ["TEC-POST", "ART-AESTH"], ["AIG205"]),
    ("人工智能训练师（生成式AI方向）", "人力资源和社会保障部", CertificateLevel.JUNIOR, ["TEC-PROMPT", "PRO-ETHICS"],
     ["AIG201"]),
    ("虚拟现实内容制作职业技能等级证书", "工业和信息化部教育与考试中心", CertificateLevel.INTERMEDIATE, ["TEC-VP"], []),
]

GOALS = [
    ("art", "具备良好的影视审美与视听叙事能力", "毕业作品视听语言评审良好率", "≥85%"),
    ("technology", "熟练运用主流 AIGC 工具完成影视生产环节", "获得 AIGC 相关职业技能证书的比例", "≥70%"),
    ("technology", "掌握虚拟拍摄与 AI 后期流程", "参与企业真实项目的学生比例", "≥60%"),
    ("innovation", "能够开展跨媒介创意策划与创新创作", "学生作品在省级以上竞赛获奖数", "≥10 项/年"),
]

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")


@transaction.atomic
def seed(ctx) -> None:
    today = timezone.localdate()
    comps: dict[str, Competency] = {}
    for code, name, name_en, cat in COMPETENCIES:
        comps[code], _c = Competency.objects.update_or_create(
            code=code, defaults={"name": name, "name_en": name_en, "category": cat})
    ctx.extra["competencies"] = comps

    modules = []
    for name, kind, desc in MODULES:
        m, _c = CourseModule.objects.update_or_create(name=name, program=None,
                                                      defaults={"kind": kind, "description": desc})
        modules.append(m)

    courses: dict[str, Course] = {}
    for code, name, mod, owner, credits, th, pr, topics, months, coverage in COURSES:
        c, created = Course.objects.update_or_create(code=code, defaults={
            "name": name, "module": modules[mod], "owner": ctx.users.get(owner), "credits": Decimal(credits),
            "theory_hours": th, "practice_hours": pr, "aigc_topics": topics,
        })
        if created:
            c.content_since = today - relativedelta(months=months + 12)
            c.save(update_fields=["content_since"])
        courses[code] = c
        CourseRevision.objects.get_or_create(
            course=c, summary="根据行业调研更新教学内容",
            defaults={"revised_on": today - relativedelta(months=months), "by": ctx.users.get(owner),
                      "added": f"{'、'.join(topics) or '新案例'}相关实训", "retired": "过时的软件操作演示"})
        for comp_code, level in coverage:
            CourseCompetency.objects.update_or_create(course=c, competency=comps[comp_code],
                                                      defaults={"level": level})
    ctx.extra["courses"] = courses

    for title, ent, current, reqs in JOB_POSTS:
        jp, _c = JobPost.objects.update_or_create(title=title, defaults={
            "enterprise": ctx.enterprises[ent] if ent is not None and ent < len(ctx.enterprises) else None,
            "is_current": current, "description": f"{title}岗位，面向影视与AIGC行业。"})
        for comp_code, level in reqs:
            JobPostCompetency.objects.update_or_create(job_post=jp, competency=comps[comp_code],
                                                       defaults={"level": level})
        if not current and jp.archived_at is None:
            # a post the industry no longer has: archived, so the demo shows an entry kept but offered no more
            catalogue_archive(obj=jp, by=None)

    for name, org, level, comp_codes, course_codes in COMPETITIONS:
        x, _c = Competition.objects.update_or_create(name=name, defaults={"organizer": org, "level": level})
        x.competencies.set([comps[c] for c in comp_codes])
        x.courses.set([courses[c] for c in course_codes])
    for name, issuer, level, comp_codes, course_codes in CERTIFICATES:
        x, _c = Certificate.objects.update_or_create(name=name, defaults={"issuer": issuer, "level": level})
        x.competencies.set([comps[c] for c in comp_codes])
        x.courses.set([courses[c] for c in course_codes])

    _seed_programmes(ctx, courses, today)
    _seed_achievements(ctx, today)


def _program(ctx, *, major, cohort, version, status, title, previous=None, dept=None, courses=(), goals=GOALS,
             summary=""):
    p, _c = Program.objects.update_or_create(
        major=major, cohort_year=cohort, version=version,
        defaults={"title": title, "status": status, "previous": previous, "department": dept, "length_years": 3,
                  "summary": summary, "created_by": ctx.users.get("admin"),
                  "approved_at": timezone.now() if status in (ProgramStatus.APPROVED, ProgramStatus.SUPERSEDED)
                  else None})
    for i, (dim, statement, outcome, target) in enumerate(goals):
        ProgramGoal.objects.update_or_create(program=p, dimension=dim, statement=statement,
                                             defaults={"outcome": outcome, "target": target, "order": i})
    for course, semester in courses:
        ProgramCourse.objects.update_or_create(program=p, course=course, defaults={"semester": semester})
    return p


def _seed_programmes(ctx, courses, today) -> None:
    depts = list(ctx.departments.values())
    year = today.year
    base = [(courses["FTV101"], 1), (courses["FTV102"], 1), (courses["FTV103"], 2), (courses["AIG201"], 2),
            (courses["AIG202"], 3), (courses["PRJ302"], 4), (courses["PRJ303"], 6)]
    v1 = _program(ctx, major="影视多媒体技术", cohort=year, version=1, status=ProgramStatus.SUPERSEDED,
                  title="影视多媒体技术专业人才培养方案", dept=depts[0] if depts else None, courses=base,
                  goals=GOALS[:1] + GOALS[1:2] + GOALS[3:], summary="面向影视制作与新媒体岗位。")
    new_courses = [c for c in base if c[0].code != "PRJ302"] + [(courses["AIG203"], 3), (courses["PRJ301"], 5)]
    _program(ctx, major="影视多媒体技术", cohort=year, version=2, status=ProgramStatus.APPROVED, previous=v1,
             title="影视多媒体技术专业人才培养方案（AIGC 融合版）", dept=depts[0] if depts else None,
             courses=new_courses, summary="融入 AIGC 技术，面向 AI 视频制作、AI 分镜与虚拟拍摄岗位。")
    review = _program(ctx, major="数字媒体艺术设计", cohort=year, version=1, status=ProgramStatus.IN_REVIEW,
                      title="数字媒体艺术设计专业人才培养方案", dept=depts[1] if len(depts) > 1 else None,
                      courses=[(courses["AIG201"], 1), (courses["AIG202"], 2), (courses["AIG204"], 3),
                               (courses["AIG205"], 3), (courses["PRJ301"], 4)],
                      summary="培养掌握 AIGC 工具的数字内容创作人才。")
    for key, body in (("enterprise", "建议增加虚拟拍摄实训课时，并引入企业真实项目。"),
                      ("association", "方案符合行业标准，建议补充 AIGC 版权与伦理内容。")):
        user = ctx.users.get(key)
        if user is not None:
            org = ctx.association if key == "association" else (ctx.enterprises[0] if ctx.enterprises else None)
            ProgramComment.objects.get_or_create(program=review, author=user, body=body,
                                                 defaults={"organization": org})
    # more programmes of the departments waiting for the review board (the approval queue is not one row)
    for major, title, dept, picked in (
            ("影视编导", "影视编导专业人才培养方案（AIGC 融合版）", 0, ("FTV101", "FTV102", "AIG201", "PRJ301")),
            ("数字影像技术", "数字影像技术专业人才培养方案", 1, ("AIG201", "AIG203", "AIG205", "PRJ302")),
            ("动画制作技术", "动画制作技术专业人才培养方案", 2, ("FTV102", "AIG202", "AIG204", "PRJ303"))):
        _program(ctx, major=major, cohort=year, version=1, status=ProgramStatus.IN_REVIEW, title=title,
                 dept=depts[dept] if len(depts) > dept else None,
                 courses=[(courses[c], n + 1) for n, c in enumerate(picked)], goals=GOALS[:3],
                 summary="对接区域影视与 AIGC 产业岗位需求，提交专业建设委员会审议。")
    _program(ctx, major="动画（AI 动画方向）", cohort=year + 1, version=1, status=ProgramStatus.DRAFT,
             title="动画专业（AI 动画方向）人才培养方案", dept=depts[2] if len(depts) > 2 else None,
             courses=[(courses["FTV102"], 1), (courses["AIG202"], 2)], goals=GOALS[:2])


def _seed_achievements(ctx, today) -> None:
    program = Program.objects.filter(major="影视多媒体技术", status=ProgramStatus.APPROVED).first()
    rows = [
        ("student", AchievementKind.AWARD, "全国职业院校技能大赛·数字艺术设计赛项", "三等奖", 90,
         AchievementStatus.VERIFIED),
        ("student", AchievementKind.CERTIFICATE, "1+X 数字影像处理职业技能等级证书", "证书编号 DIP-2026-0312", 40,
         AchievementStatus.VERIFIED),
        ("student2", AchievementKind.AWARD, "省大学生AIGC短片创作大赛", "二等奖", 20, AchievementStatus.SUBMITTED),
        ("student2", AchievementKind.CERTIFICATE, "人工智能训练师（生成式AI方向）", "证书编号 AIT-2026-1088", 10,
         AchievementStatus.SUBMITTED),
    ]
    admin = ctx.users.get("admin")
    for key, kind, link, title, days, status in rows:
        student = ctx.users.get(key)
        if student is None:
            continue
        link_fields = ({"competition": Competition.objects.get(name=link)} if kind == AchievementKind.AWARD
                       else {"certificate": Certificate.objects.get(name=link)})
        ach, created = StudentAchievement.objects.get_or_create(
            student=student, title=title, achieved_on=today - dt.timedelta(days=days),
            defaults={"kind": kind, "program": program, "status": status, **link_fields,
                      "verified_by": admin if status == AchievementStatus.VERIFIED else None,
                      "verified_at": timezone.now() if status == AchievementStatus.VERIFIED else None})
        if created:
            ach.evidence.save("evidence.png", ContentFile(PNG), save=True)


# Industry demand for the coverage analysis: the competencies each seeded posting/project asks for,
# matched on words of its title (the first matching rule wins; a generic pair otherwise).
DEMAND_RULES = [
    (("分镜", "storyboard"), ["TEC-STORYBOARD", "ART-AV", "COL-TEAM"]),
    (("剪辑", "后期", "调色", "post"), ["TEC-POST", "ART-AESTH"]),
    (("虚拟", "LED", "拍摄"), ["TEC-VP", "ART-AV"]),
    (("数字人",), ["TEC-DH", "TEC-PROMPT"]),
    (("剧本", "编剧", "脚本"), ["ART-SCRIPT", "TEC-PROMPT", "PRO-ETHICS"]),
    (("视频", "短视频", "生成"), ["TEC-T2V", "TEC-PROMPT", "INN-CONCEPT"]),
]
DEMAND_DEFAULT = ["TEC-PROMPT", "COL-TEAM", "INN-CROSS"]


def _demand_codes(title: str) -> list[str]:
    for words, codes in DEMAND_RULES:
        if any(w in title for w in words):
            return codes
    return DEMAND_DEFAULT


def _seed_demand(comps: dict) -> None:
    """Postings and industry projects (the apps' demand sources, competency.py) ask for competencies."""
    for source in all_demand_sources():
        if source.model is None:
            continue
        for obj in source.model.objects.filter(competencies__isnull=True).order_by("pk"):
            obj.competencies.set([comps[c] for c in _demand_codes(obj.title) if c in comps])


@transaction.atomic
def seed_links(ctx) -> None:
    """Course projects on the industry projects partnerships seeded; nothing happens if there are none."""
    from accounts.models import Membership

    _seed_demand(ctx.extra.get("competencies") or {c.code: c for c in Competency.objects.all()})
    # partnerships' industry projects, reached through the relation CourseProject declares
    industry_projects = CourseProject._meta.get_field("industry_project").related_model.objects
    projects = list(industry_projects.filter(status__in=ADOPTABLE_PROJECT_STATUSES).select_related(
        "enterprise").order_by("pk")[:3])
    courses = [c for c in (Course.objects.filter(code=code).first() for code in ("PRJ301", "AIG203", "PRJ302")) if c]
    students = [u for u in (ctx.users.get("student"), ctx.users.get("student2")) if u is not None]
    term = f"{timezone.localdate().year}-{timezone.localdate().year + 1}-1"
    for i, (ip, course) in enumerate(zip(projects, courses, strict=False)):
        mentor_id = (Membership.objects.in_force().filter(organization=ip.enterprise, role="enterprise")
                     .values_list("user_id", flat=True).first())
        cp, _c = CourseProject.objects.update_or_create(
            course=course, industry_project=ip, term=term,
            defaults={"title": f"{ip.title}（{course.name}）", "mentor_id": mentor_id,
                      "status": CourseProjectStatus.RUNNING if i == 0 else CourseProjectStatus.PLANNED})
        if i == 0 and students:
            for n, student in enumerate(students):
                team, _c = ProjectTeam.objects.get_or_create(project=cp, name=f"第{n + 1}组")
                TeamMember.objects.get_or_create(project=cp, student=student, defaults={"team": team})
            first = cp.teams.order_by("name").first()
            if course.owner_id:
                TeamGrade.objects.update_or_create(team=first, grader_role=GraderRole.TEACHER, defaults={
                    "grader_id": course.owner_id, "score": Decimal("88"), "comment": "分镜完成度高，节奏把握较好。"})
            if mentor_id:
                TeamGrade.objects.update_or_create(team=first, grader_role=GraderRole.MENTOR, defaults={
                    "grader_id": mentor_id, "score": Decimal("82"), "comment": "达到客户交付标准，细节需打磨。"})
