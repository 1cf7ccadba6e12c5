"""The support-mechanism events (core/events.py)."""
from django.utils.translation import gettext_lazy as _

from core.events import EventType, state_events

from .models import Booking, Budget, Expenditure, FundingSource, Incentive, ProgramEvaluation, StandardVersion

EVENT_TYPES = [
    *state_events(FundingSource, {"confirmed": _("Funding confirmed"), "rejected": _("Funding rejected")},
                  created=_("Funding source recorded")),
    *state_events(Budget, {"approved": _("Budget approved"), "closed": _("Budget closed")}),
    *state_events(Expenditure, {"recorded": _("Expenditure recorded"), "voided": _("Expenditure voided")},
                  extra=[EventType("funding.expenditure.overspend_override", _("Overspend override"),
                                   _("An expenditure beyond what its budget line had left, on a college "
                                     "administrator's written reason; carries the line and the amount over."))]),
    *state_events(Booking, {"pending": _("Booking requested"), "approved": _("Booking approved"),
                            "rejected": _("Booking rejected"), "cancelled": _("Booking cancelled")},
                  created=_("Booking requested")),
    *state_events(Incentive, {"nominated": _("Incentive nominated"), "approved": _("Incentive approved"),
                              "awarded": _("Incentive awarded"), "rejected": _("Incentive rejected")}),
    *state_events(StandardVersion, {"published": _("Standard published"), "withdrawn": _("Standard withdrawn")}),
    *state_events(ProgramEvaluation, {"submitted": _("Programme evaluation submitted")}),
]
