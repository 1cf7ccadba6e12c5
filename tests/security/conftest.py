"""Fixtures of the security suite: the demo data set as the shared world, and one user per role.

The access matrix asks hundreds of questions of the same data, so the demo seed is loaded once per
module inside an outer transaction that is rolled back at the end; each test still runs in its own
savepoint (pytest-django's ``db``), so a write made by one request never leaks into the next.
"""
from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import transaction

SEED_PASSWORD = "Seed-Secret-2026"

# role name in the matrix -> demo username (accounts/demo.py USERS)
ROLE_USERS = {
    "admin": "admin",
    "teacher": "teacher",
    "ent_a": "enterprise",
    "ent_b": "enterprise2",
    "student": "student",
    "assoc": "association",
}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data set; yields the media folder its files were stored in."""
    from django.test import override_settings

    media = tmp_path_factory.mktemp("seed-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", password=SEED_PASSWORD, verbosity=0)
            yield media
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture
def actors(seeded, db, settings):
    """Role name -> user (``anon`` -> None), plus the two sides' organisations and people."""
    settings.MEDIA_ROOT = seeded
    from accounts.choices import Role
    from accounts.models import Membership, User

    users = {role: User.objects.get(username=name) for role, name in ROLE_USERS.items()}
    users["anon"] = None

    def org_of(username: str):
        return Membership.objects.get(user__username=username, role=Role.ENTERPRISE).organization

    sides = {
        "A": {"orgs": [org_of("enterprise")], "users": [User.objects.get(username=u) for u in ("teacher", "student")]},
        "B": {
            "orgs": [org_of("enterprise2")],
            "users": [User.objects.get(username=u) for u in ("teacher2", "student2")],
        },
    }
    return users, sides
