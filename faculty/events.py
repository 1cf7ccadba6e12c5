"""The composite-faculty events (core/events.py)."""
from django.utils.translation import gettext_lazy as _

from core.events import state_events

from .models import IndustryYearsDeclaration, ReformRecord, TeacherCertificate, TeacherPlacement, TrainingRecord

EVENT_TYPES = [
    *state_events(TeacherPlacement, {"draft": _("Teacher placement drafted"),
                                     "submitted": _("Teacher placement submitted"),
                                     "confirmed": _("Teacher placement confirmed"),
                                     "returned": _("Teacher placement returned"),
                                     "counted": _("Teacher placement counted")},
                  created=_("Teacher placement created")),
    # A teacher's evidence: declared (created, pending), verified or rejected by a college admin, and back to
    # pending when the teacher changes it.
    *state_events(TeacherCertificate, {"pending": _("Teacher certificate sent back for verification"),
                                       "verified": _("Teacher certificate verified"),
                                       "rejected": _("Teacher certificate rejected")},
                  created=_("Teacher certificate added")),
    *state_events(TrainingRecord, {"pending": _("Training record sent back for verification"),
                                   "verified": _("Training record verified"),
                                   "rejected": _("Training record rejected")},
                  created=_("Training record added")),
    *state_events(ReformRecord, {"pending": _("Teaching-reform record sent back for verification"),
                                 "verified": _("Teaching-reform record verified"),
                                 "rejected": _("Teaching-reform record rejected")},
                  created=_("Teaching-reform record added")),
    *state_events(IndustryYearsDeclaration, {"pending": _("Years in industry sent back for verification"),
                                             "verified": _("Years in industry verified"),
                                             "rejected": _("Years in industry rejected")},
                  created=_("Years in industry declared")),
]
