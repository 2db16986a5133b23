"""Gestures suggested by the public go through the gestures' workflow: the automated check,
the referents' step skipped (a gesture belongs to no department), the national moderators."""

import pytest
from django.core import mail
from django.urls import reverse
from wagtail.models import Locale

from snippets import services as idea_box
from snippets.models import Gesture, GestureCategory
from snippets.permissions import GesturePermissionPolicy
from workflows.models import AutomatedCheckTask, NationalModerationTask


@pytest.fixture
def suggest(db, django_capture_on_commit_callbacks):
    category = GestureCategory.objects.create(
        name="Voisinage", slug="voisinage", locale=Locale.get_default()
    )

    def suggest_gesture(how_to="Proposer son aide pour porter les courses."):
        with django_capture_on_commit_callbacks(execute=True):
            gesture = idea_box.suggest_gesture(
                title="Porter les courses",
                summary="Aider un voisin à porter ses courses.",
                how_to=how_to,
                category=category,
                kind="neighbourly",
                name="Lou Bernard",
                email="lou@example.org",
                address="192.0.2.20",
            )
        return Gesture.objects.get(pk=gesture.pk)

    return suggest_gesture


def test_a_suggested_gesture_reaches_the_moderators(suggest, moderator, mayenne_referent):
    gesture = suggest()
    assert gesture.get_workflow().name == "Modération des gestes"
    assert isinstance(gesture.current_workflow_task, NationalModerationTask)
    assert gesture.current_workflow_task.get_actions(gesture, moderator)
    assert gesture.current_workflow_task.get_actions(gesture, mayenne_referent) == []
    assert [m.subject for m in mail.outbox if m.to == [moderator.email]] == [
        "À relire : Porter les courses"
    ]
    assert "Bien reçue : Porter les courses" in [
        m.subject for m in mail.outbox if m.to == ["lou@example.org"]
    ]
    task_state = gesture.current_workflow_task_state
    gesture.current_workflow_task.on_action(task_state, moderator, "approve")
    assert Gesture.objects.get(pk=gesture.pk).live
    assert "Publiée : Porter les courses" in [
        m.subject for m in mail.outbox if m.to == ["lou@example.org"]
    ]


def test_a_flagged_gesture_waits_with_its_reasons(suggest, moderator):
    gesture = suggest(how_to="Appelez-moi au 06 39 98 12 34.")
    state = gesture.current_workflow_task_state.specific
    assert isinstance(state.task.specific, AutomatedCheckTask)
    assert "Un numéro de téléphone figure dans le texte." in state.get_comment()


def test_a_moderator_reviews_a_gesture_in_the_admin(client, suggest, moderator):
    gesture = suggest()
    client.force_login(moderator)
    response = client.get(reverse("wagtailsnippets_snippets_gesture:edit", args=[gesture.pk]))
    assert response.status_code == 200


def test_the_gesture_permission_policy(suggest, moderator, laval_editor):
    from django.contrib.auth.models import Permission

    # Even an editor given every permission on gestures may not publish them.
    laval_editor.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="snippets", codename__endswith="gesture")
    )
    policy = GesturePermissionPolicy(Gesture)
    editor = type(laval_editor).objects.get(pk=laval_editor.pk)
    assert policy.user_has_permission(editor, "change")
    assert not policy.user_has_permission(editor, "publish")
    assert policy.user_has_permission(moderator, "publish")
