from django.db import models
from django.utils.translation import gettext_lazy as _


class CheckKind(models.TextChoices):
    IN = "in", _("Check-in")
    OUT = "out", _("Check-out")
