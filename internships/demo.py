"""Demo internships: postings of several studios, applications of the demo students, one running placement.

Rows are keyed on natural keys (enterprise + title, posting + student, placement + week), so a second
run of ``seed_demo`` changes nothing.
"""
from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .choices import (
    ApplicationStatus,
    EvaluationStage,
    EvaluationStatus,
    EvaluatorRole,
    IncidentSeverity,
    LogGrade,
    LogStatus,
    OutcomeKind,
    PlacementStatus,
    PostingStatus,
)
from .models import (
    Application,
    EmploymentOutcome,
    InternEvaluation,
    Placement,
    Posting,
    SafetyIncident,
    WeeklyLog,
)
from .services import incident_report, incident_start_follow_up, outcome_create, rubric_score

# enterprise index, title, post, post staff, slots, location, stipend, status, description
POSTINGS = [
    (0, "AI辅助剪辑实习生", "剪辑师", 12, 2, "北京市朝阳区", "3000", PostingStatus.PUBLISHED,
     "参与网络电影《长河》的粗剪与精剪，使用 AI 辅助选镜、自动字幕与调色预设，跟随剪辑指导完成日常工作。"),
    (0, "影视宣发短视频策划实习生", "宣发策划", 10, 1, "北京市朝阳区", "2800", PostingStatus.DRAFT,
     "为院线电影策划抖音、B站短视频宣传物料，使用 AIGC 工具生成海报草图与预告片分镜。"),
    (2, "虚拟拍摄助理（LED 影棚）", "虚拟制片助理", 15, 3, "上海市松江区", "3500", PostingStatus.PUBLISHED,
     "在 LED 虚拟影棚协助虚幻引擎场景搭建、摄影机追踪校准与现场数据管理。"),
    (3, "AIGC 分镜设计实习生", "分镜师", 10, 2, "杭州市滨江区", "3200", PostingStatus.PUBLISHED,
     "根据剧本使用 Midjourney、Stable Diffusion 与 ComfyUI 生成分镜草图，并与导演组迭代定稿。"),
    (6, "AI 配音与声音设计实习生", "声音设计师", 8, 1, "深圳市南山区", "3000", PostingStatus.PUBLISHED,
     "使用语音合成与 AI 降噪工具完成动画短片配音、拟音与混音。"),
]

# A tiny valid PDF so the demo placement has a real agreement scan that passes content sniffing.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")

LOGS = [
    "熟悉剪辑部工作流程与素材管理规范，完成《长河》第一场戏的素材整理与场记核对。",
    "使用 AI 选镜插件为三场对话戏生成粗剪版本，并按剪辑指导意见手动调整节奏。",
    "学习达芬奇调色预设，协助完成片头段落调色；尝试用 AI 自动字幕并校对错字。",
    "参与导演看片会，记录修改意见 23 条，完成其中 15 条的修改。",
    "独立完成一条 60 秒预告片初剪，使用 AIGC 工具生成两版片头字体动效。",
    "整理本周 AI 工具使用心得，形成《AI 辅助剪辑操作手册》初稿供组内参考。",
]


@transaction.atomic
def seed(ctx) -> None:
    today = timezone.localdate()
    start = today - datetime.timedelta(weeks=7)
    postings = {}
    for idx, title, post, post_staff, slots, location, stipend, status, description in POSTINGS:
        if idx >= len(ctx.enterprises):
            continue
        posting, _created = Posting.objects.get_or_create(
            enterprise=ctx.enterprises[idx], title=title,
            defaults={
                "post": post, "post_staff_count": post_staff, "slots": slots, "location": location,
                "stipend_monthly": Decimal(stipend), "status": status, "description": description,
                "daily_hours": Decimal("8"), "weekly_hours": Decimal("40"),
                "start_date": start if idx == 0 else today + datetime.timedelta(days=30),
                "end_date": (start if idx == 0 else today + datetime.timedelta(days=30)) + datetime.timedelta(days=150),
                "application_deadline": today + datetime.timedelta(days=21),
                "published_at": timezone.now() if status == PostingStatus.PUBLISHED else None,
                "created_by": ctx.users.get("enterprise"),
            },
        )
        postings[title] = posting
    _seed_pipeline(ctx, postings, start)
    _seed_college(ctx)


