"""Mayenne (Laval engaged, Château-Gontier engaged, Ernée not), Finistère (Quimper engaged),
users in each role, live gestures, an action with places, and helpers to sign up."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.utils import timezone
from wagtail.models import Locale

from onboarding import services as onboarding
from onboarding.models import TerritoryGroup
from pages.agenda import ensure_action_index
from pages.models import ActionPage
from snippets.choices import ActionKind
from snippets.models import Gesture, GestureCategory
from territories.factories import CommuneFactory, DepartmentFactory, PostalCodeFactory
from volunteers.models import Volunteer

Role = TerritoryGroup.Role


@pytest.fixture(autouse=True)
def fresh_cache():
    """The rate limit counts in the cache: each test starts from zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def mayenne(db):
    return DepartmentFactory(code="53", name="Mayenne", slug="mayenne")


@pytest.fixture
def finistere(db):
    return DepartmentFactory(code="29", name="Finistère", slug="finistere")


@pytest.fixture
def laval(mayenne):
    commune = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    PostalCodeFactory(code="53000", commune=commune)
    return commune


@pytest.fixture
def chateau_gontier(mayenne):
    commune = CommuneFactory(
        code="53062",
        name="Château-Gontier-sur-Mayenne",
        slug="chateau-gontier-sur-mayenne",
        department=mayenne,
    )
    PostalCodeFactory(code="53200", commune=commune)
    return commune


@pytest.fixture
def ernee(mayenne):
    """A commune that has not joined; its postal code is shared with a neighbour."""
    commune = CommuneFactory(code="53096", name="Ernée", slug="ernee", department=mayenne)
    PostalCodeFactory(code="53500", commune=commune)
    other = CommuneFactory(code="53152", name="Montenay", slug="montenay", department=mayenne)
    PostalCodeFactory(code="53500", commune=other)
    return commune


@pytest.fixture
def quimper(finistere):
    commune = CommuneFactory(code="29232", name="Quimper", slug="quimper", department=finistere)
    PostalCodeFactory(code="29000", commune=commune)
    return commune


@pytest.fixture
def laval_page(home_page, laval):
    return onboarding.onboard_commune("53130")


@pytest.fixture
def chateau_gontier_page(laval_page, chateau_gontier):
    return onboarding.onboard_commune("53062")


@pytest.fixture
def quimper_page(home_page, quimper):
    return onboarding.onboard_commune("29232")


def member_of(group, username):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@mairie.example", password="motdepasse-123"
    )
    user.groups.add(group)
    return user


@pytest.fixture
def laval_referent(laval_page, laval):
    return member_of(onboarding.group_of(laval, Role.REFERENTS), "referent-laval")


@pytest.fixture
def mayenne_referent(laval_page, mayenne):
    return member_of(onboarding.group_of(mayenne, Role.REFERENTS), "referent-mayenne")


@pytest.fixture
def quimper_referent(quimper_page, quimper):
    return member_of(onboarding.group_of(quimper, Role.REFERENTS), "referent-quimper")


@pytest.fixture
def moderator(db):
    return member_of(onboarding.national_groups(), "moderatrice")


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
    return Volunteer.objects.create(
        first_name=extra.pop("first_name", f"Prénom{n}"),
        last_name=extra.pop("last_name", f"Nom{commune.code}x{n}"),
        email=extra.pop("email", f"volontaire{n}.{commune.code}@exemple.invalid"),
        phone=extra.pop("phone", f"0612{n:06d}"[:10]),
        commune=commune,
        charter_accepted_at=now,
        contact_consent=True,
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
        "phone": "06 12 34 56 78",
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
