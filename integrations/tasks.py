from celery import shared_task

from . import services


@shared_task(name="integrations.deliver", ignore_result=True)
def deliver(delivery_id: int, manual: bool = False) -> None:
    """One attempt of one delivery (routed to the ``webhooks`` queue, CELERY_TASK_ROUTES)."""
    services.attempt(delivery_id, manual=manual)


@shared_task(name="integrations.retry_due", ignore_result=True)
def retry_due() -> int:
    """Requeue deliveries whose retry was lost (a periodic safety net; docs/WEBHOOKS.md)."""
    return services.retry_due()
