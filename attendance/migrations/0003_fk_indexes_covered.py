"""The placement foreign keys lose their own indexes: each table's unique key or index leads with the placement."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('attendance', '0002_calendar_2026_rules_and_schedule'),
    ]

    operations = [
        migrations.AlterField(
            model_name='absence',
            name='placement',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='absences', to='internships.placement', verbose_name='placement'),
        ),
        migrations.AlterField(
            model_name='checkin',
            name='placement',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='check_ins', to='internships.placement', verbose_name='placement'),
        ),
        migrations.AlterField(
            model_name='leaverequest',
            name='placement',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.PROTECT, related_name='leave_requests', to='internships.placement', verbose_name='placement'),
        ),
        migrations.AlterField(
            model_name='workingtimebreach',
            name='placement',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='working_time_breaches', to='internships.placement', verbose_name='placement'),
        ),
    ]
