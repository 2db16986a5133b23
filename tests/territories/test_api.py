"""The public endpoint a form's script calls to list the communes of a postal code."""

import pytest


def test_the_communes_of_a_postal_code_are_listed(client, imported_mayenne):
    response = client.get("/api/v2/communes/", {"postal_code": "53000"})
    assert response.status_code == 200
    body = response.json()
    assert body["meta"]["total_count"] == 1
    [laval] = body["items"]
    assert {key: laval[key] for key in ("code", "name", "slug", "kind", "population")} == {
        "code": "53130",
        "name": "Laval",
        "slug": "laval",
        "kind": "commune",
        "population": 49400,
    }
    assert laval["department"] == {"code": "53", "name": "Mayenne", "slug": "mayenne"}
    assert laval["postal_codes"] == ["53000"]
    assert laval["meta"]["type"] == "territories.Commune"


def test_spaces_in_the_postal_code_are_ignored(client, imported_mayenne):
    response = client.get("/api/v2/communes/", {"postal_code": "53 000"})
    assert [item["name"] for item in response.json()["items"]] == ["Laval"]


def test_a_postal_code_of_several_communes_lists_them_in_bounded_queries(
    client, imported_mayenne, django_assert_max_num_queries
):
    with django_assert_max_num_queries(4):
        response = client.get("/api/v2/communes/", {"postal_code": "53240"})
    items = response.json()["items"]
    assert len(items) == 10
    assert [item["name"] for item in items] == sorted(item["name"] for item in items)


@pytest.mark.parametrize(
    ("postal_code", "message"),
    [
        ("5300", "Un code postal a cinq chiffres, par exemple 53000."),
        ("abcde", "Un code postal a cinq chiffres, par exemple 53000."),
        ("", "Un code postal a cinq chiffres, par exemple 53000."),
        ("99999", "Aucune commune n'a le code postal 99999."),
    ],
)
def test_a_bad_postal_code_answers_400_with_the_message(
    client, imported_mayenne, postal_code, message
):
    response = client.get("/api/v2/communes/", {"postal_code": postal_code})
    assert response.status_code == 400
    assert response.json() == {"message": message}


def test_the_message_is_in_the_visitors_language(client, imported_mayenne):
    response = client.get("/api/v2/communes/?postal_code=1", HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["message"] == "A postal code has five digits, e.g. 53000."


def test_an_unknown_parameter_answers_400(client, imported_mayenne):
    response = client.get("/api/v2/communes/", {"postcode": "53000"})
    assert response.status_code == 400


def test_the_listing_without_postal_code_is_paginated(
    client, imported_mayenne, django_assert_max_num_queries
):
    with django_assert_max_num_queries(3):
        response = client.get("/api/v2/communes/", {"limit": 5})
    body = response.json()
    assert body["meta"]["total_count"] == 240
    assert len(body["items"]) == 5


def test_a_commune_has_its_detail(client, imported_mayenne):
    listed = client.get("/api/v2/communes/", {"postal_code": "53000"}).json()["items"][0]
    response = client.get(f"/api/v2/communes/{listed['id']}/")
    assert response.status_code == 200
    assert response.json()["postal_codes"] == ["53000"]
