"""Report job events (core/events.py): a requested export or report is ready or failed."""
from django.utils.translation import gettext_lazy as _

from core.events import state_events

from .models import ReportJob

EVENT_TYPES = [
    *state_events(ReportJob, {"done": _("Report ready"), "failed": _("Report failed")}),
]
