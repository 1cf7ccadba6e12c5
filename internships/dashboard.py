"""Dashboard cards: what each role has to do next in the internships app.

The figures other cards need as well (the active placements a user follows, which attendance divides
its check-ins by; an enterprise's applications by status, which reports draws) are read once per
request through ``core.dashboard.once``.
"""
from __future__ import annotations

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.policy import access_for
from core.counting import Total, exact_count, figures
from core.dashboard import once
from core.registry import Card

from .choices import ApplicationStatus, LogStatus, PlacementStatus, PostingStatus
from .models import Application, ApplicationTally, Placement, PlacementTally, Posting, WeeklyLog


def _followed(user, acc):
    """The placements whose interns the user follows: all (admin), their mentees, their enterprise's."""
    if acc.is_college_admin:
        return Placement.objects.all()
    if acc.is_department_admin:
        # Their departments' students' placements (Placement.visible_to's department branch).
        return Placement.objects.filter(student_id__in=acc.department_members(Role.STUDENT))
    if acc.is_teacher:
        return Placement.objects.filter(school_mentor=user)
    return Placement.objects.filter(enterprise_id__in=acc.enterprise_ids)


def active_placements(user) -> int:
    """Active placements the user follows (see ``_followed``); read once per request. The college's and an
    enterprise's are whole enterprises: read from the tally the database keeps (``PlacementTally``)."""
    acc = access_for(user)
    if acc.is_college_admin or not (acc.is_department_admin or acc.is_teacher):  # _followed's whole enterprises
        ids = None if acc.is_college_admin else acc.enterprise_ids
        return once(user, "internships.active_placements", lambda: PlacementTally.total(ids, PlacementStatus.ACTIVE))
    return once(user, "internships.active_placements",
                lambda: _followed(user, acc).filter(status=PlacementStatus.ACTIVE).count())


def enterprise_applications(user) -> dict[str, int]:
    """Applications to the user's enterprises by status; read once per request from the tally the database
    keeps per enterprise (``ApplicationTally``): the busiest enterprise of a province has 60,000 applications."""
    ids = list(access_for(user).enterprise_ids)
    return once(user, "internships.enterprise_applications", lambda: dict(
        ApplicationTally.rows(ids).order_by().values_list("status")
        .annotate(total=Sum("n")).filter(total__gt=0).values_list("status", "total")))


def student_applications(user) -> dict[str, int]:
    """The student's own applications by status; read once per request."""
    return once(user, "internships.student_applications", lambda: dict(
        Application.objects.filter(student=user).values_list("status").annotate(n=Count("pk"))
        .values_list("status", "n")))


def student_logs(user) -> list[tuple[int, int, str]]:
    """(placement id, week, status) of every weekly log of the student; read once per request."""
    return once(user, "internships.student_logs", lambda: list(
        WeeklyLog.objects.filter(placement__student=user).values_list("placement_id", "week_no", "status")))


def current_placement(user) -> Placement | None:
    """The student's pending or active placement (one at a time), with its enterprise; once per request."""
    return once(user, "internships.current_placement", lambda: (
        Placement.objects.filter(student=user, status__in=[PlacementStatus.PENDING, PlacementStatus.ACTIVE])
        .select_related("enterprise").first()))


