"""Dashboard cards: a teacher's standing, an enterprise's queue, the college's dual-qualified ratio."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.policy import access_for
from core.registry import Card

from . import services
from .choices import PlacementStatus
from .models import (
    IndustryYearsDeclaration,
    ReformRecord,
    TeacherCertificate,
    TeacherPlacement,
    TeacherProfile,
    TrainingRecord,
)
from .summary import college_summary


def waiting_count(user) -> int:
    """Placements the enterprise user's company still has to confirm (nav badge)."""
    acc = access_for(user)
    if not acc.enterprise_ids:
        return 0
    return TeacherPlacement.objects.visible_to(user).filter(
        host_id__in=acc.enterprise_ids, status=PlacementStatus.SUBMITTED
    ).count()


def evidence_waiting_count(user) -> int:
    """Evidence teachers declared that waits for a college admin's verification."""
    return sum(model.objects.visible_to(user).pending().count()
               for model in (IndustryYearsDeclaration, TeacherCertificate, TrainingRecord, ReformRecord))


def cards(request) -> list[Card]:
    user = request.user
    acc = access_for(user)
    result: list[Card] = []
    if acc.is_teacher:
        profile = TeacherProfile.objects.filter(user=user).first()
        if profile is not None:
            s = services.teacher_standings([profile])[profile.pk]
            result.append(Card(
                title=_("Enterprise practice"), value=f"{s.counted_days}/{s.required_days}",
                detail=s.status_label, url=reverse("faculty:portfolio"), order=40,
            ))
        else:
            result.append(Card(title=_("Enterprise practice"), value=0, url=reverse("faculty:portfolio"), order=40,
                               detail=_("Record your first industry placement")))
    if acc.enterprise_ids:
        result.append(Card(title=_("Teacher placements to confirm"), value=waiting_count(user),
                           url=reverse("faculty:confirmation_queue"), order=41))
    if acc.is_college_admin:
        # A college admin sees every teacher: the cached college-wide figures are theirs.
        college = college_summary()
        result.append(Card(title=_("Dual-qualified teachers"), value=f"{college.percent}%",
                           detail=_("%(q)s of %(t)s teachers") % {"q": college.qualified, "t": college.teachers},
                           url=reverse("faculty:overview"), order=42))
        result.append(Card(title=_("Teachers behind on enterprise practice"), value=college.behind,
                           url=reverse("faculty:overview"), order=43))
        result.append(Card(title=_("Teacher evidence to verify"), value=evidence_waiting_count(user),
                           url=reverse("faculty:verifications"), order=44))
    return result
