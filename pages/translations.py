"""Translations made by code (the demo, onboarding) through wagtail-localize, as a translator's
would be: its translation memory holds the strings, so the translation editor shows them, and
`sync_translations` keeps every translation of a source in step after code changed it.

A translation of a moderated kind (an initiative: its type has a workflow) is never published by
code: it is saved as a draft and goes through the same workflow as its source.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import Group, Permission
from django.db import models, transaction
from wagtail.models import DraftStateMixin, GroupPagePermission, Locale, Page
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)

from onboarding.roles import TRANSLATORS_GROUP_NAME


def is_moderated(instance: models.Model) -> bool:
    """Whether `instance` is published at the end of a workflow (initiatives, gestures)."""
    if isinstance(instance, Page):
        return instance.specific.get_workflow() is not None
    get_workflow = getattr(instance, "get_workflow", None)
    return get_workflow is not None and get_workflow() is not None


def translate(
    instance: models.Model,
    language_code: str,
    strings: Mapping[str, str],
    *,
    user=None,
    publish: bool = True,
) -> models.Model:
    """Translate `instance` (a French page or snippet) into `language_code`: each of its
    segments whose French text is a key of `strings` gets that translation in the translation
    memory; the others keep the French text (wagtail-localize's fallback). Safe to repeat.
    Published unless its kind is moderated (then a draft, for the workflow)."""
    locale = Locale.objects.get(language_code=language_code)
    source, _created = TranslationSource.update_or_create_from_instance(instance)
    Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    segments = StringSegment.objects.filter(source=source).select_related("string", "context")
    for segment in segments:
        text = strings.get(segment.string.data)
        if text is None:
            continue
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
                "last_translated_by": user,
                "has_error": False,
            },
        )
    publish = publish and not is_moderated(instance)
    return _save_target(source, locale, user=user, publish=publish)


def _save_target(source: TranslationSource, locale: Locale, *, user, publish: bool):
    """wagtail-localize publishes once the transaction commits, which may be long after (the
    demo's load is one transaction): a draft is saved, then its revision published now."""
    drafts = isinstance(source.as_instance(), DraftStateMixin)
    with transaction.atomic():
        translated, _created = source.create_or_update_translation(
            locale, user=user, publish=not drafts, copy_parent_pages=True, fallback=True
        )
        if drafts and publish:
            translated.get_latest_revision().publish(user=user)
        if isinstance(translated, Page):
            equip_translators(locale)
    return type(translated).objects.get(pk=translated.pk)


def equip_translators(locale: Locale) -> None:
    """The translators edit the tree of `locale` (not French): "change" on its home page,
    never "publish" (onboarding/migrations/0004_translators_group.py)."""
    translators = Group.objects.filter(name=TRANSLATORS_GROUP_NAME).first()
    if translators is None or locale.pk == Locale.get_default().pk:
        return
    change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    for home in Page.objects.filter(depth=2, locale=locale):
        GroupPagePermission.objects.get_or_create(group=translators, page=home, permission=change)


def sync_translations(instance: models.Model, *, user=None) -> int:
    """After code changed `instance` (a French page or snippet), bring each of its translations
    up to date with its new text, as the admin's "Sync translated pages" does; a translation of
    a moderated kind, or one that was a draft, stays a draft. Returns how many were updated."""
    source = TranslationSource.objects.get_for_instance_or_none(instance)
    if source is None:
        return 0
    source.update_from_db()
    updated = 0
    for translation in Translation.objects.filter(source=source, enabled=True).select_related(
        "target_locale"
    ):
        try:
            target = source.get_translated_instance(translation.target_locale)
        except models.ObjectDoesNotExist:
            continue
        live = getattr(target, "live", True)
        publish = live and not is_moderated(instance)
        _save_target(source, translation.target_locale, user=user, publish=publish)
        updated += 1
    return updated


def hold_translations(instance: models.Model, *, user=None) -> int:
    """Take the live translations of `instance` offline (their revisions are kept): its French
    text is back in moderation, or offline, and what was translated from the previous text must
    not stay public meanwhile. A translator brings them back through the workflow once the
    source is published again. Returns how many were taken offline."""
    from wagtail.actions.unpublish import UnpublishAction
    from wagtail.actions.unpublish_page import UnpublishPageAction

    held = 0
    for target in instance.get_translations().filter(live=True):
        if isinstance(target, Page):
            UnpublishPageAction(target.specific, user=user).execute(skip_permission_checks=True)
        else:
            UnpublishAction(target, user=user).execute(skip_permission_checks=True)
        held += 1
    return held


def _is_source(instance: models.Model) -> bool:
    locale_id = getattr(instance, "locale_id", None)
    return locale_id is not None and locale_id == Locale.get_default().pk


def _hold_on_resubmission(sender, instance, user=None, **kwargs) -> None:
    """Wagtail's `workflow_submitted`: a live French item sent (back) into moderation."""
    item = instance.content_object
    if item is not None and _is_source(item) and getattr(item, "live", False):
        hold_translations(item, user=user)


def _hold_on_unpublish(sender, instance, user=None, **kwargs) -> None:
    """Wagtail's `page_unpublished` / `unpublished`: a French item taken offline."""
    if _is_source(instance):
        hold_translations(instance, user=user)


def connect() -> None:
    """Called by PagesConfig.ready()."""
    from wagtail.signals import page_unpublished, unpublished, workflow_submitted

    workflow_submitted.connect(_hold_on_resubmission, dispatch_uid="pages-hold-translations")
    page_unpublished.connect(_hold_on_unpublish, dispatch_uid="pages-hold-page-translations")
    unpublished.connect(_hold_on_unpublish, dispatch_uid="pages-hold-snippet-translations")


def follow_parent_translations(page: Page, *, user=None) -> int:
    """A page created by code (onboarding's agenda of a territory, the demo) under a parent
    that exists in other languages is created in them too, its strings in French until a
    translator translates them, so that the translated trees keep the French one's shape.
    Then every existing translation is brought up to date. Returns how many were touched."""
    parent = page.get_parent()
    if parent is None:
        return 0
    touched = sync_translations(page, user=user)
    existing = set(page.get_translations().values_list("locale_id", flat=True))
    for translated_parent in parent.get_translations().live().select_related("locale"):
        if translated_parent.locale_id not in existing:
            translate(page.specific, translated_parent.locale.language_code, {}, user=user)
            touched += 1
    return touched
