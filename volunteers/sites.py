"""The site a volunteer's e-mails link to (issue 20): their commune's own address when it has
one (a volunteer of Laval gets links on Laval's), else their department's, else the national
site. core/addresses.py says the address; this module which page it is for."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.conf import settings
from django.db.models import Q
from django.http import HttpRequest
from wagtail.models import Page, Site

from pages.models import CommunePage, DepartmentPage

from .models import Volunteer


def page_for_links(volunteer: Volunteer) -> Page | None:
    """The territory page whose site the volunteer's links are on, or None for the national
    site. No query while no territory has its own address (Wagtail keeps the sites' roots in
    the cache); one otherwise."""
    return page_for_commune(volunteer.commune_id)


def page_for_commune(commune_id: int | None) -> Page | None:
    """The page of the commune `commune_id`, else of its department, whose site the links
    sent about it are on (a help request's answer, a volunteer's e-mails); None for the
    national site (see `page_for_links`)."""
    if commune_id is None or len({root.site_id for root in Site.get_site_root_paths()}) < 2:
        return None
    return (
        Page.objects.live()
        .type(CommunePage, DepartmentPage)
        .filter(
            Q(communepage__commune_id=commune_id)
            | Q(departmentpage__department__communes=commune_id)
        )
        .order_by("-depth")
        .only("id", "path", "url_path", "depth")
        .first()
    )


# The e-mailed links a front end on another site opens itself (HEADLESS_FRONT_END_URLS), by the
# name of the parameter that carries their token; the front end sends it back to the API.
FRONT_END_LINKS = ("confirm", "space", "register")


def front_end_origin(origin: str | None) -> str:
    """The origin of a request (its Origin header) when a front end is configured for it, else
    ""."""
    return origin if origin and origin in settings.HEADLESS_FRONT_END_URLS else ""


def front_end_link(volunteer: Volunteer, link: str, token: str) -> str | None:
    """The address of the e-mailed `link` on the front end the volunteer signed up through,
    with its token as the `link` parameter; None when they signed up on the site (or their
    front end is no longer configured): the site's own page then."""
    base = settings.HEADLESS_FRONT_END_URLS.get(volunteer.front_end or None)
    if not base:
        return None
    parts = urlsplit(base)
    query = [(key, value) for key, value in parse_qsl(parts.query) if key not in FRONT_END_LINKS]
    query.append((link, token))
    return urlunsplit(parts._replace(query=urlencode(query)))


def site_commune_page(request: HttpRequest) -> CommunePage | None:
    """On a commune's own address (a Site rooted at its page), that commune's page: the
    network's forms there (the sign-up, the help centre's contact) are the commune's."""
    site = Site.find_for_request(request)
    if site is None or site.is_default_site:
        return None
    # Its type is known without a query (the content types are cached): a department's site's
    # forms cost nothing more than the national ones.
    if site.root_page.specific_class is not CommunePage:
        return None
    root = site.root_page.localized.specific
    return root if isinstance(root, CommunePage) and root.live else None


def commune_initial(commune_page: CommunePage | None) -> dict:
    """A form's postal code and commune, preset to `commune_page`'s commune (its first postal
    code); {} without one."""
    if commune_page is None:
        return {}
    commune = commune_page.commune
    postal = commune.postal_codes.order_by("code").first()
    return {"postal_code": postal.code if postal else "", "commune": commune.pk}
