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


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")
