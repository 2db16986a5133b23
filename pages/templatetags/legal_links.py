"""The `legal_links` tag: the footer's links to the accessibility statement (with its mention
of the state of compliance) and to the site map (see pages/legal.py)."""

from django import template

from pages.legal import FooterLinks, footer_links

register = template.Library()


@register.simple_tag(name="legal_links")
def legal_links_tag(home) -> FooterLinks:
    return footer_links(home)
