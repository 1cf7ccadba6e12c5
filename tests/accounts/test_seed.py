import pytest
from django.core.management import call_command

from accounts.choices import Role
from accounts.models import Membership, Organization, User


@pytest.mark.django_db
def test_seed_demo_twice_duplicates_nothing():
    call_command("seed_demo", password="Seed-Pass-2026")
    counts = (Organization.objects.count(), User.objects.count(), Membership.objects.count())
    call_command("seed_demo", password="Seed-Pass-2026")
    assert (Organization.objects.count(), User.objects.count(), Membership.objects.count()) == counts
    assert Organization.objects.filter(kind="enterprise").count() >= 8
    for username in ["admin", "teacher", "teacher2", "enterprise", "enterprise2", "student", "student2", "association"]:
        assert User.objects.get(username=username).check_password("Seed-Pass-2026")
    ent1 = Membership.objects.get(user__username="enterprise", role=Role.ENTERPRISE).organization
    ent2 = Membership.objects.get(user__username="enterprise2", role=Role.ENTERPRISE).organization
    assert ent1 != ent2
