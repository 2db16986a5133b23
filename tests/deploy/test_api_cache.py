"""The API's conditional requests through deploy/nginx/ as deployed: the 304 reaches the client
with its CORS headers, whether nginx answers it from its copy or Django answers it (a request
that bypasses the cache); a stale copy is revalidated with Django's cheap 304
(proxy_cache_revalidate, core/api_cache.py) instead of being built again. On ports 8160-8163."""

from __future__ import annotations

import time

import pytest

from .test_proxy import Browser, running_stack

pytestmark = pytest.mark.deploy

PORTS = [8160, 8161, 8162, 8163]  # gunicorn, HTTP, HTTPS, purge
ORIGIN = "https://front.example.org"
PAGES = "/api/v2/pages/"


@pytest.fixture(scope="module")
def api_stack(tmp_path_factory):
    extra = {"CORS_ALLOWED_ORIGINS": ORIGIN, "API_CACHE_MAX_AGE": "1"}
    with running_stack(tmp_path_factory.mktemp("api"), ports=PORTS, extra_env=extra) as running:
        yield running


def get(stack, **headers):
    return Browser(stack, "127.0.0.2").request(
        "GET", PAGES, headers={"Host": "localhost", "Origin": ORIGIN, **headers}
    )


def test_the_304_passes_with_its_cors_headers(api_stack):
    first = get(api_stack)
    assert first.status == 200, first.text[:300]
    assert first.headers["Access-Control-Allow-Origin"] == ORIGIN
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]

    for conditional in ({"If-None-Match": etag}, {"If-Modified-Since": last_modified}):
        again = get(api_stack, **conditional)
        assert again.status == 304, (conditional, again.headers)
        assert again.text == ""
        assert again.headers["Access-Control-Allow-Origin"] == ORIGIN
        assert again.headers["ETag"] == etag
    # A request that bypasses nginx's cache: Django's own 304, with the same headers.
    bypass = get(api_stack, **{"If-None-Match": etag, "Authorization": "Bearer abc"})
    assert bypass.headers["X-Cache-Status"] == "BYPASS"
    assert bypass.status == 304
    assert bypass.headers["Access-Control-Allow-Origin"] == ORIGIN
    assert "ETag" in bypass.headers["Access-Control-Expose-Headers"]
    # Another origin gets no CORS header, 304 or not.
    other = get(api_stack, **{"If-None-Match": etag, "Origin": "https://autre.example"})
    assert "Access-Control-Allow-Origin" not in other.headers


def test_a_stale_copy_is_revalidated_by_django_s_304(api_stack):
    first = get(api_stack)
    assert first.status == 200
    # Past the copy's max-age (API_CACHE_MAX_AGE=1). nginx counts in whole seconds and keeps a
    # copy fresh through the second its max-age ends in: one stored at 10.3 s (valid_sec 11) is
    # still a HIT at 11.8 s. Two seconds are past it whenever the copy was stored.
    time.sleep(2.1)
    again = get(api_stack)
    assert again.status == 200
    assert again.headers["X-Cache-Status"] == "REVALIDATED"
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.text == first.text
