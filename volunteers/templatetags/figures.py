"""`{% territory_figures page as figures %}`: the volunteers, actions and hours given of a
home, department or commune page (aggregates only), kept ten minutes in the cache."""

from django import template
from django.core.cache import cache

from volunteers import hours

register = template.Library()
CACHE_SECONDS = 600


@register.simple_tag
def territory_figures(page):
    if page is None:
        return None
    scope = getattr(page, "commune", None) or getattr(page, "department", None)
    key = f"figures:{type(scope).__name__}:{getattr(scope, 'pk', 'nation')}"
    found = cache.get(key)
    if found is None:
        found = hours.figures(scope)
        cache.set(key, found, CACHE_SECONDS)
    return found
