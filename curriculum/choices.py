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


class GoalDimension(models.TextChoices):
    """The goal triad of the paper: every programme states goals in all three."""

    ART = "art", _("Art literacy")
    TECHNOLOGY = "technology", _("Technical skill")
    INNOVATION = "innovation", _("Innovation")


class Level(models.IntegerChoices):
    AWARE = 1, _("1 · Aware")
    BASIC = 2, _("2 · Basic")
    PROFICIENT = 3, _("3 · Proficient")
    EXPERT = 4, _("4 · Expert")


class CompetitionLevel(models.TextChoices):
    SCHOOL = "school", _("College")
    PROVINCIAL = "provincial", _("Provincial")
    NATIONAL = "national", _("National")
    INTERNATIONAL = "international", _("International")


class CertificateLevel(models.TextChoices):
    JUNIOR = "junior", _("Junior")
    INTERMEDIATE = "intermediate", _("Intermediate")
    SENIOR = "senior", _("Senior")


class AchievementKind(models.TextChoices):
    AWARD = "award", _("Competition award")
    CERTIFICATE = "certificate", _("Certificate earned")


class AchievementStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class CourseProjectStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    COMPLETED = "completed", _("Completed")


class GraderRole(models.TextChoices):
    TEACHER = "teacher", _("Teacher")
    MENTOR = "mentor", _("Enterprise mentor")


class CoverageClass(models.TextChoices):
    GAP = "gap", _("Gap")
    THIN = "thin", _("Thin")
    COVERED = "covered", _("Covered")
    SURPLUS = "surplus", _("Surplus")
    NONE = "none", _("Not demanded")
