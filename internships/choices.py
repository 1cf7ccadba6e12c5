from django.db import models
from django.utils.translation import gettext_lazy as _


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_APPROVAL = "pending_approval", _("Awaiting approval")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    SHORTLISTED = "shortlisted", _("Shortlisted")
    OFFERED = "offered", _("Offered")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # The accepted offer was called off by the enterprise or the college before the placement started.
    CANCELLED = "cancelled", _("Cancelled")


class PlacementStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    TERMINATED = "terminated", _("Terminated early")
    # Called off before it started: it frees its posting's slot (a terminated active placement keeps it).
    CANCELLED = "cancelled", _("Cancelled before the start")


class LogStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting review")
    REVIEWED = "reviewed", _("Reviewed")


class LogGrade(models.TextChoices):
    EXCELLENT = "excellent", _("Excellent")
    GOOD = "good", _("Good")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class EvaluationStage(models.TextChoices):
    MIDTERM = "midterm", _("Mid-term")
    FINAL = "final", _("Final")


class EvaluatorRole(models.TextChoices):
    ENTERPRISE_MENTOR = "enterprise_mentor", _("Enterprise mentor")
    SCHOOL_MENTOR = "school_mentor", _("School mentor")


class EvaluationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    SUBMITTED = "submitted", _("Submitted")


class OutcomeKind(models.TextChoices):
    HOST_ENTERPRISE = "host_enterprise", _("Hired by the host enterprise")
    OTHER_ENTERPRISE = "other_enterprise", _("Hired by another enterprise of the industry")
    FURTHER_STUDY = "further_study", _("Further study")
    OTHER = "other", _("Other")
    SEEKING = "seeking", _("Still seeking work")


# Outcomes that count as employed in the employment statistics (a hire by an enterprise of the industry).
EMPLOYED_KINDS = (OutcomeKind.HOST_ENTERPRISE, OutcomeKind.OTHER_ENTERPRISE)


class IncidentStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    UNDER_FOLLOW_UP = "under_follow_up", _("Under follow-up")
    CLOSED = "closed", _("Closed")


class IncidentSeverity(models.TextChoices):
    MINOR = "minor", _("Minor")
    MODERATE = "moderate", _("Moderate")
    SERIOUS = "serious", _("Serious")
    CRITICAL = "critical", _("Critical")


# The five rubric criteria of an intern evaluation, in display order.
RUBRIC = [
    ("professional_skill", _("Professional skill")),
    ("aigc_tools", _("Use of AIGC tools")),
    ("teamwork", _("Teamwork")),
    ("innovation", _("Innovation")),
    ("attitude", _("Work attitude")),
]


class ComplianceRule(models.TextChoices):
    """The internship rules a posting or placement is checked against (services: compliance)."""

    NIGHT_SHIFT = "night_shift", _("Night shifts")
    OVERTIME = "overtime", _("Overtime")
    DAILY_HOURS = "daily_hours", _("Daily hours")
    WEEKLY_HOURS = "weekly_hours", _("Weekly hours")
    DATES = "dates", _("Dates")
    DURATION = "duration", _("Duration")
    AGREEMENT = "agreement", _("Tripartite agreement")
    INSURANCE = "insurance", _("Liability insurance")
    ENTERPRISE_CAP = "enterprise_cap", _("Interns per enterprise")
    POST_CAP = "post_cap", _("Interns per post")
