"""Deployment checks (`manage.py check --deploy`): the public address is a real one, and the
default Wagtail Site prints the same as the e-mails (core/addresses.py); a CSRF middleware
protects the forms."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, register
from django.db import DatabaseError
from django.middleware.csrf import CsrfViewMiddleware
from django.utils.module_loading import import_string

from .addresses import LOCAL_HOSTS, BadAddress, default_site, host_and_port, site_url

FIX = (
    "Set WAGTAILADMIN_BASE_URL to the site's public address (e.g. "
    "https://heure-civique.mayenne.fr), then run `manage.py migrate` or "
    "`manage.py set_public_address` so that the Wagtail Site follows it."
)


@register("deploy", deploy=True)
def public_address_check(app_configs=None, **kwargs) -> list[Error]:
    url = settings.WAGTAILADMIN_BASE_URL
    try:
        hostname, port = host_and_port(url)
    except BadAddress as error:
        return [Error(f"WAGTAILADMIN_BASE_URL: {error}", hint=FIX, id="core.E001")]
    if hostname in LOCAL_HOSTS:
        return [
            Error(
                f"WAGTAILADMIN_BASE_URL is {url}: e-mails, feeds and QR codes would point to "
                "this machine, not to the public site.",
                hint=FIX,
                id="core.E002",
            )
        ]
    try:
        site = default_site()
    except DatabaseError:  # no database to ask: the Site is checked where there is one
        return []
    if site is None:
        return []
    if site.hostname in LOCAL_HOSTS:
        return [
            Error(
                f"The default Wagtail Site is {site.root_url}: pages, feeds and the API would "
                "print that address.",
                hint=FIX,
                id="core.E003",
            )
        ]
    if (site.hostname, site.port) != (hostname, port):
        return [
            Error(
                f"The default Wagtail Site is {site.root_url} but WAGTAILADMIN_BASE_URL is "
                f"{site_url()}: pages and e-mails would print different addresses.",
                hint=FIX,
                id="core.E004",
            )
        ]
    return []


@register("security", deploy=True)
def csrf_middleware_check(app_configs=None, **kwargs) -> list[Error]:
    """Django's own check (security.W003) looks for its middleware's exact dotted path, and the
    production settings silence it because `core.sites.SiteOriginsCsrfMiddleware` stands in its
    place; this one asks the same of any middleware: that one of them is Django's CSRF check."""
    for path in settings.MIDDLEWARE:
        try:
            middleware = import_string(path)
        except ImportError:
            continue  # Django says so itself when it loads the middleware
        if isinstance(middleware, type) and issubclass(middleware, CsrfViewMiddleware):
            return []
    return [
        Error(
            "No middleware checks the forms' CSRF tokens: any site could post to this one "
            "on a signed-in user's behalf.",
            hint="Put core.sites.SiteOriginsCsrfMiddleware (or Django's CsrfViewMiddleware) "
            "in MIDDLEWARE.",
            id="core.E005",
        )
    ]
