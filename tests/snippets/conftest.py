"""Fixtures of the idea box's tests: a small gestures file (gestures_fixture.json), gestures in
any number, a draft and a suggestion that must stay out of sight."""

from pathlib import Path

import pytest
from wagtail.models import Locale

from snippets.models import Gesture, GestureCategory
from snippets.services import load_gestures, suggest_gesture

FIXTURE = Path(__file__).resolve().parent / "gestures_fixture.json"
# Words that only the hidden gestures contain: a search for them must find nothing.
DRAFT_WORD = "brouillonsecret"
SUGGESTION_WORD = "propositionsecrete"


@pytest.fixture
def fixture_path() -> Path:
    return FIXTURE


@pytest.fixture
def loaded(db):
    """The fixture's 3 categories and 7 live gestures."""
    return load_gestures(FIXTURE)


@pytest.fixture
def category(loaded) -> GestureCategory:
    return GestureCategory.objects.get(slug="liens-entre-voisins", locale=Locale.get_default())


@pytest.fixture
def draft_gesture(category) -> Gesture:
    gesture = Gesture(
        locale=category.locale,
        title=f"Organiser un {DRAFT_WORD}",
        slug="organiser-un-brouillon",
        summary=f"Un geste en {DRAFT_WORD} que personne ne doit voir.",
        how_to=f"<p>{DRAFT_WORD}</p>",
        category=category,
        kind="neighbourly",
        places=["home"],
        helps=["everyone"],
        live=False,
    )
    gesture.save()
    gesture.save_revision()
    return gesture


@pytest.fixture
def suggested_gesture(category) -> Gesture:
    return suggest_gesture(
        title=f"Proposer une {SUGGESTION_WORD}",
        summary=f"Une {SUGGESTION_WORD} envoyée par le formulaire public.",
        how_to=f"Il suffit de {SUGGESTION_WORD} en mairie, une fois par mois.",
        category=category,
        kind="neighbourly",
        name="Camille Secrète",
        email="camille.secrete@example.org",
        address="192.0.2.10",
    )


@pytest.fixture
def hidden_gestures(draft_gesture, suggested_gesture) -> list[Gesture]:
    return [draft_gesture, suggested_gesture]


@pytest.fixture
def make_gestures(db):
    """Creates `count` live gestures (with places and helps) in one category."""

    def make(count: int) -> list[Gesture]:
        locale = Locale.get_default()
        category, _ = GestureCategory.objects.get_or_create(
            locale=locale, slug="volume", defaults={"name": "Volume", "colour": "#1f5f8b"}
        )
        gestures = []
        start = Gesture.objects.filter(slug__startswith="geste-numero-").count()
        for number in range(start, start + count):
            gesture = Gesture(
                locale=locale,
                title=f"Geste numéro {number:03d}",
                slug=f"geste-numero-{number:03d}",
                summary="Un geste pour compter les requêtes.",
                how_to="<p>Un paragraphe.</p>",
                category=category,
                kind=("neighbourly", "collective", "association")[number % 3],
                duration=(30, 60, 120)[number % 3],
                places=["home", "online"] if number % 2 else ["outdoors"],
                helps=["older_people", "everyone"],
                live=True,
            )
            gesture.save()
            gesture.tags.add("tag-a", f"tag-{number % 4}")
            gestures.append(gesture)
        return gestures

    return make
