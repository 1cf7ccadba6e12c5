"""Reminder rules of the internships app, run by the notifications host (core/hosts.py ``ReminderRule``).

Each rule reads its candidates in batches (``kit.batches``) with a constant number of queries per
batch and yields the batch's notices, or, for the rules with one notice per log, yields one
``NoticeQuery`` that the host writes set-wise in SQL; the key of each names the rule, the object and
the period or threshold, so every run is idempotent.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import DateField, Exists, F, Func, IntegerField, OuterRef, Value
from django.db.models.functions import Coalesce, Least, NullIf
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.audiences import college_admin_ids, enterprise_users_by_org
from core.hosts import (
    Email,
    Notice,
    NoticeQuery,
    ReminderKit,
    ReminderRule,
    end_of_day,
    list_url,
    object_url,
    object_url_pattern,
)
from core.signed_links import make_link_token

from .choices import ApplicationStatus, EvaluationStatus, EvaluatorRole, LogStatus, PlacementStatus
from .models import Application, InternEvaluation, Placement, WeeklyLog
from .services import EVALUATION_LINK_PURPOSE


def _person(display_name: str, username: str) -> str:
    return display_name or username


def _days_between(later, earlier) -> Func:
    """Whole days from ``earlier`` to ``later`` (dates): PostgreSQL's ``date - date``, an integer."""
    return Func(later, earlier, template="(%(expressions)s)", arg_joiner=" - ", output_field=IntegerField())


def weekly_log_missing(today: date, kit: ReminderKit) -> Iterator[list[NoticeQuery]]:
    """The last finished week of an active placement has no log N days after it ended → the student.

    One ``NoticeQuery``: the database finds the placements and the week due and the host writes the
    notices set-wise, so the job costs a few statements however many students are late.
    """
    grace = int(kit.setting("WEEKLY_LOG_MISSING_DAYS"))
    # week w runs start+7(w-1) .. start+7w-1; the latest week that ended at least `grace` days ago (an
    # integer division of a non-negative number when it matters: weeks below 1 are left out)
    week = (_days_between(Value(today, output_field=DateField()), F("start_date")) + 1 - grace) / 7
    last_week = _days_between(F("end_date"), F("start_date")) / 7 + 1
    due = (
        Placement.objects.filter(status=PlacementStatus.ACTIVE, start_date__lte=today)
        .annotate(finished_week=week, due_week=Least(week, last_week))
        .filter(finished_week__gte=1)
        .filter(~Exists(WeeklyLog.objects.filter(placement_id=OuterRef("pk"), week_no=OuterRef("due_week"))))
    )
    yield [NoticeQuery(
        rows=due, recipient="student_id", object_id="id",
        fields={"week": "due_week", "enterprise": "enterprise__name", "post": "post"},
        kind="weekly_log_missing", rule="weekly_log_missing", key="weekly_log_missing:placement:{object_id}:w{week}",
        title=_("Week {week} log not written yet"),
        body=_("Write your log of week {week} of your internship at {enterprise} ({post})."),
        url=object_url_pattern("internships:log_create"), content_type=ContentType.objects.get_for_model(Placement).pk,
    )]


def weekly_log_unreviewed(today: date, kit: ReminderKit) -> Iterator[list[NoticeQuery]]:
    """A submitted weekly log not reviewed N days later → the school mentor, one notice per log.

    One ``NoticeQuery`` (written set-wise by the host). A digest per mentor (one notice listing the
    logs) would be fewer rows; one per log is what the mentor's list and the tests expect.
    """
    days = int(kit.setting("WEEKLY_LOG_REVIEW_DAYS"))
    waiting = WeeklyLog.objects.filter(
        status=LogStatus.SUBMITTED, submitted_at__lte=end_of_day(today - timedelta(days=days)),
        placement__school_mentor__isnull=False,
    )
    student = Coalesce(NullIf("placement__student__display_name", Value("")), "placement__student__username")
    yield [NoticeQuery(
        rows=waiting, recipient="placement__school_mentor_id", object_id="id",
        fields={"week": "week_no", "student": student, "days": Value(days)},
        kind="weekly_log_unreviewed", rule="weekly_log_unreviewed",
        key="weekly_log_unreviewed:{days}:weeklylog:{object_id}",
        title=_("Review the week {week} log of {student}"),
        body=_("This log has been waiting for your review for more than {days} days."),
        url=object_url_pattern("internships:log_detail"), content_type=ContentType.objects.get_for_model(WeeklyLog).pk,
    )]


