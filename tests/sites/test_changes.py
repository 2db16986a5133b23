"""A territory's address changes (issue 20): the proxy's copies of its pages are purged at once
(the national copy's canonical link, the pages on the new, old or second name), and the demo's
address (`load_demo --url`) moves the national Site with the territories' own."""

import pytest
from wagtail.models import Site

from core.models import SiteAlias
from core.sites import dedicate_site
from demo import sites as demo_sites
from tests.pages.test_purge import purge_server  # noqa: F401 (a fixture: a real PURGE server)

from .conftest import LAVAL_HOST

pytestmark = pytest.mark.django_db


def purged(purge_server, callbacks) -> set[str]:  # noqa: F811
    for callback in callbacks:
        callback()
    return set(purge_server)


def dedicated(laval_page, purge_server, capture):  # noqa: F811
    """Laval's Site, its purge sent (as after its commit) and forgotten."""
    with capture(execute=True):
        site = dedicate_site(laval_page, LAVAL_HOST, port=80)
    purge_server.clear()
    return site


def test_giving_a_commune_its_own_address_purges_its_pages_there_and_nationally(
    laval_page,
    purge_server,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        dedicate_site(laval_page, LAVAL_HOST, port=80)
    urls = purged(purge_server, callbacks)
    # The national copy now names the new address as canonical: its copy is forgotten.
    assert "testserver /mayenne/laval/" in urls
    assert "testserver /mayenne/laval/actions/" in urls
    assert "laval.localhost /" in urls
    assert "laval.localhost /actions/" in urls


def test_moving_or_removing_a_territory_s_address_purges_the_old_one(
    laval_page,
    purge_server,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    site = dedicated(laval_page, purge_server, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        site.hostname = "heurecivique.laval.example"
        site.save()
    urls = purged(purge_server, callbacks)
    assert {"laval.localhost /", "heurecivique.laval.example /"} <= urls
    purge_server.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        site.delete()
    urls = purged(purge_server, callbacks)
    assert {"heurecivique.laval.example /", "testserver /mayenne/laval/"} <= urls


def test_a_second_name_purges_its_copies(
    laval_page,
    purge_server,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    site = dedicated(laval_page, purge_server, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        alias = SiteAlias.objects.create(site=site, hostname="www.laval.localhost")
    assert "www.laval.localhost /actions/" in purged(purge_server, callbacks)
    purge_server.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        alias.delete()
    assert "www.laval.localhost /" in purged(purge_server, callbacks)


def test_the_demo_s_address_moves_the_national_site_and_the_territories_port(laval_page):
    demo_sites.load(8123, national_url="http://127.0.0.1:8123/")
    national = Site.objects.get(is_default_site=True)
    assert (national.hostname, national.port) == ("127.0.0.1", 8123)
    assert {(s.hostname, s.port) for s in Site.objects.filter(is_default_site=False)} == {
        ("mayenne.localhost", 8123),
        ("laval.localhost", 8123),
    }
    assert demo_sites.load(8123, national_url="http://127.0.0.1:8123/") == 0  # nothing more
    demo_sites.load(8124, national_url="http://localhost:8124")
    assert Site.objects.get(is_default_site=True).root_url == "http://localhost:8124"
    assert Site.objects.get(hostname="laval.localhost").port == 8124


def test_the_demo_refuses_an_address_the_national_site_cannot_hold(laval_page):
    with pytest.raises(demo_sites.DemoAddressError, match="sans chemin"):
        demo_sites.load(8123, national_url="http://127.0.0.1:8123/demo/")
    assert Site.objects.get(is_default_site=True).hostname == "testserver"
