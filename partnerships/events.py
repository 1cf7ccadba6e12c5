"""The school-enterprise collaboration events (core/events.py)."""
from django.utils.translation import gettext_lazy as _

from core.events import state_events

from .models import Agreement, Enrollment, IndustryProject

EVENT_TYPES = [
    *state_events(Agreement, {"draft": _("Agreement returned to draft"), "under_review": _("Agreement submitted"),
                              "active": _("Agreement approved"), "expired": _("Agreement expired"),
                              "terminated": _("Agreement terminated"), "superseded": _("Agreement superseded")},
                  created=_("Agreement created")),
    *state_events(Enrollment, {"enrolled": _("Student enrolled"), "withdrawn": _("Enrollment withdrawn"),
                               "graduated": _("Student graduated")}),
    *state_events(IndustryProject, {"open": _("Industry project opened"), "in_progress": _("Industry project started"),
                                    "delivered": _("Industry project delivered"),
                                    "closed": _("Industry project closed"),
                                    "draft": _("Industry project returned to draft")}),
]