def application_waiting(today: date, kit: ReminderKit) -> Iterator[list[Notice]]:
    """An application the enterprise has not moved for N days → the enterprise's partner users."""
    days = int(kit.setting("APPLICATION_WAIT_DAYS"))
    waiting = [ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED]
    cutoff = end_of_day(today - timedelta(days=days))
    qs = Application.objects.filter(status__in=waiting, updated_at__lte=cutoff).values(
        "id", "status", "posting_id", "posting__title", "posting__enterprise_id", "student__display_name",
        "student__username")
    ct_id = ContentType.objects.get_for_model(Application).pk
    for batch in kit.batches(qs):
        partners = enterprise_users_by_org({a["posting__enterprise_id"] for a in batch})
        yield [
            Notice(
                recipients=partners.get(a["posting__enterprise_id"], []), kind="application_waiting",
                rule="application_waiting", key=f"application_waiting:{days}:application:{a['id']}:{a['status']}",
                title=format_lazy(_("{student}'s application to “{posting}” is waiting for you"),
                                  student=_person(a["student__display_name"], a["student__username"]),
                                  posting=a["posting__title"]),
                body=format_lazy(_("It has not moved for more than {days} days; shortlist, offer or reject it."),
                                 days=days),
                url=list_url("internships:application_list"),
                obj=(ct_id, a["id"]),
            )
            for a in batch
        ]


def placement_compliance(today: date, kit: ReminderKit) -> Iterator[list[Notice]]:
    """A pending placement starting within N days without its tripartite agreement or insurance.

    Goes to the college admins, the school mentor and the enterprise, once per placement and start date.
    """
    days = int(kit.setting("PLACEMENT_COMPLIANCE_DAYS"))
    qs = Placement.objects.filter(
        status=PlacementStatus.PENDING, start_date__gte=today, start_date__lte=today + timedelta(days=days)
    ).values("id", "start_date", "end_date", "post", "school_mentor_id", "enterprise_id", "agreement_file",
             "agreement_signed_on", "insurer", "insurance_policy_no", "insurance_start", "insurance_end",
             "student__display_name", "student__username")
    admins = college_admin_ids()
    ct_id = ContentType.objects.get_for_model(Placement).pk
    for batch in kit.batches(qs):
        missing = {}
        for p in batch:
            gaps = []
            if not p["agreement_file"] or not p["agreement_signed_on"]:
                gaps.append(_("the signed tripartite agreement"))
            covered = (p["insurance_start"] and p["insurance_end"] and p["insurance_start"] <= p["start_date"]
                       and p["insurance_end"] >= p["end_date"])
            if not p["insurer"] or not p["insurance_policy_no"] or not covered:
                gaps.append(_("internship liability insurance covering the whole placement"))
            if gaps:
                missing[p["id"]] = gaps
        partners = enterprise_users_by_org({p["enterprise_id"] for p in batch if p["id"] in missing})
        notices = []
        for p in batch:
            if p["id"] not in missing:
                continue
            recipients = admins + partners.get(p["enterprise_id"], []) + [p["school_mentor_id"]]
            notices.append(Notice(
                recipients=[r for r in recipients if r], kind="placement_compliance",
                rule="placement_compliance",
                key=f"placement_compliance:{days}:placement:{p['id']}:{p['start_date'].isoformat()}",
                title=format_lazy(_("Placement of {student} starts on {start} without its documents"),
                                  student=_person(p["student__display_name"], p["student__username"]),
                                  start=p["start_date"].isoformat()),
                body=format_lazy(_("Still missing: {missing}. The internship cannot start without them."),
                                 missing=format_lazy("{}" + "; {}" * (len(missing[p["id"]]) - 1),
                                                     *missing[p["id"]])),
                url=object_url("internships:placement_detail", p["id"]), obj=(ct_id, p["id"]),
            ))
        yield notices


