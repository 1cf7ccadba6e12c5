from django.core.management.base import BaseCommand

from notifications.schedules import install_default_schedules


class Command(BaseCommand):
    help = "Install the default reminder and e-mail schedules for Celery beat (existing ones are kept)."

    def handle(self, *args, **options):
        created = install_default_schedules()
        for name in created:
            self.stdout.write(f"created {name}")
        self.stdout.write(self.style.SUCCESS(f"{len(created)} schedule(s) created; existing schedules unchanged."))
