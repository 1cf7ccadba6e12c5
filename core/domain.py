"""Domain errors raised by services; the API turns them into 409, HTML views into a message."""
from __future__ import annotations

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    status_code = 409
    code = "conflict"
    default_message = _("This action conflicts with the current state.")

    def __init__(self, message=None, *, code: str | None = None):
        self.message = message or self.default_message
        if code:
            self.code = code
        super().__init__(str(self.message))


class TransitionNotAllowed(DomainError):
    code = "transition_not_allowed"
    default_message = _("This action is not allowed in the current status.")


class CapacityExceeded(DomainError):
    code = "capacity_exceeded"
    default_message = _("No capacity left.")


class Overlap(DomainError):
    code = "overlap"
    default_message = _("This overlaps an existing record.")


class RuleViolation(DomainError):
    """A business rule (compliance, budget) forbids the change; message says which rule."""

    code = "rule_violation"
    default_message = _("A rule of the platform forbids this change.")
