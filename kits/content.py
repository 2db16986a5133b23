"""What a kit shows, gathered once from a department or commune page: `KitContent`.

Everything a document draws comes from here, so the fingerprint of a `KitContent` says whether a
stored document is still up to date (see `kits.services.fingerprint`).
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from wagtail.models import Locale

from core.addresses import page_url, site_url
from core.colours import TEXT_ON_PRIMARY, TEXT_ON_SECONDARY
from core.dates import date_text
from pages import fallback
from pages.agenda.queries import upcoming_context
from pages.languages import regional_language_of
from pages.models import CommunePage, DepartmentPage
from pages.services import theme_of, themed_ancestors
from snippets.models import Gesture as GestureModel
from snippets.services import live_gestures
from volunteers.gestures import chosen_by

if TYPE_CHECKING:
    from wagtail.images.models import AbstractImage
    from wagtail.models import Page

MAX_GESTURES = 3
MAX_ACTIONS = 3
SIGN_UP_SEGMENT = "je-participe/"


@dataclass(frozen=True)
class Gesture:
    title: str
    summary: str = ""
    # Its language when it is not the kit's (a French gesture not yet translated into the
    # English a kit is printed in): the document marks it `lang`.
    lang: str = ""


@dataclass(frozen=True)
class NextAction:
    title: str
    date_text: str
    place: str = ""
    lang: str = ""  # as Gesture.lang


@dataclass(frozen=True)
class Logo:
    """A logo at print resolution: the original file, not a rendition. Its bytes are read when
    a document is drawn, not to tell whether a stored one is up to date (`digest`): a download
    of a stored document reads no image file."""

    name: str
    mime_type: str
    digest: str  # changes with the file: its name, size and Wagtail's hash of its bytes
    read: Callable[[], bytes] = field(repr=False, compare=False)

    @cached_property
    def data(self) -> bytes:
        return self.read()

    @property
    def data_uri(self) -> str:
        return f"data:{self.mime_type};base64,{base64.b64encode(self.data).decode()}"


@dataclass(frozen=True)
class KitContent:
    name: str  # the commune's or department's name, as printed
    kind: str  # "commune" or "department"
    language: str
    primary: str
    secondary: str
    intro: str
    sign_up_url: str  # absolute
    # The language of the page's own texts (its introduction, its word) when it is not the
    # kit's: a French page whose kit is printed in English, with no English version to take
    # them from. "" when they are in the kit's language.
    texts_lang: str = ""
    # A bilingual kit's second language (Breton beside French), "" for one language.
    second_language: str = ""
    department_name: str = ""
    word_quote: str = ""
    word_name: str = ""
    word_role: str = ""
    contact_name: str = ""
    contact_phone: str = ""
    contact_email: str = ""
    contact_website: str = ""
    logos: list[Logo] = field(default_factory=list)
    gestures: list[Gesture] = field(default_factory=list)
    next_actions: list[NextAction] = field(default_factory=list)
    # When the first of `next_actions` is over (it then leaves the list): not printed, so not
    # part of the fingerprint, but a stored document is out of date from then on.
    valid_until: dt.datetime | None = field(default=None, compare=False, repr=False)

    text_on_primary = TEXT_ON_PRIMARY
    text_on_secondary = TEXT_ON_SECONDARY

    @property
    def short_url(self) -> str:
        """The sign-up address as printed: without its scheme."""
        return self.sign_up_url.split("://", 1)[-1]

    @property
    def shown_gestures(self) -> list[Gesture]:
        return self.gestures[:MAX_GESTURES]

    @property
    def shown_actions(self) -> list[NextAction]:
        return self.next_actions[:MAX_ACTIONS]


def gestures_for(page: Page, locale: Locale) -> list[Gesture]:
    """The gestures printed on the kit, in the kit's language (`locale`) where translated: the
    editor's choice (the page's `kit_gestures` that are live), completed with the gestures
    volunteers choose most, one per category of the idea box where possible, so that a poster
    shows different ways of giving an hour. A gesture not translated into the kit's language
    is printed in its own, marked."""
    chosen = [gesture for gesture in page.kit_gestures.all() if gesture.live][:MAX_GESTURES]
    chosen = fallback.in_language(
        chosen, locale.pk, GestureModel.objects.select_related("category")
    )
    taken = {gesture.translation_key for gesture in chosen}
    # A category is the same in every language: its translation key.
    categories = {gesture.category.translation_key for gesture in chosen}
    # Counted in every language: a choice is stored as the French gesture (volunteers/gestures.py).
    popular = (
        live_gestures(locale)
        .exclude(translation_key__in=taken)
        .annotate(chosen_by=chosen_by())
        .order_by("-chosen_by", "category__order", "title")[:60]
    )
    spare = []
    for gesture in popular:
        if len(chosen) == MAX_GESTURES:
            break
        if gesture.category.translation_key in categories:
            spare.append(gesture)
            continue
        categories.add(gesture.category.translation_key)
        chosen.append(gesture)
    chosen += spare[: MAX_GESTURES - len(chosen)]
    languages = dict(Locale.objects.values_list("pk", "language_code"))
    return [
        Gesture(
            title=gesture.title,
            summary=gesture.summary,
            lang="" if gesture.locale_id == locale.pk else languages.get(gesture.locale_id, ""),
        )
        for gesture in chosen
    ]


def next_actions_for(page: Page, locale: Locale) -> tuple[list[NextAction], dt.datetime | None]:
    """The next actions at and below the commune (or department), soonest first, cancelled
    dates left out, each in its translation into the kit's language (`locale`) where it has
    one, else in French, marked: their date in words, Paris time; and when the first of them
    is over."""
    from django.utils import translation

    items = upcoming_context(page, count=MAX_ACTIONS, locale=locale)["upcoming_actions"]
    valid_until = min((item.end for item in items), default=None)
    with translation.override(locale.language_code):
        return [
            NextAction(
                title=item.action.title,
                date_text=date_text(
                    item.local_start, "l j F" if item.all_day else "l j F, H\\hi"
                ).capitalize(),
                place=item.place,
                lang=item.lang,
            )
            for item in items
        ], valid_until


def texts_of(page: Page, locale: Locale) -> tuple[Page, str]:
    """The page whose own texts (introduction, word) the kit prints, and their language when it
    is not the kit's: the page itself when the kit is in its language; else its live version in
    the kit's language, when it has one; else the page itself, its language marked."""
    if page.locale_id == locale.pk:
        return page, ""
    version = (
        type(page)
        .objects.live()
        .filter(translation_key=page.translation_key, locale=locale)
        .first()
    )
    if version is not None:
        return version, ""
    return page, page.locale.language_code


