"""Gestures in every language go through the same moderation (issue 21): a suggestion posted in
English waits for the same workflow as a French one; a translator translates a gesture but
cannot publish the translation, from wagtail-localize's translation editor nor otherwise, and
submitting it starts the gestures' workflow; nor can an editor given the model's "publish"
permission, whom the gestures' own rule refuses (snippets/permissions.py)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.actions.publish_revision import PublishPermissionError
from wagtail.models import Locale

from onboarding.roles import TRANSLATORS_GROUP_NAME
from pages.translations import translate
from snippets.models import Gesture, GestureCategory
from tests.conftest import member_of
from tests.factories.snippets import GestureFactory


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def translator(db):
    return member_of(Group.objects.get(name=TRANSLATORS_GROUP_NAME), "traductrice")


@pytest.fixture
def gesture(moderator, english):
    gesture = GestureFactory()
    gesture.save_revision(user=moderator).publish(user=moderator)
    translate(gesture.category, "en", {gesture.category.name: "Neighbourhood"})
    return Gesture.objects.get(pk=gesture.pk)


def english_of(gesture):
    return Gesture.objects.get(translation_key=gesture.translation_key, locale__language_code="en")


def test_a_suggestion_in_english_waits_for_the_same_moderation(
    client, english, moderator, django_capture_on_commit_callbacks
):
    french = GestureCategory.objects.create(
        name="Voisinage", slug="voisinage", locale=Locale.get_default()
    )
    category = translate(french, "en", {"Voisinage": "Neighbourhood"})
    form = client.get("/en/gestes/proposer/").content.decode()
    assert ">Neighbourhood<" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/en/gestes/proposer/",
            {
                "title": "Carry a neighbour's shopping",
                "summary": "Help a neighbour carry their shopping home from the market.",
                "how_to": "Offer your help at the market on Saturday morning.",
                "category": str(category.pk),
                "kind": "neighbourly",
                "name": "Lou Bernard",
                "email": "lou@example.org",
                "website": "",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/en/gestes/proposer/merci/"
    gesture = Gesture.objects.get(source=Gesture.Source.SUGGESTION)
    assert gesture.locale == english
    assert gesture.category == category
    assert not gesture.live
    assert gesture.workflow_in_progress
    assert gesture.get_workflow().name == "Modération des gestes"
    assert gesture.current_workflow_task.get_actions(gesture, moderator)
    assert "Carry a neighbour" not in client.get("/en/gestes/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        gesture.current_workflow_task.on_action(
            gesture.current_workflow_task_state, moderator, "approve"
        )
    assert "Carry a neighbour" in client.get("/en/gestes/").content.decode()
    assert "Carry a neighbour" not in client.get("/gestes/").content.decode()


def test_a_translator_cannot_publish_a_gesture_translation(client, gesture, translator):
    translate(gesture, "en", {gesture.title: "A neighbourly gesture"}, user=translator)
    english = english_of(gesture)
    assert not english.live  # saved as a draft: a gesture is moderated
    assert english.get_latest_revision().as_object().title == "A neighbourly gesture"

    with pytest.raises(PublishPermissionError):
        english.get_latest_revision().publish(user=translator)
    client.force_login(translator)
    edit = reverse("wagtailsnippets_snippets_gesture:edit", args=(english.pk,))
    assert client.get(edit).status_code == 200  # the translation editor is theirs
    refused = client.post(edit, {"action": "publish"})
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # permission denied
    assert not english_of(gesture).live

    # Submitting starts the workflow of its source.
    english.get_workflow().start(english, translator)
    english = english_of(gesture)
    assert not english.live
    assert english.workflow_in_progress
    assert english.current_workflow_state.workflow == gesture.get_workflow()


def test_the_translation_editor_asks_the_gestures_own_rule(client, gesture, laval_editor):
    # An editor given every permission on gestures still may not publish one (nor a
    # translation of one): wagtail-localize asks only the model's permission.
    laval_editor.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="snippets", codename__endswith="gesture")
    )
    translate(gesture, "en", {gesture.title: "A neighbourly gesture"})
    english = english_of(gesture)
    client.force_login(laval_editor)
    edit = reverse("wagtailsnippets_snippets_gesture:edit", args=(english.pk,))
    refused = client.post(edit, {"action": "publish"})
    assert (refused.status_code, refused["Location"]) == (302, "/admin/")  # permission denied
    assert not english_of(gesture).live


def test_a_moderator_publishes_a_translation_from_the_translation_editor(
    client, gesture, moderator
):
    translate(gesture, "en", {gesture.title: "A neighbourly gesture"})
    client.force_login(moderator)
    edit = reverse("wagtailsnippets_snippets_gesture:edit", args=(english_of(gesture).pk,))
    assert client.post(edit, {"action": "publish"}).status_code == 302
    english = english_of(gesture)
    assert english.live
    assert english.title == "A neighbourly gesture"
