"""The import of France's reference data: what it creates from the real file, and that running
it again changes nothing but what the file changed."""

import dataclasses

import pytest
from django.db.models import Count

from territories.models import Commune, Department, Epci, PostalCode, Region
from territories.services import (
    ReferenceData,
    SourceCommune,
    TerritoriesImportError,
    import_territories,
    load_reference_data,
)
from tests.factories.pages import CommunePageFactory
from tests.factories.territories import CommuneFactory, PostalCodeFactory


def row_counts() -> dict[str, int]:
    return {
        "regions": Region.objects.count(),
        "departments": Department.objects.count(),
        "communes": Commune.objects.count(),
        "postal_codes": PostalCode.objects.count(),
        "epcis": Epci.objects.count(),
        "epci_members": Epci.members.through.objects.count(),
    }


def with_communes(data: ReferenceData, change) -> ReferenceData:
    """The reference data with each commune passed through `change` (None drops it)."""
    communes = tuple(c for c in (change(commune) for commune in data.communes) if c is not None)
    return dataclasses.replace(data, communes=communes)


# What the import creates


def test_import_of_one_department_creates_its_region_communes_and_epci(imported_mayenne):
    assert list(Region.objects.values_list("code", "name")) == [("52", "Pays de la Loire")]
    assert list(Department.objects.values_list("code", "name", "slug")) == [
        ("53", "Mayenne", "mayenne")
    ]
    assert Commune.objects.count() == 240
    assert imported_mayenne.communes.created == 240
    assert not Commune.objects.exclude(department__code="53").exists()
    expected_epcis = {
        epci.siren
        for epci in load_reference_data().epcis
        if any(code.startswith("53") for code in epci.members)
    }
    assert set(Epci.objects.values_list("siren", flat=True)) == expected_epcis


def test_laval_is_in_mayenne_with_postal_code_53000(imported_mayenne):
    laval = Commune.objects.get(code="53130")
    assert (laval.name, laval.slug, laval.department.code) == ("Laval", "laval", "53")
    assert laval.kind == Commune.Kind.COMMUNE
    assert laval.siren == "215301300"
    assert laval.population == 49400
    assert list(laval.postal_codes.values_list("code", flat=True)) == ["53000"]
    assert list(laval.epcis.values_list("name", "kind")) == [("CA Laval Agglomération", "CA")]


def test_a_commune_can_have_several_postal_codes(imported_mayenne):
    evron = Commune.objects.get(code="53097")
    assert evron.name == "Évron"
    assert list(evron.postal_codes.values_list("code", flat=True)) == ["53150", "53600"]


def test_a_postal_code_can_serve_several_communes(imported_mayenne):
    communes = Commune.objects.filter(postal_codes__code="53240")
    assert communes.count() == 10
    assert "Andouillé" in set(communes.values_list("name", flat=True))


def test_municipal_arrondissements_belong_to_paris_lyon_and_marseille(big_cities):
    arrondissements = Commune.objects.filter(kind=Commune.Kind.MUNICIPAL_ARRONDISSEMENT)
    by_parent = dict(arrondissements.values_list("parent__name").annotate(n=Count("id")).order_by())
    assert by_parent == {"Paris": 20, "Lyon": 9, "Marseille": 16}
    first = Commune.objects.get(code="75101")
    assert (first.name, first.slug, first.parent.code) == (
        "Paris 1er Arrondissement",
        "paris-1er-arrondissement",
        "75056",
    )
    assert list(first.postal_codes.values_list("code", flat=True)) == ["75001"]
    # Paris itself keeps the postal codes of all its arrondissements.
    assert Commune.objects.get(code="75056").postal_codes.count() == 21


def test_import_runs_a_bounded_number_of_queries(db, django_assert_max_num_queries):
    with django_assert_max_num_queries(40):
        import_territories(departments=["53", "29", "17"])
    assert Commune.objects.count() == 979


def test_progress_is_reported_for_each_step(db):
    calls = []
    import_territories(departments=["53"], progress=lambda *call: calls.append(call))
    finished = {step: done for step, done, total in calls if done == total}
    assert finished == {
        "regions": 1,
        "departments": 1,
        "communes": 240,
        "postal codes": 242,
        "EPCI": 10,
        "EPCI members": 240,
    }


def test_department_codes_are_read_as_typed(db):
    report = import_territories(departments=[" 2a", "1", "1"])
    assert set(Department.objects.values_list("code", flat=True)) == {"2A", "01"}
    assert report.departments.created == 2


def test_an_unknown_department_is_refused_and_nothing_is_imported(db):
    with pytest.raises(TerritoriesImportError, match=r"Unknown department code\(s\): 54X, 96\."):
        import_territories(departments=["53", "54x", "96"])
    assert sum(row_counts().values()) == 0


def test_an_empty_list_of_departments_imports_nothing(db):
    report = import_territories(departments=[])
    assert not report.changed
    assert sum(row_counts().values()) == 0


# Running it again


def test_a_second_import_changes_nothing(imported_mayenne, django_assert_max_num_queries):
    before = row_counts()
    with django_assert_max_num_queries(15):
        report = import_territories(departments=["53"])
    assert not report.changed
    assert report.communes.unchanged == 240
    assert report.postal_codes.unchanged == 242
    assert report.epci_members.unchanged == 240
    assert row_counts() == before


