"""Feeds filtered by kind of action (`?type=`) or by category of gestures (`?categorie=`), on
every territory feed: what they keep (read by ical.js and recurring_ical_events), their own
ETag and cache entry, 304s, a 400 in French for an unknown value, bounded queries, and the
filtered subscription offered by the HTML agenda."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.agenda import feeds
from pages.agenda.recurrence import PARIS
from tests.factories.snippets import GestureCategoryFactory, GestureFactory

from .icaljs import agreed

NOW = dt.datetime(2027, 3, 1, 12, tzinfo=PARIS)
YEAR = (dt.datetime(2027, 1, 1, tzinfo=dt.UTC), dt.datetime(2028, 2, 1, tzinfo=dt.UTC))
LAVAL = "/mayenne/laval/agenda.ics"


@pytest.fixture(autouse=True)
def on_the_first_of_march_2027():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture
def laval_actions(agenda_tree, add_action):
    """Three actions in Laval and one in Château-Gontier: two kinds, two categories."""
    home = GestureCategoryFactory(name="Autour de chez soi", slug="autour-de-chez-soi")
    nature = GestureCategoryFactory(name="Nature", slug="nature")
    shopping = GestureFactory(category=home)
    planting = GestureFactory(category=nature)
    made = {}
    for title, index, kind, gestures, day in (
        ("Courses partagées", "laval", "neighbourly", [shopping], 10),
        ("Plantation", "laval", "collective", [planting], 11),
        ("Banque alimentaire", "laval", "association", [shopping, planting], 12),
        ("Nettoyage des berges", "chateau", "collective", [planting], 13),
    ):
        action = add_action(
            agenda_tree[index],
            title,
            dt.datetime(2027, 3, day, 10, tzinfo=PARIS),
            kind=kind,
            slug=title.lower().replace(" ", "-"),
        )
        action.gestures.set(gestures)
        action.save_revision().publish()
        made[title] = action
    made["categories"] = (home, nature)
    return made


def titles(client, url: str, **headers) -> list[str]:
    response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    return [item["summary"] for item in agreed(response.content, *YEAR)["occurrences"]]


def test_a_feed_keeps_the_kind_or_the_category_asked_for(client, laval_actions):
    assert titles(client, LAVAL) == ["Courses partagées", "Plantation", "Banque alimentaire"]
    assert titles(client, f"{LAVAL}?type=collective") == ["Plantation"]
    assert titles(client, f"{LAVAL}?categorie=nature") == ["Plantation", "Banque alimentaire"]
    assert titles(client, f"{LAVAL}?categorie=autour-de-chez-soi&type=association") == [
        "Banque alimentaire"
    ]
    # Every territory feed: the department's, the nation's; and an action's own.
    assert titles(client, "/mayenne/agenda.ics?type=collective") == [
        "Plantation",
        "Nettoyage des berges",
    ]
    assert titles(client, "/agenda.ics?categorie=nature&type=collective") == [
        "Plantation",
        "Nettoyage des berges",
    ]
    assert titles(client, "/mayenne/laval/actions/plantation/agenda.ics?type=collective") == [
        "Plantation"
    ]
    assert titles(client, "/mayenne/laval/actions/plantation/agenda.ics?type=association") == []
    # An empty value is no filter; other parameters (calendar applications add some) are left.
    assert titles(client, f"{LAVAL}?type=&categorie=&_=123") == titles(client, LAVAL)


def test_a_filtered_feed_is_named_after_its_filter(client, laval_actions):
    response = client.get(f"{LAVAL}?type=collective&categorie=nature")
    found = agreed(response.content, *YEAR)["calendar"]
    assert found["x-wr-calname"] == (
        "L'Heure Civique — Laval — Une action collective pour la commune, Nature"
    )


def test_an_unknown_filter_is_a_400_in_french_not_an_empty_feed(client, laval_actions):
    for query, message in (
        (
            "type=ramassage",
            "Type d’action inconnu : « ramassage ». "
            "Types possibles : neighbourly, collective, association.",
        ),
        (
            "categorie=jardinage",
            "Catégorie de gestes inconnue : « jardinage ». "
            "Catégories possibles : autour-de-chez-soi, nature.",
        ),
        ("type=collective&categorie=NATURE", "Catégorie de gestes inconnue : « NATURE »."),
        ("type=%3Cscript%3E%0D%0AX-Evil:1", "Type d’action inconnu : « <script>X-Evil:1 »."),
    ):
        response = client.get(f"{LAVAL}?{query}", HTTP_IF_NONE_MATCH="*")
        assert response.status_code == 400, query
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert response.content.decode().startswith(message), response.content.decode()
        assert "ETag" not in response
    for feed in (
        "/agenda.ics",
        "/mayenne/agenda.ics",
        "/mayenne/laval/actions/plantation/agenda.ics",
    ):
        assert client.get(f"{feed}?type=x").status_code == 400


def test_each_filter_has_its_own_etag_cache_entry_and_304(
    client, laval_actions, monkeypatch, django_assert_max_num_queries
):
    built = []
    real = feeds.build
    monkeypatch.setattr(feeds, "build", lambda *args: built.append(args[2:]) or real(*args))
    whole = client.get(LAVAL)
    kind = client.get(f"{LAVAL}?type=collective")
    category = client.get(f"{LAVAL}?categorie=nature")
    both = client.get(f"{LAVAL}?categorie=nature&type=collective")
    etags = {response["ETag"] for response in (whole, kind, category, both)}
    assert len(etags) == 4 and len(built) == 4
    assert len({response.content for response in (whole, kind, category, both)}) == 4

    # The same filter, the same ETag: 304 without building; another's ETag is no match.
    with django_assert_max_num_queries(4):  # the page, its restrictions, the categories
        assert (
            client.get(f"{LAVAL}?type=collective&categorie=nature", HTTP_IF_NONE_MATCH=both["ETag"])
        ).status_code == 304
    assert client.get(f"{LAVAL}?type=collective", HTTP_IF_NONE_MATCH=whole["ETag"]).status_code == (
        200
    )
    with django_assert_max_num_queries(4):
        again = client.get(f"{LAVAL}?categorie=nature")
    assert again.content == category.content and again["ETag"] == category["ETag"]
    assert len(built) == 4  # the 200s after the first four came from the cache
    assert [args[0].kind for args in built] == ["", "collective", "", "collective"]


def test_a_filtered_feed_follows_a_change_of_its_actions(client, laval_actions):
    first = client.get(f"{LAVAL}?categorie=autour-de-chez-soi")
    assert [i["summary"] for i in agreed(first.content, *YEAR)["occurrences"]] == [
        "Courses partagées",
        "Banque alimentaire",
    ]
    plantation = laval_actions["Plantation"]
    home, _nature = laval_actions["categories"]
    plantation.gestures.add(GestureFactory(category=home))
    plantation.save_revision().publish()
    after = client.get(f"{LAVAL}?categorie=autour-de-chez-soi", HTTP_IF_NONE_MATCH=first["ETag"])
    assert after.status_code == 200 and after["ETag"] != first["ETag"]
    assert titles(client, f"{LAVAL}?categorie=autour-de-chez-soi") == [
        "Courses partagées",
        "Plantation",
        "Banque alimentaire",
    ]


def test_a_filtered_feed_is_built_with_as_many_queries_for_30_actions_as_for_3(
    client, agenda_tree, add_action, django_assert_max_num_queries
):
    category = GestureCategoryFactory(slug="nature")
    gesture = GestureFactory(category=category)
    url = "/mayenne/agenda.ics?categorie=nature&type=collective"

    def add(count: int) -> None:
        for number in range(count):
            action = add_action(
                agenda_tree["laval" if number % 2 else "chateau"],
                f"Action {count}-{number}",
                dt.datetime(2027, 4, 1 + number % 28, 10, tzinfo=PARIS),
                recurrence_frequency="weekly" if number % 3 else "",
            )
            action.gestures.set([gesture])
            action.save_revision().publish()

    client.get("/mayenne/laval/")  # the site's root paths, as on a running site
    add(3)
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(27)
    cache.clear()
    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(agreed(response.content, *YEAR)["occurrences"]) > 30


def test_the_agenda_offers_the_filtered_subscription_when_a_filter_is_chosen(client, laval_actions):
    plain = client.get("/mayenne/laval/actions/").content.decode()
    assert 'href="webcal://testserver/mayenne/laval/agenda.ics"' in plain
    assert "?type=" not in plain and "categorie=" not in plain

    chosen = client.get(
        "/mayenne/laval/actions/?kind=association&category=nature&from=2027-03-01"
    ).content.decode()
    feed = "testserver/mayenne/laval/agenda.ics?type=association&amp;categorie=nature"
    assert f'href="webcal://{feed}"' in chosen and f'href="http://{feed}"' in chosen
    assert "S’abonner à cette sélection : Un coup de main à une association, Nature" in chosen
    assert "Ou s’abonner à l’agenda entier" in chosen
    assert 'href="webcal://testserver/mayenne/laval/agenda.ics"' in chosen
    # The link it offers is a feed that answers, with what the agenda lists.
    assert titles(client, "/mayenne/laval/agenda.ics?type=association&categorie=nature") == [
        "Banque alimentaire"
    ]
    month = client.get("/mayenne/laval/actions/mois/2027/3/?kind=collective").content.decode()
    assert 'href="webcal://testserver/mayenne/laval/agenda.ics?type=collective"' in month


def test_a_department_feed_keeps_one_of_its_communes(
    client, laval_actions, agenda_tree, add_action
):
    """`?commune=<INSEE code>` on a department's feed: what its agenda's commune filter lists,
    the actions of the commune's pages and those of the department held in the commune."""
    laval = agenda_tree["themed_laval_page"].commune
    for title, day, slug, place in (
        ("Formation aux premiers secours", 14, "premiers-secours", laval),  # held in Laval
        ("Collecte départementale", 15, "collecte", None),
    ):
        add_action(
            agenda_tree["mayenne"],
            title,
            dt.datetime(2027, 3, day, 9, tzinfo=PARIS),
            slug=slug,
            place_commune=place,
            publish=True,
        )
    department = "/mayenne/agenda.ics"
    assert titles(client, f"{department}?commune=53130") == [
        "Courses partagées",
        "Plantation",
        "Banque alimentaire",
        "Formation aux premiers secours",
    ]
    assert titles(client, f"{department}?commune=53062") == ["Nettoyage des berges"]
    assert titles(client, f"{department}?commune=53130&type=collective&categorie=nature") == [
        "Plantation"
    ]
    found = agreed(client.get(f"{department}?commune=53130&type=collective").content, *YEAR)
    assert found["calendar"]["x-wr-calname"] == (
        "L'Heure Civique — Mayenne — Laval, Une action collective pour la commune"
    )
    # Each commune its own ETag; the whole feed still holds everything.
    etags = {
        client.get(f"{department}{query}")["ETag"]
        for query in ("", "?commune=53130", "?commune=53062")
    }
    assert len(etags) == 3
    assert "Collecte départementale" in titles(client, department)


