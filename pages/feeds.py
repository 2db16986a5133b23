"""The public iCalendar feeds: `agenda.ics` under the home page, a department, a commune
(everything at and below it, nothing else) and an action (that action).

Calendar applications poll these addresses, often without validators: a built feed is kept in
the cache under a key that holds the "generation" of its page — a number that
`bump_generations` changes for a page and all its ancestors whenever a page below them is
published, unpublished, moved or deleted (pages/signals.py). The ETag is made of the page,
the language, the generation and the day (the window moves daily), so a conditional request
is answered 304 without building anything, and a repeat request is served from the cache.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import time

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.http import http_date, parse_http_date_safe, quote_etag
from django.utils.text import slugify
from django.views.decorators.http import require_safe
from wagtail.models import Page, Site

from . import agenda, ics
from .services import PATH_STEP

FEED_SECONDS = 24 * 3600  # a built feed is kept a day at most (the window moves daily)
GENERATION_SECONDS = 30 * 24 * 3600


# --- Generations ----------------------------------------------------------------------------


def _generation_key(path: str) -> str:
    return f"ics:generation:{path}"


def ancestor_paths(path: str) -> list[str]:
    """A page's path and its ancestors' (treebeard paths: 4 characters a level)."""
    return [path[:end] for end in range(PATH_STEP, len(path) + 1, PATH_STEP)]


def bump_generations(path: str) -> None:
    """Something changed at `path`: every feed at or above it must be built again."""
    stamp = time.time_ns()
    cache.set_many(
        {_generation_key(prefix): stamp for prefix in ancestor_paths(path)}, GENERATION_SECONDS
    )


def generation_of(page: Page) -> int:
    return cache.get(_generation_key(page.path), 0)


# --- Finding the page -----------------------------------------------------------------------


FEED_TYPES = ("HomePage", "DepartmentPage", "CommunePage", "ActionPage")


def feed_page(request: HttpRequest, path: str) -> Page:
    """The live, public home, department, commune or action page at `path` ("mayenne/laval/"),
    in the request's language; 404 for anything else."""
    from .models import ActionPage, CommunePage, DepartmentPage, HomePage

    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    root = site.root_page.localized
    page = (
        Page.objects.live()
        .filter(url_path=root.url_path + path)
        .type(HomePage, DepartmentPage, CommunePage, ActionPage)
        .first()
    )
    if page is None or page.get_view_restrictions().exists():
        raise Http404
    return page.specific


def _etag(page: Page, language: str, generation: int, day: dt.date) -> str:
    digest = hashlib.sha256(f"{page.pk}:{language}:{generation}:{day}".encode()).hexdigest()
    return quote_etag(digest[:32])


def _not_modified(request: HttpRequest, etag: str) -> bool:
    matches = request.headers.get("If-None-Match")
    if matches is not None:
        return etag in [tag.strip() for tag in matches.split(",")] or matches.strip() == "*"
    return False


# --- Building --------------------------------------------------------------------------------


def actions_of_queryset(actions):
    """`actions` with what their events need fetched up front, in the feeds' order."""
    from django.db.models import Prefetch

    from snippets.models import Gesture

    return (
        actions.select_related("place_commune")
        .prefetch_related(
            "cancellations",
            Prefetch("gestures", queryset=Gesture.objects.select_related("category")),
        )
        .order_by("start", "pk")
    )


def actions_of(page: Page):
    """The actions a feed holds: the action itself, or those at and below a territory within
    the window (a month back, a year ahead)."""
    from .models import ActionPage

    if isinstance(page, ActionPage):
        return actions_of_queryset(ActionPage.objects.filter(pk=page.pk))
    now = timezone.now()
    return actions_of_queryset(
        agenda.overlapping(
            agenda.actions_under(page), now - ics.WINDOW_BACK, now + ics.WINDOW_AHEAD
        )
    )


def build(request: HttpRequest, page: Page) -> bytes:
    def url_of(action) -> str:
        parts = action.get_url_parts(request)
        return f"{parts[1]}{parts[2]}" if parts else ""

    home = page.depth <= 2
    name = "L'Heure Civique" if home else f"L'Heure Civique — {page.title}"
    # A feed makes many small objects that hold no cycles: the cyclic garbage collector,
    # which would walk them again and again, waits until it is built.
    gc.disable()
    try:
        calendar = ics.calendar(name, actions_of(page), url_of, page.locale.language_code)
        return ics.to_bytes(calendar)
    finally:
        gc.enable()


@require_safe
def feed(request: HttpRequest, path: str = "") -> HttpResponse:
    page = feed_page(request, path)
    language = translation.get_language() or ""
    generation = generation_of(page)
    today = timezone.localdate()
    etag = _etag(page, language, generation, today)
    key = f"ics:feed:{etag}"
    stored = cache.get(key)
    if _not_modified(request, etag):
        response = HttpResponse(status=304)
    else:
        since = parse_http_date_safe(request.headers.get("If-Modified-Since", ""))
        if stored is not None and since is not None and stored["built"] <= since:
            response = HttpResponse(status=304)
        else:
            if stored is None:
                stored = {"body": build(request, page), "built": int(time.time())}
                cache.set(key, stored, FEED_SECONDS)
            response = HttpResponse(stored["body"], content_type="text/calendar; charset=utf-8")
            filename = f"{slugify(page.slug) or 'agenda'}.ics"
            response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["ETag"] = etag
    if stored is not None:
        response["Last-Modified"] = http_date(stored["built"])
    response["Cache-Control"] = "public, max-age=3600"
    return response
