"""The school-enterprise collaboration events (core/events.py)."""
from django.utils.translation import gettext_lazy as _

from core.events import EventType, state_events

from .models import Agreement, Enrollment, IndustryProject

EVENT_TYPES = [
    *state_events(Agreement, {"draft": _("Agreement returned to draft"), "under_review": _("Agreement submitted"),
                              "active": _("Agreement approved"), "expired": _("Agreement expired"),
                              "terminated": _("Agreement terminated"), "superseded": _("Agreement superseded")},
                  created=_("Agreement created"),
                  extra=[EventType("partnerships.agreement.signed", _("Agreement signature recorded"),
                                   _("Carries the signature method and the signing date."))]),
    *state_events(Enrollment, {"enrolled": _("Student enrolled"), "withdrawn": _("Enrollment withdrawn"),
                               "graduated": _("Student graduated")},
                  extra=[EventType("partnerships.enrollment.outcome_recorded", _("Hiring outcome recorded"),
                                   _("Carries the outcome: hired or not_hired."))]),
    *state_events(IndustryProject, {"open": _("Industry project opened"), "in_progress": _("Industry project started"),
                                    "delivered": _("Industry project delivered"),
                                    "closed": _("Industry project closed"),
                                    "draft": _("Industry project returned to draft")},
                  extra=[EventType("partnerships.industryproject.joined", _("Member joined an industry project"),
                                   _("Carries the member's user id and project role.")),
                         EventType("partnerships.industryproject.left", _("Member left an industry project"),
                                   _("Carries the member's user id and project role.")),
                         EventType("partnerships.industryproject.milestone_added", _("Project milestone added"),
                                   _("Carries the milestone id.")),
                         EventType("partnerships.industryproject.milestone_completed",
                                   _("Project milestone completed"), _("Carries the milestone id."))]),
    EventType("partnerships.contactlog.follow_up_done", _("Contact follow-up done"),
              _("Carries the enterprise id.")),
]
