"""The composite-faculty events (core/events.py)."""
from django.utils.translation import gettext_lazy as _

from core.events import state_events

from .models import TeacherPlacement

EVENT_TYPES = [
    *state_events(TeacherPlacement, {"draft": _("Teacher placement drafted"),
                                     "submitted": _("Teacher placement submitted"),
                                     "confirmed": _("Teacher placement confirmed"),
                                     "returned": _("Teacher placement returned"),
                                     "counted": _("Teacher placement counted")},
                  created=_("Teacher placement created")),
]
