"""/api/v2/gestures/ and /api/v2/gesture-categories/: live gestures only, filters, search."""

import pytest
from wagtail.models import Locale

from snippets.models import Gesture

GESTURES = "/api/v2/gestures/"
CATEGORIES = "/api/v2/gesture-categories/"


def slugs(response) -> set[str]:
    return {item["slug"] for item in response.json()["items"]}


def test_listing_shows_live_gestures_with_their_fields(client, loaded):
    response = client.get(GESTURES)
    assert response.status_code == 200
    data = response.json()
    assert data["meta"]["total_count"] == 7
    item = next(i for i in data["items"] if i["slug"] == "creer-le-site-d-une-association")
    assert item["category"]["slug"] == "coup-de-main-aux-associations"
    assert item["kind"] == "association"
    assert item["places"] == ["home", "online"]
    assert item["helps"] == ["associations"]
    assert item["locale"] == "fr"
    assert item["html_url"] == "http://testserver/gestes/creer-le-site-d-une-association/"


def test_detail_by_id(client, loaded):
    gesture = Gesture.objects.get(slug="ramasser-les-dechets-du-parc")
    response = client.get(f"{GESTURES}{gesture.pk}/")
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Ramasser les déchets du parc"
    assert "Ne touchez jamais une seringue" in data["how_to"]
    assert data["tags"] == ["nature", "propreté"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "category=nature-et-cadre-de-vie",
            {"ramasser-les-dechets-du-parc", "entretenir-le-jardin-partage"},
        ),
        (
            "kind=association",
            {"trier-des-dons-pour-une-banque-alimentaire", "creer-le-site-d-une-association"},
        ),
        (
            "kind=collective&category=nature-et-cadre-de-vie",
            {"ramasser-les-dechets-du-parc", "entretenir-le-jardin-partage"},
        ),
        ("search=jardin", {"entretenir-le-jardin-partage"}),
        (
            "search=association&kind=association",
            {"trier-des-dons-pour-une-banque-alimentaire", "creer-le-site-d-une-association"},
        ),
        ("search=jardin&category=liens-entre-voisins", set()),
        ("category=inconnue", set()),
    ],
)
def test_filters_and_search(client, loaded, query, expected):
    response = client.get(f"{GESTURES}?{query}")
    assert response.status_code == 200
    assert slugs(response) == expected


def test_locale_filter(client, loaded):
    Locale.objects.get_or_create(language_code="en")
    assert len(slugs(client.get(f"{GESTURES}?locale=fr"))) == 7
    assert slugs(client.get(f"{GESTURES}?locale=en")) == set()


@pytest.mark.parametrize("query", ["kind=solo", "locale=xx", "unknown=1"])
def test_bad_parameters_are_400_with_a_message(client, loaded, query):
    response = client.get(f"{GESTURES}?{query}")
    assert response.status_code == 400
    assert response.json()["message"]


def test_bad_kind_message_in_french(client, loaded):
    response = client.get(f"{GESTURES}?kind=solo", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.json()["message"].startswith("Type inconnu : solo.")


def test_pagination(client, make_gestures):
    make_gestures(25)
    data = client.get(f"{GESTURES}?limit=10&offset=20").json()
    assert data["meta"]["total_count"] == 25
    assert len(data["items"]) == 5


def test_categories(client, loaded):
    response = client.get(CATEGORIES)
    assert response.status_code == 200
    items = response.json()["items"]
    assert [item["slug"] for item in items] == [
        "liens-entre-voisins",
        "nature-et-cadre-de-vie",
        "coup-de-main-aux-associations",
    ]
    assert items[0]["icon"] == "🤝"
    assert items[0]["locale"] == "fr"
    detail = client.get(f"{CATEGORIES}{items[0]['id']}/")
    assert detail.json()["name"] == "Liens entre voisins"
