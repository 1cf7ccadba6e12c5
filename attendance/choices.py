from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckKind(models.TextChoices):
    IN = "in", _("Check-in")
    OUT = "out", _("Check-out")


class CheckFlag(models.TextChoices):
    """Why a check-in needs a person's look; it is accepted all the same."""

    OUTSIDE_RADIUS = "outside_radius", _("Outside the workplace radius")
    IMPRECISE = "imprecise", _("Imprecise position")
    CLOCK_SKEW = "clock_skew", _("Phone clock differs from the server")


class FlagStatus(models.TextChoices):
    NONE = "none", _("Not flagged")
    OPEN = "open", _("To review")
    ACCEPTED = "accepted", _("Reason accepted")
    REJECTED = "rejected", _("Rejected")


class LeaveKind(models.TextChoices):
    SICK = "sick", _("Sick leave")
    PERSONAL = "personal", _("Personal leave")
    SCHOOL = "school", _("School activity")
    OTHER = "other", _("Other")


class HalfDay(models.TextChoices):
    FULL = "full", _("Whole day(s)")
    MORNING = "am", _("Morning only")
    AFTERNOON = "pm", _("Afternoon only")


class LeaveStatus(models.TextChoices):
    AWAITING_ENTERPRISE = "awaiting_enterprise", _("Awaiting the enterprise mentor")
    AWAITING_SCHOOL = "awaiting_school", _("Awaiting the school mentor")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")
    CANCELLED = "cancelled", _("Cancelled")


PENDING_LEAVE = (LeaveStatus.AWAITING_ENTERPRISE, LeaveStatus.AWAITING_SCHOOL)


class ApprovalOrder(models.TextChoices):
    ENTERPRISE_FIRST = "enterprise_first", _("Enterprise mentor, then school mentor")
    SCHOOL_FIRST = "school_first", _("School mentor, then enterprise mentor")
    SCHOOL_ONLY = "school_only", _("School mentor only")


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Public holiday")
    WORKDAY = "workday", _("Make-up workday (调休)")


class BreachKind(models.TextChoices):
    NIGHT = "night", _("Night work (22:00–06:00)")
    DAILY_HOURS = "daily_hours", _("More than 8 hours in a day")
    WEEKLY_HOURS = "weekly_hours", _("More than 40 hours in a week")
    REST_DAY = "rest_day", _("Work on a rest day")


class BreachStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Followed up")


class VisitMode(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    ONLINE = "online", _("Online")


class NoticeKind(models.TextChoices):
    """What the daily attendance notice of one person is mainly about (it may carry more)."""

    MISSING_CHECK_IN = "missing_check_in", _("No check-in yet today")
    ABSENCE_STREAK = "absence_streak", _("Interns absent several days in a row")
    LONG_ABSENCE = "long_absence", _("Students absent three or more days in a row")
    VISIT_DUE = "visit_due", _("Placements not visited this term")


class DayState(models.TextChoices):
    """One day of a placement in an attendance sheet."""

    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    LEAVE = "leave", _("On leave")
    REST = "rest", _("Rest day")
    OPEN = "open", _("Not over yet")
    OUTSIDE = "outside", _("Outside the placement")
