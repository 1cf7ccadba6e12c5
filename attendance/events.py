"""The attendance events other apps and subscribers can rely on (core/events.py, docs/EVENTS.md).

Who is told of each: attendance/recipients.py (the notifications host's ``recipients`` hook).
"""
from django.utils.translation import gettext_lazy as _

from core.events import EventType, state_events

from .choices import FlagStatus, NoticeKind
from .models import LeaveRequest, WorkingTimeBreach

EVENT_TYPES = [
    EventType("attendance.checkin.flagged", _("Check-in flagged"),
              _("A check-in outside the workplace radius, with an imprecise position or a wrong phone clock.")),
    EventType(f"attendance.checkin.{FlagStatus.ACCEPTED}", _("Flagged check-in accepted")),
    EventType(f"attendance.checkin.{FlagStatus.REJECTED}", _("Flagged check-in rejected"),
              _("The day no longer counts as attended.")),
    *state_events(LeaveRequest, {"awaiting_enterprise": _("Leave awaits the enterprise mentor"),
                                 "awaiting_school": _("Leave awaits the school mentor"),
                                 "approved": _("Leave approved"), "refused": _("Leave refused"),
                                 "cancelled": _("Leave cancelled")},
                  created=_("Leave requested")),
    *state_events(WorkingTimeBreach, {"open": _("Working-time breach open"),
                                      "acknowledged": _("Working-time breach followed up")},
                  created=_("Working-time breach")),
    EventType("attendance.supervisionvisit.created", _("Supervision visit recorded")),
    # The daily job's one notice per person and day, named after what it mainly carries.
    EventType(f"attendance.notice.{NoticeKind.MISSING_CHECK_IN}", _("Reminder: no check-in yet today")),
    EventType(f"attendance.notice.{NoticeKind.ABSENCE_STREAK}", _("Absence streak"),
              _("Mentees absent several working days in a row (one notice a day for each school mentor).")),
    EventType(f"attendance.notice.{NoticeKind.LONG_ABSENCE}", _("Long absence streaks"),
              _("Students absent three or more days in a row (one notice a day for each college admin).")),
    EventType(f"attendance.notice.{NoticeKind.VISIT_DUE}", _("Supervision visits due")),
]
