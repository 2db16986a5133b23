"""Slugs of departments and communes: from the name, and unique within the department."""

from collections import Counter

import pytest

from territories.services import SourceCommune, commune_slugs, load_reference_data, slug_of


def commune(code: str, name: str, *postal_codes: str) -> SourceCommune:
    return SourceCommune(code, name, code[:2], "", "", None, tuple(postal_codes))


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Charente-Maritime", "charente-maritime"),
        ("Finistère", "finistere"),
        ("Côtes-d'Armor", "cotes-darmor"),
        ("Val-d'Oise", "val-doise"),
        ("Territoire de Belfort", "territoire-de-belfort"),
        ("Château-Gontier-sur-Mayenne", "chateau-gontier-sur-mayenne"),
        ("L'Haÿ-les-Roses", "lhay-les-roses"),
        ("Œuilly", "oeuilly"),
        ("Vœuil-et-Giget", "voeuil-et-giget"),
        ("Paris 1er Arrondissement", "paris-1er-arrondissement"),
    ],
)
def test_slug_comes_from_the_name_without_accents_or_apostrophes(name, slug):
    assert slug_of(name) == slug


def test_a_name_unique_in_its_department_is_its_slug():
    assert commune_slugs([commune("53130", "Laval", "53000")]) == {"53130": "laval"}


def test_an_ambiguous_name_gets_its_first_postal_code():
    slugs = commune_slugs(
        [
            commune("29001", "Saint-Pierre", "29590"),
            commune("29002", "Saint Pierre", "29810", "29200"),
            commune("29003", "Plouigneau", "29610"),
        ]
    )
    assert slugs == {
        "29001": "saint-pierre-29590",
        "29002": "saint-pierre-29200",
        "29003": "plouigneau",
    }


def test_an_ambiguous_name_with_the_same_postal_code_gets_its_insee_code():
    slugs = commune_slugs(
        [
            commune("29001", "Loc", "29590"),
            commune("29002", "Loc", "29590"),
            commune("29003", "Loc", "29600"),
            commune("29004", "Loc"),
        ]
    )
    assert slugs == {
        "29001": "loc-29001",
        "29002": "loc-29002",
        "29003": "loc-29600",
        "29004": "loc-29004",
    }


def test_a_disambiguated_slug_never_takes_another_communes_slug():
    slugs = commune_slugs(
        [
            commune("29001", "Loc", "29590"),
            commune("29002", "Loc", "29600"),
            commune("29003", "Loc 29590", "29700"),
        ]
    )
    assert len(set(slugs.values())) == 3
    assert slugs["29003"] == "loc-29590-29003"


def test_slugs_do_not_depend_on_the_order_of_the_communes():
    communes = [commune("29001", "Loc", "29590"), commune("29002", "Loc", "29600")]
    assert commune_slugs(communes) == commune_slugs(reversed(communes))


def test_every_department_and_commune_of_france_has_a_unique_slug():
    data = load_reference_data()
    department_slugs = [slug_of(name) for name, _region in data.departments.values()]
    assert len(set(department_slugs)) == len(department_slugs) == 109
    by_department: dict[str, list[SourceCommune]] = {}
    for source in data.communes:
        by_department.setdefault(source.department, []).append(source)
    for communes in by_department.values():
        slugs = commune_slugs(communes)
        assert all(slugs.values())
        duplicates = [slug for slug, n in Counter(slugs.values()).items() if n > 1]
        assert duplicates == []
