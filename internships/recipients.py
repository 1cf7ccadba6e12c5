"""Who an internship event concerns, and what to tell them (the ``recipients`` hook of core/registry.py).

The notifications host subscribes to the events named here, asks for the audience of each committed
event and delivers in-app notices; it leaves out the actor and notifies each user once per event.
"""
from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.audiences import enterprise_users_by_org
from core.events import Event
from core.hosts import Audience

from .models import Application


def _application(event: Event) -> Application | None:
    return Application.objects.select_related("posting__enterprise", "student").filter(pk=event.object_id).first()


def _student(application: Application) -> str:
    return application.student.display_name or application.student.username


def _enterprise_users(application: Application) -> tuple[int, ...]:
    org_id = application.posting.enterprise_id
    return tuple(enterprise_users_by_org([org_id]).get(org_id, []))


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


def application_decided(event: Event) -> list[Audience]:
    """An offer made or an application rejected → the student."""
    a = _application(event)
    if a is None:
        return []
    if event.name.endswith(".offered"):
        title = format_lazy(_("{enterprise} offered you “{posting}”"), enterprise=a.posting.enterprise.name,
                            posting=a.posting.title)
        body = _("Accept or decline the offer.")
    else:
        title = format_lazy(_("Your application for “{posting}” was not successful"), posting=a.posting.title)
        body = ""
    return [Audience(user_ids=(a.student_id,), kind="application_decided", title=title, body=body,
                     url=reverse("internships:application_list"))]


def offer_answered(event: Event) -> list[Audience]:
    """A student accepted or declined an offer → the users of the posting's enterprise."""
    a = _application(event)
    if a is None:
        return []
    if event.name.endswith(".accepted"):
        title = format_lazy(_("{student} accepted your offer for “{posting}”"), student=_student(a),
                            posting=a.posting.title)
    else:
        title = format_lazy(_("{student} declined your offer for “{posting}”"), student=_student(a),
                            posting=a.posting.title)
    return [Audience(user_ids=_enterprise_users(a), kind="offer_answered", title=title,
                     url=reverse("internships:application_list"))]


EVENT_RECIPIENTS = {
    "internships.application.created": application_submitted,
    "internships.application.submitted": application_submitted,
    "internships.application.offered": application_decided,
    "internships.application.rejected": application_decided,
    "internships.application.accepted": offer_answered,
    "internships.application.declined": offer_answered,
}
