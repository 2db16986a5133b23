"""French content on a page in another language: a page in English or Breton lists the items
(actions, news, initiatives, and the idea box's gestures an action or initiative puts into
practice) of its French version, each in its translation into the page's language where
one is live and public, else in French, marked so that the template gives it `lang="fr"`
(`item.lang`). The lists are the French ones, so that an English agenda lists every action
as the English feed and the API do, not only those a translator has translated.

Each function here runs a fixed number of queries, whatever the number of items, and reads at
most one translation per item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import get_supported_language_variant
from wagtail.models import Locale, Page

from snippets.models import Gesture

from .tree import public_only


def default_language() -> str:
    return get_supported_language_variant(settings.LANGUAGE_CODE)


def is_french(page: Page) -> bool:
    return page.locale.language_code == default_language()


def french_version(page: Page) -> Page:
    """The live French page whose items `page` lists: `page` itself when it is French (no
    query), else its French version (one query; `page` itself when it has none)."""
    if is_french(page):
        return page
    french = (
        type(page)
        .objects.live()
        .filter(translation_key=page.translation_key, locale__language_code=default_language())
        .select_related("locale")
        .first()
    )
    return french if french is not None else page


def in_language(
    items: Iterable,
    locale_id: int,
    queryset: QuerySet,
    *,
    page_of: Callable = lambda item: item,
    swap: Callable = lambda item, translation: translation,
) -> list:
    """`items`, French pages or things holding one (`page_of`), or French gestures, each given
    its live (and, for a page, public) translation in the locale `locale_id`
    (`swap(item, translation)` returns what replaces the item); those without one are kept and
    marked `item.lang = "fr"`. `queryset`: the translations' model (its select_related and
    prefetches). One query (none when empty)."""
    items = list(items)
    keys = {page_of(item).translation_key for item in items}
    translations = queryset.filter(live=True)
    if issubclass(queryset.model, Page):
        translations = public_only(translations)
    found = (
        {
            page.translation_key: page
            for page in translations.filter(translation_key__in=keys, locale_id=locale_id)
        }
        if keys
        else {}
    )
    shown = []
    for item in items:
        translated = found.get(page_of(item).translation_key)
        if translated is None:
            item.lang = default_language()
            shown.append(item)
        else:
            shown.append(swap(item, translated))
    return shown


def gestures_shown_on(page: Page, gestures: Iterable[Gesture]) -> list[Gesture]:
    """The live ones of the gestures `page` (an action, an initiative) puts into practice, as
    the page shows them: on a page in English or Breton, each in its live translation into the
    page's language, else in French, marked `lang="fr"`. One query; none on a French page."""
    gestures = [gesture for gesture in gestures if gesture.live]
    if is_french(page):
        return gestures
    return in_language(gestures, page.locale_id, Gesture.objects.select_related("locale"))


def locale_codes(request=None) -> dict[int, str]:
    """The language code of each locale, by its id: one query (a table of a few rows), kept on
    `request` for the rest of its answer."""
    kept = getattr(request, "_hc_locale_codes", None) if request is not None else None
    if kept is None:
        kept = dict(Locale.objects.values_list("pk", "language_code"))
        if request is not None:
            request._hc_locale_codes = kept
    return kept


def gesture_titles(locale_id: int, request=None) -> dict:
    """The titles of the idea box's live gestures translated into the locale `locale_id`, by
    their translation key: one query, reading the idea box's gestures in that language (a
    national list of about a hundred, whatever the number of actions), kept on `request` for
    the rest of its answer (an API listing's actions share it)."""
    kept = getattr(request, "_hc_gesture_titles", None) if request is not None else None
    if kept is None:
        kept = {}
        if request is not None:
            request._hc_gesture_titles = kept
    if locale_id not in kept:
        kept[locale_id] = dict(
            Gesture.objects.filter(live=True, locale_id=locale_id).values_list(
                "translation_key", "title"
            )
        )
    return kept[locale_id]
