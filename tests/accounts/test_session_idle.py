"""The sliding idle timeout renews the session at most once per SESSION_REFRESH_SECONDS."""
import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone


def _session_writes(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    sql = [q["sql"] for q in ctx.captured_queries]
    return [q for q in sql if "django_session" in q and not q.startswith("SELECT")]


@pytest.mark.django_db
def test_requests_within_the_refresh_interval_do_not_write_the_session(client, teacher):
    client.force_login(teacher)
    client.get(reverse("dashboard"))  # the first request stamps the renewal
    assert _session_writes(client, reverse("dashboard")) == []
    assert _session_writes(client, reverse("dashboard")) == []


@pytest.mark.django_db
def test_renewal_moves_the_database_expiry_forward(client, teacher, settings):
    client.force_login(teacher)
    client.get(reverse("dashboard"))
    key = client.session.session_key
    session = client.session
    session["_iei_renewed_at"] = int(time.time()) - settings.SESSION_REFRESH_SECONDS - 1
    session.save()
    # As if the idle window had nearly run out: ten minutes left.
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() + timedelta(minutes=10))
    cache.clear()  # the cached_db engine would otherwise answer from its cache
    assert _session_writes(client, reverse("dashboard")), "an old renewal must save the session"
    left = Session.objects.get(session_key=client.session.session_key).expire_date - timezone.now()
    assert left > timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


@pytest.mark.django_db
def test_the_first_request_after_signing_in_does_not_write_the_session(client, teacher):
    """The sign-in stamps the session's start and renewal (accounts.middleware.stamp_login): the first page or
    check-in after it has nothing to save."""
    client.force_login(teacher)
    assert _session_writes(client, reverse("dashboard")) == []
