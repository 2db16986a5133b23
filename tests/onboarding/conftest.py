"""Two departments with real codes — Mayenne (Laval, Château-Gontier-sur-Mayenne) and Finistère
(Quimper) — and users in each role, engaged through the onboarding services."""

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from onboarding import services
from onboarding.models import TerritoryGroup
from territories.factories import CommuneFactory, DepartmentFactory, PostalCodeFactory

Role = TerritoryGroup.Role


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in English, the language they are written in."""
    with translation.override("en"):
        yield


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
    return CommuneFactory(
        code="53062",
        name="Château-Gontier-sur-Mayenne",
        slug="chateau-gontier-sur-mayenne",
        department=mayenne,
    )


@pytest.fixture
def quimper(finistere):
    return CommuneFactory(code="29232", name="Quimper", slug="quimper", department=finistere)


@pytest.fixture
def laval_page(home_page, laval):
    return services.onboard_commune("53130")


@pytest.fixture
def quimper_page(home_page, quimper):
    return services.onboard_commune("29232")


@pytest.fixture
def mayenne_page(laval_page):
    return laval_page.get_parent().specific


@pytest.fixture
def finistere_page(quimper_page):
    return quimper_page.get_parent().specific


def member_of(group, username):
    user = get_user_model().objects.create_user(username=username, password="motdepasse-123")
    user.groups.add(group)
    return user


@pytest.fixture
def laval_editor(laval_page, laval):
    return member_of(services.group_of(laval, Role.EDITORS), "editeur-laval")


@pytest.fixture
def laval_referent(laval_page, laval):
    return member_of(services.group_of(laval, Role.REFERENTS), "referent-laval")


@pytest.fixture
def mayenne_editor(laval_page, mayenne):
    return member_of(services.group_of(mayenne, Role.EDITORS), "editeur-mayenne")


@pytest.fixture
def mayenne_referent(laval_page, mayenne):
    return member_of(services.group_of(mayenne, Role.REFERENTS), "referent-mayenne")


@pytest.fixture
def moderator(db):
    return member_of(services.national_groups(), "moderatrice")


@pytest.fixture
def administrator(db):
    return get_user_model().objects.create_superuser(
        username="admin", email="admin@heurecivique.fr", password="motdepasse-123"
    )