def _seed_pipeline(ctx, postings, start) -> None:
    student, student2 = ctx.users.get("student"), ctx.users.get("student2")
    edit, storyboard = postings.get("AI辅助剪辑实习生"), postings.get("AIGC 分镜设计实习生")
    if not (student and student2 and edit and storyboard):
        return
    accepted, created = Application.objects.get_or_create(
        posting=edit, student=student,
        defaults={"note": "我在校期间完成过两部短片的剪辑，熟练使用 Premiere 与达芬奇，也在课程中练习过 AI 辅助剪辑。",
                  "status": ApplicationStatus.ACCEPTED})
    if created:
        Posting.objects.filter(pk=edit.pk).update(accepted_count=1)
    Application.objects.get_or_create(
        posting=edit, student=student2,
        defaults={"note": "对院线电影剪辑很感兴趣，做过学院毕业展的宣传片。", "status": ApplicationStatus.OFFERED})
    Application.objects.get_or_create(
        posting=storyboard, student=student2,
        defaults={"note": "擅长手绘分镜，近半年系统学习了 Stable Diffusion 与 ComfyUI 工作流。"})

    placement = Placement.objects.filter(application=accepted).first()
    if placement is None:
        placement = Placement(
            student=student, enterprise=edit.enterprise, posting=edit, application=accepted, post=edit.post,
            post_staff_count=edit.post_staff_count, start_date=start, end_date=start + datetime.timedelta(days=150),
            status=PlacementStatus.ACTIVE, school_mentor=ctx.users.get("teacher"),
            enterprise_mentor=ctx.users.get("enterprise"), agreement_signed_on=start - datetime.timedelta(days=5),
            insurer="中国人民财产保险股份有限公司", insurance_policy_no="PICC-SX-2026-018842",
            insurance_start=start - datetime.timedelta(days=1), insurance_end=start + datetime.timedelta(days=160),
            started_at=timezone.now() - datetime.timedelta(weeks=7),
        )
        placement.agreement_file.save("tripartite-agreement.pdf", ContentFile(DEMO_PDF), save=False)
        placement.save()
    for week, text in enumerate(LOGS, start=1):
        if week == 4:
            continue  # one missing week, so mentors see how a gap is flagged
        reviewed = week <= 3
        WeeklyLog.objects.get_or_create(placement=placement, week_no=week, defaults={
            "content": text, "submitted_at": timezone.now() - datetime.timedelta(weeks=7 - week, days=-6),
            "status": LogStatus.REVIEWED if reviewed else LogStatus.SUBMITTED,
            "grade": LogGrade.GOOD if reviewed else "", "mentor_comment": "记录具体，继续保持对 AI 工具效果的反思。"
            if reviewed else "", "reviewed_by": ctx.users.get("teacher") if reviewed else None,
            "reviewed_at": timezone.now() - datetime.timedelta(weeks=6 - week) if reviewed else None,
        })
    for role, evaluator, scores, comment in [
        ("school_mentor", ctx.users.get("teacher"), (85, 88, 90, 80, 92), "周志认真，能把 AI 工具用在合适的环节。"),
        ("enterprise_mentor", ctx.users.get("enterprise"), (82, 90, 86, 78, 95),
         "上手快，剪辑节奏感好，需加强与导演沟通。"),
    ]:
        keys = dict(zip(["professional_skill", "aigc_tools", "teamwork", "innovation", "attitude"], scores,
                        strict=True))
        InternEvaluation.objects.get_or_create(
            placement=placement, stage="midterm", evaluator_role=role,
            defaults={**keys, "evaluator": evaluator, "evaluator_name": str(evaluator), "comment": comment,
                      "status": EvaluationStatus.SUBMITTED, "score": rubric_score(keys),
                      "submitted_at": timezone.now()})

    _seed_incident_and_outcome(ctx, placement)


