"""Demo notifications: a few realistic reminders for the demo users, plus the default beat schedules.

Each message carries a ``demo:`` key, so running ``seed_demo`` again creates nothing twice.
"""
from __future__ import annotations

from .choices import EmailFrequency, NotificationKind
from .schedules import install_default_schedules
from .services import Channels, notify, preferences_save

# username, kind, key, title, body, url name
DEMO = [
    ("admin", NotificationKind.AGREEMENT_EXPIRING, "demo:agreement:1", "合作协议“虚拟拍摄实训基地共建”将于30天后到期",
     "与星河影业有限公司的共建协议即将到期，请尽快安排续签或结项评估。", "notifications:list"),
    ("admin", NotificationKind.PLACEMENT_COMPLIANCE, "demo:placement:1", "张同学的实习将于下周开始，但缺少三方协议",
     "尚缺：签署的三方协议；覆盖整个实习期的实习责任保险。未补齐前实习不能开始。", "notifications:list"),
    ("teacher", NotificationKind.WEEKLY_LOG_UNREVIEWED, "demo:log:1", "请批阅张同学第3周的实习周志",
     "该周志提交已超过3天，内容涉及AIGC分镜与虚拟制片流程。", "notifications:list"),
    ("teacher", NotificationKind.TEACHER_PRACTICE, "demo:practice:1", "您的企业实践时长进度落后",
     "按五年累计不少于6个月的要求，您今年的企业实践天数低于年度目标，请与教师流动站联系安排。", "notifications:list"),
    ("student", NotificationKind.WEEKLY_LOG_MISSING, "demo:missing:1", "第4周实习周志尚未填写",
     "请填写您在光年动画工作室（AIGC分镜师）第4周的实习周志。", "notifications:list"),
    ("student", NotificationKind.BOOKING_TOMORROW, "demo:booking:1", "明天 09:00 虚拟拍摄棚预约提醒",
     "您预约了LED虚拟拍摄棚（2号棚），请提前15分钟到场并完成安全培训签到。", "notifications:list"),
    ("enterprise", NotificationKind.APPLICATION_WAITING, "demo:application:1", "刘同学投递的“AI后期剪辑实习生”待处理",
     "该申请已超过7天未处理，请筛选、发放录用或婉拒。", "notifications:list"),
    ("enterprise", NotificationKind.EVALUATION_DUE, "demo:evaluation:1", "请为实习生张同学填写中期评价",
     "评价链接一次有效，14天内过期。", "notifications:list"),
]


def seed(ctx) -> None:
    from django.urls import reverse

    for username, kind, key, title, body, url_name in DEMO:
        user = ctx.users.get(username)
        if user is None:
            continue
        notify(recipients=[user], kind=kind, title=title, body=body, url=reverse(url_name), key=key)
    student = ctx.users.get("student")
    if student is not None:
        # the demo student wants booking reminders at once, everything else in the daily digest
        preferences_save(user=student, choices={
            NotificationKind.BOOKING_TOMORROW: Channels(in_app=True, email=True, frequency=EmailFrequency.IMMEDIATE),
        })
    install_default_schedules()
