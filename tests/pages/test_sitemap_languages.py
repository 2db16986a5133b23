"""hreflang alternates in sitemap.xml (issue 21): a page in several languages lists each of its
versions and x-default (French), as its `<head>` does; every address resolves; a page in a
regional language made outside the department that publishes in it is left out."""

import re
import xml.etree.ElementTree as ET

import pytest

from pages.translations import translate

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
HOST = "http://testserver"


@pytest.fixture
def translated_tree(finistere_page, quimper_page, laval_page, home_page):
    finistere_page.regional_language = "br"
    finistere_page.save_revision().publish()
    translate(home_page, "en", {})
    translate(finistere_page, "br", {"Finistère": "Penn-ar-Bed"})
    translate(quimper_page, "br", {})
    translate(laval_page, "br", {})  # by mistake: Mayenne publishes in no regional language
    translate(laval_page, "en", {})


def read(client) -> dict[str, dict[str, str]]:
    """{address: {hreflang: address}} of the sitemap, read as XML."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    found = {}
    for url in root.findall("s:url", NS):
        loc = url.find("s:loc", NS).text
        found[loc] = {
            link.get("hreflang"): link.get("href")
            for link in url.findall("x:link", NS)
            if link.get("rel") == "alternate"
        }
    return found


def head_alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([\w-]+)" href="([^"]+)">', html))


def test_the_sitemap_lists_each_page_s_languages_and_they_resolve(client, translated_tree):
    found = read(client)
    quimper = f"{HOST}/finistere/quimper/"
    assert found[quimper] == {
        "fr": quimper,
        "br": f"{HOST}/br/finistere/quimper/",
        "x-default": quimper,
    }
    assert found[f"{HOST}/br/finistere/quimper/"] == found[quimper]
    assert found[f"{HOST}/"] == {"fr": f"{HOST}/", "en": f"{HOST}/en/", "x-default": f"{HOST}/"}
    laval = f"{HOST}/mayenne/laval/"
    assert found[laval] == {"fr": laval, "en": f"{HOST}/en/mayenne/laval/", "x-default": laval}
    # The Breton Laval is not offered: neither listed nor an alternate.
    assert f"{HOST}/br/mayenne/laval/" not in found
    assert found[f"{HOST}/finistere/"]["br"] == f"{HOST}/br/finistere/"
    # The same alternates as the pages' <head>, and each address answers.
    addresses = {href for links in found.values() for href in links.values()} | set(found)
    for address in sorted(addresses):
        response = client.get(address.removeprefix(HOST))
        assert response.status_code == 200, address
        if found.get(address):
            assert head_alternates(response.content.decode()) == found[address], address


def test_the_sitemap_with_languages_reads_a_bounded_number_of_queries(
    client, translated_tree, django_assert_max_num_queries
):
    client.get("/sitemap.xml")  # the caches
    with django_assert_max_num_queries(4):
        assert len(read(client)) >= 6
