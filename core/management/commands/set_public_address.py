"""`manage.py set_public_address https://heure-civique.mayenne.fr`: the default Wagtail Site
takes this public address (its hostname and port), so that pages, feeds, the API and QR codes
print it. E-mails print WAGTAILADMIN_BASE_URL: the environment must say the same address (this
command says so when it does not); `migrate` brings the Site back to the setting."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from core.addresses import BadAddress, follow_public_address, host_and_port, site_url


class Command(BaseCommand):
    help = (
        "Give the default Wagtail Site the public address (by default WAGTAILADMIN_BASE_URL's); "
        "WAGTAILADMIN_BASE_URL must be set to the same address."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "url",
            nargs="?",
            help="The public address, e.g. https://heure-civique.mayenne.fr "
            "(default: WAGTAILADMIN_BASE_URL).",
        )

    def handle(self, *args, url=None, **options):
        url = (url or site_url()).strip().rstrip("/")
        try:
            site = follow_public_address(url)
        except BadAddress as error:
            raise CommandError(str(error)) from error
        if site is None:
            raise CommandError(_("There is no default site yet: run `manage.py migrate` first."))
        self.stdout.write(
            self.style.SUCCESS(_("The default site's address is %(url)s.") % {"url": site.root_url})
        )
        if not _same_address(site_url(), url):
            self.stderr.write(
                self.style.WARNING(
                    _(
                        "WAGTAILADMIN_BASE_URL is %(setting)s: set it to %(url)s in the "
                        "environment, or e-mails will print another address (and the next "
                        "migrate gives the site the setting's address back)."
                    )
                    % {"setting": site_url(), "url": url}
                )
            )


def _same_address(setting: str, url: str) -> bool:
    try:
        return host_and_port(setting) == host_and_port(url)
    except BadAddress:
        return False
