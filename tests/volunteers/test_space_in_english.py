"""The volunteer's space in English lists their actions in English (issue 21): their places are
the French actions', and the space shows each in its live English translation (its title and
its English page), else in French marked lang="fr"; a fixed number of queries whatever their
number."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from pages.translations import translate
from tests.factories.volunteers import opened_space
from tests.pages.test_french_items_marked import languages_of
from volunteers import services

from .conftest import make_volunteer

pytestmark = pytest.mark.django_db


@pytest.fixture
def english_volunteer(laval):
    return make_volunteer(laval, 1, language="en")


def test_the_english_space_lists_the_actions_in_english_the_french_ones_marked(
    client, laval_actions, make_action, english_volunteer
):
    translate(laval_actions, "en", {})
    cleaning = make_action(slug="nettoyage", title="Nettoyage des berges")
    english = translate(cleaning, "en", {"Nettoyage des berges": "Cleaning the banks"})
    market = make_action(slug="marche", title="Marché solidaire")
    past = make_action(slug="passee", title="Atelier vélo")
    translate(past, "en", {"Atelier vélo": "Bike workshop"})
    for action in (english, market, past):  # the English page books the French action's place
        services.register(english_volunteer, action)
    ended = timezone.now() - dt.timedelta(days=2)
    type(past).objects.filter(pk=past.pk).update(start=ended - dt.timedelta(hours=2), end=ended)

    path = opened_space(english_volunteer)
    assert path.startswith("/en/")
    html = client.get(path).content.decode()
    assert '<html lang="en"' in html
    assert f'href="{english.url}"' in html  # its English page
    assert f'href="{market.url}"' in html  # no English page: the French one
    texts = languages_of(html)
    assert texts.get("Cleaning the banks") == {"en"}
    # The hours given: the past action, its title the start of its line.
    assert [lang for text, lang in texts.items() if text.startswith("Bike workshop —")] == [{"en"}]
    assert texts.get("Marché solidaire") == {"fr"}
    assert "Nettoyage des berges" not in html and "Atelier vélo" not in html


def test_the_french_space_lists_the_french_actions(client, laval, laval_actions, make_action):
    translate(laval_actions, "en", {})
    cleaning = make_action(slug="nettoyage", title="Nettoyage des berges")
    english = translate(cleaning, "en", {"Nettoyage des berges": "Cleaning the banks"})
    volunteer = make_volunteer(laval, 2, language="fr")
    services.register(volunteer, english)
    html = client.get(opened_space(volunteer)).content.decode()
    assert "Nettoyage des berges" in html and "Cleaning the banks" not in html
    assert 'lang="fr"> Nettoyage' not in html and 'lang="fr">Nettoyage' not in html


def queries_of_the_space(client, volunteer) -> int:
    """Measured on a second visit: the layout's cached parts, read again after a page was
    published, are read once by the first."""
    path = opened_space(volunteer)
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_the_english_space_runs_the_same_queries_for_few_or_many_actions(
    client, laval_actions, make_action, english_volunteer
):
    translate(laval_actions, "en", {})

    def add(n: int) -> None:
        action = make_action(slug=f"action-{n}", title=f"Action {n}")
        if n % 2:
            translate(action, "en", {f"Action {n}": f"Event {n}"})
        services.register(english_volunteer, action)

    for n in range(2):
        add(n)
    few = queries_of_the_space(client, english_volunteer)
    for n in range(2, 12):
        add(n)
    assert queries_of_the_space(client, english_volunteer) == few