def evaluation_due(today: date, kit: ReminderKit) -> Iterator[list[Notice | Email]]:
    """A requested enterprise-mentor evaluation still open: every N days, a reminder with the signed link.

    A mentor with an account is notified like any user; a mentor known only by e-mail gets a fresh
    one-time link (this app's evaluation link) by e-mail. Both count once per period.
    """
    every = int(kit.setting("EVALUATION_REMINDER_DAYS"))
    qs = InternEvaluation.objects.filter(
        status=EvaluationStatus.REQUESTED, evaluator_role=EvaluatorRole.ENTERPRISE_MENTOR,
        created_at__lte=end_of_day(today - timedelta(days=every)),
    ).values("id", "stage", "created_at", "placement_id", "placement__enterprise_mentor_id",
             "placement__enterprise_mentor_name", "placement__enterprise_mentor_email", "link_sent_to",
             "placement__student__display_name", "placement__student__username", "placement__post")
    ct_id = ContentType.objects.get_for_model(InternEvaluation).pk
    for batch in kit.batches(qs):
        out: list[Notice | Email] = []
        for ev in batch:
            period = (today - timezone.localdate(ev["created_at"])).days // every
            key = f"evaluation_due:{every}:interneval:{ev['id']}:r{period}"
            student = _person(ev["placement__student__display_name"], ev["placement__student__username"])
            link = reverse("internships:evaluate_by_link", args=[make_link_token(EVALUATION_LINK_PURPOSE, ev["id"])])
            title = format_lazy(_("Please evaluate your intern {student}"), student=student)
            body = format_lazy(
                _("The evaluation of {student} ({post}) is still open. This link works once and expires in {days} "
                  "days: {url}"),
                student=student, post=ev["placement__post"], days=settings.IEI["SIGNED_LINK_MAX_AGE_DAYS"],
                url=kit.absolute_url(link),
            )
            if ev["placement__enterprise_mentor_id"]:
                out.append(Notice(
                    recipients=[ev["placement__enterprise_mentor_id"]], kind="evaluation_due",
                    rule="evaluation_due", key=key, title=title, body=body, url=link, obj=(ct_id, ev["id"]),
                ))
            elif ev["link_sent_to"] or ev["placement__enterprise_mentor_email"]:
                out.append(Email(key=key, rule="evaluation_due", subject=title, body=body,
                                 to=ev["link_sent_to"] or ev["placement__enterprise_mentor_email"]))
        yield out


REMINDER_RULES = [
    # a student is reminded of the last finished placement week this many days after it ended without a log
    ReminderRule("weekly_log_missing", weekly_log_missing, settings={"WEEKLY_LOG_MISSING_DAYS": 1}),
    # the school mentor is reminded of a submitted log not reviewed after this many days
    ReminderRule("weekly_log_unreviewed", weekly_log_unreviewed, settings={"WEEKLY_LOG_REVIEW_DAYS": 3}),
    # the enterprise is reminded of an application it has not moved for this many days
    ReminderRule("application_waiting", application_waiting, settings={"APPLICATION_WAIT_DAYS": 7}),
    # a pending placement starting within this many days without agreement or insurance is flagged
    ReminderRule("placement_compliance", placement_compliance, settings={"PLACEMENT_COMPLIANCE_DAYS": 7}),
    # an enterprise mentor is reminded of a requested evaluation every this many days until it is submitted
    ReminderRule("evaluation_due", evaluation_due, settings={"EVALUATION_REMINDER_DAYS": 5}),
]
