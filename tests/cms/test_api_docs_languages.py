"""The API documentation's language switcher leads to the documentation in each language, not
to the home page (issue 21)."""

import pytest

from pages.translations import translate


@pytest.fixture
def english_home(home_page):
    return translate(home_page, "en", {})


def test_the_docs_switcher_leads_to_the_docs_in_each_language(client, english_home):
    french = client.get("/api/v2/docs/").content.decode()
    assert 'href="/en/api/v2/docs/" hreflang="en" lang="en"' in french
    response = client.get("/en/api/v2/docs/")
    assert response.status_code == 200
    english = response.content.decode()
    assert '<html lang="en"' in english
    assert 'href="/api/v2/docs/" hreflang="fr" lang="fr"' in english
    # Its link to the OpenAPI document is the one document, whatever the language.
    assert 'href="/api/v2/openapi.json"' in english
