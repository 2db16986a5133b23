""" "Suggest a gesture": a public form that creates a draft handed to moderation."""

import pytest
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
from snippets.services import SUGGESTIONS_PER_HOUR

URL = "/gestes/proposer/"


@pytest.fixture
def valid_data(category) -> dict:
    return {
        "title": "Réparer le vélo d'un voisin",
        "summary": "Une heure pour remettre en état le vélo d'un voisin.",
        "how_to": "Regardez les freins et les pneus.\n\nDemandez à la mairie un atelier vélo.",
        "category": str(category.pk),
        "kind": "neighbourly",
        "name": "Alex Martin",
        "email": "alex.martin@example.org",
        "website": "",
    }


def suggestions():
    return Gesture.objects.filter(source=Gesture.Source.SUGGESTION)


def test_form_is_in_french(client, category):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Proposer un geste" in html
    assert "Liens entre voisins" in html
    assert "Laissez ce champ vide" in html


def test_valid_suggestion_creates_a_draft_with_a_revision(client, valid_data):
    response = client.post(URL, valid_data)
    assert response.status_code == 302
    assert response["Location"] == "/gestes/proposer/merci/"
    gesture = suggestions().get()
    assert not gesture.live
    assert gesture.latest_revision is not None
    assert gesture.slug == "reparer-le-velo-d-un-voisin"
    assert gesture.suggested_by_email == "alex.martin@example.org"
    assert gesture.how_to == (
        "<p>Regardez les freins et les pneus.</p><p>Demandez à la mairie un atelier vélo.</p>"
    )
    thanks = client.get(response["Location"])
    assert "Merci pour votre proposition" in thanks.content.decode()


def test_suggestion_starts_the_workflow_assigned_to_gestures(client, valid_data):
    workflow = Workflow.objects.create(name="Modération des gestes")
    task = GroupApprovalTask.objects.create(name="Relecture")
    task.groups.set([Group.objects.create(name="Relecteurs des gestes")])
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowContentType.objects.update_or_create(
        content_type=ContentType.objects.get_for_model(Gesture), defaults={"workflow": workflow}
    )
    client.post(URL, valid_data)
    gesture = suggestions().get()
    state = WorkflowState.objects.get(
        base_content_type=ContentType.objects.get_for_model(Gesture), object_id=str(gesture.pk)
    )
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert gesture.workflow_in_progress
    assert not gesture.live


def test_suggestion_without_workflow_stays_a_draft(client, valid_data):
    # workflows/ assigns a moderation workflow to gestures: a site may remove it.
    WorkflowContentType.objects.filter(
        content_type=ContentType.objects.get_for_model(Gesture)
    ).delete()
    client.post(URL, valid_data)
    assert not WorkflowState.objects.exists()
    assert not suggestions().get().live


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": ""}, "Champ requis."),
        ({"email": "pas-une-adresse"}, "Saisissez une adresse e-mail valide."),
        ({"kind": "solo"}, "Sélectionnez un choix valide"),
        ({"category": "999999"}, "Sélectionnez un choix valide"),
        ({"how_to": "Trop court."}, "au moins 30 caractères"),
        ({"title": "Faire les courses d'un voisin"}, "Ce geste est déjà dans la boîte à idées."),
    ],
)
def test_bad_input_rerenders_with_a_message_and_creates_nothing(
    client, valid_data, change, message
):
    response = client.post(URL, {**valid_data, **change})
    assert response.status_code == 200
    html = response.content.decode().replace("&#x27;", "'")
    assert message in html
    assert "Merci de corriger le formulaire" in html
    assert not suggestions().exists()


def test_honeypot_creates_nothing(client, valid_data):
    response = client.post(URL, {**valid_data, "website": "http://spam.example"})
    assert response.status_code == 302
    assert not suggestions().exists()


def test_rate_limit_per_address(client, valid_data):
    for number in range(SUGGESTIONS_PER_HOUR):
        response = client.post(URL, {**valid_data, "title": f"Réparer le vélo numéro {number}"})
        assert response.status_code == 302
    response = client.post(URL, {**valid_data, "title": "Un geste de trop"})
    assert response.status_code == 429
    assert "merci de réessayer plus tard" in response.content.decode()
    assert suggestions().count() == SUGGESTIONS_PER_HOUR
    # Another client may still suggest (with its own e-mail address: the typed one is counted too).
    response = client.post(
        URL,
        {**valid_data, "title": "Un geste d'ailleurs", "email": "alex@exemple.invalid"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302


def test_english_form_under_en(client, category):
    response = client.get("/en" + URL)
    assert response.status_code == 200
    assert "Suggest a gesture" in response.content.decode()


def test_a_summary_typed_over_two_lines_is_kept_on_one(client, valid_data):
    """The summary is one sentence in a one-line column (the feeds, the API and the list print
    it as such), drawn as a text area: a line break typed there becomes a space (found by
    tests/core/test_fuzz.py)."""
    response = client.post(URL, {**valid_data, "summary": "Lucie\r\n  répare les vélos\u2028"})
    assert response.status_code == 302
    assert suggestions().get().summary == "Lucie répare les vélos"
