"""Every public view answers under each language's prefix (pages/languages.py): in Breton below
a department that publishes in it (French where Breton has no translation, never English), and
the links a page prints stay in its language; a view below a page missing in a language leads
to its French address, which says so."""

import re

import pytest

from pages.translations import translate
from tests.factories.snippets import GestureFactory


@pytest.fixture
def breton_quimper(finistere_page, quimper_page, home_page):
    finistere_page.regional_language = "br"
    finistere_page.save_revision().publish()
    translate(finistere_page, "br", {"Finistère": "Penn-ar-Bed"})
    return translate(quimper_page, "br", {})


def hrefs(html: str) -> list[str]:
    return re.findall(r'<a [^>]*href="(/[^"]*)"', html)


@pytest.mark.parametrize(
    "path",
    [
        "/br/finistere/quimper/je-participe/",
        "/br/finistere/quimper/proposer-une-initiative/",
        "/br/finistere/quimper/presse/",
        "/br/finistere/presse/",
        "/br/je-participe/",
        "/br/aide/",
        "/br/aide/contact/",
        "/br/gestes/",
        "/br/gestes/proposer/",
        "/br/proposer-une-initiative/",
        "/br/je-participe/mon-espace/",
    ],
)
def test_the_views_answer_in_breton(client, breton_quimper, path):
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    assert '<html lang="br"' in html
    # A string Breton has no translation of is in French, never in English.
    assert "Skip to main content" not in html
    assert "Aller au contenu principal" in html or "Mont d" in html


def test_a_breton_page_links_only_to_addresses_that_answer(client, breton_quimper):
    html = client.get("/br/finistere/quimper/").content.decode()
    links = [href for href in hrefs(html) if href.startswith("/br/")]
    assert "/br/finistere/quimper/je-participe/" in links
    for href in set(links):
        response = client.get(href)
        assert response.status_code in (200, 302), href
        if response.status_code == 302:  # a national page: to its French address, with the note
            assert response["Location"].endswith("?langue=br"), href


def test_the_views_links_stay_in_breton(client, breton_quimper):
    html = client.get("/br/finistere/quimper/je-participe/").content.decode()
    assert 'href="/br/gestes/"' in html
    assert 'href="/br/aide/"' in html
    # Its switcher and alternates lead to the same form in French, not to the commune's page.
    assert 'href="/finistere/quimper/je-participe/" hreflang="fr" lang="fr"' in html
    french = client.get("/finistere/quimper/je-participe/").content.decode()
    assert 'href="/br/finistere/quimper/je-participe/" hreflang="br" lang="br"' in french
    assert (
        '<link rel="alternate" hreflang="br" href="http://testserver/br/finistere/quimper/je-participe/">'
        in french
    )


def test_a_view_below_a_department_without_breton_leads_to_french(
    client, breton_quimper, laval_page
):
    translate(laval_page, "br", {})  # by mistake: Mayenne publishes in no regional language
    response = client.get("/br/mayenne/laval/je-participe/")
    assert response.status_code == 302
    assert response["Location"] == "/mayenne/laval/je-participe/?langue=br"
    french = client.get(response["Location"]).content.decode()
    assert 'class="container language-note" lang="br"' in french


def test_a_view_below_a_page_missing_in_a_language_leads_to_french(client, laval_page, home_page):
    translate(home_page, "en", {})  # the English tree exists; Laval is not in it
    response = client.get("/en/mayenne/laval/je-participe/")
    assert response.status_code == 302
    assert response["Location"] == "/mayenne/laval/je-participe/?langue=en"
    french = client.get(response["Location"]).content.decode()
    assert "This page does not exist in English: here it is in French." in french
    # Nothing in French at that address either: a plain 404.
    assert client.get("/en/mayenne/nowhere/je-participe/").status_code == 404
    assert client.get("/en/gestes/no-such-gesture/").status_code == 404
    assert client.get("/en//example.com/je-participe/").status_code == 404  # never elsewhere


def test_a_french_gesture_asked_for_in_english_is_shown_in_french_with_a_note(client, home_page):
    """The idea box serves a gesture not translated yet in place, under /en/, with its French
    texts marked (snippets.services.in_language) and a note, the interface in English."""
    translate(home_page, "en", {})
    gesture = GestureFactory()
    response = client.get(f"/en/gestes/{gesture.slug}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en"' in html
    assert 'lang="fr"' in html
    assert "This gesture has not been translated yet: here it is in French." in html
    assert gesture.title in html
