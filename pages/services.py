"""What the pages show: effective theme, engaged territories, latest news, the layout's chrome.

Every function here runs a fixed number of SQL queries, whatever the number of communes or news.
The page models are imported inside the functions because pages.models imports this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.db.models import QuerySet, prefetch_related_objects
from django.urls import reverse, translate_url
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _
from wagtail.images.shortcuts import get_rendition_or_not_found
from wagtail.models import Locale, Page, Site

from core.addresses import site_url, url_on_site
from core.colours import (
    DEFAULT_PRIMARY,
    DEFAULT_SECONDARY,
    HEX_COLOUR,
    is_usable_primary,
    is_usable_secondary,
)
from core.versions import Version

from . import fallback
from .languages import FALLBACK_PARAMETER, offered_in
from .tree import (
    DEPARTMENT_DEPTH,
    DEPARTMENT_PATH_LENGTH,
    PATH_STEP,
    attach_places,
    public_only,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    from django.http import HttpRequest
    from wagtail.images.models import Image

    from territories.models import Commune

    from .models import CommunePage, DepartmentPage, HomePage, NewsIndexPage, NewsPage

LATEST_NEWS_COUNT = 6
# The layout's chrome of the pages under one parent (their territories, theme, breadcrumb and
# footer) is kept this long, or until a page is saved or deleted, restricted, or an image saved:
# `forget_chrome`, from pages/signals.py, renews the generation that every key carries.
CHROME_SECONDS = 24 * 60 * 60
CHROME_KEY = "pages:chrome:{generation}:{path}"
CHROME_GENERATION_KEY = "pages:chrome-generation"
CHROME_GENERATION = Version(CHROME_GENERATION_KEY, None)  # core/versions.py
ENGAGED_KEY = "pages:engaged-{kind}:{generation}:{pk}:{site}"
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


@dataclass(frozen=True)
class CommuneOfPage:
    """The commune of an engaged commune's page: what the lists and the agenda's filter use."""

    pk: int
    code: str
    name: str


@dataclass(frozen=True)
class EngagedCommune:
    """An engaged commune's page as its department's page and agenda list it, in plain values:
    what the cache keeps (the pages themselves took 35 ms to unpickle on every visit of a
    department of 276 engaged communes, and their addresses as long to build: issue 18)."""

    pk: int
    title: str
    path: str
    url: str  # as `{% pageurl %}` gives it on the site it was read for
    commune: CommuneOfPage

    @property
    def commune_id(self) -> int:
        return self.commune.pk


@dataclass(frozen=True)
class EngagedDepartment:
    """An engaged department's page as the home page lists it, in plain values (EngagedCommune)."""

    pk: int
    title: str
    url: str
    code: str


def _kept(kind: str, parent: Page, request: HttpRequest | None, read: Callable[[], list]) -> list:
    """What `read` gives for the territories engaged under `parent`, kept in the cache with the
    chrome (CHROME_SECONDS, and read again once a page is saved, deleted or restricted, or an
    import changed the territories: `forget_chrome`), one list per site asking (their addresses
    are relative on the site they are on, whole on another)."""
    site = Site.find_for_request(request) if request is not None else None
    key = ENGAGED_KEY.format(
        kind=kind,
        generation=CHROME_GENERATION.current(),
        pk=parent.pk,
        site=site.pk if site is not None else "",
    )
    kept = cache.get(key)
    if kept is None:
        kept = read()
        cache.set(key, kept, CHROME_SECONDS)
    return kept


def engaged_communes_kept(
    department_page: DepartmentPage, request: HttpRequest | None = None
) -> list[EngagedCommune]:
    """`engaged_communes` as plain values, kept (`_kept`): the department page and its
    agenda's filter list every engaged commune, as many rows as the department has, on every
    visit otherwise (a whole department engaged: hundreds, issue 18)."""
    return _kept(
        "communes",
        department_page,
        request,
        lambda: [
            EngagedCommune(
                pk=page.pk,
                title=page.title,
                path=page.path,
                url=page.get_url(request) or "",
                commune=CommuneOfPage(page.commune.pk, page.commune.code, page.commune.name),
            )
            for page in engaged_communes(department_page)
        ],
    )


def engaged_departments_kept(
    home: HomePage, request: HttpRequest | None = None
) -> list[EngagedDepartment]:
    """`engaged_departments` as plain values, kept (`_kept`): the home page lists them all
    (101 once France is engaged)."""
    return _kept(
        "departments",
        home,
        request,
        lambda: [
            EngagedDepartment(
                pk=page.pk,
                title=page.title,
                url=page.get_url(request) or "",
                code=page.department.code,
            )
            for page in engaged_departments(home)
        ],
    )


