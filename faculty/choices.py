from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _


class TitleRank(models.TextChoices):
    TEACHING_ASSISTANT = "assistant", _("Teaching assistant")
    LECTURER = "lecturer", _("Lecturer")
    ASSOCIATE_PROFESSOR = "associate_professor", _("Associate professor")
    PROFESSOR = "professor", _("Professor")
    SENIOR_ENGINEER = "senior_engineer", _("Senior engineer")
    OTHER = "other", _("Other")


class CertificateKind(models.TextChoices):
    INDUSTRY = "industry", _("Industry qualification")
    VOCATIONAL_SKILL = "vocational_skill", _("Vocational skill certificate")
    TEACHING = "teaching", _("Teaching qualification")
    OTHER = "other", _("Other")


class PlacementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    CONFIRMED = "confirmed", _("Confirmed by enterprise")
    RETURNED = "returned", _("Returned")
    COUNTED = "counted", _("Counted")


class EvidenceStatus(models.TextChoices):
    """A teacher's own evidence (certificate, training, reform, years in industry) counts once verified."""

    PENDING = "pending", _("Waiting for verification")
    VERIFIED = "verified", _("Verified")
    REJECTED = "rejected", _("Rejected")


class Standing(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    BEHIND = "behind", _("Behind")


class TrainingKind(models.TextChoices):
    WORKSHOP = "workshop", _("Workshop")
    AIGC_TRAINING = "aigc_training", _("AIGC training")
    CONFERENCE = "conference", _("Conference")
    COURSE = "course", _("Training course")
    OTHER = "other", _("Other")


class ReformKind(models.TextChoices):
    PROJECT_BASED = "project_based", _("Project-based teaching")
    CASE = "case", _("Case teaching")
    FLIPPED = "flipped", _("Flipped classroom")
    BLENDED_COURSE = "blended_course", _("Blended course built")
    RESOURCE = "resource", _("Teaching resource made")


class AwardLevel(models.TextChoices):
    NATIONAL = "national", _("National")
    PROVINCIAL = "provincial", _("Provincial")
    MUNICIPAL = "municipal", _("Municipal")
    COLLEGE = "college", _("College")


# The items of an annual assessment's breakdown (services.score_breakdown), as people read them; awards
# are one item per level ("award_<level>", named by AwardLevel).
BREAKDOWN_LABELS = {
    "placement_days": _("Counted placement days"),
    "projects": _("Industry projects"),
    "mentored": _("Part-time instructors mentored"),
    "training_hours": _("Training hours"),
    "reforms": _("Teaching-reform records"),
}


def breakdown_label(key: str) -> str:
    if key.startswith("award_"):
        level = key.removeprefix("award_")
        name = dict(AwardLevel.choices).get(level, level)
        return format_lazy(_("Awards: {level}"), level=name)
    return BREAKDOWN_LABELS.get(key, key)
