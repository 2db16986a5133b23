"""Live gestures, an action with places, and helpers to sign up, on the suite's territories and
people (tests/conftest.py: Laval and Château-Gontier engaged, Ernée not, Quimper engaged)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from wagtail.models import Locale

from core.vocabulary import ActionKind
from pages.agenda.queries import ensure_action_index
from pages.models import ActionPage
from snippets.models import Gesture, GestureCategory
from tests.factories.volunteers import VolunteerFactory


@pytest.fixture
def gestures(db):
    locale = Locale.get_default()
    courses = GestureCategory.objects.create(locale=locale, name="Courses", slug="courses")
    jardin = GestureCategory.objects.create(locale=locale, name="Jardin", slug="jardin")
    made = [
        Gesture.objects.create(
            locale=locale,
            title=title,
            slug=slug,
            summary=title,
            category=category,
            kind=ActionKind.NEIGHBOURLY,
            live=live,
        )
        for title, slug, category, live in [
            ("Faire les courses d'un voisin", "courses-voisin", courses, True),
            ("Porter un colis", "porter-colis", courses, True),
            ("Arroser un jardin", "arroser-jardin", jardin, True),
            ("Brouillon caché", "brouillon", jardin, False),
        ]
    ]
    return made


def make_volunteer(commune, n=0, *, confirmed=True, handed_over=True, **extra):
    now = timezone.now()
    return VolunteerFactory(
        commune=commune,
        first_name=extra.pop("first_name", f"Prénom{n}"),
        last_name=extra.pop("last_name", f"Nom{commune.code}x{n}"),
        email=extra.pop("email", f"volontaire{n}.{commune.code}@exemple.invalid"),
        phone=extra.pop("phone", f"063998{n % 10_000:04d}"),
        confirmed_at=now if confirmed else None,
        handed_over_at=now if (confirmed and handed_over) else None,
        **extra,
    )


@pytest.fixture
def laval_actions(laval_page):
    # Onboarding gives every engaged commune its agenda; a page made by a factory has none.
    return ensure_action_index(laval_page)


@pytest.fixture
def make_action(laval_actions):
    def make(capacity=10, slug="nettoyage", **extra):
        start = timezone.now() + timedelta(days=10)
        action = ActionPage(
            title=extra.pop("title", "Nettoyage des berges"),
            slug=slug,
            description="On ramasse les déchets au bord de la Mayenne.",
            kind=ActionKind.COLLECTIVE,
            start=start,
            end=start + timedelta(hours=2),
            capacity=capacity,
            registration_required=True,
            address="Quai d'Avesnières, Laval",
            **extra,
        )
        laval_actions.add_child(instance=action)
        return action

    return make


def sign_up_data(**overrides):
    data = {
        "first_name": "Camille",
        "last_name": "Durand",
        "email": "camille.durand@exemple.invalid",
        "phone": "06 39 98 12 34",
        "postal_code": "53000",
        "commune": "",
        "kinds": ["neighbourly"],
        "availability": ["weekend-morning"],
        "skills": "Bricolage",
        "heard_from": "Le bulletin municipal",
        "charter": "on",
        "contact_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data
