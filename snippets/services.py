"""The idea box's rules: loading the gestures, what the public sees, filters, search, suggestions.

Everything the public sees goes through `live_gestures`: drafts and suggestions waiting for
moderation (or rejected) are never live, so they never reach the pages, the search or the API.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Q, QuerySet, When
from django.utils.html import escape
from django.utils.text import slugify
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from core.ratelimit import over_limit
from core.search import contains_every_word, search
from core.vocabulary import ActionKind, Beneficiary, Place

from .models import RESERVED_SLUGS, Gesture, GestureCategory

DATA_FILE = Path(__file__).resolve().parent / "data" / "gestures.json"
GESTURES_PER_PAGE = 12
# Suggestions accepted per visitor (IP address) and per hour.
SUGGESTIONS_PER_HOUR = 5
SUGGESTION_WINDOW = 60 * 60
# The durations offered by the filter: "at most N minutes".
DURATION_CHOICES = (30, 60, 120)


class GestureDataError(Exception):
    """The gestures file can't be loaded; the message says why."""


# Loading the gestures


@dataclass
class LoadReport:
    categories_created: int = 0
    categories_updated: int = 0
    gestures_created: int = 0
    gestures_updated: int = 0
    gestures_unchanged: int = 0

    @property
    def changed(self) -> int:
        return (
            self.categories_created
            + self.categories_updated
            + self.gestures_created
            + self.gestures_updated
        )


def read_gestures_file(path: Path | str | None = None) -> dict[str, Any]:
    """The file's data, checked: every gesture has a known category, kind, places and helps."""
    path = Path(path or DATA_FILE)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise GestureDataError(f"{path} can't be read: {error}") from error
    except json.JSONDecodeError as error:
        raise GestureDataError(f"{path} is not valid JSON: {error}") from error
    if not isinstance(data, dict) or not {"categories", "gestures"} <= data.keys():
        raise GestureDataError(f"{path} needs 'categories' and 'gestures'.")
    category_slugs = set()
    for category in data["categories"]:
        for key in ("slug", "name"):
            if not category.get(key):
                raise GestureDataError(f"A category has no {key}: {category!r}.")
        category_slugs.add(category["slug"])
    slugs = set()
    for gesture in data["gestures"]:
        slug = gesture.get("slug", "")
        for key in ("slug", "title", "summary", "how_to", "category", "kind"):
            if not gesture.get(key):
                raise GestureDataError(f"The gesture {slug or gesture!r} has no {key}.")
        if slug in slugs:
            raise GestureDataError(f"The slug {slug} appears twice.")
        if slug in RESERVED_SLUGS or slugify(slug) != slug:
            raise GestureDataError(f"The slug {slug} can't be used.")
        slugs.add(slug)
        if gesture["category"] not in category_slugs:
            raise GestureDataError(f"{slug}: unknown category {gesture['category']}.")
        if gesture["kind"] not in ActionKind.values:
            raise GestureDataError(f"{slug}: unknown kind {gesture['kind']}.")
        for key, known in (("places", Place.values), ("helps", Beneficiary.values)):
            unknown = set(gesture.get(key, [])) - set(known)
            if unknown:
                raise GestureDataError(f"{slug}: unknown {key} {', '.join(sorted(unknown))}.")
    return data


