"""A small tree for the pages' tests: Mayenne with Laval and Château-Gontier, both with news."""

import pytest
from django.utils import translation

from pages.factories import (
    CommunePageFactory,
    DepartmentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from territories.factories import CommuneFactory, DepartmentFactory


@pytest.fixture(autouse=True)
def english_messages():
    """Messages are asserted in English, the language they are written in; a request still
    activates the language of its URL."""
    with translation.override("en"):
        yield


@pytest.fixture
def mayenne(db):
    return DepartmentFactory(code="53", name="Mayenne", slug="mayenne")


@pytest.fixture
def mayenne_page(home_page, mayenne):
    return DepartmentPageFactory(
        department=mayenne,
        primary_colour="#0b5e3c",
        secondary_colour="#e8f3ee",
        word_quote="Une heure par mois, c'est peu et c'est beaucoup.",
        word_name="Olivier Richefou",
        word_role="Président du Conseil départemental",
        contact_name="Conseil départemental de la Mayenne",
        contact_phone="02 43 66 53 53",
    )


@pytest.fixture
def laval_page(mayenne_page, mayenne):
    laval = CommuneFactory(code="53130", name="Laval", slug="laval", department=mayenne)
    return CommunePageFactory(
        commune=laval,
        word_quote="Laval s'engage.",
        word_name="Florian Bercault",
        word_role="Maire",
        contact_name="Mairie de Laval",
        contact_address="Place du 11 Novembre\n53000 Laval",
        contact_email="contact@laval.fr",
    )


@pytest.fixture
def laval_news(laval_page):
    index = NewsIndexPageFactory(parent=laval_page)
    return NewsPageFactory(parent=index, title="Le jardin partagé rouvre")
