"""The page cache as it is deployed: gunicorn behind deploy/nginx/'s cache, the job worker, and
FRONTEND_CACHE_PURGE_URL at the purge server. An anonymous page is served again from the cache;
a publication purges it (pages/purge.py, a job); a request with a session cookie never gets a
copy; /admin/ is never kept. On ports 8500-8599 of the loopback."""

from __future__ import annotations

import http.client
import subprocess
import sys
import time

import pytest

from pages.purge import REPURGE_SECONDS

from .test_proxy import ROOT, Browser, running_stack

pytestmark = pytest.mark.deploy

PORTS = [8510, 8511, 8512, 8513]  # gunicorn, HTTP, HTTPS, purge
PURGE_DELAY = 15  # seconds: the worker polls its queue, then purges
MAYENNE = "/mayenne/"

SETUP = """
from onboarding.services import onboard_department
onboard_department("53")
"""

RETITLE = """
from pages.models import DepartmentPage
page = DepartmentPage.objects.get(department__code="53")
page.title = {title!r}
page.save_revision().publish()
"""


@pytest.fixture(scope="module")
def cached_stack(tmp_path_factory):
    extra = {"FRONTEND_CACHE_PURGE_URL": f"http://127.0.0.1:{PORTS[3]}", "Q_WORKERS": "2"}
    with running_stack(
        tmp_path_factory.mktemp("cache"), ports=PORTS, extra_env=extra, setup=SETUP, worker=True
    ) as running:
        yield running


def get(stack, path: str, cookie: str = ""):
    # The host of the site's address (WAGTAILADMIN_BASE_URL): the one the purge names.
    return Browser(stack, "127.0.0.2").request(
        "GET", path, headers={"Host": "localhost", "Cookie": cookie}
    )


def publish_title(stack, title: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", RETITLE.format(title=title)],
        env=stack.env, cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip


def test_an_anonymous_page_is_served_from_the_cache_until_a_publication_purges_it(cached_stack):
    first = get(cached_stack, MAYENNE)
    assert first.status == 200, first.text[:300]
    assert first.headers["Cache-Control"].startswith("public")
    assert first.headers["X-Cache-Status"] in {"MISS", "EXPIRED"}
    again = get(cached_stack, MAYENNE)
    assert again.headers["X-Cache-Status"] == "HIT"
    assert get(cached_stack, MAYENNE + "agenda.ics").status == 200
    assert get(cached_stack, MAYENNE + "agenda.ics").headers["X-Cache-Status"] == "HIT"

    publish_title(cached_stack, "Mayenne en fête")
    deadline = time.monotonic() + PURGE_DELAY
    while True:
        response = get(cached_stack, MAYENNE)
        if "Mayenne en fête" in response.text or time.monotonic() > deadline:
            break
        assert response.headers["X-Cache-Status"] == "HIT"  # the old copy until the purge
        time.sleep(0.2)
    assert "Mayenne en fête" in response.text, "not purged within the delay"
    assert response.headers["X-Cache-Status"] == "MISS"
    assert get(cached_stack, MAYENNE + "agenda.ics").headers["X-Cache-Status"] == "MISS"
    time.sleep(REPURGE_SECONDS + 1)  # the job's second purge, before the next test counts HITs


def test_a_session_is_never_served_from_the_cache(cached_stack):
    get(cached_stack, MAYENNE)
    assert get(cached_stack, MAYENNE).headers["X-Cache-Status"] == "HIT"
    for cookie in ("sessionid=abc", "hc_volontaire=abc", "a=1; sessionid=abc; csrftoken=abc"):
        response = get(cached_stack, MAYENNE, cookie=cookie)
        assert response.status == 200
        assert response.headers["X-Cache-Status"] == "BYPASS", cookie


def test_a_visitor_holding_only_a_csrf_cookie_gets_the_cached_page(cached_stack):
    """Whoever once saw a form keeps its CSRF cookie: they still get the copy of a page without
    a form, and a page with a form (its token in it) is never stored for anybody."""
    get(cached_stack, MAYENNE)
    for cookie in ("csrftoken=abc", "a=1; csrftoken=abc"):
        response = get(cached_stack, MAYENNE, cookie=cookie)
        assert response.status == 200
        assert response.headers["X-Cache-Status"] == "HIT", cookie
    for _ in range(2):
        form = get(cached_stack, "/je-participe/", cookie="csrftoken=abc")
        assert form.status == 200
        assert "no-store" in form.headers["Cache-Control"]
        assert form.headers["X-Cache-Status"] in {"MISS", "EXPIRED"}


def test_the_admin_is_never_kept(cached_stack):
    for _ in range(2):
        response = get(cached_stack, "/admin/login/")
        assert response.status == 200
        assert "X-Cache-Status" not in response.headers
        assert "no-store" in response.headers["Cache-Control"]


def purge_from(source: str) -> int:
    connection = http.client.HTTPConnection(
        "127.0.0.1", PORTS[3], timeout=10, source_address=(source, 0)
    )
    try:
        connection.request("PURGE", MAYENNE, headers={"Host": "localhost"})
        return connection.getresponse().status
    finally:
        connection.close()


def test_the_purge_answers_the_loopback_s_own_address_only(cached_stack):
    assert purge_from("127.0.0.1") == 200
    assert purge_from("127.0.0.2") == 403


def test_the_api_s_conditional_requests_behind_the_cache(cached_stack):
    """A public answer is nginx's to revalidate (its copy's ETag); a request that bypasses the
    cache (a cookie, an `Authorization` header) keeps its If-None-Match, so Django answers 304
    itself (cms/middleware.py) instead of the whole answer."""
    browser = Browser(cached_stack, "127.0.0.2")
    first = get(cached_stack, "/api/v2/pages/")
    assert first.status == 200, first.text[:300]
    headers = {"Host": "localhost", "If-None-Match": first.headers["ETag"]}
    assert browser.request("GET", "/api/v2/pages/", headers=headers).status == 304
    for extra in ({"Cookie": "sessionid=abc"}, {"Authorization": "Bearer abc"}):
        assert bypassed_304(browser, extra), extra
    # The volunteer space's answers are never kept, whoever asks.
    space = browser.request(
        "GET", "/api/v2/space/", headers={"Host": "localhost", "Authorization": "Bearer abc"}
    )
    assert space.status == 401 and space.headers["X-Cache-Status"] == "BYPASS"


def bypassed_304(browser: Browser, extra: dict[str, str], tries: int = 5) -> bool:
    """Whether Django itself answers 304 to a request that bypasses the cache, asked with the
    ETag Django gave it last. The worker's jobs (the kit rebuilt after the publication of the
    first test, its purges) write rows the API may show while this runs: each renews the API's
    generation, and a 200 with a new ETag is then the right answer, asked again with it."""
    headers = {"Host": "localhost", **extra}
    etag = browser.request("GET", "/api/v2/pages/", headers=headers).headers["ETag"]
    for _ in range(tries):
        response = browser.request(
            "GET", "/api/v2/pages/", headers={**headers, "If-None-Match": etag}
        )
        assert response.headers["X-Cache-Status"] == "BYPASS", extra
        if response.status == 304:
            return True
        assert response.status == 200, response.status
        # A whole answer only for a generation that moved on: never the same ETag again.
        assert response.headers["ETag"] != etag, "a 200 with the ETag asked for"
        etag = response.headers["ETag"]
        time.sleep(1)
    return False
