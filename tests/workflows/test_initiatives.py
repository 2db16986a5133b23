"""InitiativePage under a territory's "initiatives" index: its page, its lists (index, the
include for territory pages), the API; never the submitter's personal data; bounded queries."""

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory

from pages.models import InitiativePage
from workflows import services


def test_the_page_of_an_initiative(client, make_initiatives):
    [page] = make_initiatives(1)
    assert page.url == "/mayenne/laval/initiatives/initiative-0/"
    body = client.get(page.url).content.decode()
    assert "Initiative 0" in body
    assert "Photo : Mairie de Laval" in body
    assert "Conseils pour les autres communes" in body
    assert "Camille" not in body
    assert "camille@example.org" not in body


def test_a_draft_is_not_public(client, laval_page):
    index = services.initiatives_index_of(laval_page, create=True)
    page = index.add_child(instance=InitiativePage(title="Brouillon", summary="x", live=False))
    assert client.get("/mayenne/laval/initiatives/brouillon/").status_code == 404
    assert "Brouillon" not in client.get(index.url).content.decode()
    assert page.pk


def test_the_index_lists_live_initiatives(client, make_initiatives, laval_page):
    make_initiatives(3)
    body = client.get("/mayenne/laval/initiatives/").content.decode()
    for number in range(3):
        assert f"Initiative {number}" in body
    assert 'href="/mayenne/laval/proposer-une-initiative/"' in body


def test_the_national_index_lists_every_department(client, make_initiatives, home_page):
    make_initiatives(2)
    services.initiatives_index_of(home_page, create=True)
    body = client.get("/initiatives/").content.decode()
    assert "Initiative 1" in body
    assert 'href="/proposer-une-initiative/"' in body


def test_the_include_for_territory_pages(make_initiatives, laval_page, home_page):
    make_initiatives(2)
    request = RequestFactory().get("/")
    for page in (laval_page, laval_page.get_parent().specific, home_page):
        html = render_to_string(
            "workflows/includes/territory_initiatives.html", {"page": page, "request": request}
        )
        assert "Initiative 1" in html
        assert "Proposer une initiative" in html


def test_the_api_lists_initiatives_without_personal_data(client, make_initiatives):
    make_initiatives(2)
    response = client.get("/api/v2/pages/?type=pages.InitiativePage&fields=*")
    assert response.status_code == 200
    items = response.json()["items"]
    assert len(items) == 2
    assert items[0]["photos"][0]["credit"] == "Mairie de Laval"
    assert items[0]["tips"] == "Commencer petit."
    assert "Camille" not in response.content.decode()
    assert "camille@example.org" not in response.content.decode()


@pytest.mark.parametrize("count", [5, 50])
def test_bounded_queries(client, make_initiatives, django_assert_max_num_queries, count):
    make_initiatives(count)
    urls = [
        "/mayenne/laval/initiatives/",
        "/mayenne/laval/initiatives/initiative-0/",
        "/api/v2/pages/?type=pages.InitiativePage&fields=*&limit=50",
    ]
    for url in urls:
        client.get(url)  # renditions are made once
        with django_assert_max_num_queries(30):
            assert client.get(url).status_code == 200
