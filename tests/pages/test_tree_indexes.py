"""The pages find their children, and the routing its page, by reading the children only
(issue 18, pages/migrations/0014_page_tree_indexes.py): with every commune of a department
engaged, routing to the national agenda and finding the home page's agenda walked every
page below the home (Wagtail indexes the path alone), 470,000 pages at France's size.
PostgreSQL counts the rows each query reads (tests/rows.py `rows_scanned`); SQLite names the
index its plan walks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, get_page_models

from core.api import TOTAL_COUNT_AHEAD
from demo.scale import analyze, generate
from pages.models import CommunePage, DepartmentPage, HomePage
from tests.pages.test_agenda_scale import add_actions
from tests.rows import rows_scanned

pytestmark = pytest.mark.django_db

COMMUNES = 240  # Mayenne's every commune
ACTIONS = 3000  # pages enough below the communes for the planner to prefer an index
URLS = ["/", "/actions/", "/mayenne/", "/mayenne/actions/", "/mayenne/laval/actions/"]
# The pages a query may read: the children of the home (a handful here), the page's ancestors,
# the pages of what it shows; far under the pages below the home (COMMUNES, twice: each
# commune's page and its agenda).
MAX_PAGES_READ = 60


@pytest.fixture
def department_engaged(agenda_tree, add_action, agenda_now, site):
    add_actions(agenda_tree, add_action, agenda_now, 0, 5)
    generate(communes=COMMUNES, volunteers=5, actions=ACTIONS, registrations=1, departments=["53"])
    assert CommunePage.objects.child_of(agenda_tree["themed_mayenne_page"]).count() >= COMMUNES


def selects_of(client, url: str) -> list[str]:
    assert client.get(url).status_code == 200  # what is cached once is cached for both
    with CaptureQueriesContext(connection) as run:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in run.captured_queries if query["sql"].startswith("SELECT")]


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_a_page_reads_the_children_it_needs_only(client, department_engaged):
    analyze()  # the planner's statistics up to date, as autovacuum keeps them on a real site
    too_many = []
    for url in URLS:  # one generated tree for all of them (it takes seconds)
        for sql in selects_of(client, url):
            read = rows_scanned(sql)
            if read.by_query["wagtailcore_page"] > MAX_PAGES_READ:
                too_many.append((url, dict(read.by_query), sql[:300]))
    assert too_many == []


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_routes_through_the_tree_indexes(client, department_engaged):
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    routing = [
        sql
        for sql in selects_of(client, "/mayenne/actions/")
        if '"wagtailcore_page"."depth" = ' in sql and '"slug" = ' in sql
    ]
    assert routing
    with connection.cursor() as cursor:
        for sql in routing:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
            assert "pages_page_slug_depth_path" in plan or "pages_page_depth_path" in plan, plan


COMMUNES_API = "/api/v2/pages/?type=pages.CommunePage&limit=20"


@pytest.fixture
def communes_engaged(agenda_tree, site):
    """Enough communes (and pages below them) for the planner to walk an index in the listing's
    order rather than to join every commune (which it prefers at Mayenne's 240)."""
    generate(
        communes=1200,
        volunteers=5,
        actions=6000,
        registrations=1,
        departments=["22", "29", "35", "53", "56"],
    )
    analyze()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_api_lists_communes_without_reading_the_pages_below_them(client, communes_engaged):
    """Listed in path order, the communes were found by walking every page between two of them
    (each one's agenda, actions, news): 137 pages for 20 communes here, 313 at France's size.
    Along the index on (depth, path) (`tree_depth`), the listing reads the pages at the
    communes' depth only; its count stops past the page asked for (core/api.py)."""
    read = {sql: rows_scanned(sql).by_query for sql in selects_of(client, COMMUNES_API)}
    [listing] = [
        pages
        for sql, pages in read.items()
        if 'FROM "pages_communepage"' in sql and "COUNT(" not in sql.upper()
    ]
    assert listing["pages_communepage"] <= MAX_PAGES_READ
    assert listing["wagtailcore_page"] <= MAX_PAGES_READ, listing
    [count] = [pages for sql, pages in read.items() if sql.upper().startswith("SELECT COUNT(")]
    assert count["wagtailcore_page"] <= 20 + TOTAL_COUNT_AHEAD + MAX_PAGES_READ, count
    items = client.get(COMMUNES_API).json()["items"]
    assert len(items) == 20
    assert {item["meta"]["type"] for item in items} == {"pages.CommunePage"}


def test_each_page_type_of_one_depth_sits_below_its_parents_depth():
    """`tree_depth` (the pages API filters on it) is what the parent types fix: a type whose
    parents changed would otherwise vanish from the API's listings of it."""
    fixed = {model: model.tree_depth for model in get_page_models() if "tree_depth" in vars(model)}
    assert set(fixed) >= {HomePage, DepartmentPage, CommunePage}
    for model, depth in fixed.items():
        for parent in model.allowed_parent_page_models():
            parent_depth = 1 if parent is Page else vars(parent).get("tree_depth")
            assert parent_depth == depth - 1, (model, parent)


@pytest.mark.skipif("connection.vendor != 'sqlite'")
def test_sqlite_lists_communes_through_the_depth_index(client, communes_engaged):
    """SQLite cannot count the rows a plan reads: its plan for the listing names the index on
    (depth, path), which only the `tree_depth` filter lets it use."""
    [listing] = [
        sql
        for sql in selects_of(client, COMMUNES_API)
        if 'FROM "pages_communepage"' in sql and "COUNT(" not in sql.upper()
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {listing}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "pages_page_depth_path" in plan, plan
