"""The training-system events (core/events.py)."""
from django.utils.translation import gettext_lazy as _

from core.events import EventType, state_events

from .models import CourseProject, Program, StudentAchievement

EVENT_TYPES = [
    *state_events(Program, {"in_review": _("Programme version sent for review"),
                            "approved": _("Programme version approved"),
                            "draft": _("Programme version returned to draft"),
                            "superseded": _("Programme version superseded")},
                  created=_("Programme version created"),
                  extra=[EventType("curriculum.program.commented", _("Programme review comment"))]),
    *state_events(StudentAchievement, {"submitted": _("Achievement submitted"), "verified": _("Achievement verified"),
                                       "rejected": _("Achievement rejected")},
                  created=_("Achievement recorded")),
    *state_events(CourseProject, {"planned": _("Course project planned"), "running": _("Course project started"),
                                  "completed": _("Course project completed")},
                  created=_("Industry project adopted by a course")),
]
