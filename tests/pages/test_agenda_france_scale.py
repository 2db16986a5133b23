"""The national and a department agenda, the home page and a commune page run as many queries
and read a bounded number of rows once `generate_scale_data` has engaged communes around them
and filled their agendas (issue 18): the pattern of test_agenda_scale.py, with the generator's
France (a thousandth of it, in Mayenne; HC_SCALE_TEST raises it)."""

import cProfile
import os
import pstats

import pytest

from demo.scale import ACTION_SLUG_PREFIX, generate, scaled
from pages.models import ActionPage, CommunePage
from tests.factories.pages import DepartmentPageFactory
from tests.factories.territories import DepartmentFactory
from tests.pages.test_agenda_scale import (
    MAX_ROWS,
    URLS,
    add_actions,
    assert_read_as_much,
    measure,
)

pytestmark = pytest.mark.django_db

SCALE = float(os.environ.get("HC_SCALE_TEST", "0.001"))


def test_pages_read_as_much_once_france_is_generated(
    client, agenda_tree, add_action, agenda_now, site
):
    add_actions(agenda_tree, add_action, agenda_now, 0, 15)
    small = {url: measure(client, url) for url in URLS}
    numbers = scaled(SCALE)
    generate(**numbers, departments=["53"])
    generated = ActionPage.objects.filter(slug__startswith=ACTION_SLUG_PREFIX).live()
    assert generated.count() == numbers["actions"]
    big = {url: measure(client, url) for url in URLS}
    assert_read_as_much(small, big)


DEPARTMENT_URLS = ["/mayenne/", "/mayenne/actions/"]


def test_a_whole_department_engaged_reads_as_much(
    client, agenda_tree, add_action, agenda_now, site, django_capture_on_commit_callbacks
):
    """The department page lists its engaged communes, and its agenda offers them as a filter:
    read once per change of the pages (kept with the chrome), not on every visit, so that a
    department whose every commune is engaged (hundreds) costs what a handful does."""
    add_actions(agenda_tree, add_action, agenda_now, 0, 15)
    small = {url: measure(client, url) for url in DEPARTMENT_URLS}
    generate(communes=MAX_ROWS + 50, volunteers=20, actions=20, registrations=5, departments=["53"])
    communes = CommunePage.objects.live().child_of(agenda_tree["themed_mayenne_page"])
    assert communes.count() > MAX_ROWS
    big = {url: measure(client, url) for url in DEPARTMENT_URLS}
    assert_read_as_much(small, big)
    # Every engaged commune is still listed; one unpublished leaves the list at once.
    last = communes.order_by("-commune__name").first()
    page = big["/mayenne/"][2]
    assert page.count('href="/mayenne/') >= communes.count() and f">{last.title}<" in page
    with django_capture_on_commit_callbacks(execute=True):
        last.unpublish()
    assert f">{last.title}<" not in client.get("/mayenne/").content.decode()


def python_calls(client, url: str) -> int:
    """The Python function calls of a visit to `url` (once warm): unlike a time, the same on a
    busy machine."""
    client.get(url)
    profile = cProfile.Profile()
    response = profile.runcall(client.get, url)
    assert response.status_code == 200, url
    return pstats.Stats(profile).total_calls


def test_the_lists_of_engaged_territories_cost_as_much_for_hundreds(client, agenda_tree, site):
    """The home page's departments, a department page's communes and its agenda's commune
    filter are drawn once per change of the pages (services.kept_lines): a visit does the same
    Python work for a handful as for hundreds, which the template language's loops did not
    (some seventy calls a line: +20% on a department of 276 communes)."""
    urls = ["/", "/mayenne/", "/mayenne/actions/", "/mayenne/actions/?commune=53130"]
    small = {url: python_calls(client, url) for url in urls}
    for number in range(30):
        DepartmentPageFactory(
            department=DepartmentFactory(code=f"8{number:02d}", name=f"Département {number:02d}")
        )
    generate(communes=MAX_ROWS + 50, volunteers=0, actions=0, registrations=0, departments=["53"])
    big = {url: python_calls(client, url) for url in urls}
    for url in urls:
        assert big[url] <= small[url] * 1.02, (url, small[url], big[url])
    # Every one is still listed, escaped, and the commune chosen is still the one selected.
    home = client.get("/").content.decode()
    assert home.count('<li><a href="/departement-') == 30 and "(829)" in home
    department = client.get("/mayenne/").content.decode()
    communes = CommunePage.objects.live().child_of(agenda_tree["themed_mayenne_page"])
    assert department.count('<li><a href="/mayenne/') >= communes.count() > MAX_ROWS
    chosen = client.get("/mayenne/actions/?commune=53130").content.decode()
    assert chosen.count(" selected>") == 1 and '<option value="53130" selected>Laval<' in chosen
