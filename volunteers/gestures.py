"""The idea box's gestures as volunteers choose them (issue 21): the forms offer them in the
visitor's language (a translation where one is live, else the French gesture, marked
`lang="fr"`), and a choice is stored as the French gestures, the translations' source, whatever
the language it was made in: a mailing's segment, a request for help and the figures select by
the French gesture and find every volunteer once.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from wagtail.models import Locale

from pages import fallback
from snippets.models import Gesture
from snippets.services import in_language

from .models import Volunteer


def source_gestures(gestures: Iterable[Gesture]) -> list[Gesture]:
    """The French gestures `gestures` translate (themselves when French), each once, in the
    order given; a gesture without a French version is kept. One query (none when empty)."""
    gestures = list(gestures)
    if not gestures:
        return []
    french = {
        gesture.translation_key: gesture
        for gesture in Gesture.objects.filter(
            translation_key__in={gesture.translation_key for gesture in gestures},
            locale__language_code=fallback.default_language(),
        )
    }
    sources: dict[int, Gesture] = {}
    for gesture in gestures:
        source = french.get(gesture.translation_key, gesture)
        sources.setdefault(source.pk, source)
    return list(sources.values())


def choose_gestures(volunteer: Volunteer, gestures: Iterable[Gesture]) -> None:
    """Stores the gestures a volunteer chose (on the sign-up, in their space, through the API,
    in any language) as their French versions: read with the choice when it comes from a form
    (`any_version_of`'s `source_id`), else one query."""
    gestures = list(gestures)
    if all(hasattr(gesture, "source_id") for gesture in gestures):
        volunteer.gestures.set(list(dict.fromkeys(g.source_id or g.pk for g in gestures)))
    else:
        volunteer.gestures.set(source_gestures(gestures))


def chosen_by() -> Coalesce:
    """How many confirmed volunteers chose a gesture, in whichever language they saw it (the
    gestures sharing its `translation_key`): an annotation, a subquery of the same query."""
    through = Volunteer.gestures.through
    counted = (
        through.objects.filter(
            gesture__translation_key=OuterRef("translation_key"),
            volunteer__confirmed_at__isnull=False,
        )
        .order_by()
        .values("gesture__translation_key")
        .annotate(count=Count("volunteer_id", distinct=True))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def offered_gestures(locale: Locale | None = None) -> list[Gesture]:
    """The live gestures a volunteer may choose, shown in `locale` (the active language's by
    default): its own and the French ones not translated into it, those marked `lang`; by
    category (in the editors' order), the most chosen first in each. One query."""
    locale = locale or Locale.get_active()
    gestures = list(
        in_language(Gesture.objects.filter(live=True), locale)
        .select_related("category")
        .annotate(popularity=chosen_by())
        .order_by("category__order", "category__name", "-popularity", "title", "pk")
    )
    # A French gesture shown untranslated joins its category's translation (volunteers/forms.py
    # groups them by category): the most chosen first in the group, whatever their language.
    group_of: dict = {}
    for gesture in gestures:
        group_of.setdefault(gesture.category.translation_key, len(group_of))
    gestures.sort(
        key=lambda gesture: (group_of[gesture.category.translation_key], -gesture.popularity)
    )
    for gesture in gestures:
        if gesture.locale_id != locale.pk:
            gesture.lang = fallback.default_language()
    return gestures


def any_version_of(gestures: Iterable[Gesture]) -> QuerySet[Gesture]:
    """The live gestures that are `gestures` in any language: what a form accepts, so that a
    front end may send the ids of the language it read (/api/v2/gestures/?locale=en); each
    with `source_id`, its French version's (`choose_gestures` stores it, no query more)."""
    french = Gesture.objects.filter(
        translation_key=OuterRef("translation_key"),
        locale__language_code=fallback.default_language(),
    ).values("pk")[:1]
    return Gesture.objects.filter(
        live=True, translation_key__in={gesture.translation_key for gesture in gestures}
    ).annotate(source_id=Subquery(french))


def shown_in(gestures: Iterable[Gesture], language_code: str) -> list[Gesture]:
    """A volunteer's gestures (French) as a page in `language_code` shows them: each in its
    live translation, else in French, marked `lang` (pages/fallback.py). Two queries; none in
    French."""
    gestures = list(gestures)
    if not gestures or language_code == fallback.default_language():
        return gestures
    locale = Locale.objects.filter(language_code=language_code).first()
    if locale is None:
        return gestures
    return fallback.in_language(gestures, locale.pk, Gesture.objects.all())
