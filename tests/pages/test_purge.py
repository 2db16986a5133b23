"""What a change purges from the proxy's page cache (pages/purge.py): the page, the pages above
it, their agendas and their feeds, sent as PURGE requests to a real HTTP server on the loopback
once the transaction commits; and the layout's chrome (pages/services.py) read again."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from wagtail.models import PageViewRestriction

from pages import purge

ROOT = "http://testserver"


def expected(*paths: str) -> set[str]:
    return {ROOT + path for path in paths}


@pytest.fixture
def purge_server(settings, monkeypatch):
    """A server that answers every PURGE and remembers its path, as nginx's purge server does.
    The job's second purge (a few seconds later) is left out here: tested on its own below."""
    monkeypatch.setattr(purge, "REPURGE_SECONDS", 0)
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_PURGE(self):  # http.server calls do_<METHOD>
            seen.append(self.headers["Host"] + " " + self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    # A free port of the loopback: the test processes (xdist) run these tests side by side.
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": f"http://127.0.0.1:{port}",
        }
    }
    yield seen
    server.shutdown()
    server.server_close()


def test_an_action_under_laval_purges_laval_mayenne_the_home_their_agendas_and_feeds(
    agenda_tree, add_action, agenda_now
):
    action = add_action(agenda_tree["laval"], "Nettoyage", agenda_now, slug="nettoyage")
    urls = set(purge.urls_to_purge(action))
    assert urls >= expected(
        "/mayenne/laval/actions/nettoyage/",
        "/mayenne/laval/actions/nettoyage/agenda.ics",
        "/mayenne/laval/actions/",
        "/mayenne/laval/",
        "/mayenne/laval/agenda.ics",
        "/mayenne/actions/",
        "/mayenne/",
        "/mayenne/agenda.ics",
        "/actions/",
        "/",
        "/agenda.ics",
    )
    # Nothing of Château-Gontier, beside Laval: its pages do not show the action.
    assert not any("chateau-gontier" in url for url in urls)
    assert not any(url.endswith("/actions/agenda.ics") for url in urls)  # no feed there


def test_a_territory_purges_the_pages_below_it_that_draw_its_colours(
    agenda_tree, add_action, agenda_now
):
    add_action(agenda_tree["laval"], "Nettoyage", agenda_now, slug="nettoyage")
    urls = set(purge.urls_to_purge(agenda_tree["themed_laval_page"]))
    assert urls >= expected("/mayenne/laval/actions/nettoyage/", "/mayenne/laval/", "/mayenne/")
    assert not any("chateau-gontier" in url for url in urls)


def test_the_list_is_read_in_a_bounded_number_of_queries(
    agenda_tree, add_action, agenda_now, django_assert_max_num_queries
):
    for number in range(20):
        add_action(agenda_tree["laval"], f"Action {number}", agenda_now, slug=f"action-{number}")
    # The chain, the agendas, the subtree, and the sites' root paths (kept in the cache after);
    # one more when Django's cache of content types is cold, as after another test emptied it.
    with django_assert_max_num_queries(6):
        assert len(purge.urls_to_purge(agenda_tree["themed_laval_page"], subtree=True)) > 40


def test_publishing_sends_the_purges_once_the_transaction_commits(
    agenda_tree, add_action, agenda_now, purge_server, django_capture_on_commit_callbacks
):
    action = add_action(agenda_tree["laval"], "Nettoyage", agenda_now, slug="nettoyage")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        action.title = "Grand nettoyage"
        action.save_revision().publish()
    assert purge_server == []  # not before the commit
    for callback in callbacks:
        callback()
    assert "testserver /mayenne/laval/actions/nettoyage/" in purge_server
    assert "testserver /mayenne/agenda.ics" in purge_server
    assert "testserver /" in purge_server


def test_a_view_restriction_purges_the_page_and_its_subtree(
    agenda_tree, add_action, agenda_now, purge_server, django_capture_on_commit_callbacks
):
    add_action(agenda_tree["laval"], "Nettoyage", agenda_now, slug="nettoyage")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(
            page=agenda_tree["laval"], restriction_type=PageViewRestriction.LOGIN
        )
    assert "testserver /mayenne/laval/actions/nettoyage/" in purge_server
    assert "testserver /mayenne/laval/actions/" in purge_server


