"""What the pages show: effective theme, engaged territories, latest news, the layout's chrome.

Every function here runs a fixed number of SQL queries, whatever the number of communes or news.
The page models are imported inside the functions because pages.models imports this module.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet, prefetch_related_objects
from django.urls import reverse, translate_url
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Locale, Page, Site

from core.colours import (
    DEFAULT_PRIMARY,
    DEFAULT_SECONDARY,
    HEX_COLOUR,
    is_usable_primary,
    is_usable_secondary,
)

from .tree import PATH_STEP, attach_places, public_only

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.images.models import Image

    from territories.models import Commune

    from .models import CommunePage, DepartmentPage, HomePage, NewsIndexPage, NewsPage

LATEST_NEWS_COUNT = 6
# The layout's chrome of the pages under one parent (their territories, theme, breadcrumb and
# footer) is kept this long, or until a page is saved or deleted, restricted, or an image saved:
# `forget_chrome`, from pages/signals.py, raises the generation that every key carries.
CHROME_SECONDS = 24 * 60 * 60
CHROME_KEY = "pages:chrome:{generation}:{path}"
CHROME_GENERATION_KEY = "pages:chrome-generation"
LOGO_FILTER = "height-80"  # templates/includes/header.html draws the logo at this size


@dataclass(frozen=True)
class Theme:
    primary: str = DEFAULT_PRIMARY
    secondary: str = DEFAULT_SECONDARY
    logo: Image | None = None

    @property
    def css(self) -> str:
        """The custom properties of the page's root element. Only colours that pass the
        validator reach here (see `theme_of`), so nothing typed by an editor lands in CSS."""
        return f"--colour-primary: {self.primary}; --colour-secondary: {self.secondary};"


def is_hex_colour(value: str) -> bool:
    return bool(HEX_COLOUR.match(value))


def theme_of(chain: list[Page]) -> Theme:
    """The theme of the last page of `chain` (outermost first): for each of the colours and the
    logo, the nearest page that has a usable one, else the national defaults.

    Colours are checked again here so that a value stored before the contrast rule, or written
    without the admin, is never drawn."""
    primary, secondary, logo_page = DEFAULT_PRIMARY, DEFAULT_SECONDARY, None
    for page in chain:
        colour = (getattr(page, "primary_colour", "") or "").lower()
        if is_usable_primary(colour):
            primary = colour
        colour = (getattr(page, "secondary_colour", "") or "").lower()
        if is_usable_secondary(colour):
            secondary = colour
        if getattr(page, "logo_id", None):
            logo_page = page
    # Only the logo that is drawn is fetched.
    logo = logo_page.logo if logo_page is not None else None
    return Theme(primary=primary, secondary=secondary, logo=logo)


def themed_ancestors(page: Page) -> list[Page]:
    """The specific home, department and commune pages above `page`, outermost first."""
    from .models import CommunePage, DepartmentPage, HomePage

    if not page.path:
        return []
    return list(
        page.get_ancestors()
        .type(HomePage, DepartmentPage, CommunePage)
        .order_by("depth")
        .specific()
    )


def commune_outside_parent_error(commune: Commune, parent: Page) -> str | None:
    """Why `commune` can't have its page under `parent`, or None when it can."""
    from .models import DepartmentPage

    parent = parent if isinstance(parent, DepartmentPage) else parent.specific_deferred
    if not isinstance(parent, DepartmentPage):
        return None  # the parent page types already refuse it
    if commune.department_id != parent.department_id:
        return _("%(commune)s is not in the department of %(parent)s.") % {
            "commune": commune.name,
            "parent": parent.title,
        }
    return None


def engaged_departments(home: HomePage) -> QuerySet[DepartmentPage]:
    from .models import DepartmentPage

    return (
        public_only(DepartmentPage.objects.child_of(home).live())
        .select_related("department")
        .order_by("department__code")
    )


def engaged_communes(department_page: DepartmentPage) -> QuerySet[CommunePage]:
    from .models import CommunePage

    return (
        public_only(CommunePage.objects.child_of(department_page).live())
        .select_related("commune")
        .order_by("commune__name")
    )


def news_index_of(page: Page) -> NewsIndexPage | None:
    from .models import NewsIndexPage

    return public_only(NewsIndexPage.objects.child_of(page).live()).order_by("path").first()


def news_of(news_index: NewsIndexPage) -> QuerySet[NewsPage]:
    from .models import NewsPage

    return (
        public_only(NewsPage.objects.child_of(news_index).live())
        .select_related("image")
        .prefetch_related("image__renditions")
        .order_by("-date", "-pk")
    )


def latest_news(
    *, within: Page | None = None, locale: Locale | None = None, count: int = LATEST_NEWS_COUNT
) -> list[NewsPage]:
    """The `count` latest live news, anywhere (in `locale`) or at and below `within`, each with
    `place`: the title of the department or commune it comes from ("" for national news)."""
    from .models import NewsPage

    news = public_only(NewsPage.objects.live())
    if within is not None:
        news = news.descendant_of(within)
    if locale is not None:
        news = news.filter(locale=locale)
    items = list(
        news.select_related("image")
        .prefetch_related("image__renditions")
        .order_by("-date", "-pk")[:count]
    )
    attach_places(items)
    return items


@dataclass
class Translation:
    language_code: str
    language_name: str
    url: str


