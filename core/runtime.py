"""Process set-up of a web worker (config/wsgi.py; bench/run.py does the same to measure like one)."""
from __future__ import annotations

import gc


def settle_process() -> None:
    """Load every URL pattern and view module now, then freeze what is loaded.

    ``gc.freeze()`` moves every object alive at this point into a generation the cyclic garbage
    collector never scans again: Django's and the project's modules, URL patterns, model metadata
    (about 150,000 objects). Without it each full collection walked all of them, 100-200 ms every few
    requests, and those pauses were the slowest requests of the site (the p95 of small lists).
    """
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  imports every app's views, serializers and filters
    gc.collect()
    gc.freeze()
