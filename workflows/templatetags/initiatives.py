"""`{% territory_initiatives page as initiatives %}`: the latest live initiatives at and below a
territory's page (home, department, commune), its initiatives index and its proposal address.
On a page in English or Breton, the French initiatives, each in the page's language where
translated, else marked `lang="fr"` (pages/fallback.py)."""

from dataclasses import dataclass, field

from django import template
from wagtail.models import Page

from pages import fallback
from pages.models.initiatives import initiatives_in_language, initiatives_within, propose_url

from ..services import initiatives_index_of

register = template.Library()
LATEST_COUNT = 6


@dataclass
class TerritoryInitiatives:
    items: list = field(default_factory=list)
    index: Page | None = None
    propose_url: str = ""


@register.simple_tag(takes_context=True)
def territory_initiatives(context, page: Page, count: int = LATEST_COUNT) -> TerritoryInitiatives:
    if page is None or not getattr(page, "path", None):
        return TerritoryInitiatives()
    # On a page in English or Breton, its French page's, each translated where it can be.
    source = fallback.french_version(page)
    items = list(initiatives_within(source, locale=source.locale)[:count])
    if source.pk != page.pk:
        items = initiatives_in_language(items, page.locale_id)
    index = initiatives_index_of(page)
    url = propose_url(page, context.get("request"))
    return TerritoryInitiatives(items=items, index=index, propose_url=url)
