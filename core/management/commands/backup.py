import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core import backup


class Command(BaseCommand):
    help = "Dump the database (pg_dump custom format); with --verify, restore it into a new database and compare."

    def add_arguments(self, parser):
        parser.add_argument("--out", default="", help="Dump file (default var/backups/iei-<timestamp>.dump).")
        parser.add_argument("--verify", action="store_true",
                            help="Restore into a scratch database, compare row counts of every table, drop it.")

    def handle(self, *args, out: str, verify: bool, **options):
        path = Path(out or f"var/backups/iei-{time.strftime('%Y%m%d-%H%M%S')}.dump")
        path.parent.mkdir(parents=True, exist_ok=True)
        backup.dump(path)
        self.stdout.write(f"dumped to {path} ({path.stat().st_size} bytes)")
        if not verify:
            return
        scratch = f"iei_restore_check_{int(time.time())}"
        try:
            backup.restore(path, target_db=scratch)
            source, restored = backup.table_counts(), backup.table_counts(scratch)
        finally:
            backup.drop_database(scratch)
        diff = {t: (source.get(t), restored.get(t)) for t in source.keys() | restored.keys()
                if source.get(t) != restored.get(t)}
        if diff:
            raise CommandError(f"restore differs from the source: {diff}")
        self.stdout.write(self.style.SUCCESS(f"restore verified: {len(source)} tables, {sum(source.values())} rows"))
