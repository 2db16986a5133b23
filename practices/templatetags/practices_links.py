"""The way to the good practices library from the pages that need it (the help centre, a
department's page): the department's own library when it has one (the page's department, or on
a department's own address the site's), else the national one, in the visitor's language; its
address as the site served prints it (relative on its own site). One query; nothing shown when
no library is published."""

from django import template
from django.db.models import Q
from wagtail.models import Locale, Page, Site

from core.addresses import url_on_site
from pages.tree import public_only

from ..models import PracticeLibraryPage

register = template.Library()

NATIONAL_DEPTH = 3  # the tree's root (1), a language's home (2), its library (3)


def library_for(page: Page | None = None) -> PracticeLibraryPage | None:
    where = Q(depth=NATIONAL_DEPTH)
    if page is not None and page.depth >= NATIONAL_DEPTH:  # a department, or a page below one
        department = page.path[: Page.steplen * NATIONAL_DEPTH]
        where |= Q(path__startswith=department, depth=NATIONAL_DEPTH + 1)
    libraries = PracticeLibraryPage.objects.live().filter(where)
    return (
        public_only(libraries)
        .filter(locale=Locale.get_active())
        .only("id", "path", "url_path", "depth", "title", "locale_id")
        .order_by("-depth", "path")
        .first()
    )


@register.inclusion_tag("practices/includes/library_link.html", takes_context=True)
def practice_library_link(context, page: Page | None = None) -> dict:
    request = context.get("request")
    if page is None and request is not None:
        site = Site.find_for_request(request)
        page = site.root_page if site is not None else None
    library = library_for(page)
    return {"library": library, "href": url_on_site(library, request) if library else ""}
