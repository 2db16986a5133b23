"""What the accessibility statement and the site map show, and what every footer says of them.

`footer_links(home)`: the live statement (its state of compliance) and site map of a home page,
read in one query and kept in the cache until a page at the top of the tree (a home or one of
its children) is saved, published, unpublished, moved or deleted (pages/signals.py).
`sitemap_context(page, request)`: the site map's lists, in a fixed number of queries and at most
`TERRITORIES_PER_PAGE` rows of territories per page, whatever the number of engaged communes.
The page models are imported inside the functions because pages.models imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Substr
from wagtail.models import Page

from core.addresses import site_url

from .tree import (
    COMMUNE_DEPTH,
    DEPARTMENT_DEPTH,
    DEPARTMENT_PATH_LENGTH,
    PATH_STEP,
    public_only,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

CACHE_KEY = "pages:legal-footer:{path}"
CACHE_SECONDS = 24 * 60 * 60
HOME_DEPTH = DEPARTMENT_DEPTH - 1  # the site root's children: the home and its translations
TERRITORIES_PER_PAGE = 500  # department and commune pages listed on one page of the site map

# The RGAA 4.1 model's recourse: the three ways to refer a matter to the Défenseur des droits.
RECOURSE = {
    "form_url": "https://formulaire.defenseurdesdroits.fr/",
    "delegates_url": "https://www.defenseurdesdroits.fr/saisir/delegues",
    "postal_address": "Défenseur des droits\nLibre réponse 71120\n75342 Paris CEDEX 07",
}


def default_site_address() -> str:
    return site_url()


@dataclass(frozen=True)
class FooterLinks:
    """What a footer says of the law's pages: the statement (None: there is none, the site is
    then "not compliant"), its state of compliance, and the site map."""

    statement: Page | None = None
    compliance: str = "non"
    sitemap: Page | None = None

    @property
    def compliance_label(self) -> str:
        from .models.legal import Compliance

        return Compliance(self.compliance).label


def _cache_key(path: str) -> str:
    """One entry per tree (the root's path): it holds the pages of every home and language."""
    return CACHE_KEY.format(path=path[:PATH_STEP])


def forget(path: str) -> None:
    """Forgets the footers' links when the page at `path` is at the top of the tree (the root,
    a home, a child of a home): the only pages the links depend on."""
    if len(path) <= DEPARTMENT_PATH_LENGTH:  # the depth of a home's children
        cache.delete(_cache_key(path))


def _read(root_path: str) -> list[Page]:
    """The live statements and site maps of every home of the tree under `root_path`, each with
    its state of compliance (statements) and its home's translation key: one query."""
    from .models.legal import AccessibilityStatementPage, SitemapPage

    home_path = Substr(OuterRef("path"), 1, HOME_DEPTH * PATH_STEP)
    parent_key = Page.objects.filter(path=home_path).values("translation_key")[:1]
    return list(
        public_only(Page.objects.live())
        .filter(depth=DEPARTMENT_DEPTH, path__startswith=root_path)
        .type(AccessibilityStatementPage, SitemapPage)
        .annotate(
            # A statement's state (a site map has none: its row of the join is empty).
            compliance=F("accessibilitystatementpage__compliance"),
            home_key=Subquery(parent_key),
        )
        .order_by("path")
    )


def _pages_of(home: Page) -> list[Page]:
    """The live statements and site maps of all homes (few: one each per language), cached."""
    key = _cache_key(home.path)
    pages = cache.get(key)
    if pages is None:
        pages = _read(home.path[:PATH_STEP])
        cache.set(key, pages, CACHE_SECONDS)
    return pages


def footer_links(home: Page | None) -> FooterLinks:
    """The statement and site map of `home`; when a translation of the home has none, those of
    another version of it (the statement of the French site applies to its English pages)."""
    if home is None or not home.path:
        return FooterLinks()
    pages = _pages_of(home)

    def pick(is_statement: bool) -> Page | None:
        kind = [page for page in pages if (page.compliance is not None) == is_statement]
        own = [page for page in kind if page.path.startswith(home.path)]
        versions = [page for page in kind if page.home_key == home.translation_key]
        return (own or versions or [None])[0]

    statement = pick(True)
    return FooterLinks(
        statement=statement,
        compliance=statement.compliance if statement is not None else "non",
        sitemap=pick(False),
    )


# The site map


@dataclass
class TerritoryGroup:
    department: Page | None
    communes: list[Page]
    continued: bool = False  # the department's communes began on the previous page


def sitemap_context(page: Page, request: HttpRequest) -> dict:
    """The site map of `page`'s home: its national pages (live, public, in the menus or not;
    departments apart) and, paginated, each engaged department with its engaged communes."""
    from .models import CommunePage, DepartmentPage

    home = page.get_parent()
    national = list(
        Page.objects.child_of(home)
        .live()
        .public()
        .not_type(DepartmentPage)
        .not_page(page)
        .order_by("path")
    )
    territories = (
        Page.objects.descendant_of(home)
        .live()
        .public()
        .type(DepartmentPage, CommunePage)
        .filter(depth__lte=COMMUNE_DEPTH)
        .order_by("path")
        .only("id", "path", "depth", "title", "url_path", "content_type_id", "locale_id")
    )
    paginator = Paginator(territories, TERRITORIES_PER_PAGE)
    territories_page = paginator.get_page(request.GET.get("page"))
    return {
        "home": home,
        "national_pages": national,
        "territory_groups": _grouped(list(territories_page)),
        "territories_page": territories_page,
    }


def _grouped(pages: list[Page]) -> list[TerritoryGroup]:
    """Departments (in tree order) with their communes; communes at the top of a page whose
    department is on the previous page are put under it again (one query for it)."""
    groups: list[TerritoryGroup] = []
    for page in pages:
        if page.depth == DEPARTMENT_DEPTH:
            groups.append(TerritoryGroup(department=page, communes=[]))
        elif groups:
            groups[-1].communes.append(page)
        else:
            parent = Page.objects.filter(path=page.path[:DEPARTMENT_PATH_LENGTH]).first()
            groups.append(TerritoryGroup(department=parent, communes=[page], continued=True))
    return groups
