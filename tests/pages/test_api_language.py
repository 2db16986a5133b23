"""The API's language (issue 21): `?locale=`, else `Accept-Language`. The actions endpoint in
English gives each French action in its English translation when it has one, in French
otherwise, with the French calendar UID (the feeds' UID, in every language); the pages listing
asked in English without `?locale=` lists each page once, translated where it can; the OpenAPI
document says so."""

import datetime as dt

import pytest
import time_machine

from pages.agenda.recurrence import PARIS
from pages.translations import translate
from tests.factories.snippets import GestureFactory

from .bilingual import bilingual_laval as make_bilingual_laval
from .bilingual import published_translation

ACTIONS = "/api/v2/actions/?fields=uid,locale,html_url"
PAGES = "/api/v2/pages/?limit=100"


@pytest.fixture(autouse=True)
def on_the_first_of_march_2027():
    with time_machine.travel(dt.datetime(2027, 3, 1, 12, tzinfo=PARIS), tick=True):
        yield


@pytest.fixture
def bilingual_laval(agenda_tree, add_action, home_page):
    return make_bilingual_laval(agenda_tree, add_action, home_page)


def items(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["items"]


def test_the_actions_in_english_keep_their_french_uids(client, bilingual_laval):
    french = items(client.get(ACTIONS))
    assert [item["title"] for item in french] == ["Plantation de haies", "Courses partagées"]
    for english in (
        items(client.get(f"{ACTIONS}&locale=en")),
        items(client.get(ACTIONS, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")),
    ):
        assert [item["title"] for item in english] == ["Hedge planting", "Courses partagées"]
        assert [item["uid"] for item in english] == [item["uid"] for item in french]
        assert [item["locale"] for item in english] == ["en", "fr"]
        assert english[0]["html_url"].endswith("/en/mayenne/laval/actions/plantation/")
    # French asked for, or no language the site publishes in: French.
    assert items(client.get(ACTIONS, HTTP_ACCEPT_LANGUAGE="fr")) == french
    assert items(client.get(ACTIONS, HTTP_ACCEPT_LANGUAGE="de")) == french
    # The feed's UID is the API's.
    assert str(bilingual_laval["planting"].uid) == french[0]["uid"]


def test_a_category_of_gestures_filters_the_actions_in_english(client, bilingual_laval):
    found = items(client.get(f"{ACTIONS}&category=jardin", HTTP_ACCEPT_LANGUAGE="en"))
    assert [item["title"] for item in found] == ["Hedge planting"]
    bad = client.get(f"{ACTIONS}&locale=xx", HTTP_ACCEPT_LANGUAGE="en")
    assert bad.status_code == 400 and bad.json() == {"message": "Unknown language: xx."}


def test_the_english_listing_reads_a_bounded_number_of_queries(
    client, bilingual_laval, add_action, django_assert_max_num_queries
):
    index = bilingual_laval["planting"].get_parent()
    for day in range(12, 22):
        add_action(index, f"Atelier {day}", dt.datetime(2027, 3, day, 10, tzinfo=PARIS))
    client.get(ACTIONS)  # the site's root paths in the cache
    with django_assert_max_num_queries(10):
        found = items(client.get(f"{ACTIONS}&limit=50", HTTP_ACCEPT_LANGUAGE="en"))
    assert len(found) == 12


def test_the_pages_listing_follows_accept_language(client, bilingual_laval):
    def titles(response) -> list[str]:
        return [item["title"] for item in items(response)]

    everything = titles(client.get(PAGES))
    assert "Plantation de haies" in everything and "Hedge planting" in everything
    english = titles(client.get(PAGES, HTTP_ACCEPT_LANGUAGE="en"))
    assert "Hedge planting" in english and "Courses partagées" in english
    assert "Plantation de haies" not in english
    assert len(english) == len(everything) - 5  # each translated page (5) listed once
    # ?locale= is Wagtail's filter: that language only; a tree filter keeps its own tree.
    assert "Courses partagées" not in titles(
        client.get(f"{PAGES}&locale=en", HTTP_ACCEPT_LANGUAGE="en")
    )
    laval = bilingual_laval["planting"].get_parent()
    assert "Plantation de haies" in titles(
        client.get(f"{PAGES}&child_of={laval.pk}", HTTP_ACCEPT_LANGUAGE="en")
    )


def test_the_openapi_document_names_accept_language(client, db):
    document = client.get("/api/v2/openapi.json").json()
    for path in ("/api/v2/actions/", "/api/v2/pages/"):
        parameters = document["paths"][path]["get"]["parameters"]
        locale = next(item for item in parameters if item["name"] == "locale")
        assert "Accept-Language" in locale["description"]


def test_an_english_actions_gestures_are_in_english_where_translated(client, bilingual_laval):
    """The action's own answer and the listing give each gesture as the action's page does: its
    English translation where one is live, else the French one, `locale` saying which; the
    slugs stay the French ones, which the `category` filter takes."""
    planting = bilingual_laval["planting"]
    (hedges,) = planting.gestures.all()
    published_translation(hedges, {hedges.title: "Plant a hedge"})
    untranslated = GestureFactory(category=hedges.category, title="Arroser les haies")
    planting.gestures.add(untranslated)
    planting.save_revision().publish()
    english = bilingual_laval["english"]
    english.gestures.set([hedges, untranslated])
    english.save_revision().publish()
    expected = [  # in the order of the French titles, as on the page
        {
            "slug": untranslated.slug,
            "title": "Arroser les haies",
            "category": "jardin",
            "locale": "fr",
        },
        {"slug": hedges.slug, "title": "Plant a hedge", "category": "jardin", "locale": "en"},
    ]
    listed = items(client.get(f"{ACTIONS},gestures&locale=en"))
    assert listed[0]["gestures"] == expected
    own = client.get(f"/api/v2/actions/{english.pk}/?locale=en").json()
    assert own["gestures"] == expected
    page = client.get(f"/api/v2/pages/{english.pk}/").json()
    assert page["gestures"] == expected
    # In French, the French titles.
    french = items(client.get(f"{ACTIONS},gestures"))
    assert [each["title"] for each in french[0]["gestures"]] == ["Arroser les haies", hedges.title]
    assert {each["locale"] for each in french[0]["gestures"]} == {"fr"}


def test_the_english_gestures_cost_the_same_queries_whatever_the_number_of_actions(
    client, bilingual_laval, add_action, agenda_tree
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    pages = "/api/v2/pages/?type=pages.ActionPage&fields=gestures&locale=en&limit=50"

    def count(url=f"{ACTIONS},gestures&locale=en") -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, response.content
        assert all("gestures" in item for item in response.json()["items"])
        return len(queries)

    count(), count(pages)  # the caches warmed (content types, locales)
    few, few_pages = count(), count(pages)
    (hedges,) = bilingual_laval["planting"].gestures.all()
    for day in range(12, 20):
        action = add_action(
            agenda_tree["laval"],
            f"Haies {day}",
            dt.datetime(2027, 3, day, 10, tzinfo=PARIS),
            kind="collective",
            slug=f"haies-{day}",
        )
        action.gestures.set([hedges])
        action.save_revision().publish()
        translate(action, "en", {f"Haies {day}": f"Hedges {day}"})
    assert count() == few
    assert count(pages) == few_pages
