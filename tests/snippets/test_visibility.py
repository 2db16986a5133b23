"""Drafts, suggestions waiting for moderation and rejected gestures never appear in the pages,
the search, the API or the printable view; a suggester's name and e-mail never appear anywhere
public."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from wagtail.models import (
    GroupApprovalTask,
    Workflow,
    WorkflowContentType,
    WorkflowState,
    WorkflowTask,
)

from snippets.models import Gesture
from snippets.services import suggest_gesture

from .conftest import DRAFT_WORD, SUGGESTION_WORD

PUBLIC_URLS = ["/gestes/", "/gestes/imprimer/", "/api/v2/gestures/", "/api/v2/gestures/?limit=100"]


def assert_hidden(client, gestures):
    for url in PUBLIC_URLS:
        body = client.get(url).content.decode()
        for gesture in gestures:
            assert gesture.slug not in body, url
        assert DRAFT_WORD not in body and SUGGESTION_WORD not in body, url
        assert "camille.secrete" not in body and "Camille Secrète" not in body, url


def test_hidden_gestures_are_not_listed(client, hidden_gestures):
    assert_hidden(client, hidden_gestures)


def test_hidden_gestures_have_no_page_and_no_api_detail(client, hidden_gestures):
    for gesture in hidden_gestures:
        assert client.get(f"/gestes/{gesture.slug}/").status_code == 404
        assert client.get(f"/api/v2/gestures/{gesture.pk}/").status_code == 404


def test_hidden_gestures_are_not_found_by_search(client, hidden_gestures):
    for word in (DRAFT_WORD, SUGGESTION_WORD):
        response = client.get("/gestes/", {"q": word})
        assert response.context["result_count"] == 0
        assert client.get("/api/v2/gestures/", {"search": word}).json()["items"] == []


def test_rejected_gesture_stays_hidden(client, category):
    moderators = Group.objects.create(name="Modération des gestes")
    moderator = get_user_model().objects.create(username="moderatrice")
    moderator.groups.add(moderators)
    workflow = Workflow.objects.create(name="Gestes")
    task = GroupApprovalTask.objects.create(name="Relecture")
    task.groups.set([moderators])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Gesture), defaults={"workflow": workflow}
    )
    gesture = suggest_gesture(
        title=f"Rejeter une {SUGGESTION_WORD}",
        summary="Une proposition que la modération refuse.",
        how_to="Un texte assez long pour passer les contrôles du formulaire.",
        category=category,
        kind="neighbourly",
        name="Camille Secrète",
        email="camille.secrete@example.org",
        address="192.0.2.20",
    )
    state = gesture.current_workflow_state
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, moderator, "reject")
    state.refresh_from_db()
    gesture.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert not gesture.live
    assert_hidden(client, [gesture])
    assert client.get(f"/gestes/{gesture.slug}/").status_code == 404


def test_unpublished_gesture_disappears(client, loaded):
    gesture = Gesture.objects.get(slug="entretenir-le-jardin-partage")
    assert client.get(f"/gestes/{gesture.slug}/").status_code == 200
    gesture.unpublish()
    assert client.get(f"/gestes/{gesture.slug}/").status_code == 404
    assert_hidden(client, [gesture])
    assert client.get("/gestes/", {"q": "jardin"}).context["result_count"] == 0
