"""Dashboard cards: what each role has to do today in attendance."""
from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.policy import access_for
from core.registry import Card
from internships.choices import PlacementStatus
from internships.models import Placement

from .choices import BreachStatus, CheckKind, LeaveStatus
from .models import Absence, AttendanceRules, CheckIn, LeaveRequest, WorkingTimeBreach


def cards(request) -> list[Card]:
    user = request.user
    acc = access_for(user)
    today = timezone.localdate()
    out: list[Card] = []
    if acc.is_student:
        placement = Placement.objects.filter(student=user, status=PlacementStatus.ACTIVE).only("pk").first()
        if placement is not None:
            times = dict(CheckIn.objects.filter(placement=placement, date=today).values_list("kind", "at"))
            if CheckKind.IN in times:
                value = timezone.localtime(times[CheckKind.IN]).strftime("%H:%M")
                detail = (_("Checked out at %(t)s") % {"t": timezone.localtime(times[CheckKind.OUT]).strftime("%H:%M")}
                          if CheckKind.OUT in times else _("Remember to check out."))
            else:
                value, detail = "—", _("Not checked in yet today.")
            out.append(Card(_("Today's check-in"), value, reverse("attendance:check_in"), detail, order=29))
    mentor_q = None
    if acc.is_teacher:
        mentor_q = {"placement__school_mentor_id": user.pk}
    elif acc.enterprise_ids:
        mentor_q = {"placement__enterprise_id__in": acc.enterprise_ids}
    if mentor_q is not None or acc.is_college_admin:
        base = {} if acc.is_college_admin else mentor_q
        active = Placement.objects.filter(status=PlacementStatus.ACTIVE, **{k.removeprefix("placement__"): v
                                                                           for k, v in base.items()})
        checked = CheckIn.objects.filter(date=today, kind=CheckKind.IN, placement__status=PlacementStatus.ACTIVE,
                                         **base).count()
        out.append(Card(_("Checked in today"), f"{checked} / {active.count()}", reverse("attendance:board"),
                        order=30))
        waiting = LeaveRequest.objects.visible_to(user).filter(
            status=LeaveStatus.AWAITING_ENTERPRISE if acc.enterprise_ids and not acc.is_teacher
            else LeaveStatus.AWAITING_SCHOOL, **base).count()
        if waiting:
            out.append(Card(_("Leave to decide"), waiting, reverse("attendance:leave_list"), order=31))
        breaches = WorkingTimeBreach.objects.filter(status=BreachStatus.OPEN, **base).count()
        if breaches:
            out.append(Card(_("Working-time breaches to follow up"), breaches,
                            reverse("attendance:breaches") + "?status=open", order=32))
    if acc.is_college_admin:
        rules = AttendanceRules.current()
        last = Absence.objects.order_by("-date").values_list("date", flat=True).first()
        if last:
            long_ones = Absence.objects.filter(date=last, streak__gte=rules.streak_admin_days).count()
            if long_ones:
                out.append(Card(_("Absent %(n)s or more days in a row") % {"n": rules.streak_admin_days}, long_ones,
                                reverse("attendance:absences") + f"?streak_min={rules.streak_admin_days}",
                                order=33))
    return out
