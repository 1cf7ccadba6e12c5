from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    """The daily loop of an internship: check-ins, leave, absences, working time and supervision visits."""

    name = "attendance"
    verbose_name = _("Attendance")