def _seed_incident_and_outcome(ctx, placement) -> None:
    """A minor incident under follow-up on the running placement, and where a graduate of last year went."""
    teacher, student2 = ctx.users.get("teacher"), ctx.users.get("student2")
    if not SafetyIncident.objects.filter(placement=placement).exists():
        incident = incident_report(
            placement=placement, by=teacher, occurred_on=timezone.localdate() - datetime.timedelta(days=9),
            severity=IncidentSeverity.MINOR, description="搬运灯架时左手食指被划伤，现场已做消毒包扎。",
            follow_up="企业安全员陪同就医，已停止搬运类工作两天。", notified="家长、系主任、保险公司")
        incident_start_follow_up(incident=incident, by=teacher,
                                 note="已电话联系学生与家长，伤口无大碍；已向保险公司报案。")
    Program = EmploymentOutcome._meta.get_field("program").related_model
    if student2 and len(ctx.enterprises) > 2 and not EmploymentOutcome.objects.filter(student=student2).exists():
        outcome_create(student=student2, by=ctx.users.get("admin"), kind=OutcomeKind.OTHER_ENTERPRISE,
                       program=Program.objects.order_by("pk").first(), employer=ctx.enterprises[2],
                       position="虚拟制片助理", is_counterpart=True, monthly_salary=Decimal("6500.00"))


# The demo college's term (beside the named students' stories above): postings of the other enterprises,
# the 300 students of accounts.demo.seed_college applying, placed (this term and last), writing weekly logs
# and being evaluated. The first and third enterprises (the "enterprise" and "enterprise2" logins) and the
# named users keep only their own stories, so what they see and what the browser tests click is unchanged.
COLLEGE_POSTS = [
    ("AIGC 视频制作实习生", "AIGC 视频制作师"), ("AI 分镜助理", "分镜师"), ("虚拟拍摄技术实习生", "虚拟制片技术员"),
    ("后期剪辑实习生", "剪辑师"), ("三维动画实习生", "动画师"), ("数字人运营实习生", "数字人运营"),
    ("短视频编导实习生", "编导"), ("调色助理", "调色师"), ("特效合成实习生", "合成师"),
    ("声音设计实习生", "声音设计师"),
]
COLLEGE_LOGS = [
    "熟悉项目流程与素材管理规范，完成素材整理与场记核对。",
    "使用 AI 工具生成分镜草图三版，按导演意见修改定稿。",
    "协助完成两条短视频的剪辑与字幕，学习调色预设。",
    "参与项目例会，记录修改意见并逐条完成修改。",
    "独立完成一条 30 秒宣传片初剪，尝试 AIGC 片头动效。",
    "整理本周 AI 工具使用心得，与导师讨论提示词写法。",
]