def test_a_commune_the_feed_does_not_offer_is_a_400_in_french(client, laval_actions):
    for url, shown in (
        ("/mayenne/agenda.ics?commune=99999", "99999"),
        ("/mayenne/agenda.ics?commune=%3Cscript%3E%0A", "<script>"),
        # Only a department's feed is kept to one of its communes.
        (f"{LAVAL}?commune=53130", "53130"),
        ("/agenda.ics?commune=53130", "53130"),
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert response.content.decode() == f"Commune inconnue : « {shown} »."


def test_the_department_agenda_offers_the_feed_of_the_commune_chosen(client, laval_actions):
    chosen = client.get("/mayenne/actions/?commune=53130&kind=collective").content.decode()
    feed = "testserver/mayenne/agenda.ics?type=collective&amp;commune=53130"
    assert f'href="webcal://{feed}"' in chosen and f'href="http://{feed}"' in chosen
    assert "S’abonner à cette sélection : Laval, Une action collective pour la commune" in chosen
    assert 'href="webcal://testserver/mayenne/agenda.ics"' in chosen  # the whole agenda
    # The feed offered lists what the filtered agenda lists.
    assert titles(client, "/mayenne/agenda.ics?type=collective&commune=53130") == ["Plantation"]
    month = client.get("/mayenne/actions/mois/2027/3/?commune=53062").content.decode()
    assert 'href="webcal://testserver/mayenne/agenda.ics?commune=53062"' in month
