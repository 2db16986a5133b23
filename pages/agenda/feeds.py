"""The public iCalendar feeds: `agenda.ics` under the home page, a department, a commune
(everything at and below it, nothing else) and an action (that action), in French without a
prefix and in the other languages under theirs (`/en/mayenne/agenda.ics`).

Calendar applications poll these addresses, often without validators: a built feed is kept in
the cache under its ETag, made of the page, the language, the day (the window, a month back
and a year ahead, moves daily) and the stamps of the changes it depends on (see "Generations"
below; pages/signals.py bumps them on publish, unpublish, move and delete). The ETag and
Last-Modified are known without building anything, so a conditional request is answered 304
from a cache read, and a repeat request is served from the cache.

A feed in another language than French (`/en/mayenne/agenda.ics`, the address the English
agenda links) holds the same events as the French one, with the same UIDs: the actions of the
French tree, each with the texts of its live translation in that language when it has one
(title, description, address; its address on the site is the translation's), in French
otherwise; the kinds and the categories of gestures in that language when translated. A
territory without a page in that language gives the French page's feed, in that language.

A feed may keep only one kind of action (`?type=collective`) or the actions with a gesture of
one category of the idea box (`?categorie=<slug>`), or both: the filter is part of the ETag, so
of the cache key; an unknown value is answered 400 with a message saying what is accepted.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import importlib.metadata
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db.models import CharField, Q, Subquery, Value
from django.db.models.functions import Coalesce, Concat
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date, quote_etag
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import trans_real
from django.views.decorators.http import require_safe
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, PageViewRestriction, Site

from core.addresses import page_url
from core.versions import Versions
from core.vocabulary import ActionKind

from ..tree import PATH_STEP
from . import ics, queries
from .calendar_links import CATEGORY_PARAMETER, COMMUNE_PARAMETER, KIND_PARAMETER

FEED_SECONDS = 24 * 3600  # a built feed is kept a day at most (the window moves daily)
GENERATION_SECONDS = 30 * 24 * 3600


# --- Generations ----------------------------------------------------------------------------
#
# Three kinds of stamps (core/versions.py: the time of the last change), kept in the cache:
# - "below:<path>", bumped for a page and all its ancestors when the page changes: the feeds at
#   and above a page hold it;
# - "self:<path>", bumped for the page alone: its title, slug and place in the tree show in the
#   events of the actions below it (their URL, their LOCATION);
# - "everything", bumped when a gesture or a category changes (the events' CATEGORIES).
# A feed's version is its page's "below", its ancestors' "self" and "everything": one get_many.


EVERYTHING_KEY = "ics:everything"


def _below_key(path: str) -> str:
    return f"ics:below:{path}"


def _self_key(path: str) -> str:
    return f"ics:self:{path}"


def ancestor_paths(path: str) -> list[str]:
    """A page's path and its ancestors' (treebeard paths: 4 characters a level), root first."""
    return [path[:end] for end in range(PATH_STEP, len(path) + 1, PATH_STEP)]


FEED_VERSIONS = Versions(GENERATION_SECONDS)


def bump_generations(path: str) -> None:
    """Something changed at `path`: every feed at or above it, and every feed below it, must
    be built again. Done at once, and again when the transaction commits, so that a feed
    built meanwhile from the data of before isn't kept under the new generation."""
    FEED_VERSIONS.changed([*map(_below_key, ancestor_paths(path)), _self_key(path)])


def bump_everything() -> None:
    """Something every feed may show changed (a gesture, a category of gestures)."""
    FEED_VERSIONS.changed([EVERYTHING_KEY])


def version_of(page: Page, *others: Page) -> tuple[int, ...]:
    """The stamps a feed depends on: those of `page` and of `others` (a feed in English: the
    English page's, for its translations, and the French page's, for its actions). A stamp
    missing from the cache (never set, expired, evicted, a cache restarted) is set to now, so
    that no ETag given before comes back."""
    keys = []
    for each in (page, *others):
        ancestors = ancestor_paths(each.path)[:-1]
        keys += [_below_key(each.path), *(_self_key(path) for path in ancestors)]
    keys = [*dict.fromkeys(keys), EVERYTHING_KEY]
    found = FEED_VERSIONS.current(keys)
    return tuple(found[key] for key in keys)


# --- Finding the page -----------------------------------------------------------------------


