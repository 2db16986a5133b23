"""Fixtures of the territories' tests: a few departments imported from the real data file."""

import pytest
from django.utils import translation

from territories.services import ImportReport, import_territories


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in English, the language they are written in."""
    with translation.override("en"):
        yield


@pytest.fixture
def imported_mayenne(db) -> ImportReport:
    """Mayenne (53): 240 communes, Laval among them."""
    return import_territories(departments=["53"])


@pytest.fixture
def big_cities(db) -> ImportReport:
    """Paris, Rhône and Bouches-du-Rhône: the communes with municipal arrondissements."""
    return import_territories(departments=["75", "69", "13"])
