"""The feeds in English (issue 21): `/en/…/agenda.ics`, the address the English agenda links,
holds the French feed's events with the same UIDs, each in English when its action has an
English translation (title, description, address, its English address), in French otherwise;
the calendar's name, the kinds and the categories of gestures in English. Read by ical.js and
recurring_ical_events (`agreed`), and by hand from the RFC 5545 lines for CATEGORIES and
LOCATION, which those readings leave out."""

import datetime as dt
import re

import pytest
import time_machine

from pages.agenda.recurrence import PARIS
from pages.translations import translate

from .bilingual import bilingual_laval as make_bilingual_laval
from .icaljs import agreed

NOW = dt.datetime(2027, 3, 1, 12, tzinfo=PARIS)
YEAR = (dt.datetime(2027, 1, 1, tzinfo=dt.UTC), dt.datetime(2028, 2, 1, tzinfo=dt.UTC))


@pytest.fixture(autouse=True)
def on_the_first_of_march_2027():
    with time_machine.travel(NOW, tick=True):
        yield


def unescape(text: str) -> str:
    """An RFC 5545 TEXT value as written (3.3.11)."""
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], text)


def properties(body: bytes) -> list[dict[str, list[str]]]:
    """Each VEVENT's properties by name, read line by line (RFC 5545 3.1: unfolded, the
    parameters left out), with no calendar library; the calendar's own as the first item."""
    lines = re.sub(r"\r\n[ \t]", "", body.decode()).split("\r\n")
    found: list[dict[str, list[str]]] = [{}]
    for line in lines:
        if not line:
            continue
        name, _sep, value = line.partition(":")
        name = name.split(";")[0].upper()
        if (name, value) == ("BEGIN", "VEVENT"):
            found.append({})
        found[-1].setdefault(name, []).append(value)
    return found


def categories(value: str) -> list[str]:
    return [unescape(part) for part in re.split(r"(?<!\\),", value)]


@pytest.fixture
def bilingual_laval(agenda_tree, add_action, home_page):
    return make_bilingual_laval(agenda_tree, add_action, home_page)


def test_the_english_feed_has_the_french_uids_and_english_texts(client, bilingual_laval):
    french = client.get("/mayenne/laval/agenda.ics")
    english = client.get("/en/mayenne/laval/agenda.ics")
    assert french.status_code == english.status_code == 200
    assert french["ETag"] != english["ETag"]
    read_fr, read_en = agreed(french.content, *YEAR), agreed(english.content, *YEAR)

    assert [item["uid"] for item in read_en["occurrences"]] == [
        item["uid"] for item in read_fr["occurrences"]
    ]
    assert len(read_en["occurrences"]) == 2
    hedge, shopping = read_en["occurrences"]
    assert hedge["summary"] == "Hedge planting"
    assert hedge["description"].startswith("Planting hedges along the path.")
    assert hedge["url"] == hedge["description"].split("\n")[-1]
    assert hedge["url"].endswith("/en/mayenne/laval/actions/plantation/")
    # Not translated: its French texts and address.
    assert shopping["summary"] == "Courses partagées"
    assert shopping["url"].endswith("/mayenne/laval/actions/courses/")
    assert "/en/" not in shopping["url"]
    assert read_fr["occurrences"][0]["summary"] == "Plantation de haies"

    calendar, *events = properties(english.content)
    assert calendar["X-WR-CALNAME"] == ["L'Heure Civique — Laval"]
    assert unescape(events[0]["LOCATION"][0]).startswith("Schoolchildren's Lane")
    assert categories(events[0]["CATEGORIES"][0]) == [
        "A collective action for the commune",
        "Shared garden",
    ]
    _calendar, *french_events = properties(french.content)
    assert categories(french_events[0]["CATEGORIES"][0]) == [
        "Une action collective pour la commune",
        "Jardin partagé",
    ]
    assert unescape(french_events[0]["LOCATION"][0]).startswith("Chemin des Écoliers")


def test_the_english_agenda_links_the_english_feed_and_filters_by_category(client, bilingual_laval):
    html = client.get("/en/mayenne/laval/actions/").content.decode()
    assert 'href="http://localhost/en/mayenne/laval/agenda.ics"' in html or (
        "/en/mayenne/laval/agenda.ics" in html
    )
    assert 'id="agenda-category"' in html
    assert '<option value="jardin">Shared garden</option>' in html
    # The English feed filtered by that category keeps the action with a gesture of it.
    response = client.get("/en/mayenne/laval/agenda.ics?categorie=jardin")
    assert [item["summary"] for item in agreed(response.content, *YEAR)["occurrences"]] == [
        "Hedge planting"
    ]
    filtered = client.get("/en/mayenne/laval/actions/?category=jardin")
    assert filtered.status_code == 200
    assert "Hedge planting" in filtered.content.decode()


def test_a_change_of_the_english_translation_changes_the_english_feed_only(client, bilingual_laval):
    english_url, french_url = "/en/mayenne/laval/agenda.ics", "/mayenne/laval/agenda.ics"
    before = {url: client.get(url)["ETag"] for url in (english_url, french_url)}
    translate(bilingual_laval["planting"], "en", {"Plantation de haies": "Planting hedges"})
    after = client.get(english_url, HTTP_IF_NONE_MATCH=before[english_url])
    assert after.status_code == 200
    assert agreed(after.content, *YEAR)["occurrences"][0]["summary"] == "Planting hedges"
    assert client.get(french_url, HTTP_IF_NONE_MATCH=before[french_url]).status_code == 304


def test_a_territory_without_an_english_page_gives_its_feed_in_english(client, bilingual_laval):
    response = client.get("/en/mayenne/chateau-gontier-sur-mayenne/agenda.ics")
    assert response.status_code == 200
    calendar, *_events = properties(response.content)
    assert calendar["X-WR-CALNAME"] == ["L'Heure Civique — Château-Gontier-sur-Mayenne"]


def test_the_english_feed_reads_a_bounded_number_of_queries(
    client, bilingual_laval, add_action, django_assert_max_num_queries
):
    url = "/en/mayenne/laval/agenda.ics"
    with django_assert_max_num_queries(14) as captured:
        client.get(url)
    few = len(captured.captured_queries)
    for day in range(12, 20):
        add_action(
            bilingual_laval["planting"].get_parent(),
            f"Atelier {day}",
            dt.datetime(2027, 3, day, 10, tzinfo=PARIS),
            slug=f"atelier-{day}",
            publish=True,
        )
    with django_assert_max_num_queries(few) as many:
        response = client.get(url)
    assert len(agreed(response.content, *YEAR)["occurrences"]) == 10
    assert len(many.captured_queries) <= few  # not one more query per action
