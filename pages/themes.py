"""The theme an e-mail about a territory is drawn in (its colour and name), read from the
territory's page: core's e-mail sender takes it as a plain dict and knows no page."""

from __future__ import annotations

from django.conf import settings
from wagtail.models import Locale, Page

from core.addresses import site_url
from territories.models import Commune


def email_theme(commune: Commune | None, department_id: int | None = None) -> dict:
    """The colour and name the e-mail's header shows: the commune's page's (its own colours,
    else its department's), else the department page's, else the national ones ({}). Without
    a commune, the page of `department_id` (an e-mail about several of its communes)."""
    from .models import CommunePage, DepartmentPage

    # The French page: its translations share its colours, and a translation's title or
    # address must not stand in for it by the chance of the database's order.
    source = Locale.objects.filter(language_code=settings.LANGUAGE_CODE).values("pk")
    page = None
    if commune is not None:
        page = CommunePage.objects.live().filter(commune=commune, locale__in=source).first()
        department_id = commune.department_id
    if page is None and department_id is not None:
        page = (
            DepartmentPage.objects.live()
            .filter(department_id=department_id, locale__in=source)
            .first()
        )
    if page is None:
        return {}
    return {
        "primary": page.theme().primary,
        "territory_name": page.title,
        "site_url": site_url(page),
        # The footer's home in a volunteer's language (core.email.home_of).
        "territory_page": page,
    }


def email_theme_of_page(page) -> dict:
    """The theme of an e-mail about `page` (an initiative, an action): that of the nearest
    commune or department page above it, else the national one ({}), also for what is not
    a page."""
    from .models import CommunePage, DepartmentPage

    if not isinstance(page, Page) or not page.path:
        return {}  # a snippet (a gesture) is national
    territory = (
        page.get_ancestors(inclusive=True)
        .type(CommunePage, DepartmentPage)
        .order_by("-depth")
        .specific()
        .first()
    )
    if territory is None or not territory.live:
        return {}
    return {
        "primary": territory.theme().primary,
        "territory_name": territory.title,
        "site_url": site_url(territory),
        "territory_page": territory,
    }
