"""Dedicated sites: a territory on its own address (a Wagtail Site rooted at its page, e.g.
`heurecivique.mayenne.fr`, and its second names, `SiteAlias`, redirected to it).

The hosts the platform answers for are ALLOWED_HOSTS (the national address, set by the
operator) and the hostnames and second names of the Sites in the database, which an
administrator adds without a deployment. Django checks ALLOWED_HOSTS alone, so
`SiteHostsMiddleware`, first of all, checks the Host against both: an unknown host is refused
(400), a second name redirected (301), a known one let through. The Sites' table is read once
and kept in the cache until a Site or a second name is saved or deleted (`forget_hosts`).
`SiteOriginsCsrfMiddleware` accepts the form posts whose Origin is one of those Sites, as
CSRF_TRUSTED_ORIGINS would. The admin has one address: /admin/ on a dedicated host is
redirected to the national one.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost, ValidationError
from django.core.validators import DomainNameValidator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.http.request import split_domain_port, validate_host
from django.middleware.csrf import CsrfViewMiddleware
from django.shortcuts import redirect
from django.utils.translation import gettext as _

HOSTS_KEY = "core:site-hosts"
HOSTS_SECONDS = 24 * 60 * 60
ADMIN_PREFIX = "/admin/"


@dataclass(frozen=True)
class KnownHost:
    """A name the platform answers for, from the Sites' table."""

    root_url: str  # the Site's own address (where a second name redirects)
    is_alias: bool = False
    is_default: bool = False


@dataclass(frozen=True)
class SiteTable:
    hosts: dict[str, KnownHost]
    origins: frozenset[str]


def site_table() -> SiteTable:
    """The Sites' hostnames and second names: from the cache, else 2 queries."""
    table = cache.get(HOSTS_KEY)
    if table is None:
        table = _read_site_table()
        cache.set(HOSTS_KEY, table, HOSTS_SECONDS)
    return table


def _read_site_table() -> SiteTable:
    from wagtail.models import Site

    from .models import SiteAlias

    hosts: dict[str, KnownHost] = {}
    sites = {site.pk: site for site in Site.objects.all()}
    for site in sites.values():
        hosts[site.hostname.lower()] = KnownHost(site.root_url, is_default=site.is_default_site)
    for alias in SiteAlias.objects.all():
        site = sites.get(alias.site_id)
        if site is not None and alias.hostname not in hosts:
            hosts[alias.hostname] = KnownHost(site.root_url, is_alias=True)
    origins = frozenset(site.root_url for site in sites.values())
    return SiteTable(hosts=hosts, origins=origins)


def forget_hosts(**kwargs) -> None:
    """A Site or a second name changed: the table is read again (now and after the commit, so
    that a request reading it meanwhile does not keep the old one)."""
    cache.delete(HOSTS_KEY)
    transaction.on_commit(lambda: cache.delete(HOSTS_KEY))


def _national_host() -> str:
    return (urlsplit(settings.WAGTAILADMIN_BASE_URL).hostname or "").lower()


class SiteHostsMiddleware:
    """Refuses an unknown host, redirects a second name and the admin of a dedicated site (see
    the module). First in MIDDLEWARE: nothing reads the host before it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        raw_host = request._get_raw_host()
        domain, _port = split_domain_port(raw_host)
        allowed = bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)
        # The table is read for a host ALLOWED_HOSTS does not list (a dedicated site) and for
        # the admin's addresses on another host than the national one only: the national
        # pages and admin read nothing more.
        if allowed and (
            domain == _national_host() or not request.path_info.startswith(ADMIN_PREFIX)
        ):
            return self.get_response(request)
        known = site_table().hosts.get(domain) if domain else None
        if known is None:
            if not allowed:
                raise DisallowedHost(
                    _("The site does not answer for %(host)s.") % {"host": raw_host}
                )
            return self.get_response(request)
        if known.is_alias:
            return HttpResponsePermanentRedirect(known.root_url + request.get_full_path())
        if not known.is_default and request.path_info.startswith(ADMIN_PREFIX):
            return redirect(settings.WAGTAILADMIN_BASE_URL.rstrip("/") + request.get_full_path())
        if not allowed:
            # Django's own check (get_host, for CSRF, redirects, absolute URIs) reads
            # ALLOWED_HOSTS only: this request's host was checked against the Sites instead.
            request.get_host = lambda: raw_host
        return self.get_response(request)


class SiteOriginsCsrfMiddleware(CsrfViewMiddleware):
    """Django's CSRF check, accepting as trusted origins the addresses of the Sites (a dedicated
    site's form posted from its own address, whatever CSRF_TRUSTED_ORIGINS lists)."""

    def _origin_verified(self, request: HttpRequest) -> bool:
        if super()._origin_verified(request):
            return True
        return request.META.get("HTTP_ORIGIN") in site_table().origins


class BadHostname(ValueError):
    """A host name a Site cannot have (its message says why)."""


def clean_hostname(value: str) -> str:
    """`value` as a Site's host name (lower case, no scheme, port or path), or BadHostname."""
    hostname = (value or "").strip().lower().rstrip(".")
    try:
        DomainNameValidator(accept_idna=False)(hostname)
    except ValidationError:
        raise BadHostname(
            _("%(host)s is not a host name (e.g. heurecivique.mayenne.fr).") % {"host": value}
        ) from None
    return hostname


@transaction.atomic
def dedicate_site(root_page, hostname: str, *, port: int = 443, aliases: tuple[str, ...] = ()):
    """Gives `root_page` (a territory's page) its own address: the Site `hostname` rooted at it,
    and its second names, redirected to it. Safe to repeat: a Site already at that host name is
    moved to `root_page` and `port`; its other second names are kept. Returns the Site."""
    from wagtail.models import Site

    from .models import SiteAlias

    hostname = clean_hostname(hostname)
    names = [clean_hostname(alias) for alias in aliases]
    if hostname in names:
        raise BadHostname(_("The second name must differ from the site's own."))
    if not 1 <= port <= 65535:
        raise BadHostname(_("%(port)s is not a port number.") % {"port": port})
    taken = SiteAlias.objects.filter(hostname=hostname).first()
    if taken is not None:
        raise BadHostname(
            _("%(host)s is already a second name of %(site)s.")
            % {"host": hostname, "site": taken.site.hostname}
        )
    other = Site.objects.filter(root_page=root_page).exclude(hostname=hostname).first()
    if other is not None:
        raise BadHostname(
            _("This page is already the root of the site %(host)s.") % {"host": other.hostname}
        )
    site = Site.objects.filter(hostname=hostname).first() or Site(hostname=hostname)
    if site.is_default_site:
        raise BadHostname(_("%(host)s is the national site's address.") % {"host": hostname})
    site.root_page, site.port = root_page, port
    site.site_name = site.site_name or root_page.title
    site.save()
    for name in names:
        if Site.objects.filter(hostname=name).exists():
            raise BadHostname(_("%(host)s is already a site's own address.") % {"host": name})
        alias, _created = SiteAlias.objects.get_or_create(hostname=name, defaults={"site": site})
        if alias.site_id != site.pk:
            raise BadHostname(
                _("%(host)s is already a second name of %(site)s.")
                % {"host": name, "site": alias.site.hostname}
            )
    return site