# How a kept list of engaged territories is drawn (`kept_lines`): its line, and each item's values.
LIST_LINES: dict[str, tuple[str, Callable]] = {
    "departments": (
        '<li><a href="{}">{} <span class="territory-list__code">({})</span></a></li>',
        lambda item: (item.url, item.title, item.code),
    ),
    "communes": ('<li><a href="{}">{}</a></li>', lambda item: (item.url, item.title)),
    "commune-options": (
        '<option value="{}">{}</option>',
        lambda item: (item.commune.code, item.title),
    ),
}


def kept_lines(kind: str, parent: Page, request: HttpRequest | None, items: list) -> SafeString:
    """`items`, the kept list (`_kept`) of the territories engaged under `parent`, as the HTML
    lines of LIST_LINES[kind], drawn once per kept list and kept beside it (same key, same
    lifetime): the template language took some seventy function calls a line, on every visit,
    and France engaged is 101 departments on the home page and hundreds of communes on a
    department's page and its agenda's filter (issue 18)."""
    line, values = LIST_LINES[kind]
    return mark_safe(
        _kept(
            f"{kind}-html",
            parent,
            request,
            lambda: str(format_html_join("\n", line, (values(item) for item in items))),
        )
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
    `place`: the title of the department or commune it comes from ("" for national news).
    For a page in another language than French, the French news, each in its translation
    where it has one, else in French and marked `lang="fr"` (pages/fallback.py): one query
    more, as many rows as shown."""
    from .models import NewsPage

    shown_in = None  # the page's locale, when the news are the French ones translated
    if within is not None and not fallback.is_french(within):
        shown_in = within.locale_id
        within = fallback.french_version(within)
    news = public_only(NewsPage.objects.live())
    if within is not None:
        news = news.descendant_of(within)
    if locale is not None:
        if locale.language_code == fallback.default_language():
            news = news.filter(locale=locale)
        else:
            shown_in = locale.pk
            news = news.filter(locale__language_code=fallback.default_language())
    items = list(
        news.select_related("image")
        .prefetch_related("image__renditions")
        .order_by("-date", "-pk")[:count]
    )
    if shown_in is not None:
        items = news_in_language(items, shown_in)
    attach_places(items)
    return items


def news_in_language(items, locale_id: int) -> list[NewsPage]:
    """French news as a page of the locale `locale_id` shows them: each in its translation
    where it has a live one, else in French, marked `lang="fr"`. One query (and its images')."""
    from .models import NewsPage

    return fallback.in_language(
        items,
        locale_id,
        NewsPage.objects.select_related("image").prefetch_related("image__renditions"),
        swap=lambda item, translated: translated,
    )


@dataclass
class Translation:
    language_code: str
    language_name: str
    url: str
    # The absolute address, for the hreflang alternates (a search engine wants one).
    full_url: str = ""


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
    # The national copy of a page of a territory that has its own address: that address.
    canonical: str = ""
    # On a territory's own address: its page (the header's home) and the national site's.
    site_root: Page | None = None
    national_url: str = ""
    # The page's own address and language, first of the hreflang alternates.
    itself: Translation | None = None
    # The language the visitor asked for, which this page does not exist in (`?langue=`).
    untranslated: Translation | None = None
    # The request the layout is drawn for: the links are printed for its site.
    request: HttpRequest | None = field(default=None, repr=False, compare=False)

    @property
    def alternates(self) -> list[Translation]:
        """The `<link rel="alternate" hreflang>` of the page: itself and its translations,
        only when it has some."""
        if not self.translations or self.itself is None:
            return []
        return sorted([self.itself, *self.translations], key=lambda t: t.language_code)

    @property
    def source_language(self) -> str:
        """The language every translation is made from (French): a link to a page missing in
        the page's language leads to its version in this one, marked `lang`."""
        return settings.LANGUAGE_CODE

    @property
    def local(self) -> Page | None:
        """The deepest territory of the page (its commune, else its department), if any."""
        return self.territories[-1] if self.territories else None

    @property
    def agenda_path(self) -> str:
        """The main menu's agenda: the page's territory's own (every engaged territory has its
        ActionIndexPage, "actions/"), else that of the site's root (a territory's own address)
        or of the national home; a path when it answers on the request's site."""
        base = self.local or self.site_root or self.home
        return f"{self.url_of(base) if base else '/'}actions/"

    @property
    def sign_up_path(self) -> str:
        """The main menu's "I take part": on a commune's pages, its own sign-up form."""
        from .models import CommunePage

        base = self.local or self.site_root
        if isinstance(base, CommunePage) and (url := self.url_of(base)):
            return f"{url}je-participe/"
        return reverse("volunteers:sign_up")

    def url_of(self, page: Page) -> str:
        """The address of `page` to print in this layout: its path on the request's site when
        it answers there (a territory's own address serves its pages and the network's), else
        its full address (core/addresses.py)."""
        return url_on_site(page, self.request, answers_here=is_network_page)


def is_network_page(page: Page) -> bool:
    """A page the whole network shares (the charter, the legal pages, the site map: under a
    home, outside any territory), which every territory's own address serves at the same path
    as the national site (models/territory.py, `route_shared_page`). No query for a home's
    child (its type is known from the cached content types); one for a page deeper down."""
    from .models import DepartmentPage

    if page.depth < DEPARTMENT_DEPTH:
        return False  # the tree's root and the homes: each site has its own
    if page.depth == DEPARTMENT_DEPTH:
        return not issubclass(page.specific_class or Page, DepartmentPage)
    top = page.path[:DEPARTMENT_PATH_LENGTH]
    return not Page.objects.filter(path=top).type(DepartmentPage).exists()


def forget_chrome() -> None:
    """Every layout's chrome is read again: a page changed (its title, colours or logo may be in
    the chrome of every page below it; a footer page, in every page of its home). Now, and once
    the transaction commits (a page reading the chrome meanwhile would keep the old one)."""
    CHROME_GENERATION.changed()


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
    key = CHROME_KEY.format(generation=CHROME_GENERATION.current(), path=path)
    kept = cache.get(key)
    if kept is not None:
        return kept
    ancestors = themed_ancestors(page)
    chain = [*ancestors, page] if themed else ancestors
    home = next((p for p in chain if isinstance(p, HomePage)), None)
    footer_links: list[Page] = []
    if home is not None:
        by_kind = _footer_pages_of(home)
        # No query for a French page: its home is the French one (the chrome is kept per path,
        # and each language's pages have their own paths).
        missing = len(by_kind) < len(StandardPage.Kind.values)
        if missing and get_language() != settings.LANGUAGE_CODE:
            # A translated home without its legal notice (or another footer page): the French
            # one, which its link marks as French (lang="fr"), rather than no link at all.
            french = home.get_translation_or_none(Locale.get_default())
            if french is not None and french.pk != home.pk:
                by_kind = {**_footer_pages_of(french), **by_kind}
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


def _footer_pages_of(home: Page) -> dict[str, Page]:
    from .models import StandardPage

    return {
        standard.kind: standard
        for standard in public_only(StandardPage.objects.child_of(home).live())
        .exclude(kind="")
        .order_by("-path")
    }


def page_chrome(request: HttpRequest | None, page: Page | None) -> Chrome:
    """The chrome of `page`, or of the site's home for a view that has no page (a 404)."""
    if request is None:
        # A 500 is rendered without a request, maybe without a database: draw the defaults.
        return Chrome()
    site = Site.find_for_request(request)
    if isinstance(page, Page) and page.path:
        kept = _chrome_of(page)
        regional = getattr(kept.territories[0], "regional_language", "") if kept.territories else ""
        translations = _translations(request, page, regional_language=regional)
        translations = _below_page(request, page, translations)
        chrome = Chrome(
            theme=kept.theme,
            home=kept.home,
            territories=kept.territories,
            breadcrumb=kept.breadcrumb,
            territory=kept.territory,
            footer_links=kept.footer_links,
            translations=translations,
            itself=(_itself(request, page) if _is_page(request) else _view_itself(request))
            if translations
            else None,
            untranslated=_untranslated(request, translations, regional),
            canonical=_canonical_url(page, site),
            request=request,
        )
        return _on_site(chrome, site)
    if site is None:
        return Chrome()
    home = site.root_page.localized.specific
    kept = _chrome_of(home)
    chrome = Chrome(
        theme=kept.theme,
        home=kept.home,
        territories=kept.territories,
        territory=kept.territory,
        footer_links=kept.footer_links,
        translations=(translations := _view_translations(request, home)),
        itself=_view_itself(request) if translations else None,
        untranslated=(untranslated := _untranslated(request, [], "")),
        request=request,
    )
    if untranslated is not None:  # not offered in the language it is missing in
        chrome.translations = [
            t for t in translations if t.language_code != untranslated.language_code
        ]
    return _on_site(chrome, site)


def _canonical_url(page: Page, site: Site | None) -> str:
    """The address of `page` on its own site when the request is on another one (the national
    copy of a page of a territory that has its own address), else "" (no query: Wagtail keeps
    the sites' root paths in the cache)."""
    parts = page.get_url_parts()  # without the request: the deepest site the page is under
    if not parts or parts[1] is None or parts[2] is None:
        return ""
    site_id, root_url, path = parts
    if site is None or site_id == site.pk:
        return ""
    return root_url + path


def _on_site(chrome: Chrome, site: Site | None) -> Chrome:
    """On a territory's own address (a Site rooted below the national home), the menu and the
    breadcrumb start at the site's root, and the layout links back to the national site."""
    if site is None or site.is_default_site or chrome.home is None:
        return chrome
    root_path = site.root_page.path
    if not root_path.startswith(chrome.home.path) or root_path == chrome.home.path:
        return chrome
    # The site's root page, also on a page the network shares (the charter on a territory's own
    # address is outside the territory: its menu starts at the site's root all the same).
    chrome.site_root = next((p for p in chrome.territories if p.path == root_path), None)
    chrome.territories = [p for p in chrome.territories if p.path.startswith(root_path)]
    chrome.breadcrumb = [p for p in chrome.breadcrumb if p.path.startswith(root_path)]
    if chrome.site_root is None:  # one query, on these pages only
        chrome.site_root = site.root_page.localized.specific
        chrome.territories = [chrome.site_root]
        chrome.breadcrumb = [chrome.site_root, *chrome.breadcrumb]
    chrome.national_url = site_url() + "/"
    return chrome


def _nearest_with_contact(chain: list[Page]) -> Page | None:
    for page in reversed(chain):
        if getattr(page, "has_contact", False):
            return page
    return None


def _view_translations(request: HttpRequest, home: Page) -> list[Translation]:
    """For a view that is not a page (the idea box, the sign-up): the same view in each other
    language the site's home is published in ("/gestes/" -> "/en/gestes/"), else that home."""
    translations = []
    query = request.GET.copy()
    query.pop(FALLBACK_PARAMETER, None)  # the note is about this address, not the others
    asked = request.path + (f"?{query.urlencode()}" if query else "")
    for translation in _translations(request, home):
        url = translate_url(asked, translation.language_code)
        if url == asked:
            url = translation.url  # not a view of the site's (a 404): the home page instead
        translations.append(
            Translation(
                translation.language_code,
                translation.language_name,
                url,
                request.build_absolute_uri(url),
            )
        )
    return translations


def _is_page(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is None or match.url_name == "wagtail_serve"


def _below_page(
    request: HttpRequest, page: Page, translations: list[Translation]
) -> list[Translation]:
    """On a view below a page (a commune's sign-up, a press page: the page's address and a
    suffix), the page's translations lead to the same view below each of them: a language
    switcher on "/finistere/quimper/je-participe/" offers "/br/finistere/quimper/je-participe/",
    not the commune's page."""
    if _is_page(request) or not translations:
        return translations
    own = page.get_url(request) or ""
    if not own or not request.path.startswith(own):
        return []
    suffix = request.path[len(own) :]
    return [
        Translation(t.language_code, t.language_name, t.url + suffix, t.full_url + suffix)
        for t in translations
    ]


def _view_itself(request: HttpRequest) -> Translation:
    code = get_language()
    url = request.get_full_path()
    name = get_language_info(code)["name_local"]
    return Translation(code, name, url, request.build_absolute_uri(url))


def _translations(
    request: HttpRequest, page: Page, *, regional_language: str = ""
) -> list[Translation]:
    """The live versions of `page` in the other languages of the site (a regional language
    only in the department that publishes in it: pages/languages.py)."""
    languages = dict(settings.WAGTAIL_CONTENT_LANGUAGES)
    translations = []
    for translation in public_only(page.get_translations().live()).select_related("locale"):
        code = translation.locale.language_code
        if code not in languages or not offered_in(code, regional_language=regional_language):
            continue
        url = translation.get_url(request)
        if url:
            info = get_language_info(code)
            full_url = translation.get_full_url(request) or url
            translations.append(Translation(code, info["name_local"], url, full_url))
    return sorted(translations, key=lambda t: t.language_code)


def _itself(request: HttpRequest, page: Page) -> Translation | None:
    code = get_language()
    url = page.get_url(request)
    if not url:
        return None
    full_url = page.get_full_url(request) or url
    return Translation(code, get_language_info(code)["name_local"], url, full_url)


def _untranslated(
    request: HttpRequest, translations: list[Translation], regional_language: str
) -> Translation | None:
    """The language named by `?langue=` (pages/languages.py sends a visitor here from an
    address in a language the page is missing in), when the page is not offered in it."""
    code = request.GET.get(FALLBACK_PARAMETER, "")
    if (
        code not in dict(settings.WAGTAIL_CONTENT_LANGUAGES)
        or code == get_language()
        or any(t.language_code == code for t in translations)
    ):
        return None
    return Translation(code, get_language_info(code)["name_local"], "")
