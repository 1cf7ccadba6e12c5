"""integrations.retry_due runs under Celery beat every five minutes (issue 19: a retry lost with a worker
is picked up again, docs/WEBHOOKS.md). The row comes from integrations' migration 0002."""
import pytest
from django_celery_beat.models import PeriodicTask

pytestmark = pytest.mark.django_db


def test_retry_due_is_scheduled_every_five_minutes():
    task = PeriodicTask.objects.select_related("crontab").get(task="integrations.retry_due")
    assert task.enabled and task.crontab is not None
    assert task.crontab.schedule.minute == set(range(0, 60, 5))
    assert task.crontab.schedule.hour == set(range(24))


def test_the_schedule_names_a_registered_task():
    from config.celery import app

    app.loader.import_default_modules()
    scheduled = set(PeriodicTask.objects.filter(task__startswith="integrations.").values_list("task", flat=True))
    assert scheduled == {"integrations.retry_due"}
    assert scheduled <= set(app.tasks)
