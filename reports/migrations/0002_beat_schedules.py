"""Registers the reports app's periodic tasks with django-celery-beat (the database scheduler)."""
import json

from django.db import migrations

SCHEDULES = [
    # name, task, crontab (minute, hour, day_of_month)
    ("reports: delete expired report files", "reports.expire_report_files", ("17", "3", "*")),
    ("reports: re-run report jobs whose worker died", "reports.requeue_stale_jobs", ("*/15", "*", "*")),
    ("reports: monthly KPI snapshot", "reports.take_kpi_snapshot", ("5", "1", "1")),
]


def create(apps, schema_editor):
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    Periodic = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, (minute, hour, dom) in SCHEDULES:
        cron, _ = Crontab.objects.get_or_create(
            minute=minute, hour=hour, day_of_month=dom, month_of_year="*", day_of_week="*", timezone="Asia/Shanghai",
        )
        Periodic.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": cron, "args": json.dumps([]), "enabled": True},
        )


def remove(apps, schema_editor):
    Periodic = apps.get_model("django_celery_beat", "PeriodicTask")
    Periodic.objects.filter(name__in=[s[0] for s in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
