"""Dashboard cards: what each role has to do next in the internships app."""
from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.policy import access_for
from core.counting import exact_count, kept_aggregate
from core.registry import Card

from .choices import ApplicationStatus, LogStatus, PlacementStatus, PostingStatus
from .models import Application, Placement, Posting, WeeklyLog


def cards(request) -> list[Card]:
    user = request.user
    acc = access_for(user)
    out: list[Card] = []
    if acc.is_college_admin:
        # Counting the indexed status of only these two states reads the status index alone.
        stats = kept_aggregate(
            Placement.objects.filter(status__in=[PlacementStatus.ACTIVE, PlacementStatus.PENDING]),
            active=Count("status", filter=Q(status=PlacementStatus.ACTIVE)),
            pending=Count("status", filter=Q(status=PlacementStatus.PENDING)),
            breach=Count("status", filter=Q(status=PlacementStatus.ACTIVE, compliance_ok=False)))
        waiting = Posting.objects.filter(status=PostingStatus.PENDING_APPROVAL).count()
        out.append(Card(_("Active internships"), stats["active"], reverse("internships:placement_list")
                        + "?status=active", _("%(n)s pending placements wait for agreement and insurance")
                        % {"n": stats["pending"]}, order=20))
        if stats["breach"]:
            out.append(Card(_("Placements breaking a rule"), stats["breach"], reverse("internships:compliance"),
                            _("Active internships the college must put right or allow with a reason"), order=20))
        if waiting:
            out.append(Card(_("Postings awaiting approval"), waiting,
                            reverse("internships:posting_list") + "?status=pending_approval", order=21))
    if acc.is_enterprise:
        new = exact_count(Application.objects.visible_to(user).filter(status=ApplicationStatus.SUBMITTED))
        interns = Placement.objects.filter(enterprise_id__in=acc.enterprise_ids,
                                           status=PlacementStatus.ACTIVE).count()
        out.append(Card(_("New applicants"), new, reverse("internships:application_list") + "?status=submitted",
                        order=22))
        out.append(Card(_("My interns"), interns, reverse("internships:placement_list"), order=23))
    if acc.is_teacher:
        to_review = WeeklyLog.objects.filter(placement__school_mentor=user, status=LogStatus.SUBMITTED).count()
        mentees = Placement.objects.filter(school_mentor=user, status=PlacementStatus.ACTIVE).count()
        out.append(Card(_("Logs to review"), to_review, reverse("internships:log_list") + "?status=submitted",
                        order=24))
        out.append(Card(_("My mentees"), mentees, reverse("internships:placement_list"), order=25))
    if acc.is_student:
        offers = Application.objects.filter(student=user, status=ApplicationStatus.OFFERED).count()
        out.append(Card(_("Open internship postings"), exact_count(Posting.objects.open()),
                        reverse("internships:posting_list"), order=26))
        if offers:
            out.append(Card(_("Offers waiting for your answer"), offers,
                            reverse("internships:application_list") + "?status=offered", order=27))
        placement = Placement.objects.filter(student=user, status=PlacementStatus.ACTIVE).first()
        if placement:
            logged = set(placement.weekly_logs.values_list("week_no", flat=True))
            missing = [w for w in placement.due_weeks() if w not in logged]
            out.append(Card(_("My placement"), placement.post, reverse("internships:placement_detail",
                                                                       args=[placement.pk]),
                            _("Missing weekly logs: %(w)s") % {"w": ", ".join(map(str, missing))} if missing
                            else _("All weekly logs are in."), order=28))
    return out