def feed_language() -> str:
    """The content language of the request (its prefix), French when it has none."""
    try:
        return get_supported_content_language_variant(translation.get_language())
    except LookupError:
        return settings.LANGUAGE_CODE


def _root_url_path(site: Site, language: str) -> Coalesce:
    """The URL path of the site's root in `language` (its own when it has no translation, as
    Wagtail serves it), as a subquery."""
    root = Page.objects.filter(pk=site.root_page_id)
    localized = Page.objects.filter(
        translation_key=Subquery(root.values("translation_key")[:1]),
        locale__language_code=language,
    )
    return Coalesce(
        Subquery(localized.values("url_path")[:1]), Subquery(root.values("url_path")[:1])
    )


def feed_page(
    request: HttpRequest, path: str, types: tuple = (), *, fallback: bool = False
) -> Page:
    """The live, public home, department, commune or action page (or one of `types`) at `path`
    ("mayenne/laval/"), in the request's language (a plain `Page`: `specific_class` tells its
    type), or with `fallback` in French when it has no page in that language; 404 for
    anything else. Two queries (three for a page missing in the language asked for): the page,
    its view restrictions and its ancestors'."""
    from ..models import ActionPage, CommunePage, DepartmentPage, HomePage

    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    language = feed_language()
    page = None
    for code in dict.fromkeys([language, settings.LANGUAGE_CODE] if fallback else [language]):
        page = (
            Page.objects.live()
            .select_related("locale")
            .type(*(types or (HomePage, DepartmentPage, CommunePage, ActionPage)))
            .filter(
                url_path=Concat(_root_url_path(site, code), Value(path), output_field=CharField())
            )
            .first()
        )
        if page is not None:
            break
    if page is None:
        raise Http404
    # As Page.get_view_restrictions: an alias has the restrictions of the page it copies.
    paths = ancestor_paths(page.path)
    restricted = PageViewRestriction.objects.filter(
        Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
    )
    if restricted.exists():
        raise Http404
    return page


# --- Filters ---------------------------------------------------------------------------------


class BadFilter(ValueError):
    """A filter the feed doesn't know; the message says why, in the request's language."""


NO_FILTER = queries.Filters()


def filter_key(filters: queries.Filters) -> str:
    """What a feed's filters add to its ETag (and so to its cache key)."""
    category = filters.category.pk if filters.category else ""
    return f"{filters.kind}:{category}:{filters.commune_code}"


def _shown(value: str) -> str:
    """A visitor's value, quoted back in a message: one short line."""
    return "".join(char for char in value if char.isprintable())[:40]


def feed_filters(query: QueryDict, page: Page, source: Page | None = None) -> queries.Filters:
    """The filters of a feed's query string (other parameters are left alone: calendar
    applications add their own). One query, only when a category is asked for; one when a
    commune is and the department's list of communes is not in the cache. `source`: the French
    page whose actions the feed holds (`source_of`), whose communes it may keep. Raises
    BadFilter on a kind, a category or a commune the agenda doesn't have."""
    kind = query.get(KIND_PARAMETER, "").strip()
    if kind and kind not in ActionKind.values:
        raise BadFilter(
            _("Unknown kind of action: “%(kind)s”. Use one of: %(kinds)s.")
            % {"kind": _shown(kind), "kinds": ", ".join(ActionKind.values)}
        )
    slug = query.get(CATEGORY_PARAMETER, "").strip()
    category = None
    if slug:
        categories = queries.gesture_categories(page)
        category = next((item for item in categories if item.slug == slug), None)
        if category is None:
            raise BadFilter(
                _("Unknown category of gestures: “%(slug)s”. Use one of: %(slugs)s.")
                % {"slug": _shown(slug), "slugs": ", ".join(item.slug for item in categories)}
            )
    code = query.get(COMMUNE_PARAMETER, "").strip()
    commune = None
    if code:
        communes = queries.filter_communes(source or page)  # a department's; none elsewhere
        commune = next((item for item in communes if item.commune.code == code), None)
        if commune is None:
            raise BadFilter(_("Unknown commune: “%(code)s”.") % {"code": _shown(code)[:20]})
    return queries.Filters(
        kind=kind, category=category, commune=commune, commune_code=code if commune else ""
    )


# --- What else changes the bytes: the code and the translations ----------------------------

