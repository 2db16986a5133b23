"""`manage.py load_gestures [path]`: loads (or updates) the idea box's categories and gestures."""

from django.core.management.base import BaseCommand, CommandError

from snippets.services import GestureDataError, load_gestures


class Command(BaseCommand):
    help = "Loads the gestures of the idea box (snippets/data/gestures.json); safe to run again."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="Another JSON file of the same shape.")

    def handle(self, *args, path=None, **options):
        try:
            report = load_gestures(path)
        except GestureDataError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Categories: {report.categories_created} created, "
            f"{report.categories_updated} updated. "
            f"Gestures: {report.gestures_created} created, {report.gestures_updated} updated, "
            f"{report.gestures_unchanged} unchanged."
        )
