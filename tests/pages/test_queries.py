"""Home, department, commune and news index pages cost the same number of SQL queries with 3 or
30 communes and news."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.models import NewsIndexPage
from territories.models import Department
from tests.factories.pages import (
    CommunePageFactory,
    DepartmentPageFactory,
    ImageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
)
from tests.factories.territories import CommuneFactory, RegionFactory

# Sessions, site, the page and its ancestors, the lists and their images, the next actions, the
# initiatives and the kit's links; the chrome is kept in the cache per parent (pages/services.py:
# 17 to 21 queries, from 20 to 27 without it). test_query_counts_do_not_grow_... below checks
# that the number does not depend on the data.
MAX_QUERIES = 22
URLS = ["/", "/mayenne/", "/mayenne/commune-0/", "/mayenne/commune-0/actualites/"]


def grow_tree(start: int, stop: int) -> None:
    """Mayenne with communes number `start` to `stop`; each new commune brings one illustrated
    news to its own page, one to the national news and one to the first commune's news."""
    mayenne, created = Department.objects.get_or_create(
        code="53", defaults={"name": "Mayenne", "slug": "mayenne", "region": RegionFactory()}
    )
    if created:
        DepartmentPageFactory(department=mayenne, logo=ImageFactory(), word_photo=ImageFactory())
        NewsIndexPageFactory()
    national_news = NewsIndexPage.objects.get(url_path="/accueil/actualites/")
    for number in range(start, stop):
        commune = CommuneFactory(
            code=f"53{number:03d}",
            name=f"Commune {number}",
            slug=f"commune-{number}",
            department=mayenne,
        )
        commune_page = CommunePageFactory(commune=commune, word_photo=ImageFactory())
        NewsPageFactory(parent=NewsIndexPageFactory(parent=commune_page), image=ImageFactory())
        NewsPageFactory(parent=national_news, image=ImageFactory())
        first_commune_news = NewsIndexPage.objects.get(
            url_path="/accueil/mayenne/commune-0/actualites/"
        )
        NewsPageFactory(parent=first_commune_news, image=ImageFactory())


def count_queries(client, url: str) -> int:
    client.get(url)  # renditions are made (written) on the first view only
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", URLS)
def test_pages_stay_under_the_bound_with_30_communes_and_news(
    client, home_page, url, django_assert_max_num_queries
):
    grow_tree(0, 30)
    client.get(url)
    with django_assert_max_num_queries(MAX_QUERIES):
        assert client.get(url).status_code == 200


def test_query_counts_do_not_grow_from_3_to_30_communes_and_news(client, home_page):
    grow_tree(0, 3)
    small = {url: count_queries(client, url) for url in URLS}
    grow_tree(3, 30)
    large = {url: count_queries(client, url) for url in URLS}
    assert large == small
