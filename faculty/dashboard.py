"""Dashboard cards: a teacher's standing, an enterprise's queue, the college's dual-qualified ratio."""
from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.policy import access_for
from core.counting import figures
from core.dashboard import once
from core.formatting import percent
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
from .summary import college_summary, compute


def waiting_count(user) -> int:
    """Placements the enterprise user's company still has to confirm (nav badge and dashboard card, read
    once per request)."""
    acc = access_for(user)
    if not acc.enterprise_ids:
        return 0
    return once(user, "faculty.waiting", lambda: TeacherPlacement.objects.visible_to(user).filter(
        host_id__in=acc.enterprise_ids, status=PlacementStatus.SUBMITTED).count())


def evidence_waiting_count(user) -> int:
    """Evidence teachers declared that waits for a college admin's verification (four tables, one query)."""
    n = figures(**{model.__name__: model.objects.visible_to(user).pending()
                   for model in (IndustryYearsDeclaration, TeacherCertificate, TrainingRecord, ReformRecord)})
    return sum(n.values())


def my_standing(user):
    """The teacher's practice standing (None without a profile); read once per request, for this card
    and the chart reports draws of it (report_figures.role_cards)."""
    def compute():
        profile = TeacherProfile.objects.filter(user=user).first()
        return services.teacher_standings([profile])[profile.pk] if profile is not None else None
    return once(user, "faculty.standing", compute)


def cards(request) -> list[Card]:
    user = request.user
    acc = access_for(user)
    result: list[Card] = []
    if acc.is_teacher:
        s = my_standing(user)
        if s is not None:
            result.append(Card(
                title=_("Enterprise practice"), value=f"{s.counted_days}/{s.required_days}",
                detail=s.status_label, url=reverse("faculty:portfolio"), order=40, key="practice_standing",
            ))
        else:
            result.append(Card(title=_("Enterprise practice"), value=0, url=reverse("faculty:portfolio"), order=40,
                               detail=_("Record your first industry placement"), key="practice_standing"))
    if acc.enterprise_ids:
        result.append(Card(title=_("Teacher placements to confirm"), value=waiting_count(user),
                           url=reverse("faculty:confirmation_queue"), order=41, key="teacher_placements_to_confirm"))
    if acc.is_department_admin and not acc.is_college_admin:
        # Their departments' teachers only: the figures over their profiles, the evidence through the scope.
        mine = compute(timezone.localdate(), TeacherProfile.objects.filter(
            user_id__in=acc.department_members(Role.TEACHER)))
        result.append(Card(title=_("Dual-qualified teachers"), value=percent(mine.percent),
                           detail=_("%(q)s of %(t)s teachers") % {"q": mine.qualified, "t": mine.teachers},
                           url=reverse("faculty:overview"), order=42, key="dual_qualified_ratio"))
        result.append(Card(title=_("Teachers behind on enterprise practice"), value=mine.behind,
                           url=reverse("faculty:overview"), order=43, key="teachers_behind_on_practice"))
        result.append(Card(title=_("Teacher evidence to verify"), value=evidence_waiting_count(user),
                           url=reverse("faculty:verifications"), order=44, key="teacher_evidence_to_verify"))
    if acc.is_college_admin:
        # A college admin sees every teacher: the cached college-wide figures are theirs.
        college = college_summary()
        result.append(Card(title=_("Dual-qualified teachers"), value=percent(college.percent),
                           detail=_("%(q)s of %(t)s teachers") % {"q": college.qualified, "t": college.teachers},
                           url=reverse("faculty:overview"), order=42, key="dual_qualified_ratio"))
        result.append(Card(title=_("Teachers behind on enterprise practice"), value=college.behind,
                           url=reverse("faculty:overview"), order=43, key="teachers_behind_on_practice"))
        result.append(Card(title=_("Teacher evidence to verify"), value=evidence_waiting_count(user),
                           url=reverse("faculty:verifications"), order=44, key="teacher_evidence_to_verify"))
    return result
