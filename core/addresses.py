"""The public address of anything the platform links to from outside a request: e-mails,
feeds, PDFs, QR codes, API payloads. One home, so that the address printed on a poster and
the one in an e-mail never differ (and never say `localhost` in production)."""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _


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


# --- The default Wagtail Site follows the public address ------------------------------------
# Wagtail builds a page's full address (feeds, the API's html_url, QR codes, kits) from the
# Site's hostname and port, and e-mails from WAGTAILADMIN_BASE_URL: the Site is made to say
# the same, after every migrate and by `manage.py set_public_address`.

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1", "0.0.0.0"})
DEFAULT_PORTS = {"http": 80, "https": 443}


class BadAddress(ValueError):
    """An address the Site cannot hold (its message says why)."""


def host_and_port(url: str) -> tuple[str, int]:
    """The hostname and port a Wagtail Site needs to print `url` as its root address.

    A Site prints `http://host` on port 80, `https://host` on 443 and `http://host:port`
    otherwise: HTTPS on another port, a path, a query or credentials cannot be held."""
    parts = urlsplit(url.strip())
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise BadAddress(_("%(url)s is not an http:// or https:// address.") % {"url": url})
    if parts.path.strip("/") or parts.query or parts.fragment or parts.username:
        raise BadAddress(
            _("%(url)s must be the site's root address, without a path.") % {"url": url}
        )
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError:
        raise BadAddress(_("%(url)s has an invalid port.") % {"url": url}) from None
    if parts.scheme == "https" and port != 443:
        raise BadAddress(_("%(url)s: a Wagtail site serves HTTPS on port 443 only.") % {"url": url})
    return parts.hostname, port


def default_site(using: str = DEFAULT_DB_ALIAS):
    """The default Wagtail Site, or None (none yet, or no table: before the first migrate)."""
    from wagtail.models import Site

    if Site._meta.db_table not in connections[using].introspection.table_names():
        return None
    return Site.objects.using(using).filter(is_default_site=True).first()


def follow_public_address(url: str | None = None, *, using: str = DEFAULT_DB_ALIAS):
    """Gives the default Site the hostname and port of `url` (WAGTAILADMIN_BASE_URL by default);
    the Site, or None when there is none yet. Raises BadAddress for an address it cannot hold."""
    hostname, port = host_and_port(url or site_url())
    site = default_site(using)
    if site is not None and (site.hostname, site.port) != (hostname, port):
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])  # Site.save clears Wagtail's cache
    return site


def follow_after_migrate(using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate: the default Site follows the setting. An address it cannot hold is left to
    `check --deploy` to report: a migrate does not fail for it."""
    with contextlib.suppress(BadAddress):
        follow_public_address(using=using)
