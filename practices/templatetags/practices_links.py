"""The way to the good practices library from the pages that need it (the help centre, a
department's page): the department's own library when it has one, else the national one, in
the visitor's language. One query; nothing shown when no library is published."""

from django import template
from django.db.models import Q
from wagtail.models import Locale, Page

from pages.tree import public_only

from ..models import PracticeLibraryPage

register = template.Library()

NATIONAL_DEPTH = 3  # the tree's root (1), a language's home (2), its library (3)


def library_for(page: Page | None = None) -> PracticeLibraryPage | None:
    where = Q(depth=NATIONAL_DEPTH)
    if page is not None and page.depth >= NATIONAL_DEPTH:
        where |= Q(path__startswith=page.path, depth=page.depth + 1)
    libraries = PracticeLibraryPage.objects.live().filter(where)
    return (
        public_only(libraries)
        .filter(locale=Locale.get_active())
        .only("id", "path", "url_path", "depth", "title", "locale_id")
        .order_by("-depth", "path")
        .first()
    )


@register.inclusion_tag("practices/includes/library_link.html")
def practice_library_link(page: Page | None = None) -> dict:
    return {"library": library_for(page)}