def test_importing_more_departments_keeps_the_first_ones(imported_mayenne):
    laval_id = Commune.objects.get(code="53130").pk
    report = import_territories(departments=["53", "29"])
    assert report.communes.unchanged == 240
    assert report.communes.created == 277
    assert Commune.objects.get(code="53130").pk == laval_id
    # The Pays de la Loire region is reused; Brittany is added.
    assert report.regions.unchanged == 1
    assert report.regions.created == 1


def test_a_name_changed_in_the_database_is_restored(imported_mayenne):
    Commune.objects.filter(code="53130").update(name="Laval-la-Belle", slug="laval-la-belle")
    Department.objects.filter(code="53").update(name="Mayènne")
    report = import_territories(departments=["53"])
    assert (report.communes.updated, report.communes.unchanged) == (1, 239)
    assert report.departments.updated == 1
    laval = Commune.objects.get(code="53130")
    assert (laval.name, laval.slug) == ("Laval", "laval")
    assert Department.objects.get(code="53").name == "Mayenne"


def test_postal_codes_are_made_to_match_the_source(imported_mayenne):
    laval = Commune.objects.get(code="53130")
    PostalCodeFactory(code="53999", commune=laval)
    PostalCode.objects.filter(code="53600", commune__code="53097").delete()  # Évron's second
    report = import_territories(departments=["53"])
    assert (report.postal_codes.created, report.postal_codes.deleted) == (1, 1)
    assert list(laval.postal_codes.values_list("code", flat=True)) == ["53000"]
    assert PostalCode.objects.filter(code="53600", commune__code="53097").exists()


def test_a_name_changed_in_the_source_is_updated_with_its_slug(imported_mayenne):
    data = with_communes(
        load_reference_data(),
        lambda c: dataclasses.replace(c, name="Laval-sur-Mayenne") if c.code == "53130" else c,
    )
    report = import_territories(departments=["53"], data=data)
    assert report.communes.updated == 1
    laval = Commune.objects.get(code="53130")
    assert (laval.name, laval.slug) == ("Laval-sur-Mayenne", "laval-sur-mayenne")


def test_two_communes_can_swap_names_in_the_source(imported_mayenne):
    """The (department, slug) constraint holds while the slugs move from one to the other."""
    names = {"53130": "Évron", "53097": "Laval"}
    data = with_communes(
        load_reference_data(),
        lambda c: dataclasses.replace(c, name=names[c.code]) if c.code in names else c,
    )
    report = import_territories(departments=["53"], data=data)
    assert report.communes.updated == 2
    assert Commune.objects.get(code="53130").slug == "evron"
    assert Commune.objects.get(code="53097").slug == "laval"


def test_a_commune_gone_from_the_source_is_deleted_with_its_postal_codes(imported_mayenne):
    data = with_communes(load_reference_data(), lambda c: None if c.code == "53097" else c)
    report = import_territories(departments=["53"], data=data)
    assert report.communes.deleted == 1
    assert report.postal_codes.deleted == 2
    assert report.epci_members.deleted == 1
    assert not Commune.objects.filter(code="53097").exists()
    assert report.kept_communes == []


def test_a_commune_gone_from_the_source_is_kept_while_a_page_refers_to_it(
    imported_mayenne, home_page
):
    evron = Commune.objects.get(code="53097")
    CommunePageFactory(commune=evron)
    data = with_communes(load_reference_data(), lambda c: None if c.code == "53097" else c)
    report = import_territories(departments=["53"], data=data)
    assert report.kept_communes == ["53097"]
    assert report.communes.deleted == 0
    evron.refresh_from_db()
    assert evron.name == "Évron"
    assert not evron.postal_codes.exists()
    assert not evron.epcis.exists()
    # Run again: nothing more to do.
    assert not import_territories(departments=["53"], data=data).changed


def test_a_kept_commune_gives_its_slug_to_the_commune_now_named_like_it(
    imported_mayenne, home_page
):
    """A commune nouvelle often takes the name of the commune it absorbed."""
    evron = Commune.objects.get(code="53097")
    CommunePageFactory(commune=evron)

    def merge(commune: SourceCommune) -> SourceCommune | None:
        if commune.code == "53097":
            return None
        if commune.code == "53036":
            return dataclasses.replace(commune, name="Évron")
        return commune

    import_territories(departments=["53"], data=with_communes(load_reference_data(), merge))
    assert Commune.objects.get(code="53036").slug == "evron"
    assert Commune.objects.get(code="53097").slug == "evron-53097"


def test_a_commune_made_by_hand_outside_the_source_is_deleted(imported_mayenne):
    CommuneFactory(code="53999", name="Nulle-Part", department=Department.objects.get(code="53"))
    report = import_territories(departments=["53"])
    assert report.communes.deleted == 1
    assert not Commune.objects.filter(code="53999").exists()


def test_an_epci_gone_from_the_source_is_deleted_and_others_kept(imported_mayenne):
    laval_agglo = Epci.objects.get(name="CA Laval Agglomération")
    data = dataclasses.replace(
        load_reference_data(),
        epcis=tuple(e for e in load_reference_data().epcis if e.siren != laval_agglo.siren),
    )
    report = import_territories(departments=["53"], data=data)
    assert report.epcis.deleted == 1
    assert report.epci_members.deleted == 34
    assert not Epci.objects.filter(pk=laval_agglo.pk).exists()
    assert Epci.objects.count() == 9


def test_a_department_import_leaves_the_other_departments_alone(imported_mayenne):
    import_territories(departments=["29"])
    data = with_communes(load_reference_data(), lambda c: None if c.department == "53" else c)
    report = import_territories(departments=["29"], data=data)
    assert not report.changed
    assert Commune.objects.filter(department__code="53").count() == 240
