"""An import writes its rows in bulk, so Django sends no post_save for them: what is kept from
the territories (the API's ETags, the chrome and its lists of engaged communes, the kits) follows
`territories.signals.imported` instead. A renamed commune shows under its new name and in its
new place at once; an import that changes nothing renews nothing."""

import dataclasses

import pytest

from core import api_cache
from kits.models import KitDocument
from pages import services as pages
from territories.services import import_territories, load_reference_data

from .test_import import with_communes


def renamed(code: str, name: str):
    return with_communes(
        load_reference_data(),
        lambda commune: (
            dataclasses.replace(commune, name=name) if commune.code == code else commune
        ),
    )


@pytest.fixture
def engaged(chateau_gontier_page, mayenne_page):
    """Mayenne imported from the file (its communes' names are the file's), Laval and
    Château-Gontier engaged, the lists of engaged communes read once (and kept)."""
    import_territories(departments=["53"])
    return mayenne_page


@pytest.fixture
def document(laval_page) -> KitDocument:
    """A stored kit document of Laval, current (its record only: no file is drawn)."""
    return KitDocument.objects.create(
        page=laval_page,
        kind="poster-a4",
        fingerprint="f" * 64,
        file="kits/x.pdf",
        built_at="2026-11-30T10:00Z",
    )


def names(department_page) -> list[str]:
    return [page.commune.name for page in pages.engaged_communes_kept(department_page)]


def test_a_renamed_commune_is_listed_under_its_new_name_and_in_its_new_place(engaged):
    assert names(engaged) == ["Château-Gontier-sur-Mayenne", "Laval"]
    report = import_territories(departments=["53"], data=renamed("53130", "Aval-sur-Mayenne"))
    assert report.communes.updated == 1
    assert names(engaged) == ["Aval-sur-Mayenne", "Château-Gontier-sur-Mayenne"]


def test_the_api_answers_given_before_the_import_stop_matching(engaged):
    before = api_cache.generation()
    import_territories(departments=["53"], data=renamed("53130", "Aval-sur-Mayenne"))
    assert api_cache.generation() != before


def test_every_kit_is_marked_as_possibly_out_of_date(engaged, document):
    import_territories(departments=["53"], data=renamed("53130", "Aval-sur-Mayenne"))
    document.refresh_from_db()
    assert document.changes == document.built_for + 1


def test_an_import_that_changes_nothing_renews_nothing(engaged, document):
    assert names(engaged) == ["Château-Gontier-sur-Mayenne", "Laval"]
    api_before = api_cache.generation()
    chrome_before = pages.CHROME_GENERATION.current()
    report = import_territories(departments=["53"])
    assert not report.changed
    assert api_cache.generation() == api_before
    assert pages.CHROME_GENERATION.current() == chrome_before
    document.refresh_from_db()
    assert document.changes == document.built_for
