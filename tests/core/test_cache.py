"""The production cache degrades to no cache (core/cache.py): with Redis unreachable or stopped,
public pages still answer, one warning a minute says so; with Redis there, it caches."""

import logging
import shutil
import socket
import subprocess
import time
import uuid

import pytest
from django.core import mail
from django.core.cache import cache

from core import cache as resilient
from core.ratelimit import over_limit
from tests.volunteers.conftest import sign_up_data
from volunteers.models import Volunteer

pytestmark = pytest.mark.django_db


def redis_cache(settings, url: str) -> None:
    """Points the default cache at `url`, as production's settings do, with a fresh state."""
    resilient._outages.pop(url, None)
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"test-ops-{uuid.uuid4().hex}",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "core.cache"]


@pytest.fixture
def unreachable(settings):
    url = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    redis_cache(settings, url)
    return resilient.outage_of([url])


def test_public_pages_answer_with_the_cache_unreachable(client, laval_page, unreachable, caplog):
    caplog.set_level(logging.WARNING, logger="core.cache")
    for _ in range(3):
        assert client.get("/").status_code == 200
        assert client.get("/mayenne/laval/").status_code == 200
        assert client.get("/mayenne/laval/agenda.ics").status_code == 200
        assert client.get("/en/mayenne/agenda.ics").status_code == 200
        assert client.get("/je-participe/").status_code == 200
        assert client.get("/mayenne/laval/je-participe/").status_code == 200
    # The rate limiter fails open: signing up goes on, the e-mail goes out.
    response = client.post("/je-participe/", sign_up_data())
    assert response.status_code == 302
    assert Volunteer.objects.count() == 1
    assert len(mail.outbox) == 1
    # Many failed calls, one warning, naming no password nor any key.
    logged = warnings_of(caplog)
    assert len(logged) == 1
    assert "cache unavailable" in logged[0]
    assert "location=127.0.0.1:1/0" in logged[0]
    assert "error=ConnectionError" in logged[0]


def test_a_warning_a_minute_counts_the_calls_failed_meanwhile(client, unreachable, caplog):
    caplog.set_level(logging.WARNING, logger="core.cache")
    for _ in range(5):
        assert cache.get("anything") is None
    assert len(warnings_of(caplog)) == 1
    # A minute later, Redis tried again (its few seconds of rest over): a second warning.
    unreachable.logged_at -= resilient.LOG_EVERY_SECONDS + 1
    unreachable.down_until = 0
    assert cache.get("anything", "default") == "default"
    logged = warnings_of(caplog)
    assert len(logged) == 2
    assert "failed_calls=5" in logged[1]  # the four skipped after the first, and this one


def test_every_call_answers_a_miss(unreachable):
    assert cache.get("k") is None
    assert cache.get("k", 7) == 7
    assert cache.get_many(["k", "l"]) == {}
    assert cache.has_key("k") is False
    assert cache.add("k", 1, 60) is True  # as if free: a kit is queued, a counter starts
    assert cache.set("k", 1, 60) is None
    assert sorted(cache.set_many({"k": 1, "l": 2}, 60)) == ["k", "l"]  # none was kept
    assert cache.touch("k", 60) is False
    assert cache.delete("k") is False
    assert cache.delete_many(["k", "l"]) is None
    assert cache.get_or_set("k", 3) == 3
    with pytest.raises(ValueError):
        cache.incr("k")
    assert cache.clear() is False


def test_the_rate_limiter_fails_open(unreachable):
    """Without its counters, the limiter lets everyone through rather than no one: refusing
    every sign-up for the length of a cache outage would be the outage's worst effect."""
    for _ in range(5):
        assert (
            over_limit("test", "192.0.2.1", limit=1, window=60, target="a@exemple.invalid") is False
        )


def test_a_feed_is_never_answered_304_from_a_version_that_was_not_kept(
    client, laval_page, unreachable
):
    first = client.get("/mayenne/laval/agenda.ics")
    assert first.status_code == 200
    again = client.get("/mayenne/laval/agenda.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert b"BEGIN:VCALENDAR" in again.content


def test_with_redis_there_the_cache_caches(client, settings, laval_page, caplog):
    caplog.set_level(logging.WARNING, logger="core.cache")
    redis_cache(settings, "redis://127.0.0.1:6379/13")
    assert cache.add("counter", 1, 60) is True
    assert cache.add("counter", 1, 60) is False
    assert cache.incr("counter") == 2
    cache.set_many({"a": 1, "b": [2]}, 60)
    assert cache.get_many(["a", "b", "c"]) == {"a": 1, "b": [2]}
    assert cache.delete("a") is True
    assert cache.get("a") is None
    # A feed's version is kept: the same ETag, and a conditional request answered 304.
    first = client.get("/mayenne/laval/agenda.ics")
    again = client.get("/mayenne/laval/agenda.ics", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    cache.delete_many(["counter", "b", "c"])
    assert warnings_of(caplog) == []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_redis(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [shutil.which("redis-server") or "redis-server", "--port", str(port)]
        + ["--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.1).close()
            return server
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("redis-server did not start")


def test_redis_stopped_then_started_again(client, settings, laval_page, caplog):
    """A Redis server of the test's own, stopped under the site and started again."""
    caplog.set_level(logging.WARNING, logger="core.cache")
    port = free_port()
    url = f"redis://127.0.0.1:{port}/0"
    server = start_redis(port)
    try:
        redis_cache(settings, url)
        cache.set("before", 1, 60)
        assert cache.get("before") == 1
        server.terminate()
        server.wait(10)
        for _ in range(3):
            assert client.get("/").status_code == 200
            assert client.get("/mayenne/laval/").status_code == 200
            assert client.get("/mayenne/laval/agenda.ics").status_code == 200
        assert len(warnings_of(caplog)) == 1
        server = start_redis(port)
        resilient.outage_of([url]).down_until = 0  # its few seconds of rest, skipped
        cache.set("after", 2, 60)
        assert cache.get("after") == 2
        assert warnings_of(caplog)[-1] == "cache available again"
    finally:
        server.kill()
        server.wait(10)
