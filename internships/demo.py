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
    EvaluationStatus,
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
