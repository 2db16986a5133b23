"""/api/v2/gestures/ and /api/v2/gesture-categories/: live gestures only, filters, search."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.translations import translate
from snippets.models import Gesture, GestureCategory

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


def published_translation(instance, language_code: str, strings: dict):
    """A gesture's translation is moderated (a draft until its workflow ends): published here
    as its reviewer would."""
    translated = translate(instance, language_code, strings)
    if not getattr(translated, "live", True):
        translated.get_latest_revision().publish(skip_permission_checks=True)
        translated.refresh_from_db()
    return translated


@pytest.fixture
def park_in_english(loaded):
    """One gesture of the fixture translated into English, one whose translation is a draft."""
    nature = GestureCategory.objects.get(slug="nature-et-cadre-de-vie")
    published_translation(nature, "en", {"Nature et cadre de vie": "Nature and surroundings"})
    park = Gesture.objects.get(slug="ramasser-les-dechets-du-parc")
    english = published_translation(
        park, "en", {"Ramasser les déchets du parc": "Pick up litter in the park"}
    )
    garden = Gesture.objects.get(slug="entretenir-le-jardin-partage")
    draft = published_translation(garden, "en", {"Entretenir le jardin partagé": "Tend it"})
    draft.unpublish()
    return english


def test_a_listing_in_a_language_gives_each_gesture_once(client, park_in_english):
    """In English, the 7 gestures once: the translated one in English, the others in French
    (their `locale` says so), a draft translation not shown; as the idea box's pages do."""
    items = client.get(f"{GESTURES}?locale=en").json()["items"]
    assert len(items) == 7
    shown = {item["slug"]: item for item in items}
    park = shown["ramasser-les-dechets-du-parc"]
    assert (park["id"], park["title"], park["locale"]) == (
        park_in_english.pk,
        "Pick up litter in the park",
        "en",
    )
    assert park["html_url"] == "http://testserver/en/gestes/ramasser-les-dechets-du-parc/"
    assert shown["entretenir-le-jardin-partage"]["title"] == "Entretenir le jardin partagé"
    assert {item["locale"] for slug, item in shown.items() if slug != park["slug"]} == {"fr"}
    # Asked through Accept-Language, as the pages and actions endpoints are.
    by_header = client.get(GESTURES, HTTP_ACCEPT_LANGUAGE="en").json()["items"]
    assert {item["id"] for item in by_header} == {item["id"] for item in items}
    # A category's gestures, in English: the translated one and the French one left.
    nature = client.get(f"{GESTURES}?locale=en&category=nature-et-cadre-de-vie").json()
    assert {item["title"] for item in nature["items"]} == {
        "Pick up litter in the park",
        "Entretenir le jardin partagé",
    }
    # In French, the French ones; without a language, every live one of every language.
    assert {item["locale"] for item in client.get(f"{GESTURES}?locale=fr").json()["items"]} == {
        "fr"
    }
    assert len(client.get(f"{GESTURES}?locale=fr").json()["items"]) == 7
    assert client.get(GESTURES).json()["meta"]["total_count"] == 8
    # One gesture by its id, whatever the language asked for.
    detail = client.get(f"{GESTURES}{park_in_english.pk}/?locale=fr")
    assert detail.status_code == 200 and detail.json()["locale"] == "en"


def test_the_categories_in_a_language_each_once(client, park_in_english):
    items = client.get(f"{CATEGORIES}?locale=en").json()["items"]
    assert [(item["slug"], item["locale"]) for item in items] == [
        ("liens-entre-voisins", "fr"),
        ("nature-et-cadre-de-vie", "en"),
        ("coup-de-main-aux-associations", "fr"),
    ]
    assert items[1]["name"] == "Nature and surroundings"


def test_a_listing_in_english_runs_as_many_queries_as_in_french(
    client, park_in_english, django_assert_max_num_queries
):
    client.get(f"{GESTURES}?locale=fr")  # the caches filled
    with CaptureQueriesContext(connection) as french:
        client.get(f"{GESTURES}?locale=fr")
    with django_assert_max_num_queries(len(french.captured_queries)):
        assert len(client.get(f"{GESTURES}?locale=en").json()["items"]) == 7


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
