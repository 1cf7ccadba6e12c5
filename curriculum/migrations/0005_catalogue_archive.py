"""Catalogue entries are archived instead of deleted (core/catalogue.py); competition and certificate names are
unique so that the pages and the API can say which one is meant."""
from django.db import migrations, models

ARCHIVED_AT = dict(
    blank=True, editable=False, null=True, verbose_name="archived at",
    help_text="An archived entry is kept for the records that name it but offered for no new ones.",
)


class Migration(migrations.Migration):

    dependencies = [
        ("curriculum", "0004_course_project_index"),
    ]

    operations = [
        *[migrations.AddField(model_name=name, name="archived_at", field=models.DateTimeField(**ARCHIVED_AT))
          for name in ("certificate", "competency", "competition", "coursemodule", "jobpost")],
        migrations.AlterField(
            model_name="competition", name="name",
            field=models.CharField(max_length=200, unique=True, verbose_name="name"),
        ),
        migrations.AlterField(
            model_name="certificate", name="name",
            field=models.CharField(max_length=200, unique=True, verbose_name="name"),
        ),
    ]
