from django.core.management.base import BaseCommand

from accounts.demo import DemoContext
from core.registry import app_modules


class Command(BaseCommand):
    help = "Load the demo college, partners and users (safe to run again: nothing is duplicated)."

    def add_arguments(self, parser):
        parser.add_argument("--password", default="demo-pass-2026", help="Password of every demo user.")

    def handle(self, *args, password: str, **options):
        ctx = DemoContext(password=password)
        for mod in app_modules("demo"):
            self.stdout.write(f"seeding {mod.__name__} …")
            mod.seed(ctx)
        for mod in app_modules("demo"):
            if hasattr(mod, "seed_links"):
                mod.seed_links(ctx)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Logins (all with the same password):"))
        for username, user in ctx.users.items():
            self.stdout.write(f"  {username:<12} {user}")
        self.stdout.write(f"  password: {password}")