# The code that writes a feed: its hash, with the versions of the packages it relies on, tells
# a deployment from the one before (on a clean clone too: no .git needed).
CODE_FILES = ("pages/agenda/*.py", "pages/models/*.py", "pages/tree.py", "core/vocabulary.py")
CODE_PACKAGES = ("django", "wagtail", "icalendar")


@functools.cache
def code_version() -> str:
    digest = hashlib.sha256()
    root = Path(settings.BASE_DIR)
    for pattern in CODE_FILES:
        for path in sorted(root.glob(pattern)):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes())
    for package in CODE_PACKAGES:
        digest.update(f"{package}=={importlib.metadata.version(package)}".encode())
    return digest.hexdigest()[:16]


@functools.cache
def catalogue_version(language: str) -> str:
    """A hash of the translations this process uses for `language` (loaded once per process:
    new .mo files show after a restart, and then change this)."""
    catalogue = trans_real.translation(language)._catalog
    digest = hashlib.sha256()
    for key, value in sorted(catalogue.items(), key=repr):
        digest.update(repr((key, value)).encode())
    return digest.hexdigest()[:16]


def _etag(
    page: Page,
    language: str,
    version: tuple[int, ...],
    day: dt.date,
    filters: queries.Filters = NO_FILTER,
) -> str:
    """Everything that changes a feed's bytes: the page, its filters, the language and its
    translations (the request's and the page's), the generations, the day, the code."""
    languages = sorted({language, page.locale.language_code} - {""})
    catalogues = ":".join(catalogue_version(code) for code in languages)
    text = (
        f"{page.pk}:{filter_key(filters)}:{language}:{':'.join(map(str, version))}:{day}:"
        f"{catalogues}:{code_version()}"
    )
    return quote_etag(hashlib.sha256(text.encode()).hexdigest()[:32])


