"""Part-time instructors join the catalogue mechanism (core/catalogue.py): ``archived_at`` replaces ``is_active``.

An instructor who was inactive is archived, dated by the last change of their row (the closest record of when
they left the roster); the way back marks an archived instructor inactive again.
"""
from django.db import migrations, models
from django.db.models import F


def archive_inactive(apps, schema_editor):
    Instructor = apps.get_model("faculty", "PartTimeInstructor")
    Instructor.objects.filter(is_active=False).update(archived_at=F("updated_at"))


def unarchive(apps, schema_editor):
    Instructor = apps.get_model("faculty", "PartTimeInstructor")
    Instructor.objects.filter(archived_at__isnull=False).update(is_active=False)


class Migration(migrations.Migration):
    dependencies = [
        ("faculty", "0004_instructor_evaluation_scope"),
    ]

    operations = [
        migrations.AddField(
            model_name="parttimeinstructor",
            name="archived_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="archived at",
                help_text="An archived entry is kept for the records that name it but offered for no new ones.",
            ),
        ),
        migrations.RunPython(archive_inactive, unarchive),
        migrations.RemoveField(model_name="parttimeinstructor", name="is_active"),
    ]
