"""The security headers of every response, in one place: a Content-Security-Policy (the public
site runs only its own scripts; the admin gets what Wagtail's needs), a Permissions-Policy that
turns off what the site never uses, and a limit on the size of a request's body that answers
before anything reads it.

Referrer-Policy, HSTS and nosniff are Django's SecurityMiddleware's (settings), so that there
is one source for each header.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _

# The public pages: their own scripts and styles only; the territories' colours are custom
# properties in style attributes (style-src-attr), never a <style> or a script written inline.
PUBLIC_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "style-src-attr": ["'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'none'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    # Wagtail's preview shows a page in a frame of the admin, on the same address.
    "frame-ancestors": ["'self'"],
}

# Wagtail's admin writes some scripts and many styles inline, shows previews and choosers in
# frames of its own, and reads images as blobs (the focal point, the uploader's previews). The
# kit's page previews its PDFs in <object>s (kits/admin/kit.html), served by the admin itself.
ADMIN_POLICY = {
    **PUBLIC_POLICY,
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "font-src": ["'self'", "data:"],
    "frame-src": ["'self'"],
    "object-src": ["'self'"],
}

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


def _render(policy: dict[str, list[str]], media_origins: list[str]) -> str:
    directives = []
    for name, sources in policy.items():
        if name == "img-src":
            sources = [*sources, *media_origins]
        directives.append(" ".join([name, *sources]))
    return "; ".join(directives)


def storage_origin() -> str | None:
    """Where the default storage's files are read from when it is another address (a bucket:
    its signed addresses, e.g. https://s3.fr-par.scw.cloud), or None (files under /media/).
    Computed locally: signing an address asks nothing of the bucket."""
    from django.core.files.storage import default_storage

    try:
        address = urlsplit(default_storage.url("csp"))
    except Exception:  # a storage that cannot say: the setting must then list it
        return None
    if address.scheme in ("http", "https") and address.netloc:
        return f"{address.scheme}://{address.netloc}"
    return None


def policies() -> tuple[str, str]:
    """The public and the admin Content-Security-Policy, with the media's other addresses
    allowed for images: the bucket's (object storage) and CSP_MEDIA_ORIGINS (a CDN...)."""
    media = list(getattr(settings, "CSP_MEDIA_ORIGINS", []))
    origin = storage_origin()
    if origin and origin not in media:
        media.insert(0, origin)
    admin = {**ADMIN_POLICY, "frame-src": [*ADMIN_POLICY["frame-src"], *preview_origins()]}
    return _render(PUBLIC_POLICY, media), _render(admin, media)


def preview_origins() -> list[str]:
    """The front ends on other sites where editors preview a draft (pages/headless.py): the
    admin's preview panel shows them in its frame."""
    urls = getattr(settings, "WAGTAIL_HEADLESS_PREVIEW", {}).get("CLIENT_URLS", {}).values()
    origins = []
    for url in urls:
        address = urlsplit(url)
        if address.scheme in ("http", "https") and address.netloc:
            origin = f"{address.scheme}://{address.netloc}"
            if origin not in origins:
                origins.append(origin)
    return origins


def is_admin_path(path: str) -> bool:
    return path.startswith(("/admin/", "/django-admin/"))


class SecurityHeadersMiddleware:
    """Put first, after Django's SecurityMiddleware: an oversized body is refused before a
    session, a form or an upload handler reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self._too_large(request) or self.get_response(request)
        if "Content-Security-Policy" not in response:
            public, admin = policies()
            response["Content-Security-Policy"] = (
                admin if is_admin_path(request.path_info) else public
            )
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response

    def _too_large(self, request) -> HttpResponse | None:
        limit = settings.MAX_REQUEST_BODY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length <= limit:
            return None
        megabytes = max(1, limit // (1024 * 1024))
        return HttpResponse(
            _(
                "What you sent is too large: at most %(size)s MB in all. "
                "Send smaller files (a photo reduced to a few MB is enough)."
            )
            % {"size": megabytes},
            status=413,
            content_type="text/plain; charset=utf-8",
        )
