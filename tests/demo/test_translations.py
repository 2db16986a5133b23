"""The demo in English and Breton (demo/translations.py): Laval's page and agenda in English,
Finistère, Brest and Quimper also in Breton, nowhere else; French pages show no English words
of the site's own (an English msgid on a French page is a string missing from the catalogue
or a template written outside gettext)."""

import re
from html.parser import HTMLParser

import pytest
from django.utils import translation

from demo import translations
from tests.demo.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def translated(demo_of_the_module, django_db_blocker):
    with django_db_blocker.unblock():
        return translations.load(DEMO_PASSWORD)


@pytest.fixture
def demo(translated, db):
    return translated


def test_laval_and_its_agenda_in_english(client, demo):
    page = client.get("/en/mayenne/laval/").content.decode()
    assert '<html lang="en"' in page
    assert "works with the neighbourhood centres" in page
    assert 'href="/mayenne/laval/" hreflang="fr" lang="fr"' in page
    agenda = client.get("/en/mayenne/laval/actions/")
    assert agenda.status_code == 200
    assert "Knitting café" in agenda.content.decode()
    assert "Agenda of actions" in agenda.content.decode()


def test_breton_only_in_finistere(client, demo):
    quimper = client.get("/br/finistere/quimper/")
    assert quimper.status_code == 200
    assert "<h1>Kemper</h1>" in quimper.content.decode()
    assert client.get("/br/finistere/").status_code == 200
    assert client.get("/br/finistere/brest/").status_code == 200
    assert client.get("/br/mayenne/laval/").status_code == 302  # to the French page, with a note
    assert 'hreflang="br"' not in client.get("/mayenne/laval/").content.decode()


# Breton pages of the demo, and a text of their French source each must not show any more.
BRETON_PAGES = {
    "/br/finistere/": ("Penn-ar-Bed", "Du Léon à la Cornouaille, le Finistère invite"),
    "/br/finistere/brest/": ("E Brest e kinnig", "s'appuie sur les conseils consultatifs"),
    "/br/finistere/quimper/": ("a-hed an Oded", "au fil de l'Odet et des quartiers"),
    "/br/finistere/brest/actions/": ("Deiziataer an oberoù", "Agenda des actions"),
    "/br/finistere/quimper/actions/": ("Deiziataer an oberoù", "Agenda des actions"),
    "/br/finistere/quimper/actions/collecte-jouets/": (
        "Dastum c'hoarielloù",
        "Recevoir, trier et emballer les jouets",
    ),
    "/br/finistere/brest/actions/conversation-francais/": (
        "Kaozeal e galleg",
        "Parler de tout et de rien",
    ),
}


@pytest.mark.parametrize("path", BRETON_PAGES)
def test_finistere_brest_and_quimper_in_breton(client, demo, path):
    """The Breton pages exist, are live, and read in Breton rather than in French: their
    titles, introductions and texts (demo/translations.py BRETON)."""
    from wagtail.models import Page

    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="br"' in html
    breton, french = BRETON_PAGES[path]
    text = visible_text(html)
    assert breton in text
    assert french not in text
    page = Page.objects.get(url_path__endswith=path.removeprefix("/br"), locale__language_code="br")
    assert page.live
    source = page.get_translation(page.locale.get_default())
    assert page.title != source.title or page.title == "Brest"


def test_the_breton_pages_texts_are_not_the_french_ones(demo):
    """Every string of the Breton pages' texts listed in BRETON is shown translated."""
    from pages.models import CommunePage, DepartmentPage

    for model, code in ((DepartmentPage, "29"), (CommunePage, "29232"), (CommunePage, "29019")):
        field = "department__code" if model is DepartmentPage else "commune__code"
        french = model.objects.get(**{field: code}, locale__language_code="fr")
        breton = model.objects.get(**{field: code}, locale__language_code="br")
        for name in ("intro", "word_quote", "word_role", "contact_name", "contact_hours"):
            assert getattr(breton, name) != getattr(french, name), (code, name)
        assert str(breton.body) != str(french.body)
        for block in french.body:
            if block.block_type == "paragraph":
                assert str(block.value) not in str(breton.body), (code, str(block.value)[:40])


def test_loading_again_translates_nothing(demo):
    # In English the home, Mayenne, Laval, its agenda and its actions; in Breton 3 pages.
    assert demo >= 12
    assert translations.load(DEMO_PASSWORD) == 0


class VisibleText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def english_msgids() -> set[str]:
    """The site's own interface strings, as written in English in the code: those of several
    words that French translates differently (a proper name or "Agenda" is the same in both)."""
    catalog = translation.trans_real.translation("fr")._catalog
    found = set()
    for msgid, msgstr in catalog.items():
        if isinstance(msgid, tuple) or "%" in msgid or "{" in msgid:
            continue
        if len(msgid.split()) >= 3 and msgid != msgstr:
            found.add(msgid)
    return found


@pytest.mark.parametrize(
    "path",
    ["/", "/mayenne/", "/mayenne/laval/", "/mayenne/laval/actions/", "/gestes/", "/je-participe/"],
)
def test_a_french_page_shows_no_english_interface_words(client, demo, path):
    text = visible_text(client.get(path).content.decode())
    leaked = sorted(msgid for msgid in english_msgids() if msgid in text)
    assert leaked == []
