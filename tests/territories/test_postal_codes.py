"""The postal code lookup every "where do you live?" form uses."""

import pytest
from django.core.exceptions import ValidationError

from territories.services import communes_for_postal_code, known_postal_code


def test_a_postal_code_gives_its_commune(imported_mayenne):
    [laval] = communes_for_postal_code("53000")
    assert (laval.code, laval.name, laval.department.name) == ("53130", "Laval", "Mayenne")


def test_a_postal_code_can_give_several_communes_by_name(imported_mayenne):
    communes = communes_for_postal_code("53240")
    names = [commune.name for commune in communes]
    assert len(communes) == 10
    assert names == sorted(names)


def test_a_commune_lists_all_its_postal_codes(imported_mayenne, django_assert_num_queries):
    with django_assert_num_queries(2):
        [evron] = [c for c in communes_for_postal_code("53600") if c.code == "53097"]
        assert [postal_code.code for postal_code in evron.postal_codes.all()] == [
            "53150",
            "53600",
        ]


@pytest.mark.parametrize("typed", ["53 000", " 53000 ", "53\u00a0000", "5 3 0 0 0"])
def test_spaces_in_a_postal_code_are_ignored(imported_mayenne, typed):
    assert [commune.name for commune in communes_for_postal_code(typed)] == ["Laval"]


@pytest.mark.parametrize("typed", ["", "5300", "530000", "53OOO", "2A004", "-5300", None])
def test_a_malformed_postal_code_is_refused_with_an_example(db, typed):
    with pytest.raises(ValidationError) as error:
        communes_for_postal_code(typed)
    assert error.value.messages == ["A postal code has five digits, e.g. 53000."]
    assert error.value.code == "malformed_postal_code"


def test_an_unknown_postal_code_is_refused(imported_mayenne):
    with pytest.raises(ValidationError) as error:
        communes_for_postal_code("99999")
    assert error.value.messages == ["No commune has the postal code 99999."]
    assert error.value.code == "unknown_postal_code"


def test_a_postal_code_of_a_department_not_imported_is_unknown(imported_mayenne):
    with pytest.raises(ValidationError):
        known_postal_code("29200")
    assert known_postal_code("53 240") == "53240"


def test_paris_postal_codes_give_paris_and_its_arrondissement(big_cities):
    names = [commune.name for commune in communes_for_postal_code("75001")]
    assert names == ["Paris", "Paris 1er Arrondissement"]
