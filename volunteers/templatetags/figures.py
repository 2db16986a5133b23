"""`{% territory_figures page as figures %}`: the volunteers, actions and hours given of a
home, department or commune page (aggregates only), counted once per change of the data
(volunteers.hours.cached_figures)."""

from django import template

from volunteers import hours

register = template.Library()


@register.simple_tag
def territory_figures(page):
    if page is None:
        return None
    scope = getattr(page, "commune", None) or getattr(page, "department", None)
    return hours.cached_figures(scope)
