"""Dashboard cards of the training system, per role, each in a bounded number of queries."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.policy import access_for
from core.registry import Card

from . import selectors
from .choices import AchievementStatus, CoverageClass, ProgramStatus
from .models import Program, StudentAchievement


def cards(request) -> list[Card]:
    user = request.user
    acc = access_for(user)
    out: list[Card] = []
    if acc.is_college_admin:
        out.append(Card(_("Programmes in review"), Program.objects.filter(status=ProgramStatus.IN_REVIEW).count(),
                        url=reverse("curriculum:program_review"), order=30))
        stale = selectors.course_list(user=user, stale=True).count()
        out.append(Card(_("Stale courses"), stale, url=reverse("curriculum:course_list") + "?stale=true",
                        detail=_("Content not revised within the set number of months."), order=31))
        out.append(Card(_("Achievements to verify"),
                        StudentAchievement.objects.filter(status=AchievementStatus.SUBMITTED).count(),
                        url=reverse("curriculum:achievement_list") + "?status=submitted", order=33))
    if acc.is_college_admin or acc.is_association or acc.is_enterprise:
        scoped = acc.enterprise_ids if acc.is_enterprise and not acc.is_college_admin else None
        rows = selectors.coverage_rows(enterprise_ids=scoped)
        gaps = [r for r in rows if r.status in (CoverageClass.GAP, CoverageClass.THIN)]
        out.append(Card(_("Competency gaps"), len(gaps), url=reverse("curriculum:coverage"),
                        detail=_("Demanded competencies with no or thin course coverage."),
                        rows=[(f"{r.code} {r.name}", r.status_label) for r in gaps[:5]], order=32))
    if (acc.is_enterprise or acc.is_association) and not acc.is_college_admin:
        out.append(Card(_("Programmes awaiting your comments"),
                        Program.objects.visible_to(user).filter(status=ProgramStatus.IN_REVIEW).count(),
                        url=reverse("curriculum:program_review"), order=30))
    if acc.is_teacher and not acc.is_college_admin:
        mine = selectors.course_list(user=user).filter(owner=user)
        total, stale = mine.count(), mine.filter(is_stale=True).count()
        out.append(Card(_("My courses"), total, url=reverse("curriculum:my_courses"),
                        detail=_("%(n)s need a content revision.") % {"n": stale} if stale else "", order=31))
    if acc.is_student and not acc.is_college_admin:
        mine = StudentAchievement.objects.visible_to(user)
        out.append(Card(_("My achievements"), mine.count(), url=reverse("curriculum:achievement_list"),
                        detail=_("%(n)s verified") % {"n": mine.filter(status=AchievementStatus.VERIFIED).count()},
                        order=35))
    return out