@dataclass
class Chrome:
    """What the base layout draws around any page: theme, header logo, breadcrumb, footer."""

    theme: Theme = field(default_factory=Theme)
    home: Page | None = None
    # The territories above and at the page (department, commune), for the main menu.
    territories: list[Page] = field(default_factory=list)
    breadcrumb: list[Page] = field(default_factory=list)
    territory: Page | None = None
    footer_links: list[Page] = field(default_factory=list)
    translations: list[Translation] = field(default_factory=list)

    @property
    def local(self) -> Page | None:
        """The deepest territory of the page (its commune, else its department), if any."""
        return self.territories[-1] if self.territories else None

    @property
    def agenda_path(self) -> str:
        """The main menu's agenda: the page's territory's own (every engaged territory has its
        ActionIndexPage, "actions/"), else the national one under the home page."""
        base = (self.local.url if self.local else None) or (self.home.url if self.home else None)
        return f"{base or '/'}actions/"

    @property
    def sign_up_path(self) -> str:
        """The main menu's "I take part": on a commune's pages, its own sign-up form."""
        from .models import CommunePage

        if isinstance(self.local, CommunePage) and self.local.url:
            return f"{self.local.url}je-participe/"
        return reverse("volunteers:sign_up")


def forget_chrome() -> None:
    """Every layout's chrome is read again: a page changed (its title, colours or logo may be in
    the chrome of every page below it; a footer page, in every page of its home). Now, and once
    the transaction commits (a page reading the chrome meanwhile would keep the old one)."""

    def bump() -> None:
        try:
            cache.incr(CHROME_GENERATION_KEY)
        except ValueError:  # not there yet, or evicted: a new value makes new keys
            cache.set(CHROME_GENERATION_KEY, time.time_ns(), None)

    bump()
    transaction.on_commit(bump)


@dataclass
class _PageChrome:
    """What the chrome of the pages under one parent share, as it is kept in the cache."""

    theme: Theme
    home: Page | None
    territories: list[Page]
    breadcrumb: list[Page]
    territory: Page | None
    footer_links: list[Page]


def _chrome_of(page: Page) -> _PageChrome:
    """The chrome of `page` from the cache, kept per parent (per page for a territory, whose
    own colours are in it): no query when kept, 5 to 8 otherwise."""
    from .models import HomePage, StandardPage

    themed = hasattr(page, "primary_colour")
    path = page.path if themed else page.path[:-PATH_STEP]
    generation = cache.get_or_set(CHROME_GENERATION_KEY, 1, None)
    key = CHROME_KEY.format(generation=generation, path=path)
    kept = cache.get(key)
    if kept is not None:
        return kept
    ancestors = themed_ancestors(page)
    chain = [*ancestors, page] if themed else ancestors
    home = next((p for p in chain if isinstance(p, HomePage)), None)
    footer_links: list[Page] = []
    if home is not None:
        by_kind = {
            standard.kind: standard
            for standard in public_only(StandardPage.objects.child_of(home).live())
            .exclude(kind="")
            .order_by("-path")
        }
        footer_links = [by_kind[kind] for kind in StandardPage.Kind.values if kind in by_kind]
    theme = theme_of(chain)
    if theme.logo is not None:
        # The header's rendition, kept with the image: no query to draw it. A logo whose file is
        # missing draws nothing, as Wagtail's {% image %} does, rather than failing every page.
        prefetch_related_objects([theme.logo], "renditions")
        get_rendition_or_not_found(theme.logo, LOGO_FILTER)
        prefetch_related_objects([theme.logo], "renditions")
    kept = _PageChrome(
        theme=theme,
        home=home,
        territories=[p for p in chain if not isinstance(p, HomePage)],
        breadcrumb=list(page.get_ancestors().filter(depth__gt=1).order_by("depth")),
        territory=_nearest_with_contact(chain),
        footer_links=footer_links,
    )
    cache.set(key, kept, CHROME_SECONDS)
    return kept


def page_chrome(request: HttpRequest | None, page: Page | None) -> Chrome:
    """The chrome of `page`, or of the site's home for a view that has no page (a 404)."""
    if request is None:
        # A 500 is rendered without a request, maybe without a database: draw the defaults.
        return Chrome()
    if isinstance(page, Page) and page.path:
        kept = _chrome_of(page)
        return Chrome(
            theme=kept.theme,
            home=kept.home,
            territories=kept.territories,
            breadcrumb=kept.breadcrumb,
            territory=kept.territory,
            footer_links=kept.footer_links,
            translations=_translations(request, page),
        )
    site = Site.find_for_request(request)
    if site is None:
        return Chrome()
    home = site.root_page.localized.specific
    kept = _chrome_of(home)
    return Chrome(
        theme=kept.theme,
        home=kept.home,
        territories=kept.territories,
        territory=kept.territory,
        footer_links=kept.footer_links,
        translations=_view_translations(request, home),
    )


def _nearest_with_contact(chain: list[Page]) -> Page | None:
    for page in reversed(chain):
        if getattr(page, "has_contact", False):
            return page
    return None


def _view_translations(request: HttpRequest, home: Page) -> list[Translation]:
    """For a view that is not a page (the idea box, the sign-up): the same view in each other
    language the site's home is published in ("/gestes/" -> "/en/gestes/"), else that home."""
    translations = []
    for translation in _translations(request, home):
        url = translate_url(request.get_full_path(), translation.language_code)
        if url == request.get_full_path():
            url = translation.url  # not a view of the site's (a 404): the home page instead
        translations.append(Translation(translation.language_code, translation.language_name, url))
    return translations


def _translations(request: HttpRequest, page: Page) -> list[Translation]:
    """The live versions of `page` in the other languages of the site."""
    languages = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    translations = []
    for translation in public_only(page.get_translations().live()).select_related("locale"):
        code = translation.locale.language_code
        if code not in languages:
            continue
        url = translation.get_url(request)
        if url:
            info = get_language_info(code)
            translations.append(Translation(code, info["name_local"], url))
    return sorted(translations, key=lambda t: t.language_code)
