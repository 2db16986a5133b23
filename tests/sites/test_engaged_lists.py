"""The lists of engaged territories (the home page's departments, a department page's
communes and its agenda's filter) are kept in the cache as plain values with their addresses
(issue 18: the page objects cost 35 ms to unpickle per visit at 276 communes): one list per
site, since an address is relative on the site the page is on and whole on another (issue 20),
and read again as soon as a territory's page is published or unpublished."""

import re

import pytest

from pages.models import CommunePage

from .conftest import MAYENNE_HOST

pytestmark = pytest.mark.django_db


def links(html: str, section: str) -> dict[str, str]:
    found = html.split(f'aria-labelledby="{section}-title"', 1)[1].split("</section>", 1)[0]
    return {
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", text)).strip(): href
        for href, text in re.findall(r'<a href="([^"]+)">(.+?)</a>', found)
    }


def test_the_home_lists_the_departments_and_follows_their_publication(
    client, home_page, mayenne_page, finistere_page, django_capture_on_commit_callbacks
):
    listed = links(client.get("/").content.decode(), "departments")
    assert listed == {
        "Finistère (29)": finistere_page.url,
        "Mayenne (53)": mayenne_page.url,
    }
    with django_capture_on_commit_callbacks(execute=True):
        finistere_page.unpublish()
    assert links(client.get("/").content.decode(), "departments") == {
        "Mayenne (53)": mayenne_page.url
    }
    with django_capture_on_commit_callbacks(execute=True):
        finistere_page.save_revision().publish()
    assert "Finistère (29)" in links(client.get("/").content.decode(), "departments")


def test_a_department_s_communes_are_linked_on_each_site_as_it_addresses_them(
    client, mayenne_site, mayenne_page, laval_page, chateau_gontier_page
):
    national = links(client.get("/mayenne/").content.decode(), "communes")
    own = links(client.get("/", headers={"host": MAYENNE_HOST}).content.decode(), "communes")
    assert national == {
        "Château-Gontier-sur-Mayenne": "/mayenne/chateau-gontier-sur-mayenne/",
        "Laval": "/mayenne/laval/",
    }
    assert own == {
        "Château-Gontier-sur-Mayenne": "/chateau-gontier-sur-mayenne/",
        "Laval": "/laval/",
    }
    # The agenda's filter offers the same communes, by their INSEE code, on either site.
    agenda = client.get("/actions/", headers={"host": MAYENNE_HOST}).content.decode()
    assert re.findall(r'<option value="(\d+)"', agenda) == ["53062", "53130"]
    response = client.get("/actions/?commune=53130", headers={"host": MAYENNE_HOST})
    assert response.status_code == 200
    assert "Unknown commune" not in response.content.decode()


def test_a_commune_unpublished_leaves_the_list_on_every_site(
    client,
    mayenne_site,
    mayenne_page,
    laval_page,
    chateau_gontier_page,
    django_capture_on_commit_callbacks,
):
    client.get("/mayenne/")
    client.get("/", headers={"host": MAYENNE_HOST})
    with django_capture_on_commit_callbacks(execute=True):
        CommunePage.objects.get(pk=laval_page.pk).unpublish()
    assert "Laval" not in links(client.get("/mayenne/").content.decode(), "communes")
    own = client.get("/", headers={"host": MAYENNE_HOST}).content.decode()
    assert "Laval" not in links(own, "communes")
