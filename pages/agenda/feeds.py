"""The public iCalendar feeds: `agenda.ics` under the home page, a department, a commune
(everything at and below it, nothing else) and an action (that action), in French without a
prefix and in the other languages under theirs (`/en/mayenne/agenda.ics`).

Calendar applications poll these addresses, often without validators: a built feed is kept in
the cache under its ETag, made of the page, the language, the day (the window, a month back
and a year ahead, moves daily) and the stamps of the changes it depends on (see "Generations"
below; pages/signals.py bumps them on publish, unpublish, move and delete). The ETag and
Last-Modified are known without building anything, so a conditional request is answered 304
from a cache read, and a repeat request is served from the cache.

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
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
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

from core.vocabulary import ActionKind

from ..tree import PATH_STEP
from . import ics, queries
from .calendar_links import CATEGORY_PARAMETER, KIND_PARAMETER

FEED_SECONDS = 24 * 3600  # a built feed is kept a day at most (the window moves daily)
GENERATION_SECONDS = 30 * 24 * 3600


# --- Generations ----------------------------------------------------------------------------
#
# Three kinds of stamps (time.time_ns() of the last change), kept in the cache:
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


def bump_generations(path: str) -> None:
    """Something changed at `path`: every feed at or above it, and every feed below it, must
    be built again. Done at once, and again when the transaction commits, so that a feed
    built meanwhile from the data of before isn't kept under the new generation."""

    def bump() -> None:
        stamp = time.time_ns()
        stamps = {_below_key(prefix): stamp for prefix in ancestor_paths(path)}
        stamps[_self_key(path)] = stamp
        cache.set_many(stamps, GENERATION_SECONDS)

    bump()
    transaction.on_commit(bump)


def bump_everything() -> None:
    """Something every feed may show changed (a gesture, a category of gestures)."""

    def bump() -> None:
        cache.set(EVERYTHING_KEY, time.time_ns(), GENERATION_SECONDS)

    bump()
    transaction.on_commit(bump)


def version_of(page: Page) -> tuple[int, ...]:
    """The stamps a feed depends on. A stamp missing from the cache (never set, expired,
    evicted, a cache restarted) is set to now, so that no ETag given before comes back."""
    ancestors = ancestor_paths(page.path)[:-1]
    keys = [_below_key(page.path), *(_self_key(path) for path in ancestors), EVERYTHING_KEY]
    found = cache.get_many(keys)
    missing = [key for key in keys if key not in found]
    if missing:
        stamp = time.time_ns()
        for key in missing:
            cache.add(key, stamp, GENERATION_SECONDS)
        # A cache that keeps nothing (Redis unreachable: core/cache.py) gives a new version
        # each time, so that no feed is answered 304 from a version that wasn't kept.
        found = dict.fromkeys(missing, stamp) | found | cache.get_many(missing)
    return tuple(found[key] for key in keys)


# --- Finding the page -----------------------------------------------------------------------


def _root_url_path(site: Site) -> Coalesce:
    """The URL path of the site's root in the request's language (its own when it has no
    translation, as Wagtail serves it), as a subquery."""
    try:
        language = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        language = settings.LANGUAGE_CODE
    root = Page.objects.filter(pk=site.root_page_id)
    localized = Page.objects.filter(
        translation_key=Subquery(root.values("translation_key")[:1]),
        locale__language_code=language,
    )
    return Coalesce(
        Subquery(localized.values("url_path")[:1]), Subquery(root.values("url_path")[:1])
    )


def feed_page(request: HttpRequest, path: str) -> Page:
    """The live, public home, department, commune or action page at `path` ("mayenne/laval/"),
    in the request's language (a plain `Page`: `specific_class` tells its type); 404 for
    anything else. Two queries: the page, its view restrictions and its ancestors'."""
    from ..models import ActionPage, CommunePage, DepartmentPage, HomePage

    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    page = (
        Page.objects.live()
        .select_related("locale")
        .type(HomePage, DepartmentPage, CommunePage, ActionPage)
        .filter(url_path=Concat(_root_url_path(site), Value(path), output_field=CharField()))
        .first()
    )
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
    return f"{filters.kind}:{filters.category.pk if filters.category else ''}"


def _shown(value: str) -> str:
    """A visitor's value, quoted back in a message: one short line."""
    return "".join(char for char in value if char.isprintable())[:40]


def feed_filters(query: QueryDict, page: Page) -> queries.Filters:
    """The filters of a feed's query string (other parameters are left alone: calendar
    applications add their own). One query, only when a category is asked for. Raises
    BadFilter on a kind or a category the agenda doesn't have."""
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
    return queries.Filters(kind=kind, category=category)


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
    """A series given a number of times may be over before the window (the query can't
    tell): it is kept only when one of its occurrences falls in it."""
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
        parts = action.get_url_parts(request)
        return f"{parts[1]}{parts[2]}" if parts else ""

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


def build(
    request: HttpRequest,
    page: Page,
    filters: queries.Filters = NO_FILTER,
) -> bytes:
    url_of = url_maker(request)

    home = page.depth <= 2
    name = "L'Heure Civique" if home else f"L'Heure Civique — {page.title}"
    with translation.override(page.locale.language_code):
        if filters.feed_label:
            name = f"{name} — {filters.feed_label}"
    # A feed makes many small objects that hold no cycles: the cyclic garbage collector,
    # which would walk them again and again, waits until it is built.
    gc.disable()
    try:
        calendar = ics.calendar(name, actions_of(page, filters), url_of, page.locale.language_code)
        return ics.to_bytes(calendar)
    finally:
        gc.enable()


@require_safe
def feed(request: HttpRequest, path: str = "") -> HttpResponse:
    page = feed_page(request, path)
    try:
        filters = feed_filters(request.GET, page)
    except BadFilter as error:
        return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
    language = translation.get_language() or ""
    version = version_of(page)
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
            body = build(request, page, filters)
            cache.set(key, body, FEED_SECONDS)
        response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
        filename = f"{slugify(page.slug) or 'agenda'}.ics"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = "public, max-age=3600"
    return response
