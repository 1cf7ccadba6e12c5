"""The Celery application: Redis broker, JSON only, schedules in the database (django-celery-beat)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("iei")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="config.ping")
def ping(value: int) -> int:
    """Round-trip task used by the health tests: proves broker, worker and database are wired."""
    from django.core.cache import cache

    cache.set(f"celery-ping:{value}", value + 1, timeout=300)
    return value + 1
