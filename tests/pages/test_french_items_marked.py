"""A page in English lists its French page's actions, news and initiatives (issue 21): each in
English where it has a live translation, else in French, its texts marked `lang="fr"`
(pages/fallback.py), as the English feed and the API list every action. The agenda's list, its
month, the upcoming block, the latest news, the initiatives (index and block), the gestures of
an action or initiative and the agenda's categories; read from the HTML as a browser's parser
would, each text with the language of its nearest element that says one."""

import datetime as dt
from html.parser import HTMLParser

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.agenda.queries import PER_PAGE
from pages.agenda.recurrence import PARIS
from pages.models.initiatives import INITIATIVES_PER_PAGE
from pages.translations import translate
from tests.factories.pages import (
    InitiativeIndexPageFactory,
    InitiativePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.factories.snippets import GestureCategoryFactory, GestureFactory

from .bilingual import bilingual_laval as make_bilingual_laval

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2027, 3, 1, 12, tzinfo=PARIS)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@pytest.fixture(autouse=True)
def on_the_first_of_march_2027():
    with time_machine.travel(NOW, tick=True):
        yield


class LanguageOfTexts(HTMLParser):
    """Each text of a page's <main> with the `lang` of its nearest element that has one."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, str | None]] = []
        self.texts: list[tuple[str, str]] = []
        self.in_main = 0

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        self.stack.append((tag, dict(attrs).get("lang")))
        if tag == "main":
            self.in_main += 1

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            name, _lang = self.stack.pop()
            if name == "main":
                self.in_main -= 1
            if name == tag:
                break

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and self.in_main:
            lang = next((lang for _tag, lang in reversed(self.stack) if lang), "")
            self.texts.append((text, lang))


def languages_of(html: str) -> dict[str, set[str]]:
    parser = LanguageOfTexts()
    parser.feed(html)
    found: dict[str, set[str]] = {}
    for text, lang in parser.texts:
        found.setdefault(text, set()).add(lang)
    return found


@pytest.fixture
def bilingual_laval(agenda_tree, add_action, home_page):
    made = make_bilingual_laval(agenda_tree, add_action, home_page)
    index = NewsIndexPageFactory(parent=agenda_tree["themed_laval_page"])
    made["french_news"] = NewsPageFactory(
        parent=index, title="Le jardin partagé rouvre", intro="Venez bêcher avec nous."
    )
    translated = NewsPageFactory(
        parent=index, title="La fête des voisins", intro="Rendez-vous au square."
    )
    translate(index, "en", {})
    translate(
        translated,
        "en",
        {"La fête des voisins": "The neighbours' party", "Rendez-vous au square.": "See you."},
    )
    return made


def assert_marked(texts: dict[str, set[str]], french: list[str], english: list[str]) -> None:
    for text in french:
        assert texts.get(text) == {"fr"}, (text, texts.get(text))
    for text in english:
        assert texts.get(text) == {"en"}, (text, texts.get(text))


def test_the_english_agenda_lists_every_action_the_french_ones_marked(client, bilingual_laval):
    html = client.get("/en/mayenne/laval/actions/").content.decode()
    assert_marked(languages_of(html), ["Courses partagées"], ["Hedge planting"])
    assert "Plantation de haies" not in html  # its English translation instead
    assert f'href="{bilingual_laval["english"].url}"' in html
    assert f'href="{bilingual_laval["french_only"].url}" lang="fr"' in html
    month = client.get("/en/mayenne/laval/actions/mois/2027/3/").content.decode()
    assert_marked(languages_of(month), ["Courses partagées"], ["Hedge planting"])
    # In French, nothing is marked.
    french = client.get("/mayenne/laval/actions/").content.decode()
    assert "Courses partagées" in french and "Plantation de haies" in french
    main = french.split("<main", 1)[1].split("</main>")[0]
    assert 'lang="fr"' not in main


def test_the_english_page_shows_the_french_news_and_actions_marked(client, bilingual_laval):
    html = client.get("/en/mayenne/laval/").content.decode()
    assert_marked(
        languages_of(html),
        ["Courses partagées", "Le jardin partagé rouvre", "Venez bêcher avec nous."],
        ["Hedge planting", "The neighbours' party", "See you."],
    )
    assert "La fête des voisins" not in html
    # The English news index too, in the same way.
    news = client.get("/en/mayenne/laval/actualites/").content.decode()
    assert_marked(
        languages_of(news),
        ["Le jardin partagé rouvre", "Venez bêcher avec nous."],
        ["The neighbours' party", "See you."],
    )


def test_the_english_agenda_runs_as_many_queries_whatever_its_actions(
    client, bilingual_laval, agenda_tree, add_action
):
    def english_agenda() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/mayenne/laval/actions/").status_code == 200
        return [query["sql"] for query in queries.captured_queries]

    english_agenda()  # the caches filled (the site's root paths, the locales)
    before = english_agenda()
    for day in range(PER_PAGE + 5):
        action = add_action(
            agenda_tree["laval"],
            f"Action {day}",
            NOW + dt.timedelta(days=day + 1),
            slug=f"action-{day}",
            publish=True,
        )
        if day % 2:
            translate(action, "en", {f"Action {day}": f"English action {day}"})
    english_agenda()
    after = english_agenda()
    assert len(after) == len(before)
    # The translations are read for the actions shown, a page's worth at most.
    reading = [sql for sql in after if "translation_key" in sql and " IN (" in sql]
    assert reading
    for sql in reading:
        assert sql.split(" IN (", 1)[1].split(")")[0].count(",") < PER_PAGE
    html = client.get("/en/mayenne/laval/actions/").content.decode()
    texts = languages_of(html)
    assert texts["English action 1"] == {"en"} and texts["Action 2"] == {"fr"}


def publish_translation(instance, language_code: str, strings: dict):
    """A translation of a moderated kind (an initiative, a gesture) is a draft until its
    workflow ends: published here as its reviewer would."""
    translated = translate(instance, language_code, strings)
    translated.get_latest_revision().publish(skip_permission_checks=True)
    translated.refresh_from_db()
    assert translated.live
    return translated


@pytest.fixture
def bilingual_initiatives(bilingual_laval, agenda_tree):
    laval = agenda_tree["themed_laval_page"]
    index = InitiativeIndexPageFactory(parent=laval)
    french_only = InitiativePageFactory(
        parent=index, title="Le café des aidants", summary="Un café chaque mois à la mairie."
    )
    translated = InitiativePageFactory(
        parent=index, title="La tournée des courses", summary="Des voisins portent les courses."
    )
    translate(index, "en", {})
    english = publish_translation(
        translated,
        "en",
        {
            "La tournée des courses": "The shopping round",
            "Des voisins portent les courses.": "Neighbours carry the shopping.",
        },
    )
    return {
        "index": index,
        "french_only": french_only,
        "translated": translated,
        "english": english,
    }


FRENCH_INITIATIVE = ["Le café des aidants", "Un café chaque mois à la mairie."]
ENGLISH_INITIATIVE = ["The shopping round", "Neighbours carry the shopping."]


def test_the_english_initiatives_list_each_initiative_once_the_french_ones_marked(
    client, bilingual_initiatives
):
    html = client.get("/en/mayenne/laval/initiatives/").content.decode()
    assert_marked(languages_of(html), FRENCH_INITIATIVE, ENGLISH_INITIATIVE)
    assert "La tournée des courses" not in html  # its English translation instead
    assert html.count("The shopping round") == 1
    assert f'href="{bilingual_initiatives["english"].url}"' in html
    assert f'href="{bilingual_initiatives["french_only"].url}" lang="fr"' in html
    # The block of the English commune page, in the same way.
    page = client.get("/en/mayenne/laval/").content.decode()
    assert_marked(languages_of(page), FRENCH_INITIATIVE, ENGLISH_INITIATIVE)
    assert "La tournée des courses" not in page
    # In French, the French ones, nothing marked.
    for path in ("/mayenne/laval/initiatives/", "/mayenne/laval/"):
        french = client.get(path).content.decode()
        assert "La tournée des courses" in french and "The shopping round" not in french
        assert 'lang="fr"' not in french.split("<main", 1)[1].split("</main>")[0]


def test_the_english_initiatives_run_as_many_queries_whatever_their_number(
    client, bilingual_initiatives
):
    def english_index() -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/mayenne/laval/initiatives/").status_code == 200
        return [query["sql"] for query in queries.captured_queries]

    english_index()  # the caches filled
    before = english_index()
    for number in range(INITIATIVES_PER_PAGE + 3):
        initiative = InitiativePageFactory(
            parent=bilingual_initiatives["index"], title=f"Initiative {number}"
        )
        if number % 2:
            publish_translation(initiative, "en", {f"Initiative {number}": f"Project {number}"})
    english_index()
    after = english_index()
    assert len(after) == len(before)
    # The translations are read for the initiatives shown, a page's worth at most.
    reading = [sql for sql in after if "translation_key" in sql and " IN (" in sql]
    assert reading
    for sql in reading:
        assert sql.split(" IN (", 1)[1].split(")")[0].count(",") < INITIATIVES_PER_PAGE
    texts = languages_of(client.get("/en/mayenne/laval/initiatives/").content.decode())
    assert texts["Project 13"] == {"en"} and texts["Initiative 14"] == {"fr"}


def test_the_gestures_of_an_english_action_or_initiative_are_marked_when_french(
    client, bilingual_laval, bilingual_initiatives
):
    planting = bilingual_laval["planting"]
    untranslated = planting.gestures.get()
    untranslated.title = "Arroser les haies"
    untranslated.save()
    translated = GestureFactory(title="Pailler le potager", category=untranslated.category)
    english_gesture = publish_translation(translated, "en", {"Pailler le potager": "Mulch"})
    planting.gestures.add(translated)
    planting.save_revision().publish()
    english = bilingual_laval["english"]
    english.gestures.set([untranslated, translated])  # the French ones, synchronised
    english.save_revision().publish()
    html = client.get("/en/mayenne/laval/actions/plantation/").content.decode()
    assert_marked(languages_of(html), ["Arroser les haies"], ["Mulch"])
    assert "Pailler le potager" not in html
    assert f'href="/en/gestes/{english_gesture.slug}/"' in html
    # An English initiative's gestures, in the same way.
    initiative = bilingual_initiatives["english"]
    initiative.gestures.set([untranslated, translated])
    initiative.save_revision().publish(skip_permission_checks=True)
    html = client.get(initiative.url).content.decode()
    assert_marked(languages_of(html), ["Arroser les haies"], ["Mulch"])
    # On the French pages, the French gestures, nothing marked.
    french = client.get("/mayenne/laval/actions/plantation/").content.decode()
    assert "Pailler le potager" in french and "Mulch" not in french
    assert 'lang="fr"' not in french.split("<main", 1)[1].split("</main>")[0]


def test_the_english_agenda_filter_marks_the_french_categories(client, bilingual_laval):
    GestureCategoryFactory(name="Voisinage", slug="voisinage")
    html = client.get("/en/mayenne/laval/actions/").content.decode()
    assert '<option value="voisinage" lang="fr">Voisinage</option>' in html
    assert '<option value="jardin">Shared garden</option>' in html
