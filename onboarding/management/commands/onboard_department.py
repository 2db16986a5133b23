"""`manage.py onboard_department 53`: engage a department (page, groups, collection, rights)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from onboarding import roles, services


class Command(BaseCommand):
    help = "Engage a department: its page, its editors and referents groups, its collection."

    def add_arguments(self, parser):
        parser.add_argument("code", help="INSEE code of the department, e.g. 53, 2A or 971.")

    def handle(self, *args, **options):
        try:
            department = services.find_department(options["code"])
            already = roles.is_engaged(department)
            page = services.onboard_department(department.code)
        except services.OnboardingError as error:
            raise CommandError(str(error)) from error
        if already:
            message = _("%(department)s was already engaged (page %(url)s): nothing to do.")
        else:
            message = _(
                "%(department)s is engaged: page %(url)s, its editors and referents groups "
                "and its collection are ready."
            )
        self.stdout.write(
            self.style.SUCCESS(message % {"department": department, "url": page.get_url()})
        )
