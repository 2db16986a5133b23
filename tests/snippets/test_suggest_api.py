"""Suggesting a gesture through the API (POST /api/v2/gesture-suggestions/): the same form,
limit, honeypot and moderation as the idea box's page, JSON in and out, nothing echoed."""

import json

import pytest
from django.core import mail

from snippets.models import Gesture
from snippets.services import SUGGESTIONS_PER_HOUR

pytestmark = pytest.mark.django_db

URL = "/api/v2/gesture-suggestions/"
ORIGIN = "https://front.example.org"


@pytest.fixture
def payload(category) -> dict:
    return {
        "title": "Réparer le vélo d'un voisin",
        "summary": "Une heure pour remettre en état le vélo d'un voisin.",
        "how_to": "Regardez les freins et les pneus.\n\nDemandez à la mairie un atelier vélo.",
        "category": category.pk,
        "kind": "neighbourly",
        "name": "Alex Martin",
        "email": "alex.martin@example.org",
    }


def post(client, data, **headers):
    return client.post(URL, json.dumps(data), content_type="application/json", headers=headers)


def suggestions():
    return Gesture.objects.filter(source=Gesture.Source.SUGGESTION)


def test_a_suggestion_goes_to_moderation_and_nothing_is_echoed(
    client, payload, moderator, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    # The draft, its revision, its search entry, the workflow and its jobs: a constant.
    with (
        django_capture_on_commit_callbacks(execute=True),
        django_assert_max_num_queries(100),
    ):
        response = post(client, payload)
    assert response.status_code == 202
    assert set(response.json()) == {"message"}
    assert "modérateurs" in response.json()["message"]
    for personal in ("Alex", "Martin", "alex.martin", "vélo"):
        assert personal not in response.content.decode()
    gesture = suggestions().get()
    assert not gesture.live  # nothing is public before a moderator publishes it
    assert gesture.workflow_in_progress
    assert gesture.suggested_by_email == "alex.martin@example.org"
    public = client.get("/api/v2/gestures/", {"limit": 100}).json()["items"]
    assert gesture.pk not in [item["id"] for item in public]
    subjects = {(message.to[0], message.subject) for message in mail.outbox}
    assert (moderator.email, "À relire : Réparer le vélo d'un voisin") in subjects
    assert ("alex.martin@example.org", "Bien reçue : Réparer le vélo d'un voisin") in subjects


@pytest.mark.parametrize(
    ("language", "required", "choice"),
    [
        ("fr", "Champ requis.", "Sélectionnez un choix valide"),
        ("en", "This field is required.", "Select a valid choice"),
    ],
)
def test_errors_come_field_by_field_in_the_language_asked(
    client, payload, language, required, choice
):
    data = {**payload, "kind": "solo", "how_to": "Trop court."}
    del data["title"]
    response = post(client, data, **{"Accept-Language": language})
    assert response.status_code == 400
    errors = response.json()["errors"]
    # (In English, the category too unless the idea box has English categories: as on the
    # page, the categories offered are those of the request's language.)
    assert {"title", "kind", "how_to"} <= set(errors)
    assert errors["title"] == [required]
    assert errors["kind"][0].startswith(choice)
    assert "30" in errors["how_to"][0]
    assert not suggestions().exists()
    assert not mail.outbox


def test_a_gesture_already_in_the_idea_box_is_refused(client, payload):
    response = post(client, {**payload, "title": "Faire les courses d'un voisin"})
    assert response.status_code == 400
    assert response.json()["errors"]["title"] == ["Ce geste est déjà dans la boîte à idées."]


def test_a_robot_is_answered_as_a_person_and_nothing_is_kept(client, payload):
    robot = post(client, {**payload, "website": "https://spam.example"})
    assert robot.status_code == 202
    assert not suggestions().exists()
    assert not mail.outbox
    person = post(client, payload)
    assert person.content == robot.content


def test_the_page_and_the_api_share_the_limit(client, payload):
    page = {**payload, "category": str(payload["category"]), "website": ""}
    assert (
        client.post("/gestes/proposer/", {**page, "title": "Un geste de la page"}).status_code
        == 302
    )
    codes = [
        post(client, {**payload, "title": f"Réparer le vélo numéro {n}"}).status_code
        for n in range(SUGGESTIONS_PER_HOUR)
    ]
    assert codes == [202] * (SUGGESTIONS_PER_HOUR - 1) + [429]
    assert suggestions().count() == SUGGESTIONS_PER_HOUR
    limited = post(client, {**payload, "title": "Un geste de trop"})
    assert limited.status_code == 429
    assert "Trop de formulaires" in limited.json()["message"]


def test_cors_allows_post_from_a_configured_origin_only(client, settings, payload):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    preflight = client.options(
        URL, headers={"Origin": ORIGIN, "Access-Control-Request-Method": "POST"}
    )
    assert preflight["Access-Control-Allow-Origin"] == ORIGIN
    assert "POST" in preflight["Access-Control-Allow-Methods"]
    answer = post(client, payload, Origin=ORIGIN)
    assert answer.status_code == 202
    assert answer["Access-Control-Allow-Origin"] == ORIGIN
    other = client.options(
        URL,
        headers={
            "Origin": "https://elsewhere.example.org",
            "Access-Control-Request-Method": "POST",
        },
    )
    assert "Access-Control-Allow-Origin" not in other
