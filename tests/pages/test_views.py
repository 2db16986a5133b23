"""The public pages: accessible layout, theme, breadcrumb, footer, news, 404."""

import pytest

from pages.models import StandardPage
from tests.factories.pages import NewsIndexPageFactory, NewsPageFactory, StandardPageFactory


@pytest.fixture
def footer_pages(home_page):
    return [
        StandardPageFactory(
            title="Mentions légales", slug="mentions-legales", kind=StandardPage.Kind.LEGAL_NOTICE
        ),
        StandardPageFactory(
            title="Charte du bénévole", slug="charte", kind=StandardPage.Kind.CHARTER
        ),
        StandardPageFactory(
            title="Données personnelles",
            slug="donnees-personnelles",
            kind=StandardPage.Kind.PERSONAL_DATA,
        ),
        StandardPageFactory(title="Une page ordinaire", slug="ordinaire"),
    ]


def test_home_page_has_the_accessible_layout(client, home_page):
    html = client.get("/").content.decode()
    assert '<html lang="fr"' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main" tabindex="-1">' in html
    for landmark in ("<header", "<nav", "<footer"):
        assert landmark in html
    assert 'name="viewport"' in html
    assert "css/heure-civique.css" in html


def test_home_page_is_drawn_in_the_national_colours_and_mark(client, home_page):
    html = client.get("/").content.decode()
    assert 'style="--colour-primary: #1f4e79; --colour-secondary: #f2f5f9;"' in html
    assert "img/marque-heure-civique.svg" in html


def test_home_page_lists_departments_and_latest_news_from_everywhere(
    client, home_page, themed_mayenne_page, laval_news
):
    national = NewsPageFactory(parent=NewsIndexPageFactory(), title="Lancement national")
    html = client.get("/").content.decode()
    assert 'href="/mayenne/"' in html
    assert "Le jardin partagé rouvre" in html
    assert "· Laval" in html  # where the news comes from
    assert national.title in html


def test_home_page_shows_at_most_six_news(client, home_page):
    index = NewsIndexPageFactory()
    for number in range(8):
        NewsPageFactory(parent=index, title=f"Nouvelle numéro {number}")
    html = client.get("/").content.decode()
    assert html.count('class="card"') == 6


def test_department_page_shows_its_word_communes_news_and_theme(
    client, themed_mayenne_page, themed_laval_page, laval_news
):
    html = client.get("/mayenne/").content.decode()
    assert "--colour-primary: #0b5e3c; --colour-secondary: #e8f3ee;" in html
    assert "Une heure par mois, c&#x27;est peu et c&#x27;est beaucoup." in html
    assert "Président du Conseil départemental" in html
    assert 'href="/mayenne/laval/"' in html
    assert "Le jardin partagé rouvre" in html
    assert "01 99 00 53 53" in html


def test_commune_page_takes_its_departments_colours_and_shows_its_contact(
    client, themed_laval_page, laval_news
):
    html = client.get("/mayenne/laval/").content.decode()
    assert "--colour-primary: #0b5e3c;" in html
    assert "Laval s&#x27;engage." in html
    assert "Mairie de Laval" in html
    assert 'href="mailto:contact@laval.example.org"' in html
    assert "Le jardin partagé rouvre" in html


def test_commune_page_breadcrumb_goes_home_department_commune(client, themed_laval_page):
    html = client.get("/mayenne/laval/").content.decode()
    breadcrumb = html[html.index('class="breadcrumb') :]
    breadcrumb = breadcrumb[: breadcrumb.index("</nav>")]
    assert breadcrumb.index('href="/"') < breadcrumb.index('href="/mayenne/"')
    assert '<a href="/mayenne/laval/" aria-current="page">Laval</a>' in breadcrumb


def test_news_item_is_themed_and_contacted_like_its_commune(client, themed_laval_page, laval_news):
    html = client.get("/mayenne/laval/actualites/le-jardin-partage-rouvre/").content.decode()
    assert "--colour-primary: #0b5e3c;" in html
    assert "Mairie de Laval" in html
    assert "<h1>Le jardin partagé rouvre</h1>" in html


def test_footer_links_the_national_standard_pages_in_order(client, themed_laval_page, footer_pages):
    html = client.get("/mayenne/laval/").content.decode()
    footer = html[html.index("<footer") :]
    assert footer.index("Mentions légales") < footer.index("Données personnelles")
    assert footer.index("Données personnelles") < footer.index("Charte du bénévole")
    assert "Une page ordinaire" not in footer


def test_standard_page_renders(client, footer_pages):
    response = client.get("/mentions-legales/")
    assert response.status_code == 200
    assert "<h1>Mentions légales</h1>" in response.content.decode()


def test_news_index_is_paginated_and_survives_a_bad_page_number(client, home_page):
    index = NewsIndexPageFactory()
    for number in range(12):
        NewsPageFactory(parent=index, title=f"Nouvelle numéro {number}")
    first = client.get("/actualites/").content.decode()
    assert first.count('class="card"') == 10
    assert 'rel="next"' in first
    second = client.get("/actualites/?page=2").content.decode()
    assert second.count('class="card"') == 2
    assert client.get("/actualites/?page=abc").status_code == 200
    assert client.get("/actualites/?page=999").content.decode().count('class="card"') == 2


def test_unknown_address_gets_the_themed_404_page_in_french(client, home_page):
    response = client.get("/nulle-part/")
    html = response.content.decode()
    assert response.status_code == 404
    assert '<html lang="fr"' in html
    assert '<a class="skip-link" href="#main">' in html
    assert "--colour-primary: #1f4e79;" in html


def test_500_template_renders_without_request_or_database():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert '<html lang="' in html
    assert "--colour-primary: #1f4e79;" in html
