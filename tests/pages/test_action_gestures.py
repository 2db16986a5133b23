"""The gestures an action puts into practice: on its page, in the agenda's filter, in the API."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale

from snippets.models import Gesture, GestureCategory

API = "/api/v2/actions/"


def html(response) -> str:
    return response.content.decode()


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["items"]]


@pytest.fixture
def idea_box(db):
    locale = Locale.get_default()
    garden = GestureCategory.objects.create(name="Nature", slug="nature", order=1, locale=locale)
    company = GestureCategory.objects.create(
        name="Compagnie", slug="compagnie", order=2, locale=locale
    )

    def gesture(slug, title, category, live=True):
        return Gesture.objects.create(
            slug=slug,
            title=title,
            summary=f"Résumé de {title}.",
            how_to="<p>Comment faire.</p>",
            category=category,
            kind="collective",
            locale=locale,
            live=live,
        )

    return {
        "weeding": gesture("desherber", "Désherber le square", garden),
        "visit": gesture("visiter", "Rendre visite à un voisin", company),
        "draft": gesture("brouillon", "Un geste pas encore publié", garden, live=False),
    }


@pytest.fixture
def two_actions(agenda_tree, add_action, agenda_now, idea_box):
    garden = add_action(agenda_tree["laval"], "Jardin du square", agenda_now, publish=True)
    garden.gestures.set([idea_box["weeding"], idea_box["draft"]])
    garden.save_revision().publish()
    visits = add_action(
        agenda_tree["laval"], "Visites du jeudi", agenda_now + dt.timedelta(days=1), publish=True
    )
    visits.gestures.set([idea_box["visit"]])
    visits.save_revision().publish()
    return {"garden": garden, "visits": visits}


def test_the_action_page_links_to_its_live_gestures(client, two_actions):
    garden = two_actions["garden"]
    garden.refresh_from_db()
    page = html(client.get(garden.url))
    assert 'href="/gestes/desherber/"' in page
    assert "Désherber le square" in page
    assert "Un geste pas encore publié" not in page


def test_the_agenda_filters_by_category_of_gestures(client, two_actions):
    page = html(client.get("/mayenne/laval/actions/?category=nature"))
    assert "Jardin du square" in page and "Visites du jeudi" not in page
    assert '<option value="nature" selected>' in page
    page = html(client.get("/mayenne/actions/?category=compagnie"))
    assert "Visites du jeudi" in page and "Jardin du square" not in page


def test_an_unknown_category_is_refused_with_a_message(client, two_actions):
    response = client.get("/mayenne/laval/actions/?category=inconnue")
    assert response.status_code == 400
    page = html(response)
    assert "Catégorie de gestes inconnue : « inconnue »." in page
    assert "Jardin du square" in page and "Visites du jeudi" in page


def test_the_api_lists_the_live_gestures_and_filters_by_category(client, two_actions):
    items = {item["title"]: item for item in client.get(API).json()["items"]}
    assert items["Jardin du square"]["gestures"] == [
        {"slug": "desherber", "title": "Désherber le square", "category": "nature", "locale": "fr"}
    ]
    assert titles(client.get(API + "?category=compagnie")) == ["Visites du jeudi"]
    response = client.get(API + "?category=inconnue")
    assert response.status_code == 400
    assert response.json()["message"] == "Catégorie de gestes inconnue : « inconnue »."


def test_api_queries_do_not_grow_with_gestures(
    client, agenda_tree, add_action, agenda_now, idea_box
):
    # Warms the site's root paths, as on a running site (an empty list of actions asks for no
    # URL, so it would warm nothing).
    client.get("/mayenne/laval/")

    def count(n):
        for number in range(n):
            action = add_action(
                agenda_tree["laval"], f"Action {n}-{number}", agenda_now, publish=True
            )
            action.gestures.set([idea_box["weeding"], idea_box["visit"]])
            action.save_revision().publish()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(API + "?limit=50").status_code == 200
        return len(queries)

    few = count(2)
    many = count(20)
    assert many == few
