"""The official 2026 calendar of public holidays and make-up workdays, the rules row and the daily job.

Source: 国务院办公厅关于2026年部分节假日安排的通知 (国办发明电, 4 November 2025). Every day of each
holiday period is listed (weekend days inside it too), and each make-up workday (调休上班). College
admins edit the calendar from then on (pages, API, admin site); later years are added the same way.
"""
import datetime
import json

from django.db import migrations

HOLIDAYS_2026 = [
    ("元旦", datetime.date(2026, 1, 1), datetime.date(2026, 1, 3)),
    ("春节", datetime.date(2026, 2, 15), datetime.date(2026, 2, 23)),
    ("清明节", datetime.date(2026, 4, 4), datetime.date(2026, 4, 6)),
    ("劳动节", datetime.date(2026, 5, 1), datetime.date(2026, 5, 5)),
    ("端午节", datetime.date(2026, 6, 19), datetime.date(2026, 6, 21)),
    ("中秋节", datetime.date(2026, 9, 25), datetime.date(2026, 9, 27)),
    ("国庆节", datetime.date(2026, 10, 1), datetime.date(2026, 10, 7)),
]
WORKDAYS_2026 = [
    ("元旦调休上班", datetime.date(2026, 1, 4)),
    ("春节调休上班", datetime.date(2026, 2, 14)),
    ("春节调休上班", datetime.date(2026, 2, 28)),
    ("劳动节调休上班", datetime.date(2026, 5, 9)),
    ("国庆节调休上班", datetime.date(2026, 9, 20)),
    ("国庆节调休上班", datetime.date(2026, 10, 10)),
]

# Beat wakes the job every ten minutes; it works once a day, after the college's reminder time.
SCHEDULE = ("attendance: daily absences and reminders", "attendance.run_daily", "*/10")


def calendar_days():
    for name, first, last in HOLIDAYS_2026:
        day = first
        while day <= last:
            yield day, "holiday", name
            day += datetime.timedelta(days=1)
    for name, day in WORKDAYS_2026:
        yield day, "workday", name


def create(apps, schema_editor):
    CalendarDay = apps.get_model("attendance", "CalendarDay")
    for day, kind, name in calendar_days():
        CalendarDay.objects.get_or_create(date=day, defaults={"kind": kind, "name": name})
    apps.get_model("attendance", "AttendanceRules").objects.get_or_create(pk=1)
    Crontab = apps.get_model("django_celery_beat", "CrontabSchedule")
    Periodic = apps.get_model("django_celery_beat", "PeriodicTask")
    name, task, minute = SCHEDULE
    cron, _ = Crontab.objects.get_or_create(minute=minute, hour="*", day_of_month="*", month_of_year="*",
                                            day_of_week="*", timezone="Asia/Shanghai")
    Periodic.objects.get_or_create(name=name, defaults={"task": task, "crontab": cron, "args": json.dumps([]),
                                                        "enabled": True})


def remove(apps, schema_editor):
    apps.get_model("attendance", "CalendarDay").objects.filter(date__year=2026).delete()
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SCHEDULE[0]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("attendance", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create, remove)]