def test_unpublishing_purges_the_pages_below(
    agenda_tree, add_action, agenda_now, purge_server, django_capture_on_commit_callbacks
):
    add_action(agenda_tree["laval"], "Nettoyage", agenda_now, slug="nettoyage")
    with django_capture_on_commit_callbacks(execute=True):
        agenda_tree["laval"].unpublish()
    assert "testserver /mayenne/laval/actions/nettoyage/agenda.ics" in purge_server


def test_without_a_purge_address_nothing_is_queued(
    agenda_tree, add_action, agenda_now, settings, django_capture_on_commit_callbacks
):
    settings.WAGTAILFRONTENDCACHE = {}
    action = add_action(agenda_tree["laval"], "Nettoyage", agenda_now, slug="nettoyage")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        purge.purge_on_commit(action)
    assert callbacks == []


def test_a_territory_s_new_colour_reaches_the_pages_below_it_at_once(client, agenda_tree):
    """The chrome is kept in the cache per parent, and read again after a publication."""
    mayenne = agenda_tree["themed_mayenne_page"]
    assert "#0b5e3c" in client.get("/mayenne/laval/actions/").content.decode()
    mayenne.primary_colour = "#1d4e89"
    mayenne.save_revision().publish()
    html = client.get("/mayenne/laval/actions/").content.decode()
    assert "#1d4e89" in html
    assert "#0b5e3c" not in html


def test_the_chrome_kept_saves_queries_on_the_next_page_of_the_same_parent(
    client, agenda_tree, add_action, agenda_now
):
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    first = add_action(agenda_tree["laval"], "Un", agenda_now, slug="un")
    second = add_action(agenda_tree["laval"], "Deux", agenda_now, slug="deux")
    client.get(first.url)
    client.get(second.url)
    with CaptureQueriesContext(connection) as kept:
        assert client.get(second.url).status_code == 200
    cache.clear()
    with CaptureQueriesContext(connection) as read:
        assert client.get(second.url).status_code == 200
    assert len(kept) <= len(read) - 4


def test_the_job_purges_again_after_a_copy_could_have_been_rebuilt(purge_server):
    """A page being rebuilt as the change committed is stored after the first purge: the job
    purges every address a second time."""
    purge.purge([ROOT + "/mayenne/", ROOT + "/mayenne/agenda.ics"], again_after=0.01)
    assert purge_server == ["testserver /mayenne/", "testserver /mayenne/agenda.ics"] * 2


def test_deleting_a_subtree_queues_one_purge_with_each_address_once(
    agenda_tree, add_action, agenda_now, purge_server, django_capture_on_commit_callbacks
):
    for number in range(5):
        add_action(agenda_tree["laval"], f"Action {number}", agenda_now, slug=f"action-{number}")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        agenda_tree["themed_laval_page"].delete()  # Wagtail unpublishes each of its 7 pages
    purges = [c for c in callbacks if isinstance(getattr(c, "__self__", None), purge._Pending)]
    assert len(purges) == 1
    purges[0]()
    assert "testserver /mayenne/laval/actions/action-4/" in purge_server
    assert "testserver /mayenne/" in purge_server
    assert len(purge_server) == len(set(purge_server))  # each address once


def test_the_chrome_is_read_again_when_its_change_commits(agenda_tree, commit_versions):
    """Renewed at once and again at commit (core/versions.py): a page built meanwhile from the
    data of before may have kept its chrome under the first renewal."""
    from pages import services

    mayenne = agenda_tree["themed_mayenne_page"]
    before = services.CHROME_GENERATION.current()
    mayenne.primary_colour = "#1d4e89"
    mayenne.save_revision().publish()
    during = services.CHROME_GENERATION.current()
    assert during != before
    assert any(each.versions is services.CHROME_GENERATION._versions for each in commit_versions())
    assert services.CHROME_GENERATION.current() > during


def test_a_chrome_generation_lost_by_the_cache_meets_no_chrome_kept_before(client, agenda_tree):
    """Evicted alone, the generation starts again from the clock, not from a number that the
    chrome kept before a change was kept under."""
    from django.core.cache import cache

    from pages import services

    cache.clear()
    assert "#0b5e3c" in client.get("/mayenne/laval/actions/").content.decode()
    mayenne = agenda_tree["themed_mayenne_page"]
    mayenne.primary_colour = "#1d4e89"
    mayenne.save_revision().publish()
    assert "#1d4e89" in client.get("/mayenne/laval/actions/").content.decode()
    cache.delete(services.CHROME_GENERATION_KEY)
    html = client.get("/mayenne/laval/actions/").content.decode()
    assert "#1d4e89" in html
    assert "#0b5e3c" not in html
