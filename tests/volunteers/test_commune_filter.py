"""The volunteers' commune filter is typed, not chosen in a list of every commune: without a
script a name, a postal code or a suggestion's label filters; the suggestions come from an admin
address that knows only the viewer's communes; the page does not grow with the communes."""

import pytest

from territories.models import Commune, PostalCode
from tests.spreadsheets import csv_rows

from .conftest import make_volunteer

pytestmark = pytest.mark.django_db

LIST = "/admin/volontaires/"
SUGGESTIONS = "/admin/volontaires/communes/"


@pytest.fixture
def people(laval, chateau_gontier_page, quimper_page):
    return {
        "laval": make_volunteer(laval, 1, last_name="Lavalloise"),
        "chateau": make_volunteer(chateau_gontier_page.commune, 2, last_name="Castelgontiere"),
        "quimper": make_volunteer(quimper_page.commune, 3, last_name="Quimperois"),
    }


def listed(response) -> set[str]:
    content = response.content.decode()
    return {n for n in ("Lavalloise", "Castelgontiere", "Quimperois") if n in content}


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Laval", {"Lavalloise"}),
        ("laval", {"Lavalloise"}),  # a whole name, whatever its case: that commune only
        ("53000", {"Lavalloise"}),  # its postal code
        (" 53 ", {"Lavalloise", "Castelgontiere"}),  # the start of a postal code
        ("Laval (53000)", {"Lavalloise"}),  # a suggestion's label
        ("chateau gontier", {"Castelgontiere"}),  # accents and hyphens aside
        ("Château-Gontier-sur-Mayenne (53200)", {"Castelgontiere"}),
        ("", {"Lavalloise", "Castelgontiere"}),
    ],
)
def test_the_commune_typed_filters_without_script(
    client, people, mayenne_referent, typed, expected
):
    client.force_login(mayenne_referent)
    response = client.get(LIST, {"commune": typed})
    assert response.status_code == 200
    assert listed(response) == expected


@pytest.mark.parametrize("typed", ["Quimper", "29000", "Laval (29000)", "Nulle-Part"])
def test_a_commune_outside_the_territory_is_refused_with_a_message(
    client, people, mayenne_referent, typed
):
    client.force_login(mayenne_referent)
    response = client.get(LIST, {"commune": typed})
    assert response.status_code == 200
    content = response.content.decode()
    assert f"Aucune commune de votre territoire ne correspond à « {typed} »" in content
    assert 'aria-invalid="true"' in content and "id_commune_error" in content
    assert listed(response) == set()  # no one, rather than everyone under a wrong filter
    export = csv_rows(client.get("/admin/volontaires/export.csv", {"commune": typed}))
    assert len(export) == 1  # the heading only


def test_the_field_is_labelled_and_described(client, people, mayenne_referent):
    client.force_login(mayenne_referent)
    content = client.get(LIST).content.decode()
    assert '<label class="w-field__label" for="id_commune">Commune</label>' in content
    assert 'aria-describedby="id_commune_helptext"' in content
    assert "Son nom ou son code postal." in content
    assert f'data-suggestions-url="{SUGGESTIONS}"' in content
    assert "js/commune-suggestions" in content


def test_the_suggestions_are_the_viewers_communes(client, people, mayenne_referent):
    client.force_login(mayenne_referent)
    assert client.get(SUGGESTIONS, {"q": "lav"}).json() == {"items": [{"label": "Laval (53000)"}]}
    assert client.get(SUGGESTIONS, {"q": "532"}).json() == {
        "items": [{"label": "Château-Gontier-sur-Mayenne (53200)"}]
    }
    # Quimper exists, and is not theirs.
    assert client.get(SUGGESTIONS, {"q": "quimper"}).json() == {"items": []}
    assert client.get(SUGGESTIONS, {"q": "l"}).json() == {"items": []}  # two characters at least
    assert client.get(SUGGESTIONS, {"q": "x" * 5000}).status_code == 200


def test_the_commune_typed_comes_before_those_that_contain_it(
    client, people, mayenne, mayenne_referent
):
    for code, name, slug in [
        ("53034", "Bonchamp-lès-Laval", "bonchamp-les-laval"),
        ("53247", "Saint-Berthevin-lès-Laval", "saint-berthevin-les-laval"),
        ("53999", "Lavallière-sur-Oudon", "lavalliere-sur-oudon"),
    ]:
        Commune.objects.create(code=code, name=name, slug=slug, department=mayenne)
    client.force_login(mayenne_referent)
    labels = [item["label"] for item in client.get(SUGGESTIONS, {"q": "Laval"}).json()["items"]]
    # The commune of that name, then the names that begin with it, then the others, by name.
    assert labels == [
        "Laval (53000)",
        "Lavallière-sur-Oudon (53999)",
        "Bonchamp-lès-Laval (53034)",
        "Saint-Berthevin-lès-Laval (53247)",
    ]


def test_the_suggestions_are_refused_to_who_lists_no_one(client, people, moderator, laval_editor):
    for user in (moderator, laval_editor):
        client.force_login(user)
        response = client.get(SUGGESTIONS, {"q": "lav"})
        assert response.status_code in (302, 403)
        assert "Laval" not in response.content.decode()
    client.logout()
    assert client.get(SUGGESTIONS, {"q": "lav"}).status_code == 302


def add_communes(department, count: int) -> None:
    """`count` more communes in `department`, each with its postal code."""
    communes = Commune.objects.bulk_create(
        Commune(code=f"5{n:04d}", name=f"Commune {n}", slug=f"commune-{n}", department=department)
        for n in range(5000, 5000 + count)
    )
    PostalCode.objects.bulk_create(
        PostalCode(code=f"5{n % 1000:04d}", commune=commune) for n, commune in enumerate(communes)
    )


def test_the_list_does_not_grow_with_the_communes(
    client, people, mayenne, mayenne_referent, moderator, django_assert_max_num_queries
):
    client.force_login(mayenne_referent)
    before = len(client.get(LIST).content)
    add_communes(mayenne, 2000)
    with django_assert_max_num_queries(30):
        response = client.get(LIST)
    assert len(response.content) == before < 40_000
    with django_assert_max_num_queries(30):
        filtered = client.get(LIST, {"commune": "Commune 6999"})
    assert filtered.status_code == 200 and listed(filtered) == set()
    assert "id_commune_error" not in filtered.content.decode()
    with django_assert_max_num_queries(12):
        suggestions = client.get(SUGGESTIONS, {"q": "commune"}).json()["items"]
    assert [item["label"] for item in suggestions[:2]] == [
        "Commune 5000 (50000)",
        "Commune 5001 (50001)",
    ]
    assert len(suggestions) == 10
    # A moderator names no one (access.py): their visit ends on the counts, as small.
    client.force_login(moderator)
    with django_assert_max_num_queries(30):
        counts = client.get(LIST, follow=True)
    assert counts.redirect_chain[-1][0] == "/admin/volontaires/chiffres/"
    assert len(counts.content) < 40_000