def logo_of(image: AbstractImage | None) -> Logo | None:
    if image is None or not image.file:
        return None
    name = image.file.name
    extension = name.rsplit(".", 1)[-1].lower()
    mime_type = {
        "jpg": "image/jpeg",
        "jpeg": "image/jpeg",
        "png": "image/png",
        "gif": "image/gif",
        "webp": "image/webp",
        "svg": "image/svg+xml",
    }.get(extension, "application/octet-stream")
    storage = image.file.storage
    if not storage.exists(name):
        return None  # a missing file: the kit is printed without this logo

    def read() -> bytes:
        with storage.open(name, "rb") as handle:
            return handle.read()

    stamp = f"{name}:{image.file_size or ''}:{image.file_hash}"
    digest = hashlib.sha256(stamp.encode()).hexdigest()
    return Logo(name=name, mime_type=mime_type, digest=digest, read=read)


def sign_up_url(page: Page) -> str:
    """Where the QR code leads: the commune's sign-up page, else the national one."""
    if isinstance(page, CommunePage):
        return page_url(page) + SIGN_UP_SEGMENT
    # A department's: the network's sign-up, on the department's own address when it has one.
    return f"{site_url(page)}/{SIGN_UP_SEGMENT}"


def kit_languages(page: Page, choice: str) -> tuple[str, str]:
    """The language a kit is printed in and its second one ("" but for a bilingual kit), from
    the choice made on the kit's page (kits.models.KitLanguage): Breton only under a
    department that publishes in it; the page's own language otherwise."""
    if choice in ("br", "fr-br") and regional_language_of(page) != "br":
        choice = ""
    if choice == "fr-br":
        return "fr", "br"
    return choice or page.locale.language_code, ""


def kit_language_choice(page: Page) -> str:
    """The language chosen on the kit's admin page ("" when none). One query."""
    from .models import KitSettings

    return next(iter(KitSettings.objects.filter(page=page).values_list("language", flat=True)), "")


def locale_of(language: str) -> Locale:
    """The Wagtail locale of a kit's language; the default one (French) when the site has none
    (a language offered for the interface's texts only)."""
    return Locale.objects.filter(language_code=language).first() or Locale.get_default()


def kit_content(page: Page) -> KitContent:
    """The content of the kit of a department or commune page (a specific page)."""
    ancestors = themed_ancestors(page)
    theme = theme_of([*ancestors, page])
    department_page = next((p for p in ancestors if isinstance(p, DepartmentPage)), None)
    is_commune = isinstance(page, CommunePage)
    language, second_language = kit_languages(page, kit_language_choice(page))
    locale = page.locale if page.locale.language_code == language else locale_of(language)
    next_actions, valid_until = next_actions_for(page, locale)
    texts, texts_lang = texts_of(page, locale)
    logos = [logo_of(page.logo)]
    if is_commune and department_page is not None:
        logos.append(logo_of(department_page.logo))
    return KitContent(
        name=page.title,
        kind="commune" if is_commune else "department",
        language=language,
        second_language=second_language,
        primary=theme.primary,
        secondary=theme.secondary,
        intro=texts.intro,
        sign_up_url=sign_up_url(page),
        texts_lang=texts_lang,
        department_name=department_page.title if department_page is not None else "",
        word_quote=texts.word_quote,
        word_name=texts.word_name,
        word_role=texts.word_role,
        contact_name=page.contact_name,
        contact_phone=page.contact_phone,
        contact_email=page.contact_email,
        contact_website=page.contact_website,
        logos=[logo for logo in logos if logo is not None],
        gestures=gestures_for(page, locale),
        next_actions=next_actions,
        valid_until=valid_until,
    )