def _seed_college(ctx) -> None:
    import random

    students = ctx.extra.get("students") or []
    teachers = ctx.extra.get("teachers") or []
    orgs = [o for i, o in enumerate(ctx.enterprises) if i not in (0, 2)]
    orgs += list(ctx.extra.get("extra_enterprises") or [])
    demo_placement = Placement.objects.filter(student=ctx.users.get("student")).exclude(agreement_file="").first()
    if not (students and teachers and orgs and demo_placement) or Application.objects.filter(
            student__in=students).exists():
        return  # made by an earlier run (the whole term is made in one transaction)
    rng = random.Random(2028)
    today = timezone.localdate()
    now = timezone.now()
    term_start = today - datetime.timedelta(weeks=9)  # this term's placements began nine weeks ago
    last_start = term_start - datetime.timedelta(weeks=22)  # last term's ran 16 weeks and ended
    last_end = last_start + datetime.timedelta(weeks=16)
    admin = ctx.users.get("admin")

    # two postings an enterprise: one of this term (published; a few drafts or awaiting approval), one of last
    # term (closed); slots fixed below once the accepted applications are known
    postings = []
    for i, org in enumerate(orgs):
        for term in (0, 1):
            title, post = COLLEGE_POSTS[(i + term * 3) % len(COLLEGE_POSTS)]
            begin = term_start if term == 0 else last_start
            status = PostingStatus.CLOSED if term else (
                PostingStatus.DRAFT if i % 13 == 5 else PostingStatus.PENDING_APPROVAL if i % 13 == 9
                else PostingStatus.PUBLISHED)
            postings.append(Posting(
                enterprise=org, title=f"{title}（{'本学期' if term == 0 else '上学期'}）", post=post,
                post_staff_count=rng.randint(8, 40), slots=1,
                location=rng.choice(["北京", "上海", "杭州", "深圳", "成都"]),
                stipend_monthly=Decimal(rng.choice([2500, 2800, 3000, 3200, 3500])), status=status,
                description=f"{org.name}{post}岗位实习，参与真实影视与 AIGC 项目。", daily_hours=Decimal("8"),
                weekly_hours=Decimal("40"), start_date=begin, end_date=begin + datetime.timedelta(weeks=16),
                application_deadline=begin - datetime.timedelta(days=7),
                published_at=now - (today - begin) - datetime.timedelta(days=30) if status in (
                    PostingStatus.PUBLISHED, PostingStatus.CLOSED) else None, created_by=admin))
    Posting.objects.bulk_create(postings)
    current = [p for p in postings if p.status == PostingStatus.PUBLISHED]
    closed = [p for p in postings if p.status == PostingStatus.CLOSED]

    # what becomes of each student: placed this term (active), placed last term (completed), about to start,
    # or somewhere in the pipeline; some placed students also have an earlier application that failed
    plan = (["active"] * 130 + ["completed"] * 60 + ["pending"] * 10 + [ApplicationStatus.OFFERED] * 20
            + [ApplicationStatus.SHORTLISTED] * 25 + [ApplicationStatus.SUBMITTED] * 30
            + [ApplicationStatus.REJECTED] * 10 + [ApplicationStatus.DECLINED] * 5 + [ApplicationStatus.WITHDRAWN] * 5
            + [ApplicationStatus.CANCELLED] * 5)
    applications, placements = [], []
    for n, student in enumerate(students):
        fate = plan[n % len(plan)]
        posting = rng.choice(closed if fate == "completed" else current)
        status = ApplicationStatus.ACCEPTED if fate in ("active", "completed", "pending") else fate
        applications.append(Application(posting=posting, student=student, status=status,
                                        note="熟悉剪辑与 AIGC 工具，希望参与真实项目。"))
        if fate in ("active", "completed") and n % 4 == 0:
            other = rng.choice([p for p in (closed if fate == "completed" else current) if p is not posting])
            applications.append(Application(posting=other, student=student, status=ApplicationStatus.REJECTED,
                                            note="希望在影视后期方向实习。"))
        if fate in ("active", "completed", "pending"):
            posting.accepted_count += 1
            begin = {"active": term_start, "completed": last_start,
                     "pending": today + datetime.timedelta(days=14)}[fate]
            placements.append((fate, n, Placement(
                student=student, enterprise=posting.enterprise, posting=posting, post=posting.post,
                post_staff_count=posting.post_staff_count, start_date=begin,
                end_date=begin + datetime.timedelta(weeks=16),
                status={"active": PlacementStatus.ACTIVE, "completed": PlacementStatus.COMPLETED,
                        "pending": PlacementStatus.PENDING}[fate],
                school_mentor=teachers[n % len(teachers)], enterprise_mentor_name=f"{posting.enterprise.name[:2]}导师",
                agreement_file=demo_placement.agreement_file.name,
                agreement_signed_on=begin - datetime.timedelta(days=7), insurer="中国人民财产保险股份有限公司",
                insurance_policy_no=f"PICC-SX-2026-{100000 + n}", insurance_start=begin - datetime.timedelta(days=1),
                insurance_end=begin + datetime.timedelta(weeks=17),
                started_at=timezone.make_aware(datetime.datetime.combine(begin, datetime.time(9))) if fate != "pending"
                else None,
                ended_at=timezone.make_aware(datetime.datetime.combine(last_end, datetime.time(18)))
                if fate == "completed" else None,
                final_grade=Decimal(rng.randint(72, 96)) if fate == "completed" else None, created_by=admin)))
    for p in postings:  # room left on every posting of this term: open slots for the students still looking
        p.slots = p.accepted_count + (rng.randint(1, 4) if p.status != PostingStatus.CLOSED else 0) or 1
    Posting.objects.bulk_update(postings, ["slots", "accepted_count"])
    Application.objects.bulk_create(applications)
    accepted = {(a.posting_id, a.student_id): a for a in applications if a.status == ApplicationStatus.ACCEPTED}
    for _fate, _n, pl in placements:
        pl.application = accepted[(pl.posting.pk, pl.student.pk)]
    Placement.objects.bulk_create([pl for _f, _n, pl in placements])
    _seed_college_logs(rng, placements, term_start, last_start, now)


