"""Translators (the "Traducteurs" group) translate through wagtail-localize and publish nothing;
a translated initiative goes through its source's workflow; a source sent back into
moderation takes its translations offline (pages/translations.py)."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Locale

from onboarding.roles import TRANSLATORS_GROUP_NAME
from pages.models import InitiativePage
from pages.translations import sync_translations, translate
from tests.conftest import member_of
from workflows import services


@pytest.fixture
def translator(db):
    return member_of(Group.objects.get(name=TRANSLATORS_GROUP_NAME), "traductrice")


@pytest.fixture
def initiative(laval_page, laval_editor, moderator, home_page):
    translate(home_page, "en", {})
    translate(laval_page.get_parent().specific, "en", {})
    translate(laval_page, "en", {})
    index = services.initiatives_index_of(laval_page, create=True)
    page = index.add_child(
        instance=InitiativePage(
            title="Le café des voisins", summary="Un café chaque samedi.", live=False
        )
    )
    page.save_revision(user=laval_editor).publish(user=moderator)
    translate(index, "en", {})
    return InitiativePage.objects.get(pk=page.pk)


def english_of(page):
    return InitiativePage.objects.get(
        locale=Locale.objects.get(language_code="en"), translation_key=page.translation_key
    )


def test_a_translator_may_translate_but_not_publish(translator):
    assert translator.has_perm("wagtail_localize.submit_translation")
    assert translator.has_perm("wagtailadmin.access_admin")
    assert not translator.has_perm("snippets.publish_gesture")


def test_a_translator_cannot_publish_an_initiative_translation_without_the_workflow(
    client, initiative, translator
):
    translate(initiative, "en", {"Le café des voisins": "The neighbours' café"}, user=translator)
    english = english_of(initiative)
    assert not english.live  # code saves a moderated kind as a draft
    assert english.get_latest_revision().as_object().title == "The neighbours' café"
    assert english.permissions_for_user(translator).can_edit()
    assert not initiative.permissions_for_user(translator).can_edit()  # the French is not theirs
    assert not english.permissions_for_user(translator).can_publish()

    client.force_login(translator)
    edit = reverse("wagtailadmin_pages:edit", args=(english.pk,))
    # The translation editor's "publish" is refused...
    response = client.post(edit, {"action": "publish"})
    assert response.status_code == 302
    assert not english_of(initiative).live
    # ...submitting starts the source's own workflow.
    assert english.permissions_for_user(translator).can_submit_for_moderation()
    english.get_workflow().start(english, translator)
    english = english_of(initiative)
    assert not english.live
    assert english.workflow_in_progress
    assert english.current_workflow_state.workflow == initiative.get_workflow()


def test_a_source_back_in_moderation_takes_its_translations_offline(
    initiative, moderator, laval_editor
):
    translate(initiative, "en", {"Le café des voisins": "The neighbours' café"})
    english = english_of(initiative)
    english.get_latest_revision().publish(user=moderator)
    assert english_of(initiative).live

    initiative.summary = "Un café chaque dimanche."
    initiative.save_revision(user=laval_editor)
    initiative.get_workflow().start(initiative, laval_editor)
    assert InitiativePage.objects.get(pk=initiative.pk).live  # the French one stays as it was
    assert not english_of(initiative).live  # its translation of the old text is held


def test_sync_keeps_the_translations_in_step(laval_page, home_page):
    translate(home_page, "en", {})
    translate(laval_page.get_parent().specific, "en", {})
    english = translate(laval_page, "en", {"Laval": "Laval"})
    laval_page.primary_colour = "#7a1f5c"
    laval_page.save_revision().publish()
    assert sync_translations(laval_page) == 1
    english.refresh_from_db()
    assert english.primary_colour == "#7a1f5c"
    assert english.live


def test_onboarding_gives_a_translated_commune_its_translated_agenda(laval_page, home_page):
    from onboarding.services import onboard_commune
    from pages.agenda.queries import action_index_of

    translate(home_page, "en", {})
    translate(laval_page.get_parent().specific, "en", {})
    english_laval = translate(laval_page, "en", {})
    action_index_of(laval_page).delete()  # as before the agenda existed
    onboard_commune("53130")  # engaging again makes the missing agenda, in both languages
    assert action_index_of(english_laval).live


def test_a_gesture_back_in_moderation_takes_its_translation_offline(moderator, laval_editor):
    from snippets.models import Gesture
    from tests.factories.snippets import GestureFactory

    gesture = GestureFactory()
    gesture.save_revision(user=moderator).publish(user=moderator)
    translate(gesture.category, "en", {})
    english = translate(gesture, "en", {gesture.title: "A neighbourly gesture"})
    assert not english.live  # a moderated kind: a draft, for the workflow
    english.get_latest_revision().publish(user=moderator)
    assert Gesture.objects.get(pk=english.pk).live

    gesture.summary = "Un autre résumé."
    gesture.save_revision(user=laval_editor)
    gesture.get_workflow().start(gesture, laval_editor)
    assert Gesture.objects.get(pk=gesture.pk).live
    assert not Gesture.objects.get(pk=english.pk).live
