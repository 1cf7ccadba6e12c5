"""Who a curriculum event concerns, and what to tell them (the ``recipients`` hook of core/registry.py)."""
from __future__ import annotations

from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from accounts.choices import Role
from accounts.models import Membership
from core.events import Event
from core.hosts import Audience, tells

from .models import Program


def _reviewers() -> tuple[int, ...]:
    # who may comment on a version in review (ProgramPolicy.REVIEWER_ACTIONS): enterprises and the association
    return tuple(
        Membership.objects.in_force().filter(role__in=[Role.ENTERPRISE, Role.ASSOCIATION], user__is_active=True)
        .order_by("user_id").values_list("user_id", flat=True).distinct()
    )


@tells("program_review", _("its reviewers: the users of partner enterprises and of the association"))
def sent_for_review(event: Event) -> list[Audience]:
    """A programme version sent for review → its reviewers."""
    p = Program.objects.filter(pk=event.object_id).first()
    if p is None:
        return []
    return [Audience(
        user_ids=_reviewers(), kind="program_review",
        title=format_lazy(_("Programme “{title}” (version {version}) is open for your review"), title=p.title,
                          version=p.version),
        body=_("Read it and leave your comments."),
        url=reverse("curriculum:program_detail", args=[p.pk]),
    )]


@tells("program_commented", _("the programme's owner"))
def commented(event: Event) -> list[Audience]:
    """A review comment on a programme version → the user who created the version."""
    p = Program.objects.filter(pk=event.object_id).first()
    if p is None or not p.created_by_id:
        return []
    return [Audience(
        user_ids=(p.created_by_id,), kind="program_commented",
        title=format_lazy(_("New review comment on “{title}” (version {version})"), title=p.title, version=p.version),
        url=reverse("curriculum:program_detail", args=[p.pk]),
    )]


EVENT_RECIPIENTS = {
    "curriculum.program.in_review": sent_for_review,
    "curriculum.program.commented": commented,
}
