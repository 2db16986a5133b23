"""`manage.py onboard_commune 53130`: engage a commune by its INSEE code, and its department
first if needed (page, groups, collection, rights)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from onboarding import roles, services


class Command(BaseCommand):
    help = "Engage a commune (and its department if needed): page, groups, collection."

    def add_arguments(self, parser):
        parser.add_argument("insee_code", help="INSEE code of the commune, e.g. 53130 for Laval.")

    def handle(self, *args, **options):
        try:
            commune = services.find_commune_by_code(options["insee_code"])
            already = roles.is_engaged(commune)
            page = services.onboard_commune(commune.code)
        except services.OnboardingError as error:
            raise CommandError(str(error)) from error
        if already:
            message = _("%(commune)s was already engaged (page %(url)s): nothing to do.")
        else:
            message = _(
                "%(commune)s is engaged: page %(url)s, its editors and referents groups "
                "and its collection are ready."
            )
        self.stdout.write(self.style.SUCCESS(message % {"commune": commune, "url": page.get_url()}))
