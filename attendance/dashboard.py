"""Dashboard cards: what each role has to do today in attendance, each role's counts in one query."""
from __future__ import annotations

from django.db.models import Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import access_for
from core.counting import figures
from core.registry import Card
from internships.choices import PlacementStatus
from internships.dashboard import active_placements, current_placement

from .choices import BreachStatus, CheckKind, LeaveStatus
from .models import Absence, AttendanceRules, CheckIn, LeaveRequest, WorkingTimeBreach


def cards(request) -> list[Card]:
    user = request.user
    acc = access_for(user)
    today = timezone.localdate()
    out: list[Card] = []
    if acc.is_student:
        placement = current_placement(user)  # read once with the internships card of the same placement
        if placement is not None and placement.status == PlacementStatus.ACTIVE:
            times = dict(CheckIn.objects.filter(placement=placement, date=today).values_list("kind", "at"))
            if CheckKind.IN in times:
                value = timezone.localtime(times[CheckKind.IN]).strftime("%H:%M")
                detail = (_("Checked out at %(t)s") % {"t": timezone.localtime(times[CheckKind.OUT]).strftime("%H:%M")}
                          if CheckKind.OUT in times else _("Remember to check out."))
            else:
                value, detail = "—", _("Not checked in yet today.")
            out.append(Card(_("Today's check-in"), value, reverse("attendance:check_in"), detail, order=29,
                            key="todays_check_in"))
    base = None
    if acc.is_college_admin:
        base = {}
    elif acc.is_teacher:
        base = {"placement__school_mentor_id": user.pk}
    elif acc.enterprise_ids:
        base = {"placement__enterprise_id__in": acc.enterprise_ids}
    if base is None:
        return out
    rules = AttendanceRules.current() if acc.is_college_admin else None
    parts = {
        "checked": CheckIn.objects.filter(date=today, kind=CheckKind.IN, placement__status=PlacementStatus.ACTIVE,
                                          **base),
        "waiting": LeaveRequest.objects.visible_to(user).filter(
            status=LeaveStatus.AWAITING_ENTERPRISE if acc.enterprise_ids and not acc.is_teacher
            else LeaveStatus.AWAITING_SCHOOL, **base),
        "breaches": WorkingTimeBreach.objects.filter(status=BreachStatus.OPEN, **base),
    }
    if rules is not None:
        # The streaks as of the last day absences were worked out (the nightly job), in the same query.
        last = Absence.objects.order_by("-date").values("date")[:1]
        parts["long"] = Absence.objects.filter(date=Subquery(last), streak__gte=rules.streak_admin_days)
    n = figures(**parts)
    out.append(Card(_("Checked in today"), f"{n['checked']} / {active_placements(user)}",
                    reverse("attendance:board"), order=30, key="checked_in_today"))
    if n["waiting"]:
        out.append(Card(_("Leave to decide"), n["waiting"], reverse("attendance:leave_list"), order=31,
                        key="leave_to_decide"))
    if n["breaches"]:
        out.append(Card(_("Working-time breaches to follow up"), n["breaches"],
                        reverse("attendance:breaches") + "?status=open", order=32, key="working_time_breaches"))
    if n.get("long"):
        out.append(Card(_("Absent %(n)s or more days in a row") % {"n": rules.streak_admin_days}, n["long"],
                        reverse("attendance:absences") + f"?streak_min={rules.streak_admin_days}", order=33,
                        key="long_absences"))
    return out
