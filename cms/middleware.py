"""Middleware of the project."""

import hashlib

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from core import api_cache


class APILanguageMiddleware:
    """The read API answers in the language the client asks for (Accept-Language).

    Pages take their language from the URL (French without a prefix, /en/...), which makes
    Django's LocaleMiddleware ignore Accept-Language on every unprefixed path; the API has no
    language prefix, so its messages follow the client's header instead, French by default.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)


class APICacheMiddleware:
    """Public API answers may be kept a short while (`Cache-Control: public, max-age`) and are
    asked again with their ETag or their Last-Modified, answered 304 when nothing changed.

    On the public read endpoints (PUBLIC_READ), the validators are known before the answer is
    built (core/api_cache.py: the API's generation, bumped by any change it may show, the
    clock's step, the address, the language, the code): a request that matches is answered 304
    from one cache read, without building anything. Elsewhere, an answer marked public gets a
    hash of its bytes as its ETag. Only successful GET and HEAD answers that set no cookie and
    say nothing of how they may be kept: errors and anything personal are never marked public.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith("/api/") or request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        known = _is_public_read(request.path_info)
        if known:
            etag, last_modified = api_cache.validators(request)
            asked = request.headers.get("If-None-Match", "")
            # `*` matches any answer that exists: only building it tells (a 404 may come).
            if (asked or request.headers.get("If-Modified-Since")) and asked.strip() != "*":
                not_modified = get_conditional_response(
                    request, etag=etag, last_modified=last_modified
                )
                if not_modified is not None and not_modified.status_code == 304:
                    return _mark_public(not_modified, etag, last_modified)
                if not_modified is not None:
                    return not_modified  # a precondition failed (If-Match): 412
        response = self.get_response(request)
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or response.has_header("Cache-Control")
        ):
            return response
        if not known:
            digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
            etag, last_modified = f'"{digest}"', None
        _mark_public(response, etag, last_modified)
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )


def _mark_public(response, etag: str, last_modified: int | None):
    response.headers["ETag"] = etag
    if last_modified is not None:
        response.headers["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
    # The messages and some labels follow Accept-Language (APILanguageMiddleware).
    patch_vary_headers(response, ["Accept-Language"])
    return response


# The read endpoints whose answers are the same for everyone who asks the same address in the
# same language: the router's (pages, images, documents, communes, gestures, actions), the
# index, the description and the figures. Not the preview (a draft), nor the forms' endpoints.
PUBLIC_READ_NAMESPACE = "wagtailapi"
PUBLIC_READ = frozenset({"api_index", "api_schema", "api_docs", "api_figures"})


def _is_public_read(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    if PUBLIC_READ_NAMESPACE in match.namespaces:
        return True
    return not match.namespaces and match.url_name in PUBLIC_READ


class APIWriteCorsMiddleware:
    """Other origins may POST to the public forms' endpoints, and only to them: the rest of the
    API stays read-only for a browser on another site (CORS_ALLOW_METHODS), so a preflight
    answered by django-cors-headers gains POST on those endpoints alone. Placed before
    CorsMiddleware, it sees that middleware's answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        methods = response.headers.get("Access-Control-Allow-Methods")
        if methods and "POST" not in methods and _is_write_endpoint(request.path_info):
            response.headers["Access-Control-Allow-Methods"] = f"{methods}, POST"
        return response


def _is_write_endpoint(path: str) -> bool:
    """Whether `path` is one of the public forms' endpoints (cms/api.py WRITE_ENDPOINTS)."""
    if not path.startswith("/api/"):
        return False
    from .api import WRITE_ENDPOINTS  # the API's modules load once the apps are ready

    try:
        return resolve(path).url_name in WRITE_ENDPOINTS
    except Resolver404:
        return False
