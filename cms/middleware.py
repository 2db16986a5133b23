"""Middleware of the project."""

import hashlib

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers


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
    asked again with their ETag, answered 304 when nothing changed.

    The ETag is a hash of the answer itself, so that anything that changes what the API says
    (a publication, a gesture approved, a figure that moves) changes it, without a list of
    what each endpoint reads to keep in step; a 304 still builds the answer, but sends nothing.
    Only successful GET and HEAD answers that set no cookie: errors and anything personal are
    never marked public.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not request.path_info.startswith("/api/")
            or request.method not in ("GET", "HEAD")
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or response.has_header("Cache-Control")
        ):
            return response
        digest = hashlib.blake2b(response.content, digest_size=16).hexdigest()
        response.headers["ETag"] = f'"{digest}"'
        patch_cache_control(response, public=True, max_age=settings.API_CACHE_MAX_AGE)
        # The messages and some labels follow Accept-Language (APILanguageMiddleware).
        patch_vary_headers(response, ["Accept-Language"])
        return get_conditional_response(request, etag=response.headers["ETag"], response=response)


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
