from django.db import models
from django.utils.translation import gettext_lazy as _


class IndustrySegment(models.TextChoices):
    FILM = "film", _("Film production")
    ANIMATION = "animation", _("Animation")
    VFX = "vfx", _("VFX and post-production")
    AIGC = "aigc", _("AIGC tools")
    STREAMING = "streaming", _("Streaming platform")
    ADVERTISING = "advertising", _("Advertising")
    GAME = "game", _("Game")
    OTHER = "other", _("Other")


class AgreementKind(models.TextChoices):
    ORDER_CLASS = "order_class", _("Order-based class")
    DIRECTED = "directed", _("Directed training")
    INTERNSHIP_BASE = "internship_base", _("Internship base")
    WORKSTATION = "workstation", _("Enterprise workstation")
    MOBILITY_STATION = "mobility_station", _("Teacher mobility station")
    TRAINING_BASE = "training_base", _("Co-built training base")
    GENERAL = "general", _("General cooperation")


class AgreementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    UNDER_REVIEW = "under_review", _("Under review")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    TERMINATED = "terminated", _("Terminated")
    SUPERSEDED = "superseded", _("Superseded by an amendment")


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")


class AgreementRelation(models.TextChoices):
    ORIGINAL = "", _("Original")
    AMENDMENT = "amendment", _("Amendment")
    RENEWAL = "renewal", _("Renewal")


class SignatureMethod(models.TextChoices):
    PAPER = "paper", _("Signed on paper")
    ELECTRONIC = "electronic", _("Signed electronically")


class CommitmentKind(models.TextChoices):
    """What a partner promises per agreement year; each maps to a metric key of some app."""

    INTERNS = "interns_hosted", _("Interns hosted a year")
    TEACHERS = "teachers_hosted", _("Teachers hosted a year")
    FUNDING = "investment_cny", _("Funding committed a year (CNY)")
    PROJECTS = "projects", _("Industry projects a year")


class DocumentKind(models.TextChoices):
    SIGNED_SCAN = "signed_scan", _("Scan of the signed agreement")
    DRAFT = "draft", _("Draft text")
    ANNEX = "annex", _("Annex")


class AssociationLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")


class CohortKind(models.TextChoices):
    ORDER_CLASS = "order_class", _("Order-based class")
    DIRECTED = "directed", _("Directed training")


class EnrollmentStatus(models.TextChoices):
    ENROLLED = "enrolled", _("Enrolled")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    GRADUATED = "graduated", _("Graduated")


class HiringOutcome(models.TextChoices):
    PENDING = "pending", _("Not yet known")
    HIRED = "hired", _("Hired by the enterprise")
    NOT_HIRED = "not_hired", _("Not hired")


class ProjectRole(models.TextChoices):
    LEAD_TEACHER = "lead_teacher", _("Lead teacher")
    TEACHER = "teacher", _("Supporting teacher")
    STUDENT_LEAD = "student_lead", _("Student team lead")
    STUDENT = "student", _("Student team member")


TEACHER_ROLES = (ProjectRole.LEAD_TEACHER, ProjectRole.TEACHER)
STUDENT_ROLES = (ProjectRole.STUDENT_LEAD, ProjectRole.STUDENT)


class ContactChannel(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    VISIT = "visit", _("Site visit")
    CALL = "call", _("Phone call")
    EMAIL = "email", _("E-mail")
    EVENT = "event", _("Event or fair")
