import json

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from notifications.reminders import RULES

pytestmark = pytest.mark.django_db


def test_install_schedules_is_idempotent_and_keeps_admin_edits():
    call_command("install_schedules")
    count = PeriodicTask.objects.count()
    assert PeriodicTask.objects.filter(task__startswith="notifications.").count() == len(RULES) + 2
    task = PeriodicTask.objects.get(name="reminder: agreement_expiring")
    assert task.task == "notifications.run_reminder" and json.loads(task.args) == ["agreement_expiring"]
    task.enabled = False
    task.save()
    call_command("install_schedules")
    assert PeriodicTask.objects.count() == count
    assert PeriodicTask.objects.get(name="reminder: agreement_expiring").enabled is False


def test_every_scheduled_task_is_registered():
    from config.celery import app

    call_command("install_schedules")
    app.loader.import_default_modules()
    for task in PeriodicTask.objects.values_list("task", flat=True):
        assert task in app.tasks


def test_run_reminder_task_runs_the_rule(admin_user):
    from notifications.tasks import run_reminder

    assert run_reminder.apply(args=["agreement_expiring"]).get() == 0
