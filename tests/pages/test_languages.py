"""Locales and addresses: French unprefixed, English under /en/, Breton under /br/ only where
a department publishes in it (pages/languages.py); hreflang alternates that resolve; a page
missing in the language asked for leads to its French version, which says so."""

import re

import pytest
from django.core.exceptions import ValidationError

from pages.translations import translate


@pytest.fixture
def breton_finistere(finistere_page, quimper_page, home_page):
    finistere_page.regional_language = "br"
    finistere_page.save_revision().publish()
    translate(finistere_page, "br", {"Finistère": "Penn-ar-Bed"})
    return translate(quimper_page, "br", {})


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


def test_breton_is_served_under_the_department_that_publishes_in_it(client, breton_finistere):
    response = client.get("/br/finistere/quimper/")
    assert response.status_code == 200
    assert '<html lang="br"' in response.content.decode()
    french = client.get("/finistere/quimper/").content.decode()
    assert 'href="/br/finistere/quimper/" hreflang="br" lang="br"' in french


def test_breton_appears_nowhere_else(client, breton_finistere, laval_page, home_page):
    # A Breton Laval made by mistake (Mayenne publishes in no regional language).
    translate(laval_page, "br", {})
    assert 'hreflang="br"' not in client.get("/mayenne/laval/").content.decode()
    # Its address leads to the French page, which says the page is not in Breton.
    response = client.get("/br/mayenne/laval/")
    assert response.status_code == 302
    assert response["Location"] == "/mayenne/laval/?langue=br"
    # The national pages are not in Breton either (the views of the whole network answer in
    # every language: tests/pages/test_language_routes.py).
    assert client.get("/br/")["Location"] == "/?langue=br"
    assert 'hreflang="br"' not in client.get("/").content.decode()
    assert 'hreflang="br"' not in client.get("/gestes/").content.decode()


def test_a_missing_translation_falls_back_to_french_with_a_note(client, laval_page):
    response = client.get("/en/mayenne/laval/")
    assert response.status_code == 302
    french = client.get(response["Location"]).content.decode()
    assert '<html lang="fr"' in french
    assert (
        '<p class="container language-note" lang="en" role="note">This page does not exist in '
        "English: here it is in French.</p>"
    ) in french
    # Asked in a language the page exists in (or nonsense), no note.
    assert "language-note" not in client.get("/mayenne/laval/?langue=xx").content.decode()


def test_hreflang_alternates_resolve(client, breton_finistere, home_page):
    translate(home_page, "en", {})
    html = client.get("/finistere/quimper/").content.decode()
    found = alternates(html)
    assert set(found) == {"fr", "br", "x-default"}
    assert found["x-default"] == found["fr"] == "http://testserver/finistere/quimper/"
    for href in found.values():
        assert client.get(href.removeprefix("http://testserver")).status_code == 200
    home = alternates(client.get("/").content.decode())
    assert set(home) == {"fr", "en", "x-default"}
    for href in home.values():
        assert client.get(href.removeprefix("http://testserver")).status_code == 200


def test_a_page_without_translations_has_no_alternates(client, laval_page):
    assert alternates(client.get("/mayenne/laval/").content.decode()) == {}


def test_only_a_regional_language_of_the_settings_is_accepted(finistere_page):
    finistere_page.regional_language = "xx"
    with pytest.raises(ValidationError):
        finistere_page.full_clean()
    finistere_page.regional_language = "br"
    finistere_page.full_clean()
