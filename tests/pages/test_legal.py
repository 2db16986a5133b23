"""The accessibility statement (RGAA 4.1 model) and the site map: their models, their pages, and
the footer of every public page, which links to both and states the site's compliance."""

import datetime
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from pages import legal
from pages.models import AccessibilityStatementPage, Compliance, HomePage, SitemapPage
from territories.models import Department
from tests.factories.pages import (
    CommunePageFactory,
    DepartmentPageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    StandardPageFactory,
)
from tests.factories.territories import CommuneFactory, DepartmentFactory


def statement_values(**changes):
    values = {
        "title": "Déclaration d'accessibilité",
        "slug": "accessibilite",
        "entity": "Association Voisins Solidaires",
        "compliance": Compliance.PARTIALLY_COMPLIANT,
        "compliance_rate": Decimal("78.5"),
        "audit_date": datetime.date(2026, 11, 20),
        "auditor": "Voisins Solidaires",
        "drawn_up_on": datetime.date(2026, 11, 25),
        "contact_email": "accessibilite@heurecivique.example.org",
        "non_compliances": "<ul><li>Les kits PDF ne sont pas balisés.</li></ul>",
    }
    values.update(changes)
    return values


def add_statement(home, **changes) -> AccessibilityStatementPage:
    page = AccessibilityStatementPage(**statement_values(**changes))
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def add_sitemap(home) -> SitemapPage:
    page = SitemapPage(title="Plan du site", slug="plan-du-site")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def footer(response) -> BeautifulSoup:
    assert response.status_code == 200
    found = BeautifulSoup(response.content, "html.parser").find("footer")
    assert found is not None
    return found


def mention(response):
    """The footer's accessibility mention: (its text, its link or None)."""
    item = footer(response).find(class_="site-footer__accessibility")
    link = item.find("a")
    return " ".join(item.get_text().split()), link["href"] if link else None


# --- The model ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rate", "state"),
    [
        (None, Compliance.NOT_COMPLIANT),
        (Decimal("49.9"), Compliance.NOT_COMPLIANT),
        (Decimal("50"), Compliance.PARTIALLY_COMPLIANT),
        (Decimal("99.9"), Compliance.PARTIALLY_COMPLIANT),
        (Decimal("100"), Compliance.FULLY_COMPLIANT),
    ],
)
def test_the_rate_of_compliance_gives_the_rgaa_state(rate, state):
    from pages.models.legal import compliance_for_rate

    assert compliance_for_rate(rate) == state


def test_a_consistent_statement_is_valid(home_page):
    add_statement(home_page).full_clean()  # raises nothing


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"compliance_rate": None}, "compliance_rate"),  # compliant without an audit
        ({"audit_date": None}, "audit_date"),
        ({"compliance_rate": Decimal("30")}, "compliance"),  # 30 % is not compliant
        ({"compliance": Compliance.FULLY_COMPLIANT}, "compliance"),  # 78.5 % is not 100 %
        ({"compliance_rate": Decimal("120")}, "compliance_rate"),
        ({"updated_on": datetime.date(2026, 1, 1)}, "updated_on"),  # before it was drawn up
        ({"contact_email": ""}, "contact_email"),  # no way to ask for an alternative
    ],
)
def test_an_inconsistent_statement_is_refused_with_a_message(home_page, changes, field):
    page = add_statement(home_page)
    for name, value in changes.items():
        setattr(page, name, value)
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert field in error.value.message_dict


def test_a_site_without_audit_may_say_it_is_not_compliant(home_page):
    page = add_statement(home_page, compliance=Compliance.NOT_COMPLIANT, compliance_rate=None)
    page.full_clean()  # raises nothing


def test_one_statement_and_one_site_map_per_home(home_page):
    assert AccessibilityStatementPage.can_create_at(home_page)
    assert SitemapPage.can_create_at(home_page)
    add_statement(home_page)
    add_sitemap(home_page)
    assert not AccessibilityStatementPage.can_create_at(home_page)
    assert not SitemapPage.can_create_at(home_page)


def test_the_statement_and_the_site_map_live_under_the_home_only(home_page, themed_mayenne_page):
    assert AccessibilityStatementPage.allowed_parent_page_models() == [HomePage]
    assert SitemapPage.allowed_parent_page_models() == [HomePage]
    assert not AccessibilityStatementPage.can_create_at(themed_mayenne_page)


# --- The statement's page ----------------------------------------------------------------


