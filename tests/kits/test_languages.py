"""A kit in Breton or bilingual French–Breton (issue 21): chosen on the kit's admin page, offered
only under a department that publishes in Breton; the language is part of the fingerprint,
so a change of language rebuilds the documents; the poster reads in both languages. A kit
printed in another language than its page's prints the gestures, the actions and the page's
own texts in that language where translated, and marks the French ones `lang="fr"`."""

import datetime as dt

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from kits import documents
from kits.content import kit_content
from kits.documents import KINDS_BY_SLUG, render
from kits.models import KitSettings
from kits.services import fingerprint
from pages.agenda.queries import ensure_action_index
from pages.agenda.recurrence import PARIS
from pages.translations import translate
from snippets.models import Gesture
from snippets.services import load_gestures
from tests.pages.bilingual import published_translation

from .conftest import editor_of, pdf_text
from .test_content import GESTURES, add_action

POSTER = KINDS_BY_SLUG["poster-a4"]


@pytest.fixture
def breton_quimper(themed_quimper_page):
    department = themed_quimper_page.get_parent().specific
    department.regional_language = "br"
    department.save_revision().publish()
    return themed_quimper_page


def choose(client, page, language: str):
    return client.post(reverse("kits_admin_language", args=[page.pk]), {"language": language})


def test_a_breton_department_s_commune_prints_its_kit_bilingual(client, breton_quimper):
    french = kit_content(breton_quimper)
    assert (french.language, french.second_language) == ("fr", "")
    client.force_login(editor_of(breton_quimper, "editeur-quimper"))
    page = client.get(reverse("kits_admin", args=[breton_quimper.pk])).content.decode()
    assert '<option value="fr-br">Bilingue français–breton</option>' in page

    response = choose(client, breton_quimper, "fr-br")
    assert response.status_code == 302
    assert KitSettings.objects.get(page=breton_quimper).language == "fr-br"
    bilingual = kit_content(breton_quimper)
    assert (bilingual.language, bilingual.second_language) == ("fr", "br")
    assert fingerprint(bilingual, POSTER) != fingerprint(french, POSTER)

    text = " ".join(pdf_text(render(POSTER, bilingual)).split())
    for words in ("Comment ça marche", "Penaos ez a en-dro", "Roit un eur bep miz, e-kichen ho ti"):
        assert words in text

    choose(client, breton_quimper, "br")
    breton = kit_content(breton_quimper)
    assert (breton.language, breton.second_language) == ("br", "")
    assert fingerprint(breton, POSTER) not in {
        fingerprint(french, POSTER),
        fingerprint(bilingual, POSTER),
    }


def test_breton_is_not_offered_elsewhere(client, themed_laval_page, themed_laval_editor):
    client.force_login(themed_laval_editor)
    page = client.get(reverse("kits_admin", args=[themed_laval_page.pk])).content.decode()
    assert 'value="br"' not in page and 'value="fr-br"' not in page
    assert '<option value="en">Anglais</option>' in page
    response = choose(client, themed_laval_page, "fr-br")
    assert response.status_code == 302
    assert not KitSettings.objects.filter(page=themed_laval_page).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages and "Sélectionnez un choix valide" in messages[0]
    # Chosen by mistake through the database, it is still not printed in Breton.
    KitSettings.objects.create(page=themed_laval_page, language="br")
    assert kit_content(themed_laval_page).language == "fr"


def test_an_english_kit(client, themed_laval_page, themed_laval_editor):
    client.force_login(themed_laval_editor)
    choose(client, themed_laval_page, "en")
    content = kit_content(themed_laval_page)
    assert content.language == "en"
    assert "How it works" in pdf_text(render(POSTER, content))


def kit_html(content) -> str:
    return render_to_string(POSTER.template, documents._context(POSTER, content, 1.0, clip=False))


