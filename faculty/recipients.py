"""Who a faculty event concerns, and what to tell them (the ``recipients`` hook of core/registry.py)."""
from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.audiences import enterprise_users_by_org
from core.events import Event
from core.hosts import Audience, tells

from .models import TeacherPlacement


def _placement(event: Event) -> TeacherPlacement | None:
    return TeacherPlacement.objects.select_related("teacher__user", "host").filter(pk=event.object_id).first()


def _teacher(p: TeacherPlacement) -> str:
    user = p.teacher.user
    return user.display_name or user.username


@tells("teacher_placement_submitted", _("the users of the host enterprise"))
def placement_submitted(event: Event) -> list[Audience]:
    """A teacher placement submitted for confirmation → the users of the host enterprise."""
    p = _placement(event)
    if p is None:
        return []
    return [Audience(
        user_ids=tuple(enterprise_users_by_org([p.host_id]).get(p.host_id, [])), kind="teacher_placement_submitted",
        title=format_lazy(_("{teacher} asks you to confirm an industry practice placement"), teacher=_teacher(p)),
        body=_("Confirm the placement or return it with a reason."),
        url=reverse("faculty:placement_detail", args=[p.pk]),
    )]


@tells("teacher_placement_decided", _("the teacher"))
def placement_decided(event: Event) -> list[Audience]:
    """A teacher placement confirmed or returned by the host → the teacher."""
    p = _placement(event)
    if p is None:
        return []
    if event.name.endswith(".confirmed"):
        title = format_lazy(_("{host} confirmed your industry practice placement"), host=p.host.name)
    else:
        title = format_lazy(_("{host} returned your industry practice placement"), host=p.host.name)
    return [Audience(user_ids=(p.teacher.user_id,), kind="teacher_placement_decided", title=title,
                     url=reverse("faculty:placement_detail", args=[p.pk]))]


EVENT_RECIPIENTS = {
    "faculty.teacherplacement.submitted": placement_submitted,
    "faculty.teacherplacement.confirmed": placement_decided,
    "faculty.teacherplacement.returned": placement_decided,
}
