from django.db import models
from django.utils.translation import gettext_lazy as _


class PostingStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING_APPROVAL = "pending_approval", _("Awaiting approval")
    PUBLISHED = "published", _("Published")
    CLOSED = "closed", _("Closed")
