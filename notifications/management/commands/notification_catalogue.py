from django.core.management.base import BaseCommand

from notifications import catalogue


class Command(BaseCommand):
    help = "Print the catalogue of event notifications (kinds and recipients); --write updates docs/NOTIFICATIONS.md."

    def add_arguments(self, parser):
        parser.add_argument("--write", action="store_true", help="Rewrite the table in docs/NOTIFICATIONS.md.")

    def handle(self, *args, write=False, **options):
        if write:
            catalogue.DOC.write_text(catalogue.render_doc(catalogue.DOC.read_text()))
            self.stdout.write(str(catalogue.DOC))
        else:
            self.stdout.write(catalogue.markdown())
