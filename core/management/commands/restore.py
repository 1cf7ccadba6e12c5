from pathlib import Path

from django.core.management.base import BaseCommand

from core import backup


class Command(BaseCommand):
    help = "Restore a dump made by `manage.py backup` into a NEW database (then point DATABASE_URL at it)."

    def add_arguments(self, parser):
        parser.add_argument("dump")
        parser.add_argument("--database", required=True, help="Name of the new database to create.")

    def handle(self, *args, dump: str, database: str, **options):
        backup.restore(Path(dump), target_db=database)
        counts = backup.table_counts(database)
        self.stdout.write(self.style.SUCCESS(f"restored {sum(counts.values())} rows in {len(counts)} tables "
                                             f"into {database}"))
