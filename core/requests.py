"""Requests the site cannot read are refused with a 400 and a clear message, before any view or
database sees them: a NUL byte in the path, the query string or a form's values (PostgreSQL
refuses NUL in text, so it would fail deep in a query), and a form body that cannot be decoded
(a charset other than UTF-8, a multipart body with an unknown charset).

Why the body is read here: Django raises on such a body each time `request.POST` is read, and
its error views read it again (their CSRF decorator), so the error escaped Django altogether.
Read once here, a failure marks the body as empty for everything after and answers the 400.

The answer: `{"message": ...}` in the API (as Wagtail's API answers its errors), plain text for
the feeds, the site's 400 page otherwise, in the visitor's language (French by default).
"""

from __future__ import annotations

import logging

from django.core.exceptions import BadRequest, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

NUL = "\x00"
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def bad_request(request: HttpRequest, message: str = "") -> HttpResponse:
    """The 400 answer of `request`, in the form its address calls for."""
    message = message or _("The address or the form sent is not one the site can read.")
    path = request.path_info
    if path.startswith("/api/"):
        return JsonResponse({"message": message}, status=400)
    if path.endswith((".ics", ".json", ".pdf", ".png")):
        return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
    return render(request, "400.html", {"message": message}, status=400)


def _has_nul(query) -> bool:
    return any(NUL in key or any(NUL in value for value in values) for key, values in query.lists())


def unreadable(request: HttpRequest) -> str | None:
    """Why the site cannot read `request`, or None when it can."""
    if NUL in request.path_info or NUL in request.path:
        return _("The address contains a null character, which no page has.")
    if _has_nul(request.GET):
        return _("A parameter of the address contains a null character, which none accepts.")
    if request.method in ("POST", "PUT", "PATCH") and request.content_type in FORM_TYPES:
        try:
            data = request.POST
            request.FILES  # noqa: B018 (parsed with the form's fields)
        except (BadRequest, SuspiciousOperation, MultiPartParserError, LookupError, ValueError):
            # Every later read (the CSRF check, the error views) gets an empty form, not the
            # same exception again.
            request._mark_post_parse_error()
            logger.warning("Unreadable form body refused", exc_info=True)
            return _(
                "The form could not be read: send it again from the site's page "
                "(its content must be encoded in UTF-8)."
            )
        if _has_nul(data):
            return _("A field of the form contains a null character, which no field accepts.")
    return None


class RefuseUnreadableRequestsMiddleware:
    """A 400 with a clear message for a request the site cannot read (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        message = unreadable(request)
        if message is not None:
            return bad_request(request, message)
        return self.get_response(request)
