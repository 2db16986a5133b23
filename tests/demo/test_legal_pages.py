"""The demo's accessibility statement (partially compliant, its own audit) and site map."""

from urllib.parse import urlsplit

from bs4 import BeautifulSoup

from pages.models import (
    AccessibilityStatementPage,
    CommunePage,
    Compliance,
    DepartmentPage,
    HomePage,
    SitemapPage,
)


def test_the_demo_publishes_a_valid_partially_compliant_statement(demo):
    statement = AccessibilityStatementPage.objects.live().child_of(HomePage.objects.get()).get()
    assert statement.compliance == Compliance.PARTIALLY_COMPLIANT
    assert 50 <= statement.compliance_rate < 100
    assert "axe-core" in statement.tools
    statement.full_clean()  # the demo's audit passes the admin's rules


def test_the_demo_s_footer_says_partially_compliant_and_links_the_site_map(demo, client):
    """On the national site and on Mayenne's and Laval's own addresses alike, the footer links
    the network's shared pages by their path: every site serves them there, so the visitor
    stays on the address they came to."""
    statement = AccessibilityStatementPage.objects.live().get()
    sitemap = SitemapPage.objects.live().get()
    laval = CommunePage.objects.get(commune__code="53130", locale__language_code="fr")
    mayenne = DepartmentPage.objects.get(department__code="53", locale__language_code="fr")
    assert laval.url == "http://laval.localhost:8000/"  # the demo's own addresses
    assert mayenne.url == "http://mayenne.localhost:8000/"
    for url in (
        "/",
        "/mayenne/laval/",
        "/mentions-legales/",
        laval.url,
        laval.url + "mentions-legales/",
        mayenne.url + "laval/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        footer = BeautifulSoup(response.content, "html.parser").find("footer")
        links = {" ".join(a.get_text().split()): a["href"] for a in footer.find_all("a")}
        assert links["Accessibilité : partiellement conforme"] == "/accessibilite/", url
        assert (
            client.get(url.removesuffix(urlsplit(url).path) + "/accessibilite/").context["page"]
            == statement
        ), url
        assert links["Plan du site"] == urlsplit(sitemap.url).path, url
        assert links["Mentions légales"] == "/mentions-legales/", url


def test_the_demo_s_site_map_lists_its_departments_and_communes(demo, client):
    sitemap = SitemapPage.objects.live().get()
    main = BeautifulSoup(client.get(sitemap.url).content, "html.parser").find("main")
    names = {a.get_text() for a in main.find_all("a")}
    assert {"Mayenne", "Laval", "Finistère", "Morlaix", "Déclaration d'accessibilité"} <= names
