"""Celery tasks: thin wrappers over services that take ids or nothing and are safe to run twice."""
from __future__ import annotations

import smtplib

from celery import shared_task
from django.db import InterfaceError, OperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from . import reminders, services

# Only errors that a later attempt can cure; a bug fails loudly instead of retrying forever.
TRANSIENT = (OperationalError, InterfaceError, RedisConnectionError, smtplib.SMTPServerDisconnected,
             smtplib.SMTPConnectError)
RETRY = {"autoretry_for": TRANSIENT, "retry_backoff": 5, "retry_backoff_max": 600, "retry_jitter": True,
         "max_retries": 6}


@shared_task(name="notifications.run_reminder", **RETRY)
def run_reminder(rule: str) -> int:
    return reminders.run_rule(rule)


@shared_task(name="notifications.send_immediate_emails", **RETRY)
def send_immediate_emails(notification_ids: list[int]) -> int:
    return services.send_immediate_emails(notification_ids=notification_ids)


@shared_task(name="notifications.send_pending_emails", **RETRY)
def send_pending_emails() -> int:
    return services.send_pending_emails()


@shared_task(name="notifications.send_daily_digest", **RETRY)
def send_daily_digest() -> int:
    return services.send_daily_digest()
