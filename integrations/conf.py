"""The integrations settings, with their defaults (``settings.IEI_WEBHOOKS`` overrides them)."""
from __future__ import annotations

from django.conf import settings

DEFAULTS = {
    # Endpoints whose host resolves to loopback, link-local, private or reserved addresses are refused
    # (SSRF guard). Only tests turn this on, to deliver to receivers on 127.0.0.1.
    "ALLOW_PRIVATE_HOSTS": False,
    # Endpoints must use https; only tests (local receivers) turn this off.
    "REQUIRE_HTTPS": True,
    # A delivery that keeps failing is retried with exponential backoff for this long, then given up.
    "RETRY_FOR_SECONDS": 24 * 3600,
    "BACKOFF_BASE_SECONDS": 30,
    "BACKOFF_MAX_SECONDS": 6 * 3600,
    # An endpoint or channel whose deliveries failed this many times in a row is disabled.
    "DISABLE_AFTER_FAILURES": 10,
    # Connect and read timeouts of one attempt: a hanging receiver never holds a worker longer.
    "CONNECT_TIMEOUT": 3.0,
    "READ_TIMEOUT": 5.0,
    # How much of a receiver's answer is kept in the delivery log.
    "RESPONSE_EXCERPT_CHARS": 500,
    # After a rotation the previous secret still signs (second v1 signature) for this long.
    "SECRET_OVERLAP_SECONDS": 24 * 3600,
}


def setting(name: str):
    return {**DEFAULTS, **getattr(settings, "IEI_WEBHOOKS", {})}[name]
