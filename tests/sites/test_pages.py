"""A territory's pages on its own address (issue 20): `/` is its page, the menu and the
breadcrumb start there with a way back to the national site, the national copy names the
dedicated address as canonical, the network's shared pages and forms answer there, each site
has its sitemap.xml and robots.txt."""

import re

import pytest
from wagtail.models import PageViewRestriction

from tests.factories.pages import StandardPageFactory

from .conftest import LAVAL_HOST, MAYENNE_HOST

pytestmark = pytest.mark.django_db


def canonical(html: str) -> str | None:
    found = re.search(r'<link rel="canonical" href="([^"]+)">', html)
    return found.group(1) if found else None


def menu_links(html: str) -> dict[str, str]:
    menu = html.split('class="main-menu"', 1)[1].split("</nav>", 1)[0]
    return {
        text.strip(): href for href, text in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', menu)
    }


def test_the_root_of_a_dedicated_site_is_the_territory_page(client, mayenne_site, mayenne_page):
    response = client.get("/", HTTP_HOST=MAYENNE_HOST)
    assert response.status_code == 200
    assert response.context["page"].pk == mayenne_page.pk
    assert client.get("/laval/", HTTP_HOST=MAYENNE_HOST).context["page"].title == "Laval"


def test_the_national_copy_names_the_dedicated_address_as_canonical(client, mayenne_site):
    national = client.get("/mayenne/").content.decode()
    assert canonical(national) == "http://mayenne.localhost/"
    own = client.get("/", HTTP_HOST=MAYENNE_HOST).content.decode()
    assert canonical(own) is None
    assert canonical(client.get("/").content.decode()) is None  # the national home is its own


def test_a_commune_with_its_own_address_is_canonical_there_from_its_department_s(
    client, laval_site
):
    on_mayenne = client.get("/laval/", HTTP_HOST=MAYENNE_HOST).content.decode()
    assert canonical(on_mayenne) == "http://laval.localhost/"


def test_the_menu_and_breadcrumb_stop_at_the_territory_with_a_way_back(
    client, mayenne_site, laval_page
):
    html = client.get("/laval/", HTTP_HOST=MAYENNE_HOST).content.decode()
    links = menu_links(html)
    assert links["National"] == "http://testserver/"
    assert links["Mayenne"] == "/"
    assert links["Laval"] == "/laval/"
    breadcrumb = html.split('class="breadcrumb', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<a href="([^"]+)"', breadcrumb) == ["/", "/laval/"]
    footer = html.split('class="site-footer', 1)[1]
    assert 'href="http://testserver/"' in footer


def test_the_national_site_keeps_its_menu(client, mayenne_site, laval_page):
    html = client.get("/mayenne/laval/").content.decode()
    links = menu_links(html)
    assert links["National"] == "/"
    breadcrumb = html.split('class="breadcrumb', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'<a href="([^"]+)"', breadcrumb) == ["/", "/mayenne/", "/mayenne/laval/"]


def test_the_network_s_shared_pages_answer_on_a_dedicated_site(client, laval_site, home_page):
    charter = StandardPageFactory(title="La charte", slug="charte", kind="charter")
    response = client.get("/charte/", HTTP_HOST=LAVAL_HOST)
    assert response.status_code == 200
    assert response.context["page"].pk == charter.pk
    for path in ("/gestes/", "/je-participe/", "/agenda.ics", "/actions/"):
        assert client.get(path, HTTP_HOST=LAVAL_HOST).status_code == 200, path


def test_another_territory_s_pages_do_not_answer_on_a_dedicated_site(
    client, mayenne_site, quimper_page
):
    assert client.get("/finistere/", HTTP_HOST=MAYENNE_HOST).status_code == 404
    assert client.get("/finistere/quimper/", HTTP_HOST=MAYENNE_HOST).status_code == 404
    assert client.get("/nowhere/", HTTP_HOST=MAYENNE_HOST).status_code == 404


def test_the_sign_up_of_a_commune_s_site_is_preset_to_the_commune(client, laval_site, laval):
    form = client.get("/je-participe/", HTTP_HOST=LAVAL_HOST).context["form"]
    assert form.initial["commune"] == laval.pk
    assert form.initial["postal_code"] == "53000"
    national = client.get("/je-participe/").context["form"]
    assert "commune" not in national.initial


def sitemap_locs(response) -> list[str]:
    return re.findall(r"<loc>([^<]+)</loc>", response.content.decode())


def test_each_site_has_its_own_sitemap(client, laval_site, quimper_page, home_page):
    mayenne = sitemap_locs(client.get("/sitemap.xml", HTTP_HOST=MAYENNE_HOST))
    assert "http://mayenne.localhost/" in mayenne
    assert all(loc.startswith("http://mayenne.localhost/") for loc in mayenne)
    assert not any("laval" in loc for loc in mayenne)  # Laval's pages are on Laval's address
    laval = sitemap_locs(client.get("/sitemap.xml", HTTP_HOST=LAVAL_HOST))
    assert "http://laval.localhost/" in laval
    national = sitemap_locs(client.get("/sitemap.xml"))
    assert "http://testserver/" in national
    assert "http://testserver/finistere/quimper/" in national
    assert not any("/mayenne/" in loc for loc in national)


def test_the_sitemap_leaves_out_restricted_pages_in_bounded_queries(
    client, laval_site, django_assert_max_num_queries
):
    laval_page = laval_site.root_page
    PageViewRestriction.objects.create(page=laval_page, restriction_type="login")
    client.get("/sitemap.xml", HTTP_HOST=LAVAL_HOST)  # the caches
    with django_assert_max_num_queries(3):
        locs = sitemap_locs(client.get("/sitemap.xml", HTTP_HOST=LAVAL_HOST))
    assert locs == []


def test_each_site_has_its_own_robots_txt(client, laval_site):
    text = client.get("/robots.txt", HTTP_HOST=LAVAL_HOST).content.decode()
    assert "Sitemap: http://laval.localhost/sitemap.xml" in text
    assert "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in client.get("/robots.txt").content.decode()


def test_the_press_page_answers_at_the_root_of_a_territory_s_own_address(
    client, mayenne_site, laval_site
):
    laval = client.get("/presse/", HTTP_HOST=LAVAL_HOST)
    assert laval.status_code == 200 and laval.context["page"].title == "Laval"
    mayenne = client.get("/presse/", HTTP_HOST=MAYENNE_HOST)
    assert mayenne.status_code == 200 and mayenne.context["page"].title == "Mayenne"
    assert client.get("/laval/presse/", HTTP_HOST=MAYENNE_HOST).context["page"].title == "Laval"
    assert client.get("/presse/").status_code == 404  # the national site has no press page
