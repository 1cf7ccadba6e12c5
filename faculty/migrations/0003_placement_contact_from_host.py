"""A teacher cannot confirm their own industry placement (issue 18 item 7).

The confirmation contact of a placement is no longer typed by the teacher: it is copied at submission
from the contact the host enterprise registered on its partner profile, so the fields become read-only.

Data: on placements the host has not answered yet (draft, returned, submitted) the contact name and
e-mail were typed by the teacher; ``forget_typed_contacts`` clears them (the next submission, and the
reminder of a waiting placement, use the host's registered contact). Links already e-mailed to those
addresses stop working because the link purpose changed (faculty.services.LINK_PURPOSE). Confirmed and
counted placements keep theirs as a record of what was.
"""
from django.db import migrations, models


def forget_typed_contacts(apps, schema_editor):
    placements = apps.get_model("faculty", "TeacherPlacement")
    placements.objects.filter(status__in=["draft", "returned", "submitted"]).update(contact_name="", contact_email="")


class Migration(migrations.Migration):

    dependencies = [
        ('faculty', '0002_evidence_verification'),
    ]

    operations = [
        migrations.AlterField(
            model_name='historicalteacherplacement',
            name='contact_email',
            field=models.EmailField(blank=True, editable=False, help_text='The contact the host enterprise registered; its staff may also confirm in the platform.', max_length=254, verbose_name='confirmation link sent to'),
        ),
        migrations.AlterField(
            model_name='historicalteacherplacement',
            name='contact_name',
            field=models.CharField(blank=True, editable=False, max_length=100, verbose_name='enterprise contact'),
        ),
        migrations.AlterField(
            model_name='teacherplacement',
            name='contact_email',
            field=models.EmailField(blank=True, editable=False, help_text='The contact the host enterprise registered; its staff may also confirm in the platform.', max_length=254, verbose_name='confirmation link sent to'),
        ),
        migrations.AlterField(
            model_name='teacherplacement',
            name='contact_name',
            field=models.CharField(blank=True, editable=False, max_length=100, verbose_name='enterprise contact'),
        ),
        migrations.RunPython(forget_typed_contacts, migrations.RunPython.noop),
    ]
