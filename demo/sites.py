"""The demo's dedicated sites (issue 20): Mayenne on mayenne.localhost, Laval on
laval.localhost, on the dev server's port. Names under `.localhost` reach the loopback address
in browsers without any setup (Chromium and Firefox resolve them themselves; Python's resolver
on Debian does not, so the tests send the Host header instead).

Idempotent: a Site already as wanted is not saved again (a save marks the kits and the feeds).
The names and addresses are in demo/site_addresses.py, which `demo.logins` reads without Django."""

from __future__ import annotations

from wagtail.models import Locale, Site

from core.addresses import BadAddress, default_site, follow_public_address
from core.sites import dedicate_site
from pages.models import CommunePage, DepartmentPage

from .site_addresses import DEFAULT_PORT, DEMO_SITES


class DemoAddressError(ValueError):
    """The demo's address (load_demo --url) is one the national Site cannot hold."""


def load(port: int = DEFAULT_PORT, *, national_url: str | None = None) -> int:
    """Gives Mayenne and Laval their own address on `port`, and with `national_url` (the
    demo's address, load_demo --url) the national Site that address (its pages, feeds and QR
    codes print it); returns how many Sites changed."""
    changed = 0
    if national_url is not None:
        before = default_site()
        old = (before.hostname, before.port) if before is not None else None
        try:
            after = follow_public_address(national_url.rstrip("/"))
        except BadAddress as error:
            raise DemoAddressError(str(error)) from None
        changed += after is not None and (after.hostname, after.port) != old
    locale = Locale.get_default()
    for department_code, commune_code, hostname in DEMO_SITES:
        if commune_code is None:
            page = DepartmentPage.objects.get(department__code=department_code, locale=locale)
        else:
            page = CommunePage.objects.get(commune__code=commune_code, locale=locale)
        site = Site.objects.filter(hostname=hostname).first()
        if site is not None and (site.root_page_id, site.port) == (page.pk, port):
            continue
        dedicate_site(page, hostname, port=port)
        changed += 1
    return changed
