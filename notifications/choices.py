from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    GENERAL = "general", _("General")
    AGREEMENT_EXPIRING = "agreement_expiring", _("Agreement expiring")
    WEEKLY_LOG_MISSING = "weekly_log_missing", _("Weekly log not written")
    WEEKLY_LOG_UNREVIEWED = "weekly_log_unreviewed", _("Weekly log not reviewed")
    APPLICATION_WAITING = "application_waiting", _("Application waiting for the enterprise")
    PLACEMENT_COMPLIANCE = "placement_compliance", _("Placement missing agreement or insurance")
    TEACHER_PRACTICE = "teacher_practice", _("Teacher industry practice behind")
    TEACHER_PLACEMENT_PENDING = "teacher_placement_pending", _("Teacher placement awaiting confirmation")
    EVALUATION_DUE = "evaluation_due", _("Intern evaluation due")
    COURSE_STALE = "course_stale", _("Course content stale")
    BUDGET_ALERT = "budget_alert", _("Budget line alert")
    BOOKING_TOMORROW = "booking_tomorrow", _("Booking tomorrow")
    # told the moment it happens (a domain event, notifications/subscribers.py)
    APPLICATION_RECEIVED = "application_received", _("New application")
    APPLICATION_DECIDED = "application_decided", _("Offer or rejection of my application")
    OFFER_ANSWERED = "offer_answered", _("Offer accepted or declined")
    PLACEMENT_CHANGED = "placement_changed", _("Placement started, completed or terminated")
    WEEKLY_LOG_SUBMITTED = "weekly_log_submitted", _("Weekly log submitted")
    WEEKLY_LOG_REVIEWED = "weekly_log_reviewed", _("My weekly log reviewed or commented")
    EVALUATION_CHANGED = "evaluation_changed", _("Evaluation link sent or evaluation submitted")
    SAFETY_INCIDENT = "safety_incident", _("Safety incident reported")
    # a serious or critical incident: in the centre and e-mailed at once whatever the preference
    SAFETY_INCIDENT_SERIOUS = "safety_incident_serious", _("Serious safety incident")
    TEACHER_PLACEMENT_SUBMITTED = "teacher_placement_submitted", _("Teacher placement submitted")
    TEACHER_PLACEMENT_DECIDED = "teacher_placement_decided", _("My teacher placement confirmed or returned")
    BOOKING_DECIDED = "booking_decided", _("My booking approved, rejected or cancelled")
    AGREEMENT_CHANGED = "agreement_changed", _("Agreement submitted, returned, approved or expired")
    PROGRAM_REVIEW = "program_review", _("Programme version sent for review")
    PROGRAM_COMMENTED = "program_commented", _("Review comment on my programme")
    INCENTIVE_DECIDED = "incentive_decided", _("Incentive decided")
    OVERSPEND_OVERRIDE = "overspend_override", _("Overspend override")
    # attendance (issue 21): the daily loop of an internship
    CHECK_IN_FLAGGED = "check_in_flagged", _("Check-in flagged or rejected")
    LEAVE_REQUEST = "leave_request", _("Leave to decide or decided")
    WORKING_TIME_BREACH = "working_time_breach", _("Working-time breach")
    SUPERVISION_VISIT = "supervision_visit", _("Supervision visit recorded")
    ATTENDANCE_DAILY = "attendance_daily", _("Daily attendance notice")


# Kinds no preference turns off: always in the centre and e-mailed at once (issue 19: a serious incident
# reaches the college and the school mentor whatever they chose).
URGENT_KINDS = frozenset({NotificationKind.SAFETY_INCIDENT_SERIOUS})


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("Daily digest")


class EmailState(models.TextChoices):
    NONE = "none", _("No e-mail")
    PENDING = "pending", _("Waiting to be sent")
    DIGEST = "digest", _("Waiting for the daily digest")
    SENT = "sent", _("Sent")