def test_the_statement_page_follows_the_rgaa_model(client, home_page, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://heurecivique.example.org"
    page = add_statement(home_page, updated_on=datetime.date(2026, 11, 28))
    response = client.get(page.url)
    assert response.status_code == 200
    main = BeautifulSoup(response.content, "html.parser").find("main")
    text = " ".join(main.get_text(" ").split())
    # The site's address is the site's public address, computed, never typed.
    assert "https://heurecivique.example.org est partiellement conforme" in text
    assert main.find("a", href="https://heurecivique.example.org") is not None
    assert "RGAA), version 4.1" in text
    assert "Voisins Solidaires le 20 novembre 2026 révèle que 78,5 % des critères" in text
    assert "Les kits PDF ne sont pas balisés." in text
    assert "établie le 25 novembre 2026" in text and "mise à jour le 28 novembre 2026" in text
    assert main.find("a", href="mailto:accessibilite@heurecivique.example.org") is not None
    headings = [" ".join(h.get_text().split()) for h in main.find_all("h2")]
    assert headings == [
        "État de conformité",
        "Contenus non accessibles",
        "Établissement de cette déclaration d’accessibilité",
        "Retour d’information et contact",
        "Voies de recours",
    ]


def test_the_statement_page_gives_the_three_ways_to_the_defenseur_des_droits(client, home_page):
    page = add_statement(home_page)
    main = BeautifulSoup(client.get(page.url).content, "html.parser").find("main")
    recourse = main.find("section", class_="legal__recourse")
    text = " ".join(recourse.get_text(" ").split())
    assert "Écrire un message au Défenseur des droits" in text
    assert "Contacter le délégué du Défenseur des droits dans votre région" in text
    assert "Défenseur des droits Libre réponse 71120 75342 Paris CEDEX 07" in text
    assert recourse.find("a", href="https://formulaire.defenseurdesdroits.fr/") is not None
    assert recourse.find("a", href=legal.RECOURSE["delegates_url"]) is not None


def test_a_statement_without_audit_says_so(client, home_page):
    page = add_statement(home_page, compliance=Compliance.NOT_COMPLIANT, compliance_rate=None)
    text = BeautifulSoup(client.get(page.url).content, "html.parser").find("main").get_text(" ")
    text = " ".join(text.split())
    assert "est non conforme avec le référentiel" in text
    assert "en raison des non-conformités" not in text
    assert "n’a pas encore fait l’objet d’un audit de conformité" in text


# --- Every footer ------------------------------------------------------------------------


def test_without_a_statement_every_footer_says_not_compliant_without_a_link(client, home_page):
    assert mention(client.get("/")) == ("Accessibilité : non conforme", None)


def test_every_kind_of_page_has_the_mention_and_the_site_map_in_its_footer(
    client, home_page, laval_news
):
    statement = add_statement(home_page)
    sitemap = add_sitemap(home_page)
    legal_notice = StandardPageFactory(title="Mentions légales", kind="legal_notice")
    laval = laval_news.get_parent().get_parent()
    urls = [
        "/",  # home
        "/mayenne/",  # department
        laval.url,  # commune
        laval_news.url,  # news
        legal_notice.url,  # standard page
        statement.url,
        sitemap.url,
        "/gestes/",  # a view of another app
        "/cette-page-n-existe-pas/",  # a 404
    ]
    for url in urls:
        response = client.get(url)
        if url.startswith("/cette"):
            assert response.status_code == 404
            response.status_code = 200  # its footer is read all the same
        assert mention(response) == ("Accessibilité : partiellement conforme", statement.url), url
        links = {a.get_text(): a["href"] for a in footer(response).find_all("a")}
        assert links["Plan du site"] == sitemap.url, url
        assert links["Mentions légales"] == legal_notice.url, url


def test_the_footer_follows_the_live_statement(client, home_page):
    statement = add_statement(home_page)
    client.get("/")  # the links are now in the cache
    statement.compliance = Compliance.FULLY_COMPLIANT
    statement.compliance_rate = Decimal("100")
    statement.save_revision()  # a draft changes nothing
    assert mention(client.get("/"))[0] == "Accessibilité : partiellement conforme"
    statement.get_latest_revision().publish()
    assert mention(client.get("/"))[0] == "Accessibilité : totalement conforme"
    statement.unpublish()
    assert mention(client.get("/")) == ("Accessibilité : non conforme", None)


def test_the_footer_s_links_cost_one_query_then_none(client, home_page):
    add_statement(home_page)
    add_sitemap(home_page)
    home = HomePage.objects.get(pk=home_page.pk)
    with CaptureQueriesContext(connection) as cold:
        links = legal.footer_links(home)
    assert links.statement is not None and links.sitemap is not None
    assert len(cold) == 1
    with CaptureQueriesContext(connection) as warm:
        legal.footer_links(home)
    assert len(warm) == 0


def test_an_english_home_without_its_own_statement_links_to_the_french_one(home_page):
    from wagtail.models import Locale

    statement = add_statement(home_page)
    english = Locale.objects.get_or_create(language_code="en")[0]
    english_home = home_page.copy_for_translation(english)
    links = legal.footer_links(english_home)
    assert links.statement.pk == statement.pk


# --- The site map ------------------------------------------------------------------------


def grow_territories(departments: int, communes: int, start: int = 0) -> None:
    """`departments` departments, each with `communes` engaged communes, from number `start`."""
    for number in range(start, start + departments):
        department = DepartmentFactory(
            code=f"{10 + number}", name=f"Département {number}", slug=f"departement-{number}"
        )
        DepartmentPageFactory(department=department)
        for commune in range(communes):
            CommunePageFactory(
                commune=CommuneFactory(
                    code=f"{10 + number}{commune:03d}",
                    name=f"Commune {number}-{commune}",
                    slug=f"commune-{number}-{commune}",
                    department=department,
                )
            )


def sitemap_lists(response) -> BeautifulSoup:
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser").find("main")


def test_the_site_map_lists_the_national_pages_and_the_engaged_territories(client, home_page):
    sitemap = add_sitemap(home_page)
    statement = add_statement(home_page)
    about = StandardPageFactory(title="À propos", kind="about")
    news = NewsIndexPageFactory()
    grow_territories(2, 3)
    draft = CommunePageFactory(
        commune=CommuneFactory(
            code="10999", name="Commune brouillon", department=Department.objects.get(code="10")
        ),
        live=False,
    )
    private = StandardPageFactory(title="Page privée")
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    main = sitemap_lists(client.get(sitemap.url))
    links = {" ".join(a.get_text().split()): a["href"] for a in main.find_all("a")}
    assert links["Accueil"] == "/"
    assert links[about.title] == about.url
    assert links[news.title] == news.url
    assert links[statement.title] == statement.url
    assert links["Boîte à idées"] == "/gestes/"
    assert "Plan du site" not in links  # not itself
    assert draft.title not in links and "Page privée" not in links
    # Each department, then its communes, nested under it.
    department = main.find("a", string="Département 0").find_parent("li")
    communes = [a.get_text() for a in department.find("ul").find_all("a")]
    assert communes == ["Commune 0-0", "Commune 0-1", "Commune 0-2"]
    assert "Commune 1-0" in links


def test_the_site_map_costs_the_same_queries_for_2_or_6_departments_of_10_communes(
    client, home_page
):
    sitemap = add_sitemap(home_page)
    add_statement(home_page)

    def count() -> int:
        client.get(sitemap.url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(sitemap.url)
        main = sitemap_lists(response)
        return len(queries), len(main.find_all("a"))

    grow_territories(2, 10)
    small, small_links = count()
    grow_territories(4, 10, start=2)
    large, large_links = count()
    assert large_links == small_links + 4 * 11
    assert large == small
    assert small <= 25


def test_the_site_map_reads_a_bounded_number_of_territories_per_page(
    client, home_page, monkeypatch
):
    monkeypatch.setattr(legal, "TERRITORIES_PER_PAGE", 7)
    sitemap = add_sitemap(home_page)
    grow_territories(3, 3)  # 12 territory pages: two pages of the site map
    first = sitemap_lists(client.get(sitemap.url))
    second = sitemap_lists(client.get(sitemap.url + "?page=2"))
    territories = first.find("section", attrs={"aria-labelledby": "sitemap-territories-title"})
    assert len(territories.find("ul", class_="sitemap").find_all("a")) == 7
    assert first.find("a", rel="next")["href"] == "?page=2"
    rest = second.find("section", attrs={"aria-labelledby": "sitemap-territories-title"})
    names = [a.get_text() for a in rest.find("ul", class_="sitemap").find_all("a")]
    # Département 1's communes went on: it is named again, marked as continued.
    assert names == [
        "Département 1",
        "Commune 1-2",
        "Département 2",
        *[f"Commune 2-{n}" for n in range(3)],
    ]
    assert "(suite)" in rest.get_text()
    # A wrong page number shows a real page, never an error.
    assert client.get(sitemap.url + "?page=abc").status_code == 200


def test_the_site_map_pages_of_news_are_not_listed(client, home_page, laval_news):
    # The site map lists territories, not each news item: their number is unbounded.
    sitemap = add_sitemap(home_page)
    NewsPageFactory(parent=laval_news.get_parent(), title="Une autre nouvelle")
    text = sitemap_lists(client.get(sitemap.url)).get_text()
    assert laval_news.title not in text and "Une autre nouvelle" not in text
    assert "Laval" in text


def test_a_deleted_statement_leaves_the_footer_not_compliant(client, home_page):
    statement = add_statement(home_page)
    assert mention(client.get("/"))[1] == statement.url
    statement.delete()
    assert mention(client.get("/")) == ("Accessibilité : non conforme", None)
