"""The RSS 2.0 and Atom feeds of a territory's news: read back with an XML parser (no feed
library here) and checked for the elements each format requires; the latest 20 only, absolute
links, bounded queries, cacheable, announced on the territory's pages, 404 for what is no news
index or not public."""

import xml.etree.ElementTree as ET

import pytest
from wagtail.models import PageViewRestriction

from tests.factories.pages import NewsIndexPageFactory, NewsPageFactory
from tests.rows import count_rows

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def mayenne_news(mayenne_page):
    index = NewsIndexPageFactory(parent=mayenne_page, title="Actualités de la Mayenne")
    for number in range(25):
        NewsPageFactory(parent=index, title=f"Nouvelle {number} <b>&</b>")
    return index


def test_the_rss_feed_has_what_rss_requires(client, mayenne_news):
    # The links are the public address's, whatever host the request named.
    response = client.get("/mayenne/actualites/rss.xml", HTTP_HOST="autre.example")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    assert response["Cache-Control"] == "public, max-age=3600"
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    channel = root.find("channel")
    for required in ("title", "link", "description"):
        assert channel.findtext(required)
    assert channel.findtext("link") == "http://testserver/mayenne/actualites/"
    items = channel.findall("item")
    assert len(items) == 20
    # The latest first, titles as typed (escaped by the XML, not broken).
    assert items[0].findtext("title") == "Nouvelle 24 <b>&</b>"
    for item in items:
        assert item.findtext("link").startswith("http://testserver/mayenne/actualites/")
        assert item.findtext("guid") == item.findtext("link")
        assert item.findtext("pubDate")
        assert item.findtext("description") == "Une heure donnée, des liens créés."


def test_the_atom_feed_has_what_atom_requires(client, mayenne_news):
    response = client.get("/mayenne/actualites/atom.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)
    assert root.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated"):
        assert root.findtext(f"{ATOM}{required}")
    assert root.find(f"{ATOM}author/{ATOM}name").text == "L'Heure Civique"
    self_link = root.find(f"{ATOM}link[@rel='self']")
    assert self_link.get("href") == "http://testserver/mayenne/actualites/atom.xml"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 20
    for entry in entries:
        for required in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{required}")
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")


def test_the_feeds_run_bounded_queries(client, mayenne_news, django_assert_max_num_queries):
    client.get("/mayenne/actualites/rss.xml")  # the sites' root paths, cached
    for path in ("/mayenne/actualites/rss.xml", "/mayenne/actualites/atom.xml"):
        with django_assert_max_num_queries(8), count_rows() as read:
            assert client.get(path).status_code == 200
        assert read.rows < 40


def test_the_territory_pages_announce_their_feeds(client, mayenne_news):
    for path in ("/mayenne/", "/mayenne/actualites/"):
        html = client.get(path).content.decode()
        assert (
            '<link rel="alternate" type="application/rss+xml" '
            'title="Actualités de la Mayenne (RSS)" href="/mayenne/actualites/rss.xml">'
        ) in html
        assert 'href="/mayenne/actualites/atom.xml"' in html


@pytest.mark.parametrize(
    "path",
    [
        "/mayenne/rss.xml",  # not a news index
        "/nulle-part/actualites/rss.xml",
        "/mayenne/actualites/json.xml",
        "/mayenne/actualites/nouvelle-1/atom.xml",
    ],
)
def test_what_is_no_news_index_is_not_found(client, mayenne_news, path):
    assert client.get(path).status_code == 404


def test_a_restricted_news_index_has_no_feed(client, mayenne_news):
    PageViewRestriction.objects.create(page=mayenne_news, restriction_type="login")
    assert client.get("/mayenne/actualites/rss.xml").status_code == 404


def test_unpublished_news_is_left_out(client, mayenne_news):
    mayenne_news.get_children().filter(title="Nouvelle 24 <b>&</b>").update(live=False)
    root = ET.fromstring(client.get("/mayenne/actualites/rss.xml").content)
    assert root.find("channel/item").findtext("title") == "Nouvelle 23 <b>&</b>"
