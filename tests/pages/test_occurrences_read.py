"""What is to come is read from now on, not from the occurrences table's first row a month back
(issue 18): the table keeps the past month, and a walk along its index on the start from
there read the month's every occurrence over (8,500 at France's size) to find the four next
actions of the home page. `occurrence_rows` starts the walk at the moment asked for minus
the longest occurrence of the table (its `length`, indexed), so that an occurrence going on
is still listed. PostgreSQL counts the rows each query reads (tests/rows.py
`rows_scanned`)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.scale import analyze
from pages.agenda import occurrences
from pages.models import Occurrence
from tests.pages.test_actions_api_history import add_past_actions
from tests.pages.test_agenda_scale import add_actions
from tests.rows import rows_scanned

pytestmark = pytest.mark.django_db

PAST_MONTH = 1500  # one-off actions over in the past month: their rows are in the table
URLS = ["/", "/actions/", "/mayenne/laval/", "/mayenne/laval/actions/"]
MAX_OCCURRENCES_READ = 60  # a page of the agenda (21), the block (4), with room to spare


@pytest.fixture
def past_month(agenda_tree, add_action, agenda_now):
    """Five actions to come, one going on (started an hour ago, for three hours), and
    PAST_MONTH actions of two hours over in the last four weeks, with their rows."""
    laval = agenda_tree["laval"]
    now = dt.datetime.now(dt.UTC)
    add_actions(agenda_tree, add_action, agenda_now, 0, 5)
    add_action(laval, "Trois heures en cours", now - dt.timedelta(hours=1), hours=3)
    add_past_actions(
        laval,
        now,
        PAST_MONTH,
        start_of=lambda number: now - dt.timedelta(days=2 + number % 26, hours=number % 9),
        title="Action du mois passé",
        slug="action-du-mois-passe",
    )
    occurrences.rebuild()
    assert Occurrence.objects.filter(end__lt=now).count() >= PAST_MONTH
    return now


def test_an_occurrence_going_on_is_listed_before_those_to_come(
    client, past_month, agenda_tree, add_action
):
    """The longest occurrence decides where the walk starts: a long one going on (three days,
    started yesterday) is listed as a short one is."""
    laval = agenda_tree["laval"]
    add_action(laval, "Trois jours en cours", past_month - dt.timedelta(days=1), hours=72)
    for url in ("/", "/actions/"):
        page = client.get(url).content.decode()
        for title in ("Trois heures en cours", "Trois jours en cours"):
            assert title in page, url
            assert page.index(title) < page.index("Action 000"), url
        assert "Action du mois passé" not in page, url


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_what_is_to_come_reads_none_of_the_past_month(client, past_month):
    analyze()  # the planner's statistics up to date, as autovacuum keeps them on a real site
    too_many = []
    for url in URLS:  # one past month for all of them (it takes seconds to write)
        assert client.get(url).status_code == 200  # what is cached once is cached for both
        with CaptureQueriesContext(connection) as run:
            assert client.get(url).status_code == 200
        selects = [query["sql"] for query in run.captured_queries]
        selects = [sql for sql in selects if 'FROM "pages_occurrence"' in sql]
        assert selects, url
        for sql in selects:
            read = rows_scanned(sql)
            if read.by_query["pages_occurrence"] > MAX_OCCURRENCES_READ:
                too_many.append((url, dict(read.by_query)))
    assert too_many == []
