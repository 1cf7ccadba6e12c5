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


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Immediately")
    DIGEST = "digest", _("Daily digest")


class EmailState(models.TextChoices):
    NONE = "none", _("No e-mail")
    PENDING = "pending", _("Waiting to be sent")
    DIGEST = "digest", _("Waiting for the daily digest")
    SENT = "sent", _("Sent")
