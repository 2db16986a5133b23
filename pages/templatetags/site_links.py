"""The `siteurl` tag: a page's address as the layout prints it, on the site the request is on.

Wagtail's `pageurl` prints a page outside the request's site in full, on the site it is under:
on a territory's own address, the charter, the legal pages and the site map (under the national
home) would send the visitor to the national host, though they answer on the territory's
(`route_shared_page`). `siteurl` prints their path there (see `Chrome.url_of`)."""

from django import template

from core.addresses import url_on_site
from pages.services import is_network_page

register = template.Library()


@register.simple_tag(takes_context=True, name="siteurl")
def siteurl_tag(context, page) -> str:
    if page is None:
        return ""
    return url_on_site(page, context.get("request"), answers_here=is_network_page)
