"""Reminder rules: each finds its candidates in batches and hands keyed messages to ``services.deliver``.

A rule is ``fn(today) -> int`` (notifications created), registered with ``@rule(name)``. Every
batch is one transaction with a constant number of queries (candidates, their people, the key
claim, preferences, the insert), so the cost grows with batches, not objects. The key of each
message names the rule, the object and the period or threshold, so every run is idempotent.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import QuerySet
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import Membership

from .choices import NotificationKind
from .conf import reminder_setting
from .services import Message, deliver

RULES: dict[str, Callable[[date], int]] = {}


def rule(name: str) -> Callable[[Callable[[date], int]], Callable[[date], int]]:
    def register(fn: Callable[[date], int]) -> Callable[[date], int]:
        RULES[name] = fn
        return fn

    return register


def run_rule(name: str, *, today: date | None = None) -> int:
    if name not in RULES:
        raise KeyError(f"unknown reminder rule {name!r}")
    return RULES[name](today or timezone.localdate())


def batches(qs: QuerySet, size: int | None = None) -> Iterator[list]:
    """Keyset pagination on the primary key: one query per batch.

    Over a ``values()`` queryset (which must include ``id``) a batch is a list of dicts; over a
    model queryset it is a list of instances, for services of other apps that take instances.
    """
    size = int(size or reminder_setting("BATCH_SIZE"))
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last).order_by("pk")[:size])
        if not batch:
            return
        yield batch
        last = batch[-1]["id"] if isinstance(batch[-1], dict) else batch[-1].pk


# A rule writes thousands of notifications, each with its object's URL; ``reverse()`` costs about
# 0.14 ms a call (a quarter of a reminder job). The URL of one pk is reversed once per pattern and
# the others are made from it.
_URL_PATTERN_PK = 987654321
_url_patterns: dict[tuple[str, str], str] = {}


def _detail_url(url_name: str, pk: int) -> str:
    key = (get_script_prefix(), url_name)
    pattern = _url_patterns.get(key)
    if pattern is None:
        pattern = _url_patterns[key] = reverse(url_name, kwargs={"pk": _URL_PATTERN_PK})
    if str(_URL_PATTERN_PK) not in pattern or not isinstance(pk, int):
        return reverse(url_name, kwargs={"pk": pk})
    return pattern.replace(str(_URL_PATTERN_PK), str(pk))


def object_url(url_name: str, pk: int, fallback: str = "") -> str:
    """The detail page of an object of another app, if that app has one (its URLs are still being built)."""
    try:
        return _detail_url(url_name, pk)
    except NoReverseMatch:
        if fallback:
            try:
                return reverse(fallback)
            except NoReverseMatch:
                return ""
        return ""


def college_admin_ids() -> list[int]:
    return list(
        Membership.objects.in_force().filter(role=Role.COLLEGE_ADMIN, user__is_active=True)
        .order_by("user_id").values_list("user_id", flat=True).distinct()
    )


def enterprise_users_by_org(org_ids: set[int]) -> dict[int, list[int]]:
    by_org: dict[int, list[int]] = defaultdict(list)
    rows = Membership.objects.filter(
        organization_id__in=org_ids, role=Role.ENTERPRISE, is_active=True, user__is_active=True
    ).values_list("organization_id", "user_id")
    for org_id, user_id in rows:
        by_org[org_id].append(user_id)
    return by_org


# --- partnerships -------------------------------------------------------------------------------

@rule("agreement_expiring")
def agreement_expiring(today: date) -> int:
    """Active agreements ending within a threshold (60/30/7 days by default) → college admins and partners.

    Only the tightest threshold reached is sent, once per agreement, threshold and end date: an
    agreement first seen 5 days before its end gets the 7-day reminder only, and an extended end
    date arms the reminders again.
    """
    from partnerships.choices import AgreementStatus
    from partnerships.models import Agreement

    thresholds = sorted({int(d) for d in reminder_setting("AGREEMENT_EXPIRY_DAYS")})
    if not thresholds:
        return 0
    qs = Agreement.objects.filter(
        status=AgreementStatus.ACTIVE, end_date__gte=today, end_date__lte=today + timedelta(days=thresholds[-1])
    ).values("id", "code", "title", "end_date")
    admins = college_admin_ids()
    ct_id = ContentType.objects.get_for_model(Agreement).pk
    through = Agreement.parties.through
    created = 0
    for batch in batches(qs):
        parties: dict[int, list[int]] = defaultdict(list)
        for agreement_id, org_id in through.objects.filter(
            agreement_id__in=[a["id"] for a in batch]
        ).values_list("agreement_id", "organization_id"):
            parties[agreement_id].append(org_id)
        partners = enterprise_users_by_org({o for orgs in parties.values() for o in orgs})
        messages = []
        for a in batch:
            days = (a["end_date"] - today).days
            threshold = next(t for t in thresholds if days <= t)
            recipients = admins + [u for org in parties[a["id"]] for u in partners.get(org, [])]
            messages.append(Message(
                recipients=recipients, kind=NotificationKind.AGREEMENT_EXPIRING, rule="agreement_expiring",
                key=f"agreement_expiring:{threshold}:agreement:{a['id']}:{a['end_date'].isoformat()}",
                title=format_lazy(_("Agreement {code} expires in {days} days"), code=a["code"], days=days),
                body=format_lazy(
                    _("The agreement “{title}” ends on {end}. Renew it or plan its closing in time."),
                    title=a["title"], end=a["end_date"].isoformat(),
                ),
                url=object_url("partnerships:agreement_detail", a["id"], "partnerships:agreement_list"),
                obj=(ct_id, a["id"]),
            ))
        with transaction.atomic():  # a batch lands whole or not at all
            created += len(deliver(messages))
    return created


# --- internships --------------------------------------------------------------------------------

def _person(display_name: str, username: str) -> str:
    return display_name or username


def _write(messages: list[Message]) -> int:
    with transaction.atomic():
        return len(deliver(messages))


@rule("weekly_log_missing")
def weekly_log_missing(today: date) -> int:
    """The last finished week of an active placement has no log N days after it ended → the student."""
    from internships.choices import PlacementStatus
    from internships.models import Placement, WeeklyLog

    grace = int(reminder_setting("WEEKLY_LOG_MISSING_DAYS"))
    qs = Placement.objects.filter(status=PlacementStatus.ACTIVE, start_date__lte=today).values(
        "id", "student_id", "start_date", "end_date", "post", "enterprise__name")
    ct_id = ContentType.objects.get_for_model(Placement).pk
    created = 0
    for batch in batches(qs):
        due: dict[int, int] = {}
        for p in batch:
            # week w runs start+7(w-1) .. start+7w-1; the latest week that ended at least `grace` days ago
            week = ((today - p["start_date"]).days + 1 - grace) // 7
            last_week = (p["end_date"] - p["start_date"]).days // 7 + 1
            if week >= 1:
                due[p["id"]] = min(week, last_week)
        written = set(WeeklyLog.objects.filter(placement_id__in=due, week_no__in=set(due.values()))
                      .values_list("placement_id", "week_no"))
        messages = [
            Message(
                recipients=[p["student_id"]], kind=NotificationKind.WEEKLY_LOG_MISSING, rule="weekly_log_missing",
                key=f"weekly_log_missing:placement:{p['id']}:w{due[p['id']]}",
                title=format_lazy(_("Week {week} log not written yet"), week=due[p["id"]]),
                body=format_lazy(_("Write your log of week {week} of your internship at {enterprise} ({post})."),
                                 week=due[p["id"]], enterprise=p["enterprise__name"], post=p["post"]),
                url=object_url("internships:log_create", p["id"]), obj=(ct_id, p["id"]),
            )
            for p in batch if p["id"] in due and (p["id"], due[p["id"]]) not in written
        ]
        created += _write(messages)
    return created


@rule("weekly_log_unreviewed")
def weekly_log_unreviewed(today: date) -> int:
    """A submitted weekly log not reviewed N days later → the school mentor."""
    from internships.choices import LogStatus
    from internships.models import WeeklyLog

    days = int(reminder_setting("WEEKLY_LOG_REVIEW_DAYS"))
    cutoff = timezone.make_aware(datetime.combine(today - timedelta(days=days), time.max))
    qs = WeeklyLog.objects.filter(
        status=LogStatus.SUBMITTED, submitted_at__lte=cutoff, placement__school_mentor__isnull=False
    ).values("id", "week_no", "placement__school_mentor_id", "placement__student__display_name",
             "placement__student__username")
    ct_id = ContentType.objects.get_for_model(WeeklyLog).pk
    created = 0
    for batch in batches(qs):
        created += _write([
            Message(
                recipients=[log["placement__school_mentor_id"]], kind=NotificationKind.WEEKLY_LOG_UNREVIEWED,
                rule="weekly_log_unreviewed", key=f"weekly_log_unreviewed:{days}:weeklylog:{log['id']}",
                title=format_lazy(_("Review the week {week} log of {student}"), week=log["week_no"],
                                  student=_person(log["placement__student__display_name"],
                                                  log["placement__student__username"])),
                body=format_lazy(_("This log has been waiting for your review for more than {days} days."),
                                 days=days),
                url=object_url("internships:log_detail", log["id"]), obj=(ct_id, log["id"]),
            )
            for log in batch
        ])
    return created


@rule("application_waiting")
def application_waiting(today: date) -> int:
    """An application the enterprise has not moved for N days → the enterprise's partner users."""
    from internships.choices import ApplicationStatus
    from internships.models import Application

    days = int(reminder_setting("APPLICATION_WAIT_DAYS"))
    cutoff = timezone.make_aware(datetime.combine(today - timedelta(days=days), time.max))
    waiting = [ApplicationStatus.SUBMITTED, ApplicationStatus.SHORTLISTED]
    qs = Application.objects.filter(status__in=waiting, updated_at__lte=cutoff).values(
        "id", "status", "posting_id", "posting__title", "posting__enterprise_id", "student__display_name",
        "student__username")
    ct_id = ContentType.objects.get_for_model(Application).pk
    created = 0
    for batch in batches(qs):
        partners = enterprise_users_by_org({a["posting__enterprise_id"] for a in batch})
        created += _write([
            Message(
                recipients=partners.get(a["posting__enterprise_id"], []), kind=NotificationKind.APPLICATION_WAITING,
                rule="application_waiting", key=f"application_waiting:{days}:application:{a['id']}:{a['status']}",
                title=format_lazy(_("{student}'s application to “{posting}” is waiting for you"),
                                  student=_person(a["student__display_name"], a["student__username"]),
                                  posting=a["posting__title"]),
                body=format_lazy(_("It has not moved for more than {days} days; shortlist, offer or reject it."),
                                 days=days),
                url=_list_url("internships:application_list"),
                obj=(ct_id, a["id"]),
            )
            for a in batch
        ])
    return created


