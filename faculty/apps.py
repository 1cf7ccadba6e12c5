from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FacultyConfig(AppConfig):
    name = "faculty"
    verbose_name = _("Faculty building")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import summary
        from .models import TeacherCertificate, TeacherPlacement, TeacherProfile

        for model in (TeacherProfile, TeacherCertificate, TeacherPlacement):
            post_save.connect(summary.data_changed, sender=model, dispatch_uid=f"faculty-summary-save-{model.__name__}")
            post_delete.connect(summary.data_changed, sender=model,
                                dispatch_uid=f"faculty-summary-delete-{model.__name__}")
