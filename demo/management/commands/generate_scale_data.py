"""`manage.py generate_scale_data`: France at full size (or `--scale` of it) for measuring;
never in production (demo/scale.py says what it writes)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from demo.scale import FRANCE, generate


class Command(BaseCommand):
    help = (
        "Generate engaged communes with their pages, volunteers, a year of actions and "
        "registrations, in bulk, to measure the site at the size of France. Only with DEBUG "
        "or settings.DEMO_PASSWORD (never in production). Running it again tops up."
    )

    def add_arguments(self, parser):
        for name, count in FRANCE.items():
            parser.add_argument(f"--{name}", type=int, default=count, help=f"default {count:,}")
        parser.add_argument(
            "--scale", type=float, default=1.0, help="Multiplies every number (0.01 for a try)."
        )
        parser.add_argument(
            "--past-years",
            type=int,
            default=0,
            help="Also years of one-off actions over, as many a year as --actions (a site's "
            "history; default none).",
        )
        parser.add_argument(
            "--departments",
            default="",
            help="Comma-separated INSEE codes of the departments to engage communes in "
            "(default: all of France).",
        )

    def handle(self, *args, scale: float, departments: str, past_years: int, **options):
        if not (settings.DEBUG or getattr(settings, "DEMO_PASSWORD", "")):
            raise CommandError(
                "generate_scale_data writes invented people and pages: it runs only with DEBUG "
                "or settings that define DEMO_PASSWORD, never in production."
            )
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10.")
        if not 0 <= past_years <= 10:
            raise CommandError("--past-years must be between 0 and 10.")
        numbers = {name: max(1, round(options[name] * scale)) for name in FRANCE}
        if connection.vendor != "postgresql":
            self.stderr.write("At France's size this takes minutes on PostgreSQL only.")

        def progress(step: str, written: int, seconds: float) -> None:
            self.stdout.write(f"{step}: {written:,} written in {seconds:.1f} s")
            self.stdout.flush()

        codes = [code.strip() for code in departments.split(",") if code.strip()] or None
        report = generate(**numbers, departments=codes, past_years=past_years, progress=progress)
        total = sum(report.seconds.values())
        self.stdout.write(self.style.SUCCESS(f"Done in {total:.1f} s."))
