"""`manage.py import_territories [--departments 53 29 17]`: loads France's reference data."""

import time

from django.core.management.base import BaseCommand, CommandError

from territories.services import TerritoriesImportError, import_territories

STEP_LABELS = {
    "regions": "Regions",
    "departments": "Departments",
    "communes": "Communes",
    "arrondissements": "Arrondissements",
    "postal codes": "Postal codes",
    "EPCI": "EPCI",
    "EPCI members": "EPCI members",
}


class TextProgressBar:
    """A plain text progress bar on stderr: redrawn in place on a terminal, one line per
    finished step otherwise (logs, CI)."""

    WIDTH = 30

    def __init__(self, stream, interactive: bool):
        self.stream = stream
        self.interactive = interactive

    def __call__(self, step: str, done: int, total: int) -> None:
        if total == 0:
            return
        if not self.interactive and done < total:
            return
        filled = self.WIDTH * done // total
        bar = "#" * filled + "-" * (self.WIDTH - filled)
        label = STEP_LABELS.get(step, step)
        end = "\n" if done >= total else ""
        prefix = "\r" if self.interactive else ""
        self.stream.write(f"{prefix}{label:<15} [{bar}] {done}/{total}{end}")
        self.stream.flush()


class Command(BaseCommand):
    help = (
        "Creates or updates France's regions, departments, communes, postal codes and EPCI "
        "from territories/data/france.json.gz. Running it again changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--departments",
            nargs="+",
            metavar="CODE",
            help="Import only these departments (INSEE codes, e.g. 53 29 17).",
        )

    def handle(self, *args, **options):
        stderr = self.stderr._out
        interactive = options.get("verbosity", 1) >= 1 and stderr.isatty()
        progress = TextProgressBar(stderr, interactive) if options["verbosity"] >= 1 else None
        started = time.perf_counter()
        try:
            report = import_territories(departments=options["departments"], progress=progress)
        except TerritoriesImportError as error:
            raise CommandError(str(error)) from error
        elapsed = time.perf_counter() - started
        self.stdout.write(report.summary())
        self.stdout.write(self.style.SUCCESS(f"Done in {elapsed:.1f} s."))
