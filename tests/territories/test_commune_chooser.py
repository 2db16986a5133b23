"""The commune chooser of the admin's forms finds a commune by its name (accents and case
aside), INSEE code or postal code, for whoever edits pages, and creates none."""

import json

import pytest
from django.urls import reverse


def results(client, text: str) -> str:
    response = client.get(reverse("commune_chooser:choose_results"), {"q": text})
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def editor_client(client, laval_editor):
    client.force_login(laval_editor)
    return client


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("laval", "Laval (53130)"),
        ("LAVAL", "Laval (53130)"),
        ("chateau gontier", "Château-Gontier-sur-Mayenne (53062)"),
        ("Château", "Château-Gontier-sur-Mayenne (53062)"),
        ("53130", "Laval (53130)"),
        ("53000", "Laval (53130)"),
    ],
)
def test_the_chooser_finds_a_commune(editor_client, chateau_gontier, ernee, text, found):
    html = results(editor_client, text)
    assert found in html
    assert "Ernée" not in html


def test_a_postal_code_finds_every_commune_it_serves(editor_client, ernee):
    html = results(editor_client, "53500")
    assert "Ernée (53096)" in html
    assert "Montenay (53152)" in html


def test_the_chooser_opens_with_a_search_field_and_no_creation(editor_client, laval):
    response = editor_client.get(reverse("commune_chooser:choose"))
    assert response.status_code == 200
    html = json.loads(response.content)["html"]
    assert 'name="q"' in html
    assert "Laval (53130)" in html
    assert reverse("commune_chooser:create") not in html


def test_choosing_a_commune_returns_it(editor_client, laval):
    response = editor_client.get(reverse("commune_chooser:chosen", args=[laval.pk]))
    assert response.status_code == 200
    assert json.loads(response.content)["result"]["title"] == "Laval (53130)"


def test_a_visitor_cannot_open_the_chooser(client, laval):
    response = client.get(reverse("commune_chooser:choose"))
    assert response.status_code == 302
