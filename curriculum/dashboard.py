"""Dashboard cards of the training system, per role; each role's counts in one query (core.counting.figures)."""
from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.policy import access_for
from core.counting import figures
from core.registry import Card

from . import selectors
from .choices import AchievementStatus, CoverageClass, ProgramStatus
from .models import Program, StudentAchievement


def cards(request) -> list[Card]:
    user = request.user
    acc = access_for(user)
    admin = acc.is_college_admin
    parts = {}
    if admin:
        parts.update(in_review=Program.objects.filter(status=ProgramStatus.IN_REVIEW),
                     stale=selectors.course_list(user=user, stale=True),
                     to_verify=StudentAchievement.objects.filter(status=AchievementStatus.SUBMITTED))
    department = acc.is_department_admin and not admin
    if department:
        # The college admin's figures over their departments' programmes and students.
        parts.update(dept_in_review=Program.objects.filter(department_id__in=acc.department_ids,
                                                           status=ProgramStatus.IN_REVIEW),
                     dept_to_verify=StudentAchievement.objects.filter(
                         student_id__in=acc.department_members(Role.STUDENT), status=AchievementStatus.SUBMITTED))
    if (acc.is_enterprise or acc.is_association) and not admin:
        parts["to_comment"] = Program.objects.visible_to(user).filter(status=ProgramStatus.IN_REVIEW)
    if acc.is_teacher and not admin:
        mine = selectors.course_list(user=user).filter(owner=user)
        parts.update(my_courses=mine, my_stale=mine.filter(is_stale=True))
    if acc.is_student and not admin:
        achievements = StudentAchievement.objects.visible_to(user)
        parts.update(achievements=achievements, verified=achievements.filter(status=AchievementStatus.VERIFIED))
    n = figures(**parts)
    out: list[Card] = []
    if admin:
        out.append(Card(_("Programmes in review"), n["in_review"], url=reverse("curriculum:program_review"), order=30,
                        key="programmes_in_review"))
        out.append(Card(_("Stale courses"), n["stale"], url=reverse("curriculum:course_list") + "?stale=true",
                        detail=_("Content not revised within the set number of months."), order=31,
                        key="stale_courses"))
        out.append(Card(_("Achievements to verify"), n["to_verify"],
                        url=reverse("curriculum:achievement_list") + "?status=submitted", order=33,
                        key="achievements_to_verify"))
    if department:
        out.append(Card(_("Programmes in review"), n["dept_in_review"],
                        url=reverse("curriculum:program_list") + "?status=in_review", order=30,
                        key="programmes_in_review"))
        out.append(Card(_("Achievements to verify"), n["dept_to_verify"],
                        url=reverse("curriculum:achievement_list") + "?status=submitted", order=33,
                        key="achievements_to_verify"))
    if admin or acc.is_association or acc.is_enterprise:
        scoped = acc.enterprise_ids if acc.is_enterprise and not admin else None
        rows = selectors.coverage_rows(enterprise_ids=scoped)
        gaps = [r for r in rows if r.status in (CoverageClass.GAP, CoverageClass.THIN)]
        out.append(Card(_("Competency gaps"), len(gaps), url=reverse("curriculum:coverage"),
                        detail=_("Demanded competencies with no or thin course coverage."),
                        rows=[(f"{r.code} {r.name}", r.status_label) for r in gaps[:5]], order=32,
                        key="competency_gaps"))
    if "to_comment" in n:
        out.append(Card(_("Programmes awaiting your comments"), n["to_comment"],
                        url=reverse("curriculum:program_review"), order=30, key="programmes_awaiting_comments"))
    if "my_courses" in n:
        out.append(Card(_("My courses"), n["my_courses"], url=reverse("curriculum:my_courses"),
                        detail=_("%(n)s need a content revision.") % {"n": n["my_stale"]} if n["my_stale"] else "",
                        order=31, key="my_courses"))
    if "achievements" in n:
        out.append(Card(_("My achievements"), n["achievements"], url=reverse("curriculum:achievement_list"),
                        detail=_("%(n)s verified") % {"n": n["verified"]}, order=35, key="my_achievements"))
    return out
