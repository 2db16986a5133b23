"""The demo's accessibility statement (partially compliant, its own audit) and site map."""

from bs4 import BeautifulSoup

from pages.models import AccessibilityStatementPage, Compliance, HomePage, SitemapPage


def test_the_demo_publishes_a_valid_partially_compliant_statement(demo):
    statement = AccessibilityStatementPage.objects.live().child_of(HomePage.objects.get()).get()
    assert statement.compliance == Compliance.PARTIALLY_COMPLIANT
    assert 50 <= statement.compliance_rate < 100
    assert "axe-core" in statement.tools
    statement.full_clean()  # the demo's audit passes the admin's rules


def test_the_demo_s_footer_says_partially_compliant_and_links_the_site_map(demo, client):
    statement = AccessibilityStatementPage.objects.live().get()
    sitemap = SitemapPage.objects.live().get()
    for url in ("/", "/mayenne/laval/", "/mentions-legales/"):
        footer = BeautifulSoup(client.get(url).content, "html.parser").find("footer")
        links = {" ".join(a.get_text().split()): a["href"] for a in footer.find_all("a")}
        assert links["Accessibilité : partiellement conforme"] == statement.url, url
        assert links["Plan du site"] == sitemap.url, url
        assert links["Mentions légales"] == "/mentions-legales/", url


def test_the_demo_s_site_map_lists_its_departments_and_communes(demo, client):
    sitemap = SitemapPage.objects.live().get()
    main = BeautifulSoup(client.get(sitemap.url).content, "html.parser").find("main")
    names = {a.get_text() for a in main.find_all("a")}
    assert {"Mayenne", "Laval", "Finistère", "Morlaix", "Déclaration d'accessibilité"} <= names
