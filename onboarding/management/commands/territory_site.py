"""`manage.py territory_site /mayenne/ heurecivique.mayenne.fr --alias www.heurecivique.mayenne.fr`:
a department's or a commune's page gets its own address (a Wagtail Site rooted at it, its
second names redirected to it; core/sites.py). Safe to run again."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from wagtail.models import Page

from core.sites import BadHostname, dedicate_site
from pages.models import CommunePage, DepartmentPage


class Command(BaseCommand):
    help = "Give a department's or a commune's page its own address (a Wagtail Site)."

    def add_arguments(self, parser):
        parser.add_argument("page", help="The page's path (e.g. /mayenne/laval/) or id.")
        parser.add_argument("hostname", help="The site's address, e.g. heurecivique.mayenne.fr.")
        parser.add_argument(
            "--alias", action="append", default=[], help="A second name, redirected (repeatable)."
        )
        parser.add_argument("--port", type=int, default=443, help="443 (HTTPS, the default) or 80.")

    def handle(self, *args, page, hostname, alias, port, **options):
        territory = find_territory_page(page)
        try:
            site = dedicate_site(territory, hostname, port=port, aliases=tuple(alias))
        except BadHostname as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("%(page)s is at %(url)s.") % {"page": territory.title, "url": site.root_url}
            )
        )


def find_territory_page(reference: str) -> Page:
    """The department or commune page named by its id or its path under the national home."""
    reference = reference.strip()
    pages = Page.objects.type(DepartmentPage, CommunePage)
    if reference.isdigit():
        page = pages.filter(pk=int(reference)).first()
    else:
        segments = [part for part in reference.split("/") if part]
        # Under the national home (depth 2): /mayenne/ is at depth 3, /mayenne/laval/ at 4.
        page = (
            pages.filter(url_path__endswith="/" + "/".join(segments) + "/", depth=len(segments) + 2)
            .order_by("path")
            .first()
        )
    if page is None:
        raise CommandError(
            _("%(page)s is not the page of an engaged department or commune.") % {"page": reference}
        )
    return page.specific
