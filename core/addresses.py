"""The public address of anything the platform links to from outside a request: e-mails,
feeds, PDFs, QR codes, API payloads. One home, so that the address printed on a poster and
the one in an e-mail never differ (and never say `localhost` in production)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from django.http import HttpRequest
    from wagtail.models import Page


def site_url(page: Page | None = None) -> str:
    """The public address of the site `page` is on, without a trailing slash: the dedicated
    Site rooted at its nearest ancestor-or-self that has one (a territory on its own address,
    core/sites.py), else the national site's (WAGTAILADMIN_BASE_URL)."""
    if page is not None:
        root = _dedicated_root_of(page)
        if root is not None:
            return root.root_url.rstrip("/")
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def _dedicated_root_of(page: Page):
    """The Wagtail SiteRootPath of the nearest dedicated Site above or at `page`, or None. No
    query: Wagtail keeps the sites' root paths, deepest first, in the cache. Every page is
    under the national site (rooted at the national home, above every territory): a page
    under a second site is on a territory's own address."""
    url_path = page.url_path or ""
    # The page's own copy of the roots (Wagtail's, kept on the page as get_url_parts reads them):
    # its address and its site always agree.
    roots = [root for root in page._get_site_root_paths() if url_path.startswith(root.root_path)]
    if len({root.site_id for root in roots}) < 2:
        return None
    return roots[0]


def absolute(path: str, page: Page | None = None) -> str:
    """`path` (starting with /) on the public address (of `page`'s site when given); an
    address already absolute is kept."""
    if path.startswith(("http://", "https://")):
        return path
    return site_url(page) + path


def absolute_url(
    name: str,
    *,
    on: Page | None = None,
    site: str | None = None,
    language: str | None = None,
    **kwargs,
) -> str:
    """The public address of the URL named `name`, in `language` (a volunteer's: "/en/..."),
    else in the default one (French: no prefix), whatever language the request or job that
    asks is in; on the site of the page `on` when given (the e-mail of a volunteer of a commune
    that has its own address), or on the address `site` (a site's root address, as an e-mail's
    theme gives it)."""
    with translation.override(link_language(language)):
        path = reverse(name, kwargs=kwargs)
    if site:
        return site.rstrip("/") + path
    return absolute(path, on)


def link_language(language: str | None) -> str:
    """`language` if the site has it, else the default one."""
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def page_url_in(page: Page, language: str | None) -> str:
    """The public address of `page` in `language` (its live translation), else of `page`."""
    code = link_language(language)
    if code != settings.LANGUAGE_CODE:
        translated = (
            page.get_translations().live().filter(locale__language_code=code).first()
            if page.pk
            else None
        )
        if translated is not None:
            return page_url(translated) or page_url(page)
    return page_url(page)


def home_url(language: str | None, page: Page | None = None) -> str:
    """The home a reader in `language` is sent to from outside the site (a volunteer's
    e-mail's footer): the root of the site `page` is on (the national site without it) in its
    live translation into `language` ("/en/"); else `page`, a territory's page, in it (a
    department that publishes in a regional language the national pages are never in:
    pages/languages.py); else the site's plain address, which opens in French. In the default
    language, that plain address (no query); else one or two queries."""
    from wagtail.models import Page as WagtailPage
    from wagtail.models import Site

    code = link_language(language)
    if code == settings.LANGUAGE_CODE:
        return site_url(page)
    root = _dedicated_root_of(page) if page is not None else None
    sites = (
        Site.objects.filter(pk=root.site_id) if root else Site.objects.filter(is_default_site=True)
    )
    candidates = []
    if root is not None or code not in settings.REGIONAL_LANGUAGES:
        candidates.append(
            WagtailPage.objects.filter(
                translation_key__in=sites.values("root_page__translation_key")
            )
        )
    if page is not None and page.pk:
        candidates.append(WagtailPage.objects.filter(translation_key=page.translation_key))
    for pages in candidates:
        translated = pages.live().filter(locale__language_code=code).first()
        if translated is not None and (url := page_url(translated)):
            return url
    return site_url(page)


def url_on_site(
    page: Page,
    request: HttpRequest | None,
    *,
    answers_here: Callable[[Page], bool] | None = None,
) -> str:
    """The address to print for `page` in what is served for `request`: its path when it
    answers on the request's own site (under that site's root, as Wagtail's `pageurl` says;
    or, when `answers_here(page)` says so, a page of the network that every site serves at
    the same path, such as the charter on a territory's own address), else its full
    address (on its own site: another territory's page, the national copy of a page); "" for a
    page that has no address. Without a request: `page_url`. No query (Wagtail keeps the sites'
    root paths in the cache)."""
    if request is None:
        return page_url(page)
    parts = page.get_url_parts(request)
    if not parts or parts[2] is None:
        return ""
    site_id, root_url, path = parts
    current = _site_of(request)
    if current is None or site_id == current.pk:
        return path
    if not current.is_default_site and answers_here is not None and answers_here(page):
        return path
    return (root_url or site_url(page)).rstrip("/") + path


def _site_of(request: HttpRequest):
    from wagtail.models import Site

    return Site.find_for_request(request)


def page_url(page: Page) -> str:
    """The public address of `page`, whatever request or job asks: on its territory's own
    address when it has one (the national copy is not the one printed), else the national
    one; "" for a page that has no address (not routable)."""
    parts = page.get_url_parts()
    if not parts or parts[2] is None:
        return ""
    return site_url(page) + parts[2]


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
