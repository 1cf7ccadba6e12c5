"""Registers integrations.retry_due with django-celery-beat (the database scheduler): every five minutes it
requeues deliveries whose retry was lost with a worker (docs/WEBHOOKS.md). Like reports' schedules, the
row is the app's own; an admin may change or disable it in the admin site afterwards."""
import json

from django.db import migrations

SCHEDULE = ("integrations: requeue overdue webhook deliveries", "integrations.retry_due", "*/5")


def create(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    Periodic = apps.get_model("django_celery_beat", "PeriodicTask")
    name, task, minute = SCHEDULE
    cron, _ = Crontab.objects.get_or_create(minute=minute, hour="*", day_of_month="*", month_of_year="*",
                                            day_of_week="*", timezone="Asia/Shanghai")
    Periodic.objects.get_or_create(name=name, defaults={"task": task, "crontab": cron, "args": json.dumps([]),
                                                        "enabled": True})


def remove(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SCHEDULE[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
