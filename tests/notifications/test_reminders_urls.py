"""Reminder notifications link to their object: the URL made from one reversed pattern is reverse()'s own."""
import pytest
from django.urls import reverse

from notifications.reminders import object_url


@pytest.mark.parametrize("pk", [1, 7, 42, 987654, 12345678901])
def test_object_url_equals_reverse(pk):
    assert object_url("internships:placement_detail", pk) == reverse("internships:placement_detail", kwargs={"pk": pk})


def test_unknown_url_name_falls_back():
    assert object_url("no_such:view", 3, fallback="dashboard") == reverse("dashboard")
    assert object_url("no_such:view", 3) == ""
