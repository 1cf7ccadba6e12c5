"""Who an attendance event concerns, and what to tell them (the ``recipients`` hook of core/registry.py).

The notifications host subscribes to the events named here, asks for the audience of each committed
event and delivers in-app notices; it leaves out the actor and notifies each user once per event.
The daily job's notice (``attendance.notice.*``) already gathers everything one person is told that
day, so it becomes one message: nobody hears more than once a day from the absence job.

Each kind (a notifications kind: it decides the channels people chose for it) groups events a person
would switch on or off together.
"""
from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.audiences import college_admin_ids, enterprise_users_by_org
from core.events import Event
from core.hosts import Audience, tells

from .choices import LeaveStatus, NoticeKind
from .models import CheckIn, LeaveRequest, Notice, SupervisionVisit, WorkingTimeBreach

FLAGGED, LEAVE, BREACH, VISIT, DAILY = ("check_in_flagged", "leave_request", "working_time_breach",
                                       "supervision_visit", "attendance_daily")


def _name(user) -> str:
    return user.display_name or user.username


def _enterprise_side(placement) -> tuple[int, ...]:
    """The named enterprise mentor, else the users of the host enterprise."""
    if placement.enterprise_mentor_id:
        return (placement.enterprise_mentor_id,)
    return tuple(enterprise_users_by_org([placement.enterprise_id]).get(placement.enterprise_id, []))


def _school_side(placement) -> tuple[int, ...]:
    """The school mentor, else the college admins (who decide in their place)."""
    return (placement.school_mentor_id,) if placement.school_mentor_id else tuple(college_admin_ids())


@tells(FLAGGED, _("the school mentor and the enterprise mentor"))
def check_in_flagged(event: Event) -> list[Audience]:
    """A check-in outside the radius, imprecise or with a wrong clock → both mentors."""
    c = CheckIn.objects.select_related("placement__student").filter(pk=event.object_id).first()
    if c is None:
        return []
    p = c.placement
    if c.distance_m is not None and "outside_radius" in c.flags:
        title = format_lazy(_("{student} checked in {d} m from the workplace"), student=_name(p.student),
                            d=c.distance_m)
    else:
        title = format_lazy(_("A check-in of {student} needs a look"), student=_name(p.student))
    return [Audience(user_ids=(*((p.school_mentor_id,) if p.school_mentor_id else ()), *_enterprise_side(p)),
                     kind=FLAGGED, title=title, body=c.reason[:500],
                     url=reverse("attendance:check_in_detail", args=[c.pk]))]


@tells(FLAGGED, _("the student"))
def check_in_rejected(event: Event) -> list[Audience]:
    """A flagged check-in rejected by a mentor → the student."""
    c = CheckIn.objects.select_related("placement").filter(pk=event.object_id).first()
    if c is None:
        return []
    return [Audience(user_ids=(c.placement.student_id,), kind=FLAGGED,
                     title=format_lazy(_("Your check-in of {day} was rejected"), day=c.date),
                     body=c.review_note[:500], url=reverse("attendance:check_in_detail", args=[c.pk]))]


def _leave(event: Event) -> LeaveRequest | None:
    return LeaveRequest.objects.select_related("placement__student").filter(pk=event.object_id).first()


def _leave_title(leave: LeaveRequest):
    days = f"{leave.start_date}" if leave.start_date == leave.end_date else f"{leave.start_date} – {leave.end_date}"
    return format_lazy(_("{student}: leave {days} ({kind})"), student=_name(leave.placement.student), days=days,
                       kind=leave.get_kind_display())


@tells(LEAVE, _("whoever decides next: the enterprise mentor or the school mentor, in the college's order"))
def leave_waiting(event: Event) -> list[Audience]:
    """Leave asked, or approved at one stage → the approver of the next stage."""
    leave = _leave(event)
    if leave is None:
        return []
    if leave.status == LeaveStatus.AWAITING_ENTERPRISE:
        users = _enterprise_side(leave.placement)
    elif leave.status == LeaveStatus.AWAITING_SCHOOL:
        users = _school_side(leave.placement)
    else:
        return []
    return [Audience(user_ids=users, kind=LEAVE, title=_leave_title(leave), body=_("Approve or refuse the leave."),
                     url=reverse("attendance:leave_detail", args=[leave.pk]))]