def _seed_college_logs(rng, placements, term_start, last_start, now) -> None:
    """Weekly logs (reviewed; the last two weeks waiting; one in six placements a week late) and evaluations."""
    this_week = (timezone.localdate() - term_start).days // 7  # weeks of this term already over
    logs, evaluations = [], []
    keys = ["professional_skill", "aigc_tools", "teamwork", "innovation", "attitude"]
    for fate, n, pl in placements:
        if fate == "pending":
            continue
        begin = term_start if fate == "active" else last_start
        weeks = this_week if fate == "active" else 16
        late = fate == "active" and n % 6 == 0
        for week in range(1, weeks + 1):
            if late and week == weeks:
                continue  # not written yet: the mentor sees it late
            waiting = fate == "active" and week > weeks - 2
            submitted = timezone.make_aware(datetime.datetime.combine(
                begin + datetime.timedelta(weeks=week - 1, days=4), datetime.time(17, rng.randint(0, 59))))
            logs.append(WeeklyLog(
                placement=pl, week_no=week, content=COLLEGE_LOGS[(n + week) % len(COLLEGE_LOGS)],
                submitted_at=submitted, status=LogStatus.SUBMITTED if waiting else LogStatus.REVIEWED,
                grade="" if waiting else rng.choice([LogGrade.EXCELLENT, LogGrade.GOOD, LogGrade.GOOD, LogGrade.PASS]),
                mentor_comment="" if waiting else "内容具体，继续保持。",
                reviewed_by=None if waiting else pl.school_mentor,
                reviewed_at=None if waiting else submitted + datetime.timedelta(days=2)))
        stages = [EvaluationStage.MIDTERM, EvaluationStage.FINAL] if fate == "completed" else [EvaluationStage.MIDTERM]
        for stage in stages:
            for role, evaluator in ((EvaluatorRole.SCHOOL_MENTOR, pl.school_mentor),
                                    (EvaluatorRole.ENTERPRISE_MENTOR, None)):
                if fate == "active" and role == EvaluatorRole.ENTERPRISE_MENTOR and n % 3 == 0:
                    continue  # the enterprise mentor has not evaluated yet
                scores = {k: rng.randint(70, 96) for k in keys}
                evaluations.append(InternEvaluation(
                    placement=pl, stage=stage, evaluator_role=role, evaluator=evaluator,
                    evaluator_name=str(evaluator) if evaluator else pl.enterprise_mentor_name, **scores,
                    score=rubric_score(scores), status=EvaluationStatus.SUBMITTED, comment="表现良好，按时完成任务。",
                    submitted_at=now))
    WeeklyLog.objects.bulk_create(logs)
    InternEvaluation.objects.bulk_create(evaluations)
