"""The agendas (national, department, commune), the home page and a commune page read a bounded
number of rows and run as many queries whatever the number of actions (issue 18): what they
read from the occurrences table is bounded by what they show. tests/rows.py counts the rows."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pages.agenda import queries
from tests.rows import count_rows

pytestmark = pytest.mark.django_db

URLS = ["/actions/", "/mayenne/actions/", "/mayenne/laval/actions/", "/", "/mayenne/laval/"]
# What a page reads besides its occurrences (the page, its chrome, its settings) is well
# under this; a page of the agenda shows PER_PAGE occurrences, each with its action.
MAX_ROWS = 100


def measure(client, url: str) -> tuple[int, int, str]:
    assert client.get(url).status_code == 200  # what is cached once is cached for both
    with CaptureQueriesContext(connection) as queries_run, count_rows() as read:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries_run), read.rows, response.content.decode()


def assert_read_as_much(small: dict, big: dict) -> None:
    """Each page (`measure`'s figures by URL) runs the same queries with more data, reads at
    most MAX_ROWS rows, and shows the same first occurrence."""
    for url, (small_queries, _small_rows, small_page) in small.items():
        big_queries, big_rows, big_page = big[url]
        assert big_queries == small_queries, url
        assert big_rows <= MAX_ROWS, (url, big_rows)
        assert "Action 000" in small_page and "Action 000" in big_page, url


def add_actions(agenda_tree, add_action, agenda_now, first: int, last: int) -> None:
    """Actions under the commune of Laval, one an hour, every fifth a weekly series."""
    for number in range(first, last):
        fields = {"recurrence_frequency": "weekly"} if number % 5 == 0 else {}
        add_action(
            agenda_tree["laval"],
            f"Action {number:03d}",
            agenda_now + dt.timedelta(hours=number),
            **fields,
        )


def test_pages_read_as_much_with_ten_times_more_actions(
    client, agenda_tree, add_action, agenda_now
):
    add_actions(agenda_tree, add_action, agenda_now, 0, 15)
    small = {url: measure(client, url) for url in URLS}
    add_actions(agenda_tree, add_action, agenda_now, 15, 150)
    big = {url: measure(client, url) for url in URLS}
    assert_read_as_much(small, big)
    for url in URLS:  # no more of the occurrences read
        small_rows, big_rows = small[url][1], big[url][1]
        assert big_rows <= small_rows + 2 * queries.PER_PAGE, (url, small_rows, big_rows)
    # With a page of 20 shown out of 150 actions, the list reads about as much as with 15.
    _queries, agenda_rows, page = big["/mayenne/laval/actions/"]
    assert page.count('class="agenda-item"') >= queries.PER_PAGE
    assert "after=" in page
