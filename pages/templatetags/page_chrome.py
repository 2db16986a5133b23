"""The `page_chrome` tag: gives the base layout the theme, breadcrumb and footer of any page,
including pages of other apps and views without a page (404, 500)."""

from django import template

from pages.services import Chrome, page_chrome

register = template.Library()


@register.simple_tag(takes_context=True, name="page_chrome")
def page_chrome_tag(context) -> Chrome:
    return page_chrome(context.get("request"), context.get("page"))