def how_to_html(paragraphs: list[str] | str) -> str:
    """Plain-text paragraphs as the rich text of `Gesture.how_to`."""
    if isinstance(paragraphs, str):
        paragraphs = paragraphs.replace("\r\n", "\n").split("\n\n")
    return "".join(
        f"<p>{escape(' '.join(paragraph.split()))}</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    )


def load_gestures(path: Path | str | None = None) -> LoadReport:
    """Creates or updates the categories and the live gestures of the file, in the default
    locale. A gesture is saved (with a new revision) only when its content differs from the
    file's, so a second run changes nothing. A gesture taken offline by an editor stays offline."""
    data = read_gestures_file(path)
    locale = Locale.get_default()
    report = LoadReport()
    with transaction.atomic():
        categories = {
            category.slug: category for category in GestureCategory.objects.filter(locale=locale)
        }
        for item in data["categories"]:
            values = {
                "name": item["name"],
                "description": item.get("description", ""),
                "icon": item.get("icon", ""),
                "colour": item.get("colour", ""),
                "order": item.get("order", 0),
            }
            category = categories.get(item["slug"])
            if category is None:
                categories[item["slug"]] = GestureCategory.objects.create(
                    locale=locale, slug=item["slug"], **values
                )
                report.categories_created += 1
            elif _apply(category, values):
                category.save()
                report.categories_updated += 1

        gestures = {
            gesture.slug: gesture
            for gesture in Gesture.objects.filter(locale=locale).prefetch_related(
                "tagged_items__tag"
            )
        }
        for item in data["gestures"]:
            values = {
                "title": item["title"],
                "summary": item["summary"],
                "how_to": how_to_html(item["how_to"]),
                "category": categories[item["category"]],
                "kind": item["kind"],
                "duration": item.get("duration") or 60,
                # In the order of the choices, as the database gives them back.
                "places": _field("places").to_list(item.get("places", [])),
                "helps": _field("helps").to_list(item.get("helps", [])),
                "skills": item.get("skills", ""),
            }
            tags = sorted({tag.strip() for tag in item.get("tags", []) if tag.strip()})
            gesture = gestures.get(item["slug"])
            if gesture is None:
                gesture = Gesture(locale=locale, slug=item["slug"], **values)
                gesture.tags.set(tags)
                gesture.save()
                gesture.save_revision().publish()
                report.gestures_created += 1
                continue
            current_tags = sorted(tagged.tag.name for tagged in gesture.tagged_items.all())
            changed = _apply(gesture, values)
            if current_tags != tags:
                gesture.tags.set(tags)
                changed = True
            if not changed:
                report.gestures_unchanged += 1
                continue
            was_live = gesture.live
            gesture.save()
            revision = gesture.save_revision()
            if was_live:
                revision.publish()
            report.gestures_updated += 1
    return report


def _field(name: str):
    return Gesture._meta.get_field(name)


def _apply(instance, values: dict[str, Any]) -> bool:
    """Gives `instance` these values; True when one of them was different."""
    changed = False
    for name, value in values.items():
        if getattr(instance, name) != value:
            setattr(instance, name, value)
            changed = True
    return changed


# What the public sees


def in_language(queryset: QuerySet, locale: Locale) -> QuerySet:
    """The rows of `queryset` (gestures or categories) shown in `locale`: its own, and the
    French ones not translated into it (live ones, for gestures), which the pages mark as
    French (`lang="fr"`). One query, no duplicate: a French row is left out as soon as a
    translation of it exists in `locale`."""
    default_code = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    if locale.language_code == default_code:
        return queryset.filter(locale=locale)
    # Subqueries, no query more: the pages run the same number of queries in every language.
    default = Locale.objects.filter(language_code=default_code).values("pk")
    translated = queryset.model.objects.filter(locale=locale)
    if hasattr(queryset.model, "live"):
        translated = translated.filter(live=True)
    return queryset.filter(
        Q(locale=locale)
        | (Q(locale__in=default) & ~Q(translation_key__in=translated.values("translation_key")))
    )


def live_gestures(locale: Locale | None = None) -> QuerySet[Gesture]:
    """The published gestures shown in `locale` (the active language's by default): its own,
    and the French ones not translated into it yet."""
    locale = locale or Locale.get_active()
    return (
        in_language(Gesture.objects.filter(live=True), locale)
        .select_related("category", "image")
        .order_by("category__order", "title")
    )


def categories_of(locale: Locale | None = None) -> QuerySet[GestureCategory]:
    """The categories shown in `locale`: its own, and the French ones not translated yet;
    one per slug (a translation keeps its source's slug)."""
    locale = locale or Locale.get_active()
    return in_language(GestureCategory.objects.all(), locale).order_by("order", "name")


@dataclass
class GestureFilters:
    """What a visitor looks for; empty values filter nothing."""

    q: str = ""
    category: str = ""
    kind: str = ""
    max_duration: int | None = None
    place: str = ""
    helps: str = ""
    active: list[str] = field(default_factory=list)

    @property
    def any(self) -> bool:
        return bool(
            self.q or self.category or self.kind or self.max_duration or self.place or self.helps
        )


def filter_gestures(gestures: QuerySet[Gesture], filters: GestureFilters) -> QuerySet[Gesture]:
    """`gestures` narrowed by the filters (not the search). Only columns of the gesture are
    used, so that the search can run on the result."""
    if filters.category:
        # A category's translations share its slug; each gesture's category is in its own
        # language, so this matches the category in whichever language a gesture is shown.
        gestures = gestures.filter(
            category_id__in=GestureCategory.objects.filter(slug=filters.category).values("pk")
        )
    if filters.kind:
        gestures = gestures.filter(kind=filters.kind)
    if filters.max_duration:
        gestures = gestures.filter(duration__lte=filters.max_duration)
    if filters.place:
        gestures = gestures.filter(_field("places").lookup(filters.place))
    if filters.helps:
        gestures = gestures.filter(_field("helps").lookup(filters.helps))
    return gestures


GESTURE_TEXT_FIELDS = ("title", "summary", "how_to", "skills")


def search_gestures(gestures: QuerySet[Gesture], query: str):
    """The gestures matching the words of `query`, best first (core/search.py): Wagtail's
    database search, or a match of every word in the title, summary, how-to or skills."""
    return search(gestures, query, GESTURE_TEXT_FIELDS)


def _contains_every_word(gestures: QuerySet[Gesture], query: str) -> QuerySet[Gesture]:
    return contains_every_word(gestures, query, GESTURE_TEXT_FIELDS)


def gesture_context(gesture: Gesture, locale: Locale | None = None) -> dict[str, Any]:
    """What the gesture's page shows beyond the gesture itself. Shown in `locale` (the page's
    language) while written in another (French, not translated yet), `fallback_language` is
    the gesture's language, which the page marks (`lang`)."""
    fallback = ""
    if locale is not None and gesture.locale_id != locale.pk:
        fallback = gesture.locale.language_code
    return {
        "gesture": gesture,
        "tags": sorted(tag.name for tag in gesture.tags.all()),
        "sign_up_url": sign_up_url(gesture, locale),
        "fallback_language": fallback,
    }


def sign_up_url(gesture: Gesture, locale: Locale | None = None) -> str:
    """The volunteer sign-up with this gesture chosen (the sign-up is the volunteers' app), in
    the language of the page (`locale`), else the gesture's."""
    if locale is not None:
        language = locale.language_code
    else:
        language = gesture.locale.language_code if gesture.locale_id else settings.LANGUAGE_CODE
    prefix = "" if language == settings.LANGUAGE_CODE else f"/{language}"
    return f"{prefix}/je-participe/?geste={gesture.slug}"


def printable_categories(locale: Locale | None = None) -> list[tuple[GestureCategory, list]]:
    """Every category shown in `locale` that has live gestures, with them, in two queries. A
    French gesture shown untranslated joins its category's translation (the same slug)."""
    by_category: dict[str, list[Gesture]] = {}
    for gesture in live_gestures(locale).select_related(None).select_related("category"):
        by_category.setdefault(gesture.category.slug, []).append(gesture)
    return [
        (category, by_category[category.slug])
        for category in categories_of(locale)
        if category.slug in by_category
    ]


def gesture_shown(slug: str, locale: Locale | None = None) -> Gesture | None:
    """The live gesture at `slug` in `locale`, else its French text when not translated."""
    locale = locale or Locale.get_active()
    return (
        live_gestures(locale)
        .select_related("locale")
        .prefetch_related("tags")
        .filter(slug=slug)
        .order_by(Case(When(locale=locale, then=0), default=1))
        .first()
    )


# Suggestions from the public


class RateLimited(Exception):
    """Too many suggestions from one address in the last hour."""


def suggestion_over_limit(address: str, email: str = "") -> bool:
    """Counts one suggestion from the client at `address`, and one for the typed `email` (the
    moderation's e-mails go to it); True past SUGGESTIONS_PER_HOUR for either."""
    return over_limit(
        "snippets:suggestions",
        address,
        limit=SUGGESTIONS_PER_HOUR,
        window=SUGGESTION_WINDOW,
        target=email,
    )


def unique_slug(title: str) -> str:
    """A slug made from `title`, free in every language (with -2, -3... when taken): a
    translation keeps its source's slug, and /en/gestes/<slug>/ shows the French gesture at
    that slug when no English one is there, so one slug names one gesture."""
    # "d'un voisin" gives "d-un-voisin", as in the gestures file.
    base = slugify(title.replace("'", " ").replace("’", " "))[:140].strip("-") or "geste"
    taken = set(Gesture.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    taken |= RESERVED_SLUGS
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def suggest_gesture(
    *,
    title: str,
    summary: str,
    how_to: str,
    category: GestureCategory,
    kind: str,
    name: str,
    email: str,
    address: str,
    locale: Locale | None = None,
) -> Gesture:
    """Creates a draft gesture from the public form, with a revision, and hands it to the
    moderation workflow assigned to gestures, if any. Raises RateLimited past the limit (the
    suggestion is counted first, so that two posts at once cannot both pass the last place)."""
    if suggestion_over_limit(address, email):
        raise RateLimited
    locale = locale or category.locale
    # The list offers a French category not translated yet: its translation when there is one.
    category = category.get_translation_or_none(locale) or category
    with transaction.atomic():
        gesture = Gesture(
            locale=locale,
            title=title,
            slug=unique_slug(title),
            summary=summary,
            how_to=how_to_html(how_to),
            category=category,
            kind=kind,
            live=False,
            source=Gesture.Source.SUGGESTION,
            suggested_by_name=name,
            suggested_by_email=email,
        )
        gesture.save()
        gesture.save_revision()
        workflow = gesture.get_workflow()
        if workflow is not None:
            workflow.start(gesture, None)
    return gesture
