"""The edit pages of a commune page and of an action choose their commune with a search, rather
than embedding France's 35,000 communes: their size and their queries do not grow with the
number of communes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pages.agenda.queries import ensure_action_index
from territories.models import Commune


def add_communes(department, count: int):
    Commune.objects.bulk_create(
        Commune(code=f"9{i:04d}", name=f"Commune {i}", slug=f"commune-{i}", department=department)
        for i in range(count)
    )


def measure(client, url) -> tuple[int, int]:
    """The size of the page and the number of queries it takes."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(response.content), len(queries)


@pytest.fixture
def laval_action(laval_page, add_action, agenda_now, laval):
    action = add_action(ensure_action_index(laval_page), "Jardin", agenda_now, place_commune=laval)
    return action


@pytest.mark.parametrize("page", ["commune page", "action"])
def test_an_edit_page_does_not_grow_with_the_number_of_communes(
    admin_client, laval_page, laval_action, mayenne, page
):
    url = reverse(
        "wagtailadmin_pages:edit",
        args=[(laval_page if page == "commune page" else laval_action).pk],
    )
    admin_client.get(url)  # caches warmed
    size, queries = measure(admin_client, url)
    add_communes(mayenne, 2000)
    more_size, more_queries = measure(admin_client, url)
    assert more_size - size < 500  # a select of 2,000 options would weigh some 100 KB
    assert more_queries == queries
    assert "Commune 1999" not in admin_client.get(url).content.decode()


def test_the_commune_page_shows_its_commune_in_the_chooser(admin_client, laval_page):
    html = admin_client.get(reverse("wagtailadmin_pages:edit", args=[laval_page.pk])).content
    html = html.decode()
    assert "Laval (53130)" in html
    assert reverse("commune_chooser:choose") in html