def _last_modified(version: tuple[int, ...], day: dt.date) -> int:
    """The last change the feed depends on, in whole seconds (rounded up), and at least the
    start of the day in Paris, as the window moves daily."""
    changed = -(-max(version) // 1_000_000_000)
    return max(changed, int(queries.paris_day_start(day).timestamp()))


# --- Building --------------------------------------------------------------------------------


def actions_of_queryset(actions):
    """`actions` with their commune, in the feeds' order (`ics.calendar` finds the rest)."""
    return actions.select_related("place_commune").order_by("start", "pk")


def _still_on(action, window_start: dt.datetime, window_end: dt.datetime) -> bool:
    """A series given a number of times is kept only when one of its occurrences falls in the
    window. The query already leaves out those over before it (`recurrence_last_day`); this
    also leaves out one whose last times are cancelled."""
    if not action.rrule or action.recurrence_until is not None or not action.recurrence_count:
        return True
    return bool(action.occurrences(window_start, window_end))


def listed_once(actions: list) -> list:
    """`actions` with every Wagtail alias replaced by the action it copies (when that one is
    live and public), each once: an alias has its original's UID, and a calendar holding both
    would not know which to keep. One query, only when there is an alias."""
    from ..models import ActionPage

    originals = {action.alias_of_id for action in actions if action.alias_of_id}
    if not originals:
        return actions
    kept = [action for action in actions if not action.alias_of_id]
    missing = originals - {action.pk for action in kept}
    if missing:
        kept += actions_of_queryset(ActionPage.objects.live().public().filter(pk__in=missing))
    return sorted(kept, key=lambda action: (action.start, action.pk))


def actions_of(page: Page, filters: queries.Filters = NO_FILTER) -> list:
    """The actions a feed holds: the action itself, or those at and below a territory within
    the window (a month back, a year ahead), of the kind and category asked for; an alias as
    its original."""
    from ..models import ActionPage

    if issubclass(page.specific_class, ActionPage):
        action = queries.apply_filters(ActionPage.objects.filter(pk=page.pk), filters)
        return listed_once(list(actions_of_queryset(action)))
    now = timezone.now()
    start, end = now - ics.WINDOW_BACK, now + ics.WINDOW_AHEAD
    actions = actions_of_queryset(
        queries.overlapping(queries.apply_filters(queries.actions_under(page), filters), start, end)
    )
    return listed_once([action for action in actions if _still_on(action, start, end)])


def url_maker(request: HttpRequest):
    """`url_of(action)`, the action's full URL. Wagtail works it out page by page (its site,
    its language, a `reverse`); siblings differ only by their slug, so it is asked once per
    parent and the others are its address with their own slug."""
    parents: dict[str, str | None] = {}

    def wagtail_url(action) -> str:
        # On the action's own site (a territory's address), whichever host the feed is read on.
        return page_url(action)

    def url_of(action) -> str:
        parent = action.path[:-PATH_STEP]
        if parent in parents and parents[parent] is not None:
            return f"{parents[parent]}{action.slug}/"
        url = wagtail_url(action)
        if parent not in parents:
            ending = f"/{action.slug}/"
            parents[parent] = url[: -len(ending) + 1] if url.endswith(ending) else None
        return url

    return url_of


def source_of(page: Page) -> Page:
    """The French page whose actions a feed in another language holds: `page` itself when it
    is French (no query), else its live French version (one query; `page` when it has none)."""
    if page.locale.language_code == settings.LANGUAGE_CODE:
        return page
    french = (
        Page.objects.live()
        .select_related("locale")
        .filter(translation_key=page.translation_key, locale__language_code=settings.LANGUAGE_CODE)
        .first()
    )
    return french or page


# The texts of an action a translation gives (the rest, its dates, place and kind, are the
# French action's, synchronised by wagtail-localize anyway).
TRANSLATED_TEXTS = ("title", "description", "address", "cancellation_reason")


def in_language(actions: list, language: str) -> dict[int, Page]:
    """Gives each French action of `actions` the texts of its live, public translation in
    `language` (in place: they were read for this feed alone), and returns those translations
    by the French action's id, for their addresses. One query, none in French."""
    from ..models import ActionPage

    if language == settings.LANGUAGE_CODE or not actions:
        return {}
    translations = {
        item.translation_key: item
        for item in ActionPage.objects.live()
        .public()
        .filter(
            translation_key__in=[action.translation_key for action in actions],
            locale__language_code=language,
        )
        .only(
            "id",
            "path",
            "url_path",
            "slug",
            "depth",
            "locale",
            "translation_key",
            *TRANSLATED_TEXTS,
        )
    }
    found = {}
    for action in actions:
        translated = translations.get(action.translation_key)
        if translated is None:
            continue
        for name in TRANSLATED_TEXTS:
            setattr(action, name, getattr(translated, name) or getattr(action, name))
        found[action.pk] = translated
    return found


def build(
    request: HttpRequest,
    page: Page,
    filters: queries.Filters = NO_FILTER,
    language: str = "",
    source: Page | None = None,
) -> bytes:
    """The feed of `page` in `language` (its own by default): the actions of `source`, its
    French version (`source_of`), in that language where translated."""
    language = language or page.locale.language_code
    source = source or source_of(page)
    url_of = url_maker(request)

    home = page.depth <= 2
    name = "L'Heure Civique" if home else f"L'Heure Civique — {page.title}"
    with translation.override(language):
        if filters.feed_label:
            name = f"{name} — {filters.feed_label}"
    # A feed makes many small objects that hold no cycles: the cyclic garbage collector,
    # which would walk them again and again, waits until it is built.
    gc.disable()
    try:
        actions = actions_of(source, filters)
        translations = in_language(actions, language)

        def address_of(action) -> str:
            return url_of(translations.get(action.pk, action))

        calendar = ics.calendar(name, actions, address_of, language)
        return ics.to_bytes(calendar)
    finally:
        gc.enable()


@require_safe
def feed(request: HttpRequest, path: str = "") -> HttpResponse:
    page = feed_page(request, path, fallback=True)
    source = source_of(page)
    try:
        filters = feed_filters(request.GET, page, source)
    except BadFilter as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    language = feed_language()
    version = version_of(page, source) if source.pk != page.pk else version_of(page)
    today = queries.today()
    etag = _etag(page, language, version, today, filters)
    last_modified = _last_modified(version, today)
    # If-None-Match first, If-Modified-Since when there is none (RFC 9110, 13.2.2): decided
    # from the version alone, nothing is built nor read from the cache.
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        key = f"ics:feed:{etag.strip(chr(34))}"
        body = cache.get(key)
        if body is None:
            body = build(request, page, filters, language, source)
            cache.set(key, body, FEED_SECONDS)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        filename = f"{slugify(page.slug) or 'agenda'}.ics"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=3600"
    return response
