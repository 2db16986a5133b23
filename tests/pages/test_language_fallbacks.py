"""French content on an English or Breton page, where no translation exists, is shown and
marked `lang="fr"` (issue 21): the footer's legal links, the help centre's questions."""

import re

import pytest
from wagtail.models import Locale

from pages.translations import translate
from support.models import Audience, Question
from tests.factories.pages import StandardPageFactory
from tests.pages.test_legal import add_statement
from tests.support.conftest import questions  # noqa: F401 (a fixture)


@pytest.fixture
def english_home(home_page):
    return translate(home_page, "en", {})


def footer_of(html: str) -> str:
    return html[html.index('<footer class="site-footer">') :]


def test_the_english_footer_keeps_the_french_legal_links_marked_french(client, english_home):
    legal = StandardPageFactory(title="Mentions légales", kind="legal_notice")
    privacy = StandardPageFactory(title="Données personnelles", kind="personal_data")
    about = StandardPageFactory(title="À propos", kind="about")
    translate(about, "en", {"À propos": "About us"})
    statement = add_statement(english_home.get_translation(Locale.get_default()))
    footer = footer_of(client.get("/en/").content.decode())
    assert f'<a href="{legal.url}" hreflang="fr" lang="fr">Mentions légales</a>' in footer
    assert f'<a href="{privacy.url}" hreflang="fr" lang="fr">Données personnelles</a>' in footer
    # Translated: the English page, in the page's language.
    assert re.search(r'<a href="/en/[^"]*">About us</a>', footer)
    assert f'href="{statement.url}" hreflang="fr"' in footer
    # On the French page, nothing is marked.
    french = footer_of(client.get("/").content.decode())
    assert f'<a href="{legal.url}">Mentions légales</a>' in french


def test_the_breton_footer_keeps_the_legal_links(client, finistere_page, quimper_page, home_page):
    legal = StandardPageFactory(title="Mentions légales", kind="legal_notice")
    finistere_page.regional_language = "br"
    finistere_page.save_revision().publish()
    translate(finistere_page, "br", {})
    translate(quimper_page, "br", {})
    footer = footer_of(client.get("/br/finistere/quimper/").content.decode())
    assert f'<a href="{legal.url}" hreflang="fr" lang="fr">Mentions légales</a>' in footer
    assert 'href="/br/aide/"' in footer


def test_the_english_help_centre_shows_the_french_answers_marked_french(
    client,
    english_home,
    questions,  # noqa: F811
):
    english = Locale.objects.get(language_code="en")
    first = questions[0]
    Question.objects.create(
        locale=english,
        translation_key=first.translation_key,
        audience=Audience.VOLUNTEERS,
        slug="sign-up",
        question="How do I sign up?",
        answer="<p>Through the form.</p>",
    )
    html = client.get("/en/aide/").content.decode()
    assert "How do I sign up?" in html
    assert first.question not in html  # its English version instead
    for question in questions[1:]:
        assert question.question in html
        assert f'id="{question.slug}" aria-labelledby="{question.slug}-heading" lang="fr"' in html
    assert 'id="sign-up" aria-labelledby="sign-up-heading">' in html
    assert "Some answers are not translated yet: they are shown in French." in html
    # A search finds the French answers too.
    assert "Devenir partenaire" in client.get("/en/aide/?q=partenaire").content.decode()
    # In French, only the French questions, no note.
    french = client.get("/aide/").content.decode()
    assert "How do I sign up?" not in french and "language-note" not in french
