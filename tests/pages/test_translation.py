"""Translating a commune page into English with wagtail-localize: the institution, its colours
and its logo stay synchronised, and the English page is served under /en/."""

import pytest
from wagtail.models import Locale, PageViewRestriction
from wagtail_localize.fields import SynchronizedField, TranslatableField, get_translatable_fields
from wagtail_localize.models import TranslationSource

from pages.models import CommunePage, DepartmentPage
from tests.factories.pages import ImageFactory


@pytest.fixture
def english(db):
    return Locale.objects.get(language_code="en")


@pytest.fixture
def translate(django_capture_on_commit_callbacks):
    def translate(page, locale):
        source, _created = TranslationSource.get_or_create_from_instance(page)
        # wagtail-localize publishes once the transaction commits.
        with django_capture_on_commit_callbacks(execute=True):
            # Nothing is translated yet: the English page starts with the French words.
            source.create_or_update_translation(locale, copy_parent_pages=True, fallback=True)
        return page.get_translation(locale)

    return translate


def field_kinds(model) -> dict[str, type]:
    return {field.field_name: type(field) for field in get_translatable_fields(model)}


def test_territory_colours_and_logo_are_synchronised_not_translated():
    kinds = field_kinds(CommunePage)
    for name in ("commune", "primary_colour", "secondary_colour", "logo"):
        assert kinds[name] is SynchronizedField, name
    assert kinds["word_quote"] is TranslatableField
    assert field_kinds(DepartmentPage)["department"] is SynchronizedField


def test_laval_translated_into_english_keeps_its_commune_and_colours(
    themed_laval_page, english, translate
):
    themed_laval_page.primary_colour = "#7a1f5c"
    themed_laval_page.logo = ImageFactory()
    themed_laval_page.save_revision().publish()

    english_laval = translate(themed_laval_page, english)

    assert english_laval.locale == english
    assert english_laval.commune == themed_laval_page.commune
    assert english_laval.primary_colour == "#7a1f5c"
    assert english_laval.logo == themed_laval_page.logo
    assert english_laval.live


def test_the_english_page_is_served_under_en(client, themed_laval_page, english, translate):
    translate(themed_laval_page, english)
    response = client.get("/en/mayenne/laval/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en"' in html
    assert "<h1>Laval</h1>" in html
    assert "--colour-primary: #0b5e3c;" in html  # the department's, synchronised too


def test_the_language_switcher_links_the_translations(
    client, themed_laval_page, english, translate
):
    translate(themed_laval_page, english)
    french_html = client.get("/mayenne/laval/").content.decode()
    assert 'href="/en/mayenne/laval/" hreflang="en"' in french_html
    english_html = client.get("/en/mayenne/laval/").content.decode()
    assert 'href="/mayenne/laval/" hreflang="fr"' in english_html


def test_the_language_switcher_offers_no_restricted_translation(
    client, themed_laval_page, english, translate
):
    """An English version behind a view restriction is no language offered to the public
    (issue 14)."""
    english_laval = translate(themed_laval_page, english)
    PageViewRestriction.objects.create(page=english_laval, restriction_type="login")
    assert 'hreflang="en"' not in client.get("/mayenne/laval/").content.decode()


def test_no_language_switcher_without_a_translation(client, themed_laval_page):
    assert 'hreflang="en"' not in client.get("/mayenne/laval/").content.decode()


@pytest.mark.parametrize(
    ("french", "english_url"),
    [("/gestes/", "/en/gestes/"), ("/je-participe/", "/en/je-participe/")],
)
def test_views_that_are_not_pages_link_their_own_translation(
    client, themed_laval_page, english, translate, french, english_url
):
    """The idea box and the sign-up are views, not pages: the switcher offers the same view in
    English (where the site's home is translated), and the English view offers it back."""
    translate(themed_laval_page, english)  # the English home comes with it (copy_parent_pages)
    french_html = client.get(french).content.decode()
    assert f'href="{english_url}" hreflang="en"' in french_html
    english_html = client.get(english_url).content.decode()
    assert f'href="{french}" hreflang="fr"' in english_html


def test_a_view_offers_no_language_the_site_is_not_published_in(client, themed_laval_page):
    assert 'hreflang="en"' not in client.get("/gestes/").content.decode()