def _list_url(url_name: str) -> str:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return ""


@rule("placement_compliance")
def placement_compliance(today: date) -> int:
    """A pending placement starting within N days without its tripartite agreement or insurance.

    Goes to the college admins, the school mentor and the enterprise, once per placement and start date.
    """
    from internships.choices import PlacementStatus
    from internships.models import Placement

    days = int(reminder_setting("PLACEMENT_COMPLIANCE_DAYS"))
    qs = Placement.objects.filter(
        status=PlacementStatus.PENDING, start_date__gte=today, start_date__lte=today + timedelta(days=days)
    ).values("id", "start_date", "end_date", "post", "school_mentor_id", "enterprise_id", "agreement_file",
             "agreement_signed_on", "insurer", "insurance_policy_no", "insurance_start", "insurance_end",
             "student__display_name", "student__username")
    admins = college_admin_ids()
    ct_id = ContentType.objects.get_for_model(Placement).pk
    created = 0
    for batch in batches(qs):
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
        messages = []
        for p in batch:
            if p["id"] not in missing:
                continue
            recipients = admins + partners.get(p["enterprise_id"], []) + [p["school_mentor_id"]]
            messages.append(Message(
                recipients=[r for r in recipients if r], kind=NotificationKind.PLACEMENT_COMPLIANCE,
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
        created += _write(messages)
    return created


@rule("evaluation_due")
def evaluation_due(today: date) -> int:
    """A requested enterprise-mentor evaluation still open: every N days, a reminder with the signed link.

    A mentor with an account is notified like any user; a mentor known only by e-mail gets a fresh
    one-time link (the internships app's evaluation link) by e-mail. Both count once per period.
    """
    from django.conf import settings

    from core.signed_links import make_link_token
    from internships.choices import EvaluationStatus, EvaluatorRole
    from internships.models import InternEvaluation
    from internships.services import EVALUATION_LINK_PURPOSE

    from .services import ExternalEmail, absolute_url, deliver_external

    every = int(reminder_setting("EVALUATION_REMINDER_DAYS"))
    cutoff = timezone.make_aware(datetime.combine(today - timedelta(days=every), time.max))
    qs = InternEvaluation.objects.filter(
        status=EvaluationStatus.REQUESTED, evaluator_role=EvaluatorRole.ENTERPRISE_MENTOR, created_at__lte=cutoff
    ).values("id", "stage", "created_at", "placement_id", "placement__enterprise_mentor_id",
             "placement__enterprise_mentor_name", "placement__enterprise_mentor_email", "link_sent_to",
             "placement__student__display_name", "placement__student__username", "placement__post")
    ct_id = ContentType.objects.get_for_model(InternEvaluation).pk
    created = 0
    for batch in batches(qs):
        messages, emails = [], []
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
                url=absolute_url(link),
            )
            if ev["placement__enterprise_mentor_id"]:
                messages.append(Message(
                    recipients=[ev["placement__enterprise_mentor_id"]], kind=NotificationKind.EVALUATION_DUE,
                    rule="evaluation_due", key=key, title=title, body=body, url=link, obj=(ct_id, ev["id"]),
                ))
            elif ev["link_sent_to"] or ev["placement__enterprise_mentor_email"]:
                emails.append(ExternalEmail(key=key, rule="evaluation_due", subject=title, body=body,
                                            to=ev["link_sent_to"] or ev["placement__enterprise_mentor_email"]))
        with transaction.atomic():
            created += len(deliver(messages)) + deliver_external(emails)
    return created


# --- funding ------------------------------------------------------------------------------------

@rule("booking_tomorrow")
def booking_tomorrow(today: date) -> int:
    """An approved booking of a training room or equipment that starts tomorrow → the person who booked it."""
    from funding.choices import BookingStatus
    from funding.models import Booking

    start = timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))
    qs = Booking.objects.filter(
        status=BookingStatus.APPROVED, starts_at__gte=start, starts_at__lt=start + timedelta(days=1)
    ).values("id", "booked_by_id", "starts_at", "ends_at", "purpose", "base__name", "equipment__name")
    ct_id = ContentType.objects.get_for_model(Booking).pk
    url = _list_url("funding:booking_list")
    created = 0
    for batch in batches(qs):
        created += _write([
            Message(
                recipients=[b["booked_by_id"]], kind=NotificationKind.BOOKING_TOMORROW, rule="booking_tomorrow",
                key=f"booking_tomorrow:booking:{b['id']}:{timezone.localtime(b['starts_at']).isoformat()}",
                title=format_lazy(_("Tomorrow {start}: {resource}"),
                                  start=timezone.localtime(b["starts_at"]).strftime("%H:%M"),
                                  resource=b["equipment__name"] or b["base__name"]),
                body=format_lazy(_("Your booking “{purpose}” runs until {end}."), purpose=b["purpose"],
                                 end=timezone.localtime(b["ends_at"]).strftime("%H:%M")),
                url=url, obj=(ct_id, b["id"]),
            )
            for b in batch
        ])
    return created


