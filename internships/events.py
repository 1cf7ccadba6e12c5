"""The internship events other apps and subscribers can rely on (core/events.py)."""
from django.utils.translation import gettext_lazy as _

from core.events import EventType, state_events

from .models import Application, InternEvaluation, Placement, Posting, SafetyIncident, WeeklyLog

EVENT_TYPES = [
    *state_events(Posting, {"pending_approval": _("Posting sent for approval"), "published": _("Posting published"),
                            "closed": _("Posting closed"), "draft": _("Posting returned to draft")}),
    *state_events(Application, {"submitted": _("Application submitted"), "shortlisted": _("Applicant shortlisted"),
                                "offered": _("Offer made"), "accepted": _("Offer accepted"),
                                "declined": _("Offer declined"), "rejected": _("Application rejected"),
                                "withdrawn": _("Application withdrawn"),
                                "cancelled": _("Accepted offer cancelled")},
                  created=_("Application submitted")),
    *state_events(Placement, {"pending": _("Placement pending"), "active": _("Placement started"),
                              "completed": _("Placement completed"), "terminated": _("Placement terminated"),
                              "cancelled": _("Placement cancelled before the start")},
                  created=_("Placement created"),
                  extra=[EventType("internships.placement.compliance_breached", _("Placement out of compliance"),
                                   _("An active placement breaks a rule no exception allows (rules: codes)."))]),
    EventType("internships.posting.slot_freed", _("Internship slot freed"),
              _("An accepted offer was withdrawn or a pending placement cancelled: the slot is open again.")),
    EventType("internships.complianceexception.created", _("Compliance exception recorded"),
              _("A college admin allowed a placement to break one rule, with a reason.")),
    *state_events(WeeklyLog, {"submitted": _("Weekly log submitted"), "reviewed": _("Weekly log reviewed")},
                  created=_("Weekly log submitted"),
                  extra=[EventType("internships.weeklylog.commented", _("Weekly log commented"))]),
    *state_events(InternEvaluation, {"requested": _("Evaluation link sent"),
                                     "submitted": _("Evaluation submitted")},
                  created=_("Evaluation requested")),
    *state_events(SafetyIncident, {"reported": _("Safety incident reported"),
                                   "under_follow_up": _("Safety incident under follow-up"),
                                   "closed": _("Safety incident closed")},
                  created=_("Safety incident reported"),
                  extra=[EventType("internships.safetyincident.noted", _("Safety incident follow-up note added"))]),
]
