"""Who may keep a copy of an answer: the proxy's page cache (deploy/nginx/, purged on publish by
pages/purge.py) and the visitor's browser.

An anonymous visitor's GET of an HTML page is the same for everyone: `public`, kept `max-age` by
browsers (short: a purge cannot reach them) and `s-maxage` (PAGE_CACHE_SECONDS) by the proxy
(a minute with a query string, which the purge does not name).
Anything that involves a session or a person is `private, no-store`: a logged-in user, a form
with its CSRF token, a cookie set, a request that is not a GET, and a page drawn for the
volunteer this device recognises (volunteers/devices.py calls `personal`). An answer that
already says how it may be kept (the feeds, the volunteer's space, the admin) keeps its word
unless it turns out to be personal; the API's answers are its own (cms/api.py).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

PRIVATE = "private, no-store"
BROWSER_SECONDS = 30
# A filtered or paginated address (a query string) is not purged by name (pages/purge.py): the
# proxy keeps it a minute at most.
QUERY_PROXY_SECONDS = 60
# The API says itself how its answers are kept; /admin/ sets its own (never kept).
LEFT_ALONE = ("/api/",)


def personal(request: HttpRequest) -> None:
    """Marks the answer to `request` as drawn for one person: no cache keeps it."""
    request._hc_personal = True


def public_value(request: HttpRequest) -> str:
    proxy = settings.PAGE_CACHE_SECONDS
    if request.META.get("QUERY_STRING"):
        proxy = min(proxy, QUERY_PROXY_SECONDS)
    return f"public, max-age={min(BROWSER_SECONDS, proxy)}, s-maxage={proxy}"


def _is_personal(request: HttpRequest, response: HttpResponse) -> bool:
    if request.method not in ("GET", "HEAD"):
        return True
    if getattr(request, "_hc_personal", False) or response.cookies:
        return True
    # A form's CSRF token was written in the page (django.middleware.csrf.get_token).
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return True
    session = getattr(request, "session", None)
    # A session that holds something (a page's password given, a message): that visitor's own.
    return session is not None and session.accessed and not session.is_empty()


def _is_page(response: HttpResponse) -> bool:
    """An HTML page answered whole. Files (a kit's document, whose stored file changes without
    a purge), JSON and streams say for themselves, or are not kept."""
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and "X-Accel-Redirect" not in response
    )


class PublicCacheMiddleware:
    """Sets Cache-Control and Vary on every answer but the API's (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path_info.startswith(LEFT_ALONE):
            return response
        current = response.get("Cache-Control", "")
        if _is_personal(request, response):
            if "private" not in current or "no-store" not in current:
                response["Cache-Control"] = PRIVATE
        elif not current and _is_page(response):
            response["Cache-Control"] = public_value(request)
        if "public" in response.get("Cache-Control", ""):
            # What Django reads of a request to tell visitors apart; the language is in the
            # address (no prefix for French), never taken from Accept-Language.
            patch_vary_headers(response, ("Cookie",))
        return response
