from django.db import models
from django.utils.translation import gettext_lazy as _


class SourceKind(models.TextChoices):
    GOVERNMENT = "government", _("Government special fund")
    SCHOOL = "school", _("School budget")
    ENTERPRISE_CASH = "enterprise_cash", _("Enterprise investment in cash")
    ENTERPRISE_EQUIPMENT = "enterprise_equipment", _("Enterprise equipment in kind")
    SOCIAL_CAPITAL = "social_capital", _("Social capital")
    DONATION = "donation", _("Donation")


# Kinds that count as an enterprise's investment in vocational education (surcharge credit, metrics).
INVESTMENT_KINDS = (SourceKind.ENTERPRISE_CASH, SourceKind.ENTERPRISE_EQUIPMENT)


class SourceStatus(models.TextChoices):
    PENDING = "pending", _("Pending confirmation")
    CONFIRMED = "confirmed", _("Confirmed")
    REJECTED = "rejected", _("Rejected")


class BudgetCategory(models.TextChoices):
    CURRICULUM = "curriculum", _("Curriculum")
    TRAINING_BASE = "training_base", _("Training base")
    FACULTY_TRAINING = "faculty_training", _("Faculty training")
    SCHOLARSHIPS = "scholarships", _("Scholarships")
    INDUSTRY_PROJECTS = "industry_projects", _("Industry projects")
    OTHER = "other", _("Other")


class BudgetStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    CLOSED = "closed", _("Closed")


class ExpenditureStatus(models.TextChoices):
    RECORDED = "recorded", _("Recorded")
    VOIDED = "voided", _("Voided")


class BaseKind(models.TextChoices):
    ON_CAMPUS = "on_campus", _("On-campus AIGC lab")
    OFF_CAMPUS = "off_campus", _("Off-campus practice base")


class EquipmentKind(models.TextChoices):
    GPU_WORKSTATION = "gpu_workstation", _("GPU workstation")
    RENDER_NODE = "render_node", _("Render node")
    MOTION_CAPTURE = "motion_capture", _("Motion capture")
    LED_STAGE = "led_stage", _("LED virtual-production stage")
    CAMERA = "camera", _("Camera")
    OTHER = "other", _("Other")


class EquipmentStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    MAINTENANCE = "maintenance", _("Under maintenance")
    RETIRED = "retired", _("Retired")


class BookingStatus(models.TextChoices):
    PENDING = "pending", _("Pending approval")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Cancelled")


# Bookings in these states hold their slot; the exclusion constraint ignores the others.
HOLDING_BOOKING_STATUSES = (BookingStatus.PENDING, BookingStatus.APPROVED)


class IncentiveKind(models.TextChoices):
    SCHOLARSHIP = "scholarship", _("Student scholarship")
    HONOUR = "honour", _("Student honour")
    TEACHER_AWARD = "teacher_award", _("Teacher award")
    ENTERPRISE_STAFF_AWARD = "enterprise_staff_award", _("Enterprise staff award")
    ENTERPRISE_BENEFIT = "enterprise_benefit", _("Enterprise policy benefit")


class IncentiveStatus(models.TextChoices):
    NOMINATED = "nominated", _("Nominated")
    APPROVED = "approved", _("Approved")
    AWARDED = "awarded", _("Awarded")
    REJECTED = "rejected", _("Rejected")


class StandardKind(models.TextChoices):
    TRAINING = "training", _("Talent-training standard")
    POST_NORM = "post_norm", _("Post norm")
    EVALUATION = "evaluation", _("Evaluation standard")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class EvaluationParty(models.TextChoices):
    COLLEGE = "college", _("College")
    ENTERPRISE = "enterprise", _("Enterprise")
    ASSOCIATION = "association", _("Industry association")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
