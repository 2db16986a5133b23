"""Template tags of the kits: sizes for the print templates, the press links of a page."""

from django import template

from kits import services

register = template.Library()


@register.filter
def u(value, unit) -> str:
    """`value` times the document's scale, as a plain number for CSS (never localised)."""
    return f"{float(value) * float(unit):.2f}"


@register.simple_tag(takes_context=True)
def kit_links(context, page=None):
    """The press page and share image addresses of a department or commune page, or None.
    Runs no query beyond those Wagtail's page URL already costs."""
    page = page if page is not None else context.get("page")
    return services.kit_links(page, context.get("request"))


@register.filter
def ub(value, context) -> str:
    """`value` times the document's scale plus its bleed (mm): a padding on an edge of the
    sheet, which runs into the bleed. `context` is the template's (unit, bleed) pair."""
    unit, bleed = context
    return f"{float(value) * float(unit) + float(bleed):.2f}"