def _month(today: date) -> str:
    return f"{today:%Y-%m}"


@rule("budget_line_alert")
def budget_line_alert(today: date) -> int:
    """A line of an approved budget near its limit, or behind schedule → college admins, once per condition a month.

    Execution is ``funding.models.rate(spent, amount)`` (percent, as on the budget page). *Near its
    limit*: execution ≥ ``BUDGET_NEAR_LIMIT_PERCENT``. *Behind schedule*: execution trails the share
    of the budget's calendar year already elapsed by more than ``BUDGET_BEHIND_MARGIN_PERCENT`` points.
    """
    from funding.choices import BudgetStatus
    from funding.models import BudgetLine, rate

    near = Decimal(str(reminder_setting("BUDGET_NEAR_LIMIT_PERCENT")))
    margin = Decimal(str(reminder_setting("BUDGET_BEHIND_MARGIN_PERCENT")))
    qs = BudgetLine.objects.filter(budget__status=BudgetStatus.APPROVED, amount__gt=0).values(
        "id", "name", "amount", "spent", "budget_id", "budget__year", "budget__title")
    admins = college_admin_ids()
    if not admins:
        return 0
    ct_id = ContentType.objects.get_for_model(BudgetLine).pk
    month = _month(today)
    created = 0
    for batch in batches(qs):
        messages = []
        for line in batch:
            execution = rate(line["spent"], line["amount"])
            elapsed = _elapsed_percent(line["budget__year"], today)
            if execution >= near:
                condition = "near_limit"
                title = format_lazy(_("Budget line “{line}” is {rate} spent"), line=line["name"],
                                    rate=f"{execution}%")
                body = format_lazy(
                    _("{budget}: ¥{spent} of ¥{amount} spent, ¥{left} left. Plan the remaining spending or "
                      "adjust the budget."),
                    budget=f"{line['budget__year']} {line['budget__title']}", spent=line["spent"],
                    amount=line["amount"], left=line["amount"] - line["spent"],
                )
            elif elapsed - execution > margin:
                condition = "behind_schedule"
                title = format_lazy(_("Budget line “{line}” is behind schedule"), line=line["name"])
                body = format_lazy(
                    _("{budget}: {rate} spent while {elapsed} of the budget year has passed (¥{spent} of "
                      "¥{amount})."),
                    budget=f"{line['budget__year']} {line['budget__title']}", rate=f"{execution}%",
                    elapsed=f"{elapsed}%",
                    spent=line["spent"], amount=line["amount"],
                )
            else:
                continue
            messages.append(Message(
                recipients=admins, kind=NotificationKind.BUDGET_ALERT, rule="budget_line_alert",
                key=f"budget_line_alert:{condition}:budgetline:{line['id']}:{month}",
                title=title, body=body, url=object_url("funding:budget_detail", line["budget_id"]),
                obj=(ct_id, line["id"]),
            ))
        created += _write(messages)
    return created


