"""The idea box in English (demo/translations.py, demo/data/gestures_en.json): the 100 gestures
and their 8 categories translated through wagtail-localize (same translation keys), shown under
/en/ while the French ones stay unprefixed; a gesture not translated is shown in French, marked
`lang="fr"`; a suggestion in English goes through the same moderation as a French one."""

import re

import pytest
from django.db import transaction
from wagtail.models import Locale

from demo import gestures as demo_gestures
from demo import translations
from snippets.models import Gesture, GestureCategory

SLUG = "faire-les-courses-d-un-voisin"


@pytest.fixture(scope="module")
def idea_box(django_db_setup, django_db_blocker):
    """The demo's idea box and its English translation, loaded once for the module."""
    with django_db_blocker.unblock():
        loaded = transaction.atomic()
        loaded.__enter__()
        try:
            demo_gestures.load()
            translated = translations.translate_gestures()
        except BaseException:
            transaction.set_rollback(True)
            loaded.__exit__(None, None, None)
            raise
    yield translated
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        loaded.__exit__(None, None, None)


@pytest.fixture
def english(idea_box, db):
    return Locale.objects.get(language_code="en")


def count(html: str) -> int:
    return int(re.search(r"(\d+) (?:gestures?|gestes?) (?:found|trouvés?)", html)[1])


def test_every_gesture_and_category_is_translated_with_its_source_key(english, idea_box):
    assert idea_box == 108
    french = Locale.get_default()
    for model, number in ((GestureCategory, 8), (Gesture, 100)):
        sources = dict(
            model.objects.filter(locale=french, translation_key__isnull=False)
            .exclude(**({"live": False} if model is Gesture else {}))
            .values_list("translation_key", "slug")
        )
        copies = dict(model.objects.filter(locale=english).values_list("translation_key", "slug"))
        assert len(copies) == number
        assert copies == {key: slug for key, slug in sources.items() if key in copies}
        assert set(copies) <= set(sources)
    # Every text of every gesture is in English: no French string was left over.
    pairs = Gesture.objects.filter(locale=english, live=True).select_related("category")
    assert pairs.count() == 100
    for gesture in pairs:
        source = gesture.get_translation(french)
        assert gesture.category.locale_id == english.pk
        for name in ("title", "summary", "how_to"):
            assert getattr(gesture, name) != getattr(source, name), (gesture.slug, name)
        for paragraph in re.findall(r"<p[^>]*>(.*?)</p>", source.how_to):
            assert paragraph not in gesture.how_to, gesture.slug
        if source.skills:
            assert gesture.skills and gesture.skills != source.skills


def test_loading_again_translates_nothing(english):
    assert translations.translate_gestures() == 0


def test_the_idea_box_in_english_under_en_and_in_french_unprefixed(client, english):
    html = client.get("/en/gestes/").content.decode()
    assert count(html) == 100
    assert "Do a neighbour&#x27;s shopping" in html
    assert 'lang="fr"' not in html.split("<main", 1)[1]  # nothing shown in French
    french = client.get("/gestes/").content.decode()
    assert count(french) == 100
    assert "Faire les courses d&#x27;un voisin" in french
    assert "Do a neighbour" not in french


def test_a_gesture_its_category_and_the_search_in_english(client, english):
    page = client.get(f"/en/gestes/{SLUG}/").content.decode()
    assert "<h1>Do a neighbour&#x27;s shopping</h1>" in page
    assert "Neighbourly ties" in page
    assert "never handle their cash or bank card" in page
    assert "/en/je-participe/?geste=" + SLUG in page
    category = client.get("/en/gestes/?categorie=aux-cotes-des-aines").content.decode()
    french_category = client.get("/gestes/?categorie=aux-cotes-des-aines").content.decode()
    assert count(category) == count(french_category) > 0
    assert "Read the paper to an older person" in category
    found = client.get("/en/gestes/?q=care+home").content.decode()
    assert "Visit a care home resident" in found
    assert "EHPAD" not in found.split("<main", 1)[1]
    printable = client.get("/en/gestes/imprimer/").content.decode()
    assert "Alongside older people" in printable
    assert "100 gestures to do near home" in printable


def test_an_untranslated_gesture_is_shown_in_french_marked_as_such(client, english):
    copy = Gesture.objects.get(locale=english, slug=SLUG)
    copy.unpublish()  # e.g. held while its source is back in moderation
    html = client.get("/en/gestes/").content.decode()
    assert count(html) == 100  # the French one in its place, not one gesture less nor two
    assert 'lang="fr"><a href="/en/gestes/' + SLUG + '/">Faire les courses' in html
    assert "Do a neighbour" not in html
    page = client.get(f"/en/gestes/{SLUG}/").content.decode()
    assert '<h1 lang="fr">Faire les courses d&#x27;un voisin</h1>' in page
    assert "This gesture has not been translated yet: here it is in French." in page
    assert '<div class="rich-body" lang="fr">' in page
    assert "<dt>Kind of action</dt>" in page  # the interface stays in English
    assert "/en/je-participe/?geste=" + SLUG in page
    # Filtered by its category, it is there once, in French.
    category = client.get("/en/gestes/?categorie=liens-entre-voisins").content.decode()
    assert category.count(f'/en/gestes/{SLUG}/"') == 1
    assert "Faire les courses" in category
