"""Recompute the kept compliance status of every current placement (after an upgrade or a bulk load)."""
from django.core.management.base import BaseCommand
from django.db import transaction

from internships.models import CURRENT_PLACEMENT_STATES, Placement
from internships.services import _lock_enterprise, refresh_compliance


class Command(BaseCommand):
    help = "Recompute the compliance status of every pending and active placement, one enterprise at a time."

    def handle(self, *args, **options):
        ids = (Placement.objects.filter(status__in=CURRENT_PLACEMENT_STATES).order_by()
               .values_list("enterprise_id", flat=True).distinct())
        n = 0
        for enterprise_id in ids.iterator():
            with transaction.atomic():
                _lock_enterprise(enterprise_id)
                refresh_compliance(enterprise_id, announce=False)
            n += 1
        breaches = Placement.objects.filter(status__in=CURRENT_PLACEMENT_STATES, compliance_ok=False).count()
        self.stdout.write(f"{n} enterprises checked; {breaches} current placements break a rule.")
