from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AttendanceConfig(AppConfig):
    """The daily loop of an internship: check-ins, leave, absences, working time and supervision visits."""

    name = "attendance"
    verbose_name = _("Attendance")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .calendar import forget
        from .models import AttendanceRules, CalendarDay

        # The calendar and the rules kept for a minute (attendance/calendar.py) are forgotten at once
        # by the process that changes them, whichever way (admin site, API, page, data migration).
        for model in (AttendanceRules, CalendarDay):
            post_save.connect(forget, sender=model, dispatch_uid=f"attendance-forget-{model.__name__}")
            post_delete.connect(forget, sender=model, dispatch_uid=f"attendance-forget-del-{model.__name__}")
