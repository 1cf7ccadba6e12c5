"""Who an internship event concerns, and what to tell them (the ``recipients`` hook of core/registry.py).

The notifications host subscribes to the events named here, asks for the audience of each committed
event and delivers in-app notices; it leaves out the actor and notifies each user once per event.
"""
from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.audiences import college_admin_ids, enterprise_users_by_org
from core.events import Event
from core.hosts import Audience, tells

from .choices import IncidentSeverity
from .models import Application, InternEvaluation, Placement, SafetyIncident, WeeklyLog


def _application(event: Event) -> Application | None:
    return Application.objects.select_related("posting__enterprise", "student").filter(pk=event.object_id).first()


def _student(application: Application) -> str:
    return application.student.display_name or application.student.username


def _enterprise_users(application: Application) -> tuple[int, ...]:
    org_id = application.posting.enterprise_id
    return tuple(enterprise_users_by_org([org_id]).get(org_id, []))


@tells("application_received", _("the users of the posting's enterprise"))
def application_submitted(event: Event) -> list[Audience]:
    """A new application → the users of the posting's enterprise."""
    a = _application(event)
    if a is None:
        return []
    return [Audience(
        user_ids=_enterprise_users(a), kind="application_received",
        title=format_lazy(_("{student} applied for “{posting}”"), student=_student(a), posting=a.posting.title),
        body=_("Shortlist, offer or reject the application."),
        url=reverse("internships:application_list") + "?status=submitted",
    )]


@tells("application_decided", _("the student"))
def application_decided(event: Event) -> list[Audience]:
    """Shortlisted, an offer made or an application rejected → the student."""
    a = _application(event)
    if a is None:
        return []
    if event.name.endswith(".shortlisted"):
        title = format_lazy(_("You were shortlisted for “{posting}”"), posting=a.posting.title)
        body = _("The enterprise may contact you for an interview.")
    elif event.name.endswith(".offered"):
        title = format_lazy(_("{enterprise} offered you “{posting}”"), enterprise=a.posting.enterprise.name,
                            posting=a.posting.title)
        body = _("Accept or decline the offer.")
    else:
        title = format_lazy(_("Your application for “{posting}” was not successful"), posting=a.posting.title)
        body = ""
    return [Audience(user_ids=(a.student_id,), kind="application_decided", title=title, body=body,
                     url=reverse("internships:application_list"))]


@tells("offer_answered", _("the users of the posting's enterprise and the school mentor, if set"))
def offer_answered(event: Event) -> list[Audience]:
    """A student accepted or declined an offer → the posting's enterprise and the school mentor, if set."""
    a = _application(event)
    if a is None:
        return []
    if event.name.endswith(".accepted"):
        title = format_lazy(_("{student} accepted your offer for “{posting}”"), student=_student(a),
                            posting=a.posting.title)
    else:
        title = format_lazy(_("{student} declined your offer for “{posting}”"), student=_student(a),
                            posting=a.posting.title)
    mentor = Placement.objects.filter(application=a).values_list("school_mentor_id", flat=True).first()
    users = _enterprise_users(a) + ((mentor,) if mentor else ())
    return [Audience(user_ids=users, kind="offer_answered", title=title,
                     url=reverse("internships:application_list"))]


def _placement(pk: int) -> Placement | None:
    return Placement.objects.select_related("student", "enterprise").filter(pk=pk).first()


def _name(user) -> str:
    return user.display_name or user.username


def _mentors(p: Placement) -> tuple[int, ...]:
    return tuple(u for u in (p.school_mentor_id, p.enterprise_mentor_id) if u)


@tells("placement_changed", _("the student, both mentors and the college admins"))
def placement_changed(event: Event) -> list[Audience]:
    """A placement started, completed or terminated → the student, both mentors, the college admins."""
    p = _placement(event.object_id)
    if p is None:
        return []
    what = event.name.rsplit(".", 1)[1]
    titles = {
        "active": _("{student}'s placement at {enterprise} started"),
        "completed": _("{student}'s placement at {enterprise} is completed"),
        "terminated": _("{student}'s placement at {enterprise} was terminated"),
    }
    return [Audience(
        user_ids=(p.student_id, *_mentors(p), *college_admin_ids()), kind="placement_changed",
        title=format_lazy(titles[what], student=_name(p.student), enterprise=p.enterprise.name),
        url=reverse("internships:placement_detail", args=[p.pk]),
    )]


def _log(event: Event) -> WeeklyLog | None:
    return WeeklyLog.objects.select_related("placement__student").filter(pk=event.object_id).first()


@tells("weekly_log_submitted", _("the school mentor"))
def log_submitted(event: Event) -> list[Audience]:
    """A weekly log submitted → the school mentor."""
    log = _log(event)
    if log is None or not log.placement.school_mentor_id:
        return []
    return [Audience(
        user_ids=(log.placement.school_mentor_id,), kind="weekly_log_submitted",
        title=format_lazy(_("{student} submitted the log of week {week}"), student=_name(log.placement.student),
                          week=log.week_no),
        body=_("Review the log and grade it."),
        url=reverse("internships:log_detail", args=[log.pk]),
    )]


