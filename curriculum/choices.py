from django.db import models
from django.utils.translation import gettext_lazy as _


class CompetencyCategory(models.TextChoices):
    ART = "art", _("Art literacy")
    TECHNOLOGY = "technology", _("Technical skill")
    INNOVATION = "innovation", _("Innovation")
    COLLABORATION = "collaboration", _("Collaboration")
    PROFESSIONAL = "professional", _("Professional conduct")


class ModuleKind(models.TextChoices):
    FUNDAMENTALS = "fundamentals", _("Professional fundamentals")
    TECHNOLOGY = "technology", _("Professional technology (AIGC)")
    PRACTICE = "practice", _("Practical training")


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    SUPERSEDED = "superseded", _("Superseded")
