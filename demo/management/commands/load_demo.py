"""`manage.py load_demo`: loads the demo content and accounts (idempotent), lists the logins."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.logins import logins_text
from demo.services import DemoError, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo: three departments, nine communes, their pages, news and one account "
        "per role. Running it again changes nothing. Needs settings.DEMO_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default="http://127.0.0.1:8000/",
            help="The address the site will be served at, shown with the logins: the national "
            "site is moved there, and its port is the demo's dedicated sites' "
            "(mayenne.localhost, laval.localhost).",
        )

    def handle(self, *args, url: str, **options):
        password = getattr(settings, "DEMO_PASSWORD", "")
        if not password:
            # The demo accounts have a published password: never on a real site.
            raise CommandError(
                "load_demo creates accounts with a published password and runs only with "
                "settings that define DEMO_PASSWORD (cms.settings.dev or cms.settings.test), "
                "never in production."
            )
        try:
            report = load_demo(password=password, url=url, translations_too=True)
        except DemoError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo loaded: {report.pages_saved} pages, {report.gestures_saved} gestures, "
                f"{report.actions_saved} actions and {report.initiatives_saved} initiatives "
                "created or updated, "
                f"the communication kits of {report.kits_queued} territories queued (the job "
                "worker renders them)."
            )
        )
        self.stdout.write(logins_text(url, password))
