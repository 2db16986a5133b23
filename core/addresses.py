"""The public address of anything the platform links to from outside a request: e-mails,
feeds, PDFs, QR codes, API payloads. One home, so that the address printed on a poster and
the one in an e-mail never differ (and never say `localhost` in production)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation


def site_url() -> str:
    """The national site's public address, without a trailing slash (WAGTAILADMIN_BASE_URL)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(path: str) -> str:
    """`path` (starting with /) on the public address; an address already absolute is kept."""
    if path.startswith(("http://", "https://")):
        return path
    return site_url() + path


def absolute_url(name: str, **kwargs) -> str:
    """The public address of the URL named `name`, in the default language (French: no
    prefix), whatever language the request or job that asks is in."""
    with translation.override(settings.LANGUAGE_CODE):
        path = reverse(name, kwargs=kwargs)
    return absolute(path)