def cards(request) -> list[Card]:
    user = request.user
    acc = access_for(user)
    out: list[Card] = []
    if acc.is_college_admin:
        # Active and pending from the tally the database keeps (PlacementTally): the college's 300,000 placements
        # are not counted; the few in breach have their own index.
        n = figures(active=Total(PlacementTally.rows(status=PlacementStatus.ACTIVE), "n"),
                    pending=Total(PlacementTally.rows(status=PlacementStatus.PENDING), "n"),
                    breach=Placement.objects.filter(status=PlacementStatus.ACTIVE, compliance_ok=False),
                    waiting=Posting.objects.filter(status=PostingStatus.PENDING_APPROVAL))
        n["active"], n["pending"] = n["active"] or 0, n["pending"] or 0
        once(user, "internships.active_placements", lambda: n["active"])
        out.append(Card(_("Active internships"), n["active"], reverse("internships:placement_list")
                        + "?status=active", _("%(n)s pending placements wait for agreement and insurance")
                        % {"n": n["pending"]}, order=20, key="active_placements"))
        if n["breach"]:
            out.append(Card(_("Placements breaking a rule"), n["breach"], reverse("internships:compliance"),
                            _("Active internships the college must put right or allow with a reason"), order=20,
                            key="placements_breaking_rules"))
        if n["waiting"]:
            out.append(Card(_("Postings awaiting approval"), n["waiting"],
                            reverse("internships:posting_list") + "?status=pending_approval", order=21,
                            key="postings_awaiting_approval"))
    if acc.is_department_admin and not acc.is_college_admin:
        # The college admin's cards, over their departments' students' placements.
        placements = _followed(user, acc).filter(status__in=[PlacementStatus.ACTIVE, PlacementStatus.PENDING])
        n = figures(active=placements.filter(status=PlacementStatus.ACTIVE),
                    pending=placements.filter(status=PlacementStatus.PENDING),
                    breach=placements.filter(status=PlacementStatus.ACTIVE, compliance_ok=False))
        once(user, "internships.active_placements", lambda: n["active"])
        out.append(Card(_("Active internships"), n["active"], reverse("internships:placement_list")
                        + "?status=active", _("%(n)s pending placements wait for agreement and insurance")
                        % {"n": n["pending"]}, order=20, key="active_placements"))
        if n["breach"]:
            out.append(Card(_("Placements breaking a rule"), n["breach"],
                            reverse("internships:placement_list") + "?status=active",
                            _("Active internships the college must put right or allow with a reason"), order=20,
                            key="placements_breaking_rules"))
    if acc.is_teacher:
        n = figures(to_review=WeeklyLog.objects.filter(placement__school_mentor=user, status=LogStatus.SUBMITTED),
                    mentees=Placement.objects.filter(school_mentor=user, status=PlacementStatus.ACTIVE))
        once(user, "internships.active_placements", lambda: n["mentees"])
        out.append(Card(_("Logs to review"), n["to_review"], reverse("internships:log_list") + "?status=submitted",
                        order=24, key="logs_to_review"))
        out.append(Card(_("My mentees"), n["mentees"], reverse("internships:placement_list"), order=25,
                        key="mentees"))
    if acc.is_enterprise:
        new = enterprise_applications(user).get(ApplicationStatus.SUBMITTED, 0)
        out.append(Card(_("New applicants"), new, reverse("internships:application_list") + "?status=submitted",
                        order=22, key="new_applicants"))
        out.append(Card(_("My interns"), active_placements(user), reverse("internships:placement_list"), order=23,
                        key="interns"))
    if acc.is_student:
        out += _student_cards(user)
    return out


def _student_cards(user) -> list[Card]:
    out = [Card(_("Open internship postings"), exact_count(Posting.objects.open()),
                reverse("internships:posting_list"), order=26, key="open_postings")]
    offers = student_applications(user).get(ApplicationStatus.OFFERED, 0)
    if offers:
        out.append(Card(_("Offers waiting for your answer"), offers,
                        reverse("internships:application_list") + "?status=offered", order=27, key="offers_waiting"))
    placement = current_placement(user)
    if placement is None:
        out.append(Card(_("My placement"), _("None yet"), reverse("internships:posting_list"),
                        _("Apply to an open posting to start one."), order=28, key="my_placement"))
        return out
    logged = {week for pid, week, _status in student_logs(user) if pid == placement.pk}
    missing = [w for w in placement.due_weeks() if w not in logged]
    if placement.status != PlacementStatus.ACTIVE:
        detail = placement.get_status_display()
    elif missing:
        detail = _("Missing weekly logs: %(w)s") % {"w": ", ".join(map(str, missing))}
    else:
        detail = _("All weekly logs are in.")
    out.append(Card(_("My placement"), str(placement.enterprise), reverse("internships:placement_detail",
                                                                          args=[placement.pk]),
                    f"{placement.post} · {detail}", order=28, key="my_placement"))
    return out