@pytest.fixture
def english_laval_kit(themed_laval_page):
    """Laval's kit printed in English: two gestures chosen, one translated; two actions, one
    translated; the page's own texts in French, Laval having no English page."""
    load_gestures(GESTURES)
    chosen = list(Gesture.objects.order_by("title")[:2])
    published_translation(
        chosen[0], {chosen[0].title: "Lend a hand", chosen[0].summary: "In an hour."}
    )
    themed_laval_page.intro = "Laval donne une heure par mois."
    themed_laval_page.word_quote = "Une heure, c'est beaucoup."
    themed_laval_page.kit_gestures.set(chosen)
    themed_laval_page.save_revision().publish()
    themed_laval_page.refresh_from_db()
    index = ensure_action_index(themed_laval_page)
    monday = dt.date.today() + dt.timedelta(days=7 - dt.date.today().weekday())
    at = dt.datetime.combine(monday, dt.time(14, 30), tzinfo=PARIS)
    cleaning = add_action(index, "Nettoyage des berges", at)
    add_action(index, "Repair café du samedi", at + dt.timedelta(days=2))
    for page in (themed_laval_page.get_parent().get_parent(), themed_laval_page.get_parent()):
        translate(page.specific, "en", {})
    translate(themed_laval_page, "en", {}, publish=False)  # a draft: not a version to print
    translate(index, "en", {})
    translate(cleaning, "en", {"Nettoyage des berges": "Riverbank clean-up"})
    KitSettings.objects.create(page=themed_laval_page, language="en")
    return {"page": themed_laval_page, "chosen": chosen}


def test_an_english_kit_of_a_french_page_prints_the_english_versions_and_marks_the_french(
    english_laval_kit,
):
    content = kit_content(english_laval_kit["page"])
    assert content.language == "en"
    gestures = content.gestures
    assert (gestures[0].title, gestures[0].lang) == ("Lend a hand", "")
    assert (gestures[1].title, gestures[1].lang) == (english_laval_kit["chosen"][1].title, "fr")
    assert [(action.title, action.lang) for action in content.next_actions] == [
        ("Riverbank clean-up", ""),
        ("Repair café du samedi", "fr"),
    ]
    assert content.next_actions[0].date_text.startswith("Monday ")
    assert (content.intro, content.texts_lang) == ("Laval donne une heure par mois.", "fr")

    html = kit_html(content)
    assert '<html lang="en">' in html
    assert '<p class="intro" lang="fr">Laval donne une heure par mois.</p>' in html
    assert '<figure class="word" lang="fr">' in html
    assert '<span lang="fr">Repair café du samedi' in html
    assert "<span>Riverbank clean-up" in html
    assert f'<li lang="fr"><span class="item-title">{gestures[1].title}' in html
    assert '<li><span class="item-title">Lend a hand' in html


def test_the_page_s_own_texts_come_from_its_english_version_when_it_has_one(english_laval_kit):
    laval = english_laval_kit["page"]
    english = translate(
        laval,
        "en",
        {
            "Laval donne une heure par mois.": "Laval gives an hour a month.",
            "Une heure, c'est beaucoup.": "An hour is a lot.",
        },
    )
    assert english.live
    content = kit_content(laval)
    assert (content.intro, content.word_quote, content.texts_lang) == (
        "Laval gives an hour a month.",
        "An hour is a lot.",
        "",
    )
    assert '<p class="intro">Laval gives an hour a month.</p>' in kit_html(content)


def test_a_french_kit_marks_nothing(english_laval_kit):
    laval = english_laval_kit["page"]
    KitSettings.objects.filter(page=laval).delete()
    content = kit_content(laval)
    assert content.language == "fr" and content.texts_lang == ""
    assert {gesture.lang for gesture in content.gestures} == {""}
    assert [(action.title, action.lang) for action in content.next_actions] == [
        ("Nettoyage des berges", ""),
        ("Repair café du samedi", ""),
    ]
    assert kit_html(content).count(' lang="fr"') == 1  # <html lang="fr"> alone
