# The platform app takes over two models of accounts; the tables keep their names (no data moves).
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import core.models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('accounts', '0003_organization_name_index'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SignedLinkUse',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name='ID')),
                        ('link_id', models.CharField(default=core.models._new_link_id, max_length=64, unique=True)),
                        ('purpose', models.CharField(max_length=60)),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('used_at', models.DateTimeField(auto_now_add=True)),
                    ],
                    options={
                        'verbose_name': 'used signed link',
                        'verbose_name_plural': 'used signed links',
                        'db_table': 'accounts_signedlinkuse',
                        'ordering': ['-used_at'],
                    },
                ),
                migrations.CreateModel(
                    name='StatusChange',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False,
                                                   verbose_name='ID')),
                        ('object_id', models.PositiveBigIntegerField()),
                        ('field', models.CharField(default='status', max_length=40, verbose_name='field')),
                        ('from_status', models.CharField(blank=True, max_length=40, verbose_name='from')),
                        ('to_status', models.CharField(max_length=40, verbose_name='to')),
                        ('at', models.DateTimeField(auto_now_add=True, verbose_name='at')),
                        ('note', models.TextField(blank=True, verbose_name='note')),
                        ('by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                                 to=settings.AUTH_USER_MODEL, verbose_name='by')),
                        ('content_type', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE,
                                                           to='contenttypes.contenttype')),
                    ],
                    options={
                        'verbose_name': 'status change',
                        'verbose_name_plural': 'status changes',
                        'db_table': 'accounts_statuschange',
                        'ordering': ['-at', '-id'],
                        'indexes': [models.Index(fields=['content_type', 'object_id'],
                                                 name='accounts_st_content_520ded_idx')],
                    },
                ),
            ],
        ),
    ]