def _elapsed_percent(year: int, today: date) -> Decimal:
    """Share of the calendar year ``year`` that has passed by the end of ``today``, in percent (0–100)."""
    start, end = date(year, 1, 1), date(year, 12, 31)
    total = (end - start).days + 1
    passed = min(max((today - start).days + 1, 0), total)
    return (Decimal(passed) * 100 / Decimal(total)).quantize(Decimal("0.01"))


# --- faculty ------------------------------------------------------------------------------------

@rule("teacher_practice_standing")
def teacher_practice_standing(today: date) -> int:
    """A teacher whose industry-practice standing is at risk or behind → the teacher; behind → college admins too.

    The standing is faculty's own (``faculty.services.teacher_standings``, two queries per batch);
    the key names the standing and the month, so each is sent at most once a month, and a teacher
    who slips from *at risk* to *behind* hears about it in the same month.
    """
    from faculty.choices import Standing
    from faculty.models import TeacherProfile
    from faculty.services import teacher_standings

    watched = {str(s) for s in reminder_setting("TEACHER_PRACTICE_STANDINGS")}
    if not watched:
        return 0
    qs = TeacherProfile.objects.filter(user__is_active=True).select_related("user").only(
        "id", "user_id", "is_specialist", "employed_since", "user__display_name", "user__username")
    admins = college_admin_ids() if Standing.BEHIND.value in watched else []
    ct_id = ContentType.objects.get_for_model(TeacherProfile).pk
    own_url, overview_url = _list_url("faculty:portfolio"), _list_url("faculty:overview")
    month = _month(today)
    created = 0
    for batch in batches(qs):
        standings = teacher_standings(batch, as_of=today)
        messages = []
        for profile in batch:
            st = standings[profile.pk]
            status = Standing(st.status)
            if status.value not in watched:
                continue
            label = status.label
            facts = format_lazy(
                _("{counted} practice days are counted in {start} – {end}; {expected} are expected by now "
                  "({required} in the whole window). {pending} more days are waiting for confirmation."),
                counted=st.counted_days, start=st.window_start.isoformat(), end=st.window_end.isoformat(),
                expected=st.expected_days, required=st.required_days, pending=st.pending_days,
            )
            key = f"teacher_practice_standing:{status.value}:teacherprofile:{profile.pk}:{month}"
            messages.append(Message(
                recipients=[profile.user_id], kind=NotificationKind.TEACHER_PRACTICE, rule="teacher_practice_standing",
                key=key, title=format_lazy(_("Your industry practice: {standing}"), standing=label),
                body=format_lazy(_("{facts} Plan an enterprise placement and have it confirmed."), facts=facts),
                url=own_url, obj=(ct_id, profile.pk),
            ))
            if status == Standing.BEHIND and admins:
                messages.append(Message(
                    recipients=admins, kind=NotificationKind.TEACHER_PRACTICE, rule="teacher_practice_standing",
                    key=f"{key}:admins",
                    title=format_lazy(_("Industry practice of {teacher}: {standing}"),
                                      teacher=_person(profile.user.display_name, profile.user.username),
                                      standing=label),
                    body=facts, url=overview_url, obj=(ct_id, profile.pk),
                ))
        created += _write(messages)
    return created


