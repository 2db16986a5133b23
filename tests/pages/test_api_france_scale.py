"""The API's listings and figures cost as much once `generate_scale_data` has engaged communes
and filled the agendas around them (issue 18): the same queries, a bounded number of rows
reaching Python, a `meta.total_count` that stops counting past the page asked for, and the
figures counted once per change of the data, not once per visit."""

import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from core import api as core_api
from demo.scale import generate
from pages.models import ActionPage, CommunePage
from territories.services import import_territories
from tests.factories.volunteers import RegistrationFactory, VolunteerFactory
from tests.pages.test_agenda_scale import add_actions
from tests.rows import count_rows
from volunteers import hours
from volunteers.services import confirm

pytestmark = pytest.mark.django_db

LISTINGS = [
    "/api/v2/pages/?type=pages.CommunePage&limit=20",
    "/api/v2/pages/?limit=20",
    "/api/v2/actions/?limit=20",
    "/api/v2/communes/?limit=20",
]
MAX_ROWS = 120  # a page of 20 items with their related rows, the site, the locale


def measure(client, url: str) -> tuple[int, int, list[str]]:
    assert client.get(url).status_code == 200  # what is cached once is cached for both
    with CaptureQueriesContext(connection) as run, count_rows() as read:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(run), read.rows, [query["sql"] for query in run.captured_queries]


def test_listings_read_as_much_once_france_is_generated(
    client, agenda_tree, add_action, agenda_now, site, monkeypatch
):
    # A short count ahead, so that the thousandth of France overflows it as France would.
    monkeypatch.setattr(core_api, "TOTAL_COUNT_AHEAD", 10)
    add_actions(agenda_tree, add_action, agenda_now, 0, 5)
    small = {url: measure(client, url) for url in LISTINGS}
    # More communes than MAX_ROWS: a listing that read them all would fail.
    generate(communes=150, volunteers=200, actions=100, registrations=50, departments=["53"])
    assert CommunePage.objects.live().count() > MAX_ROWS
    big = {url: measure(client, url) for url in LISTINGS}
    for url, (small_queries, _small_rows, _sql) in small.items():
        big_queries, big_rows, sql = big[url]
        assert big_queries == small_queries, url
        assert big_rows <= MAX_ROWS, (url, big_rows)
        # The count stops at a LIMIT, and sorts nothing before it (an ORDER BY of the listing
        # itself, outside any parenthesis, before its LIMIT), but along an index: the actions
        # by start (then their id, which the index's order leaves to break ties only).
        counts = [query.upper() for query in sql if "COUNT(" in query.upper()]
        assert counts, url
        for query in counts:
            assert re.search(r"LIMIT \d+\) SUBQUERY$", query), (url, query)
            order = re.search(r"ORDER BY ([^()]*) LIMIT \d+\) SUBQUERY$", query)
            if "/actions/" in url:
                assert order.group(1).startswith('"PAGES_ACTIONPAGE"."START" ASC'), query
            else:
                assert order is None, (url, query)
    # A listing of one page type filters on its own table, never `pk IN (every public page)`.
    [typed] = [sql for url, (*_, sql) in big.items() if "CommunePage" in url]
    assert not any('"id" IN (SELECT' in query for query in typed), typed


def test_total_count_is_exact_near_the_end_and_a_bound_beyond(client, monkeypatch):
    import_territories(departments=["53"])
    monkeypatch.setattr(core_api, "TOTAL_COUNT_AHEAD", 30)
    # Mayenne has 240 communes: 20 asked, 30 counted past them, the rest not counted.
    far = client.get("/api/v2/communes/", {"limit": 20}).json()["meta"]
    assert far == {"total_count": 50, "total_count_exact": False}
    # Near the end the count is exact, whatever the offset.
    near = client.get("/api/v2/communes/", {"limit": 20, "offset": 200}).json()
    assert near["meta"] == {"total_count": 240, "total_count_exact": True}
    assert len(near["items"]) == 20
    last = client.get("/api/v2/communes/", {"limit": 20, "offset": 230}).json()
    assert last["meta"] == {"total_count": 240, "total_count_exact": True}
    assert len(last["items"]) == 10


def test_the_openapi_document_describes_total_count_exact(client):
    document = client.get("/api/v2/openapi.json").json()
    listing = document["paths"]["/api/v2/communes/"]["get"]["responses"]["200"]
    meta = listing["content"]["application/json"]["schema"]["properties"]["meta"]
    assert meta["required"] == ["total_count", "total_count_exact"]
    assert meta["properties"]["total_count_exact"] == {"type": "boolean"}


