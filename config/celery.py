"""The Celery application: Redis broker, JSON only, schedules in the database (django-celery-beat)."""
import fnmatch
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("iei")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def queue_of(task_name: str) -> str:
    """The queue ``CELERY_TASK_ROUTES`` sends a task to (exact names first, then glob patterns)."""
    from django.conf import settings

    routes = settings.CELERY_TASK_ROUTES
    if task_name in routes:
        return routes[task_name]["queue"]
    for pattern, route in routes.items():
        if fnmatch.fnmatchcase(task_name, pattern):
            return route["queue"]
    return settings.CELERY_TASK_DEFAULT_QUEUE


class QueueTimeLimits:
    """Celery task annotation: each task takes the time limits of its queue (CELERY_QUEUE_TIME_LIMITS).

    Declared per queue rather than per task, so a new task gets its line's limits with its route.
    """

    def annotate(self, task):
        from django.conf import settings

        limits = settings.CELERY_QUEUE_TIME_LIMITS.get(queue_of(task.name))
        if limits is None:
            return None
        return {"soft_time_limit": limits[0], "time_limit": limits[1]}


@app.task(name="config.ping")
def ping(value: int) -> int:
    """Round-trip task used by the health tests: proves broker, worker and database are wired."""
    from django.core.cache import cache

    cache.set(f"celery-ping:{value}", value + 1, timeout=300)
    return value + 1
