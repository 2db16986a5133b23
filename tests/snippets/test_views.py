"""The idea box's public pages: list, filters, search, a gesture, the printable list."""

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from wagtail.models import Locale

from snippets.models import Gesture

INDEX = "/gestes/"


def titles(response) -> list[str]:
    return [gesture.title for gesture in response.context["gestures_page"].object_list]


def test_index_lists_live_gestures_in_french(client, loaded):
    response = client.get(INDEX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "La boîte à idées" in html
    assert "7 gestes trouvés" in html
    assert 'role="status"' in html
    assert "Faire les courses d&#x27;un voisin" in html


def test_index_in_english_under_en(client, loaded):
    # None is translated here: the English idea box shows the French gestures, marked French.
    Locale.objects.get_or_create(language_code="en")
    response = client.get("/en/gestes/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "The idea box" in html
    assert "7 gestures found" in html
    assert '<h3 class="gesture-card__title" lang="fr">' in html
    assert html.count('lang="fr"') >= 7 * 3  # category, title and summary of each card


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "categorie=nature-et-cadre-de-vie",
            {"Ramasser les déchets du parc", "Entretenir le jardin partagé"},
        ),
        (
            "type=association",
            {
                "Trier des dons pour une banque alimentaire",
                "Mettre à jour le site d'une association",
            },
        ),
        ("duree=30", {"Lire le journal à une personne âgée"}),
        ("lieu=online", {"Mettre à jour le site d'une association"}),
        (
            "lieu=home",
            {"Lire le journal à une personne âgée", "Mettre à jour le site d'une association"},
        ),
        ("pour=newcomers", {"Accueillir un nouvel habitant"}),
        ("pour=families&type=collective", {"Entretenir le jardin partagé"}),
        ("lieu=outdoors&duree=60&pour=older_people", {"Faire les courses d'un voisin"}),
    ],
)
def test_filters(client, loaded, query, expected):
    response = client.get(f"{INDEX}?{query}")
    assert response.status_code == 200
    assert set(titles(response)) == expected
    assert response.context["result_count"] == len(expected)


def test_place_filter_matches_whole_values_only(client, loaded, category):
    # "home" must not match a value that merely contains it (bounded pattern).
    Gesture.objects.filter(slug="accueillir-un-nouvel-habitant").update(places=",outdoors,")
    response = client.get(f"{INDEX}?lieu=home")
    assert "Accueillir un nouvel habitant" not in titles(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=jardin", {"Entretenir le jardin partagé"}),
        ("q=courses", {"Faire les courses d'un voisin"}),
        ("q=déchets parc", {"Ramasser les déchets du parc"}),
        (
            "q=association&type=association",
            {
                "Trier des dons pour une banque alimentaire",
                "Mettre à jour le site d'une association",
            },
        ),
        ("q=jardin&type=neighbourly", set()),
    ],
)
def test_search(client, loaded, query, expected):
    response = client.get(f"{INDEX}?{query}")
    assert response.status_code == 200
    assert set(titles(response)) == expected


@pytest.mark.parametrize("words", ['"', "(", "*", "jardin OR", "AND NOT", "' ; DROP", "x" * 500])
def test_odd_searches_never_fail(client, loaded, words):
    response = client.get(INDEX, {"q": words})
    assert response.status_code == 200


def test_unknown_filter_values_are_reported_and_ignored(client, loaded):
    response = client.get(f"{INDEX}?type=solo&duree=abc&lieu=lune&categorie=inconnue")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sélectionnez un choix valide" in html
    assert response.context["result_count"] == 7


def test_pagination_keeps_the_filters(client, make_gestures):
    make_gestures(30)
    response = client.get(f"{INDEX}?type=neighbourly")
    assert response.context["result_count"] == 10
    response = client.get(INDEX)
    assert response.context["result_count"] == 30
    assert len(titles(response)) == 12
    assert "page=2" in response.content.decode()
    response = client.get(f"{INDEX}?lieu=online&page=2")
    html = response.content.decode()
    assert "lieu=online&amp;page=1" in html
    assert client.get(f"{INDEX}?page=abc").status_code == 200
    assert client.get(f"{INDEX}?page=999").status_code == 200


def test_gesture_page_shows_how_to_and_the_call_to_action(client, loaded):
    response = client.get("/gestes/lire-le-journal-a-une-personne-agee/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Lire le journal à une personne âgée</h1>" in html
    assert "La mairie ou le CCAS peut vous mettre en relation." in html
    assert "Liens entre voisins" in html
    assert "30 minutes" in html
    assert "À domicile" in html or "À la maison" in html
    assert "Personnes âgées" in html or "Voisins âgés" in html
    assert 'href="/je-participe/?geste=lire-le-journal-a-une-personne-agee"' in html


def test_unknown_gesture_is_404(client, loaded):
    assert client.get("/gestes/nulle-part/").status_code == 404


def test_printable_view_groups_by_category(client, loaded):
    response = client.get(reverse("snippets:gesture_print"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Liens entre voisins") < html.index("Nature et cadre de vie")
    assert html.index("Nature et cadre de vie") < html.index("Coup de main aux associations")
    assert html.index("Accueillir un nouvel habitant") < html.index("Nature et cadre de vie")
    assert "Ramasser les déchets du parc" in html
    assert "idea-box.css" in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="French stemming is PostgreSQL's")
def test_french_stemming_on_postgresql(client, loaded):
    assert settings.WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] == "french_unaccent"
    response = client.get(INDEX, {"q": "jardins partagés"})
    assert set(titles(response)) == {"Entretenir le jardin partagé"}


def test_fallback_search_without_full_text_matches_every_word(loaded):
    from snippets.services import _contains_every_word, live_gestures

    found = _contains_every_word(live_gestures(Locale.get_default()), "jardin partagé")
    assert [gesture.title for gesture in found] == ["Entretenir le jardin partagé"]
    assert not _contains_every_word(live_gestures(Locale.get_default()), "jardin voisin")