@tells(LEAVE, _("the student; an approved leave also both mentors"))
def leave_decided(event: Event) -> list[Audience]:
    """Leave approved or refused → the student (approved: the mentors too, the intern will be away)."""
    leave = _leave(event)
    if leave is None:
        return []
    url = reverse("attendance:leave_detail", args=[leave.pk])
    if leave.status == LeaveStatus.APPROVED:
        p = leave.placement
        return [Audience(user_ids=(p.student_id, *_enterprise_side(p),
                                   *((p.school_mentor_id,) if p.school_mentor_id else ())),
                         kind=LEAVE, title=format_lazy(_("Leave approved: {what}"), what=_leave_title(leave)), url=url)]
    return [Audience(user_ids=(leave.placement.student_id,), kind=LEAVE,
                     title=format_lazy(_("Leave refused: {what}"), what=_leave_title(leave)),
                     body=leave.refusal_reason[:500], url=url)]


@tells(BREACH, _("the school mentor and the college admins"))
def breach_recorded(event: Event) -> list[Audience]:
    """Night work, overtime or work on a rest day shown by the clock → the school mentor and the college admins."""
    b = WorkingTimeBreach.objects.select_related("placement__student", "placement__enterprise").filter(
        pk=event.object_id).first()
    if b is None:
        return []
    p = b.placement
    return [Audience(user_ids=(*((p.school_mentor_id,) if p.school_mentor_id else ()), *college_admin_ids()),
                     kind=BREACH, title=format_lazy(_("Working-time breach: {student} at {enterprise}, {what} ({day})"),
                                                  student=_name(p.student), enterprise=p.enterprise.name,
                                                  what=b.get_kind_display(), day=b.date),
                     url=reverse("attendance:breach_detail", args=[b.pk]))]


@tells(VISIT, _("the users of the enterprise visited"))
def visit_recorded(event: Event) -> list[Audience]:
    """A supervision visit recorded → the users of the enterprise visited."""
    v = SupervisionVisit.objects.select_related("teacher").filter(pk=event.object_id).first()
    if v is None:
        return []
    return [Audience(user_ids=tuple(enterprise_users_by_org([v.enterprise_id]).get(v.enterprise_id, [])), kind=VISIT,
                     title=format_lazy(_("{teacher} recorded a supervision visit of {day}"), teacher=_name(v.teacher),
                                       day=v.visited_on),
                     url=reverse("attendance:visit_detail", args=[v.pk]))]


NOTICE_TITLES = {
    NoticeKind.MISSING_CHECK_IN: _("You have not checked in today"),
    NoticeKind.ABSENCE_STREAK: _("Mentees absent several days in a row"),
    NoticeKind.LONG_ABSENCE: _("Students absent three or more days in a row"),
    NoticeKind.VISIT_DUE: _("Placements not visited yet this term"),
}


@tells(DAILY, _("the person the daily notice is for (at most one a day)"))
def daily_notice(event: Event) -> list[Audience]:
    """The daily attendance notice → its one recipient (it carries everything they are told that day)."""
    n = Notice.objects.filter(pk=event.object_id).first()
    if n is None:
        return []
    url = reverse("attendance:check_in") if n.kind == NoticeKind.MISSING_CHECK_IN else reverse("attendance:notices")
    more = len(n.items) - 1
    body = format_lazy(_("and {n} more in today's notice"), n=more) if more > 0 else ""
    return [Audience(user_ids=(n.recipient_id,), kind=DAILY, title=NOTICE_TITLES[NoticeKind(n.kind)], body=body,
                     url=url)]


EVENT_RECIPIENTS = {
    "attendance.checkin.flagged": check_in_flagged,
    "attendance.checkin.rejected": check_in_rejected,
    "attendance.leaverequest.created": leave_waiting,
    "attendance.leaverequest.awaiting_enterprise": leave_waiting,
    "attendance.leaverequest.awaiting_school": leave_waiting,
    "attendance.leaverequest.approved": leave_decided,
    "attendance.leaverequest.refused": leave_decided,
    "attendance.workingtimebreach.created": breach_recorded,
    "attendance.supervisionvisit.created": visit_recorded,
    **{f"attendance.notice.{kind}": daily_notice for kind in NoticeKind.values},
}