@rule("teacher_placement_unconfirmed")
def teacher_placement_unconfirmed(today: date) -> int:
    """A submitted teacher placement the host has not answered for N days → the host's partner users, every N days.

    Waiting counts from the latest recorded submission (``StatusChange``; the row's ``updated_at``
    for rows without one). A contact without a partner account at the host gets a fresh one-time
    link by e-mail (faculty's confirmation link: its purpose and view), under the same key.
    """
    from django.db.models import DateTimeField, OuterRef, Subquery
    from django.db.models.functions import Coalesce

    from core.models import StatusChange
    from core.signed_links import make_link_token
    from faculty.choices import PlacementStatus
    from faculty.models import TeacherPlacement
    from faculty.services import LINK_PURPOSE

    from .services import ExternalEmail, absolute_url, deliver_external

    every = int(reminder_setting("TEACHER_PLACEMENT_CONFIRM_DAYS"))
    cutoff = timezone.make_aware(datetime.combine(today - timedelta(days=every), time.max))
    ct_id = ContentType.objects.get_for_model(TeacherPlacement).pk
    submitted = (StatusChange.objects.filter(content_type_id=ct_id, object_id=OuterRef("pk"), field="status",
                                             to_status=PlacementStatus.SUBMITTED)
                 .order_by("-at").values("at")[:1])
    qs = (TeacherPlacement.objects.filter(status=PlacementStatus.SUBMITTED)
          .annotate(submitted_at=Coalesce(Subquery(submitted, output_field=DateTimeField()), "updated_at"))
          .filter(submitted_at__lte=cutoff)
          .values("id", "host_id", "host__name", "start_date", "end_date", "days", "role", "contact_email",
                  "submitted_at", "teacher__user__display_name", "teacher__user__username"))
    created = 0
    for batch in batches(qs):
        partners: dict[int, list[int]] = defaultdict(list)
        partner_emails: dict[int, set[str]] = defaultdict(set)
        for org_id, user_id, email in Membership.objects.filter(
            organization_id__in={p["host_id"] for p in batch}, role=Role.ENTERPRISE, is_active=True,
            user__is_active=True,
        ).values_list("organization_id", "user_id", "user__email"):
            partners[org_id].append(user_id)
            if email:
                partner_emails[org_id].add(email.lower())
        messages, emails = [], []
        for p in batch:
            since = timezone.localdate(p["submitted_at"])
            period = (today - since).days // every
            key = f"teacher_placement_unconfirmed:{every}:teacherplacement:{p['id']}:{since.isoformat()}:p{period}"
            teacher = _person(p["teacher__user__display_name"], p["teacher__user__username"])
            title = format_lazy(_("Please confirm the industry placement of {teacher}"), teacher=teacher)
            facts = format_lazy(
                _("{teacher} recorded an industry placement at {host} as {role} from {start} to {end} ({days} days); "
                  "it has been waiting for your confirmation since {since}."),
                teacher=teacher, host=p["host__name"], role=p["role"], start=p["start_date"].isoformat(),
                end=p["end_date"].isoformat(), days=p["days"], since=since.isoformat(),
            )
            if partners.get(p["host_id"]):
                messages.append(Message(
                    recipients=partners[p["host_id"]], kind=NotificationKind.TEACHER_PLACEMENT_PENDING,
                    rule="teacher_placement_unconfirmed", key=key, title=title, body=facts,
                    url=object_url("faculty:placement_detail", p["id"], "faculty:confirmation_queue"),
                    obj=(ct_id, p["id"]),
                ))
            contact = (p["contact_email"] or "").strip()
            if contact and contact.lower() not in partner_emails.get(p["host_id"], set()):
                link = absolute_url(reverse("faculty:placement_link", args=[make_link_token(LINK_PURPOSE, p["id"])]))
                emails.append(ExternalEmail(
                    key=f"{key}:contact", rule="teacher_placement_unconfirmed", to=contact, subject=title,
                    body=format_lazy(_("{facts} Confirm or return it here (the link works once): {url}"),
                                     facts=facts, url=link),
                ))
        with transaction.atomic():
            created += len(deliver(messages)) + deliver_external(emails)
    return created


# --- curriculum ---------------------------------------------------------------------------------

@rule("course_stale")
def course_stale(today: date) -> int:
    """A course whose content is stale (curriculum's ``with_freshness``) → its owner teacher, once a month."""
    from curriculum.models import Course
    from curriculum.selectors import with_freshness

    qs = (with_freshness(Course.objects.filter(owner__isnull=False, owner__is_active=True), today)
          .filter(is_stale=True).values("id", "code", "name", "owner_id", "last_revised"))
    ct_id = ContentType.objects.get_for_model(Course).pk
    month = _month(today)
    created = 0
    for batch in batches(qs):
        created += _write([
            Message(
                recipients=[c["owner_id"]], kind=NotificationKind.COURSE_STALE, rule="course_stale",
                key=f"course_stale:course:{c['id']}:{month}",
                title=format_lazy(_("Course {code} {name} needs a content update"), code=c["code"], name=c["name"]),
                body=format_lazy(
                    _("Its content was last revised on {date}. Record a revision with what was added and what "
                      "was retired."),
                    date=c["last_revised"].isoformat(),
                ),
                url=object_url("curriculum:course_detail", c["id"], "curriculum:my_courses"), obj=(ct_id, c["id"]),
            )
            for c in batch
        ])
    return created
