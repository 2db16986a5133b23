"""The actions API on a site with years of history (issue 18): its default listing (what is
still to come) and its count read as many rows with hundreds of actions over as with none.
The index on the actions' start (and id) that both walk leaves out the actions that are over
(`ActionPage.ended`, marked by the nightly job), so the database starts at what is current
instead of the earliest action ever published. tests/rows.py `rows_scanned` reads PostgreSQL's
own count of the rows it read (EXPLAIN ANALYZE): the rows reaching Python were 20 either way."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import api as core_api
from demo.scale import analyze
from pages.agenda import occurrences
from pages.bulk import add_children
from pages.models import ActionPage
from tests.pages.test_agenda_scale import add_actions
from tests.rows import rows_scanned

pytestmark = pytest.mark.django_db

URL = "/api/v2/actions/?limit=20"
PAST = 3000  # one-off actions over, three a day for nearly three years
# The listing of 20 and its count (20 + TOTAL_COUNT_AHEAD + 1), each with its actions' pages
# and what the page's filters read (the locale, view restrictions), but no action that is over.
MAX_SCANNED = 150


def add_past_actions(
    agenda,
    now: dt.datetime,
    count: int,
    *,
    start_of=None,
    title: str = "Action passée",
    slug: str = "action-passee",
) -> None:
    """`count` one-off actions of two hours over, written in bulk as a site's history; the
    `number`th starts at `start_of(number)` (three a day from ten days ago by default)."""
    if start_of is None:

        def start_of(number: int) -> dt.datetime:
            return now - dt.timedelta(days=10 + number // 3, hours=number % 7)

    pairs = []
    for number in range(count):
        start = start_of(number)
        pairs.append(
            (
                agenda,
                ActionPage(
                    title=f"{title} {number:04d}",
                    slug=f"{slug}-{number:04d}",
                    description="Une heure donnée.",
                    kind="collective",
                    address="Place de la Mairie",
                    start=start,
                    end=start + dt.timedelta(hours=2),
                ),
            )
        )
    add_children(pairs)


@pytest.fixture
def history(agenda_tree, add_action, agenda_now):
    """Five actions to come (a weekly series among them), a weekly series started two years
    ago and going on, one ended a year ago, a week-long action going on, and PAST one-off
    actions over."""
    laval = agenda_tree["laval"]
    add_actions(agenda_tree, add_action, agenda_now, 0, 5)
    years_ago = agenda_now - dt.timedelta(days=730)
    add_action(laval, "Série en cours", years_ago, recurrence_frequency="weekly")
    add_action(
        laval,
        "Série finie",
        years_ago,
        recurrence_frequency="weekly",
        recurrence_until=(agenda_now - dt.timedelta(days=365)).date(),
    )
    add_action(laval, "Semaine en cours", agenda_now - dt.timedelta(days=10), hours=24 * 20)
    add_past_actions(laval, agenda_now, PAST)


def listing_and_count(client, url: str = URL) -> tuple[dict, list[str]]:
    with CaptureQueriesContext(connection) as run:
        response = client.get(url)
    assert response.status_code == 200, response.content
    sql = [
        query["sql"]
        for query in run.captured_queries
        if 'FROM "pages_actionpage" INNER JOIN "wagtailcore_page"' in query["sql"]
    ]
    return response.json(), sql


def test_the_nightly_job_marks_the_actions_over_and_nothing_else(history, agenda_now):
    occurrences.extend_window()
    ended = set(ActionPage.objects.filter(ended=True).values_list("title", flat=True))
    assert len(ended) == PAST + 1
    assert "Série finie" in ended
    assert not {"Série en cours", "Semaine en cours", "Action 000"} & ended
    # Saved again (its dates may have moved): not marked until the job looks at it again.
    action = ActionPage.objects.get(title="Action passée 0000")
    action.save()
    assert not ActionPage.objects.get(pk=action.pk).ended
    # Its dates alone saved: the same.
    occurrences.extend_window()
    action = ActionPage.objects.get(pk=action.pk)
    assert action.ended
    action.end = agenda_now
    action.save(update_fields=["end"])
    assert not ActionPage.objects.get(pk=action.pk).ended
    # Another field alone saved: the mark stays.
    series = ActionPage.objects.get(title="Série finie")
    series.title = "Série finie l'an dernier"
    series.save(update_fields=["title"])
    assert ActionPage.objects.get(pk=series.pk).ended


def test_the_listing_is_the_same_with_the_actions_over_marked(client, history, monkeypatch):
    monkeypatch.setattr(core_api, "TOTAL_COUNT_AHEAD", 10)
    before, _sql = listing_and_count(client)
    occurrences.extend_window()
    after, _sql = listing_and_count(client)
    assert after == before
    titles = [item["title"] for item in after["items"]]
    assert titles[:2] == ["Série en cours", "Semaine en cours"]
    assert after["meta"] == {"total_count": 7, "total_count_exact": True}
    # With a date in the past, the actions over are listed as before.
    since = listing_and_count(client, URL + "&from=2000-01-01")[0]
    assert since["meta"] == {"total_count": 30, "total_count_exact": False}
    assert all("Action passée" in item["title"] for item in since["items"])


@pytest.mark.parametrize("territory", ["department=53", "commune=53130"])
def test_a_territory_s_listing_is_the_same_with_the_actions_over_marked(client, history, territory):
    url = f"{URL}&{territory}"
    before, _sql = listing_and_count(client, url)
    occurrences.extend_window()
    after, _sql = listing_and_count(client, url)
    assert after == before
    assert [item["title"] for item in after["items"]][:2] == ["Série en cours", "Semaine en cours"]
    since = listing_and_count(client, url + "&from=2000-01-01")[0]
    assert all("Action passée" in item["title"] for item in since["items"])


# The same proof on each database, in the words each can give: PostgreSQL counts the rows its
# plan reads (EXPLAIN ANALYZE), SQLite only names the index its plan walks. `make test` runs one
# of the two on each database, and .ci/run runs both (SQLite, then PostgreSQL).
@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_listing_and_its_count_read_no_action_over(client, history, monkeypatch):
    monkeypatch.setattr(core_api, "TOTAL_COUNT_AHEAD", 10)
    occurrences.extend_window()
    analyze()  # the planner's statistics up to date, as autovacuum keeps them on a real site
    client.get(URL)  # what is cached once is cached for both
    _answer, sql = listing_and_count(client)
    assert len(sql) == 2  # the count, the listing
    for query in sql:
        read = rows_scanned(query)
        assert read.rows <= MAX_SCANNED, (read.by_query, query)
        assert read.by_query["pages_actionpage"] <= 40, (read.by_query, query)


@pytest.mark.skipif("connection.vendor != 'postgresql'")
@pytest.mark.parametrize("territory", ["department=53", "commune=53130"])
def test_a_territory_s_listing_reads_none_of_its_history(client, history, territory, monkeypatch):
    """The territory's own actions are read through the path and the place, but only those not
    over: its years of history (PAST actions, all in Laval) are not read."""
    monkeypatch.setattr(core_api, "TOTAL_COUNT_AHEAD", 10)
    occurrences.extend_window()
    analyze()
    url = f"{URL}&{territory}"
    client.get(url)
    _answer, sql = listing_and_count(client, url)
    assert len(sql) == 2
    for query in sql:
        read = rows_scanned(query)
        assert read.rows <= MAX_SCANNED, (read.by_query, query)


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_walks_the_index_of_actions_not_over(client, history):
    occurrences.extend_window()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    _answer, sql = listing_and_count(client)
    with connection.cursor() as cursor:
        for query in sql:
            cursor.execute(f"EXPLAIN QUERY PLAN {query}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "pages_actionpage_coming" in plan, plan
