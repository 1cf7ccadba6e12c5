"""Evaluation criteria are archived like every catalogue entry (core/catalogue.py): ``archived_at`` replaces
``is_active``, an inactive criterion becoming one archived now."""
from django.db import migrations, models
from django.utils import timezone


def archive_inactive(apps, schema_editor):
    apps.get_model("funding", "EvaluationCriterion").objects.filter(is_active=False).update(archived_at=timezone.now())


def activate_unarchived(apps, schema_editor):
    apps.get_model("funding", "EvaluationCriterion").objects.filter(archived_at__isnull=False).update(is_active=False)


class Migration(migrations.Migration):

    dependencies = [
        ("funding", "0004_booking_period_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="evaluationcriterion", name="archived_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="archived at",
                help_text="An archived entry is kept for the records that name it but offered for no new ones."),
        ),
        migrations.RunPython(archive_inactive, activate_unarchived),
        migrations.RemoveField(model_name="evaluationcriterion", name="is_active"),
    ]