@tells("weekly_log_reviewed", _("the student"))
def log_reviewed(event: Event) -> list[Audience]:
    """A weekly log reviewed by the school mentor or commented by the enterprise → the student."""
    log = _log(event)
    if log is None:
        return []
    if event.name.endswith(".reviewed"):
        title = format_lazy(_("Your log of week {week} was reviewed"), week=log.week_no)
    else:
        title = format_lazy(_("The enterprise commented on your log of week {week}"), week=log.week_no)
    return [Audience(user_ids=(log.placement.student_id,), kind="weekly_log_reviewed", title=title,
                     url=reverse("internships:log_detail", args=[log.pk]))]


@tells("evaluation_changed", _("the school mentor"))
def evaluation_changed(event: Event) -> list[Audience]:
    """An evaluation link sent to the enterprise mentor, or an evaluation submitted → the school mentor."""
    ev = InternEvaluation.objects.select_related("placement__student").filter(pk=event.object_id).first()
    if ev is None or not ev.placement.school_mentor_id:
        return []
    student = _name(ev.placement.student)
    if event.name.endswith(".submitted"):
        title = format_lazy(_("The {stage} evaluation of {student} was submitted"), stage=ev.get_stage_display(),
                            student=student)
    else:
        title = format_lazy(_("The {stage} evaluation link for {student} was sent"), stage=ev.get_stage_display(),
                            student=student)
    return [Audience(user_ids=(ev.placement.school_mentor_id,), kind="evaluation_changed", title=title,
                     url=reverse("internships:placement_detail", args=[ev.placement_id]))]


SERIOUS = {IncidentSeverity.SERIOUS, IncidentSeverity.CRITICAL}


@tells("safety_incident", _("the college admins and the school mentor; serious or critical: e-mailed at once "
                            "whatever their preference"))
def incident_reported(event: Event) -> list[Audience]:
    """A safety incident reported → the college admins and the school mentor (urgent when serious or worse)."""
    i = SafetyIncident.objects.select_related("placement__student", "placement__enterprise").filter(
        pk=event.object_id).first()
    if i is None:
        return []
    p = i.placement
    kind = "safety_incident_serious" if i.severity in SERIOUS else "safety_incident"
    users = (*college_admin_ids(), *((p.school_mentor_id,) if p.school_mentor_id else ()))
    return [Audience(
        user_ids=users, kind=kind,
        title=format_lazy(_("Safety incident ({severity}): {student} at {enterprise}"),
                          severity=i.get_severity_display(), student=_name(p.student), enterprise=p.enterprise.name),
        body=i.description[:500],
        url=reverse("internships:incident_detail", args=[i.pk]),
    )]


@tells("safety_incident", _("the school mentor and whoever reported it; on closing also the college admins"))
def incident_followed_up(event: Event) -> list[Audience]:
    """An incident taken up, a follow-up note, or the incident closed → its school mentor and its reporter (the
    college admins hear of the closing too: they were told of the report)."""
    i = SafetyIncident.objects.select_related("placement__student", "placement__enterprise").filter(
        pk=event.object_id).first()
    if i is None:
        return []
    p = i.placement
    users = {uid for uid in (p.school_mentor_id, i.reported_by_id) if uid}
    if event.name.endswith(".closed"):
        users.update(college_admin_ids())
    note = i.follow_ups.order_by("-created_at", "-id").first()
    if event.name.endswith(".closed"):
        title = format_lazy(_("Safety incident of {student} closed"), student=_name(p.student))
    elif event.name.endswith(".under_follow_up"):
        title = format_lazy(_("Safety incident of {student} is being followed up"), student=_name(p.student))
    else:
        title = format_lazy(_("New follow-up note on the safety incident of {student}"), student=_name(p.student))
    return [Audience(user_ids=tuple(sorted(users)), kind="safety_incident", title=title,
                     body=note.note[:500] if note else "", url=reverse("internships:incident_detail", args=[i.pk]))]


EVENT_RECIPIENTS = {
    "internships.application.created": application_submitted,
    "internships.application.submitted": application_submitted,
    "internships.application.shortlisted": application_decided,
    "internships.application.offered": application_decided,
    "internships.application.rejected": application_decided,
    "internships.application.accepted": offer_answered,
    "internships.application.declined": offer_answered,
    "internships.placement.active": placement_changed,
    "internships.placement.completed": placement_changed,
    "internships.placement.terminated": placement_changed,
    "internships.weeklylog.created": log_submitted,
    "internships.weeklylog.submitted": log_submitted,
    "internships.weeklylog.reviewed": log_reviewed,
    "internships.weeklylog.commented": log_reviewed,
    "internships.internevaluation.requested": evaluation_changed,
    "internships.internevaluation.submitted": evaluation_changed,
    "internships.safetyincident.created": incident_reported,
    "internships.safetyincident.under_follow_up": incident_followed_up,
    "internships.safetyincident.noted": incident_followed_up,
    "internships.safetyincident.closed": incident_followed_up,
}