def figures_queries(client, url: str = "/api/v2/figures/") -> tuple[int, dict]:
    with CaptureQueriesContext(connection) as run:
        response = client.get(url)
    assert response.status_code == 200
    return len(run), response.json()


def test_figures_are_counted_once_per_change(
    client, agenda_tree, add_action, agenda_now, laval, django_capture_on_commit_callbacks
):
    action = add_action(agenda_tree["laval"], "Action 000", agenda_now)
    first_queries, first = figures_queries(client)
    assert first_queries >= 3  # the counts
    queries_again, again = figures_queries(client)
    assert queries_again == 0 and again == first  # kept: nothing counted again
    # A volunteer confirmed (an update(), no post_save): counted again, one more.
    volunteer = VolunteerFactory(commune=laval, unconfirmed=True)
    with django_capture_on_commit_callbacks(execute=True):
        confirm(volunteer)
    _queries, after = figures_queries(client)
    assert after["volunteers"] == first["volunteers"] + 1
    # Hours recorded: the hours move.
    with django_capture_on_commit_callbacks(execute=True):
        RegistrationFactory(volunteer=volunteer, action=action, hours=Decimal("2.5"))
    _queries, later = figures_queries(client)
    assert later["hours"] == first["hours"] + 2.5
    # An action unpublished: one fewer.
    with django_capture_on_commit_callbacks(execute=True):
        action.unpublish()
    _queries, last = figures_queries(client)
    assert last["actions"] == first["actions"] - 1
    # The department's figures are kept apart from the nation's.
    department_queries, department = figures_queries(client, "/api/v2/figures/?department=53")
    assert department_queries >= 3 and department["scope"]["code"] == "53"


def test_a_change_without_a_version_kept_starts_a_new_one(django_capture_on_commit_callbacks):
    cache.delete(hours.FIGURES_VERSION_KEY)  # evicted, or the cache restarted
    with django_capture_on_commit_callbacks(execute=True):
        hours.figures_changed()
    assert cache.get(hours.FIGURES_VERSION_KEY) > 0


def test_a_change_renews_the_version_at_once_and_at_commit(django_capture_on_commit_callbacks):
    before = hours.figures_version()
    with django_capture_on_commit_callbacks(execute=True):
        hours.figures_changed()
        # At once, for the reads of this transaction; again once it commits.
        during = hours.figures_version()
        assert during != before
    assert hours.figures_version() not in (before, during)


ACTIONS = "/api/v2/actions/?limit=20"
# The listing's own FROM (its annotations' subqueries name the table with an alias).
ACTIONS_FROM = 'FROM "pages_actionpage" INNER JOIN "wagtailcore_page"'


def test_the_actions_count_and_filters_evaluate_nothing_per_row(
    client, agenda_tree, add_action, agenda_now, monkeypatch
):
    """The count of the actions selects their ids only, along the index on their start; a
    department's or commune's actions are found through the pages' paths and the actions'
    place, not by the code of the page above each action (a subquery evaluated for every
    action of France, `SUBSTR(path)`), in the listing as in its count."""
    monkeypatch.setattr(core_api, "TOTAL_COUNT_AHEAD", 10)
    add_actions(agenda_tree, add_action, agenda_now, 0, 5)
    generate(communes=150, volunteers=20, actions=100, registrations=10, departments=["53"])
    laval = agenda_tree["themed_laval_page"]
    in_laval = (
        ActionPage.objects.live()
        .filter(Q(path__startswith=laval.path) | Q(place_commune__code="53130"))
        .count()
    )
    assert 5 <= in_laval < 30
    expected = {"": 30, "&department=53": 30, "&commune=53130": in_laval}
    for query, total in expected.items():
        queries, rows, sql = measure(client, ACTIONS + query)
        assert rows <= MAX_ROWS, (query, rows)
        [count] = [q for q in sql if q.upper().startswith("SELECT COUNT(")]
        # Ids only: no annotation (a subquery per row) in the counted rows.
        assert re.match(
            r'SELECT COUNT\(\*\) FROM \(SELECT "pages_actionpage"\."page_ptr_id" AS "pk" FROM',
            count,
        ), count
        assert "SUBSTR" not in count.upper(), (query, count)
        assert 'ORDER BY "pages_actionpage"."start" ASC' in count, count
        [listing] = [q for q in sql if ACTIONS_FROM in q and q != count]
        assert "SUBSTR" not in listing.split(ACTIONS_FROM, 1)[1].upper(), (query, listing)
        meta = client.get(ACTIONS + query).json()["meta"]
        assert meta["total_count"] == total, (query, meta)
