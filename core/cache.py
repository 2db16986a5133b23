"""The cache of production (Redis), made to degrade instead of failing: with Redis unreachable,
stopped or too slow, every cache call answers as a cache that keeps nothing would (a miss), so
public pages are built from the database instead of answering 500.

One warning a minute per process says the cache is down (not one per request), with the number
of calls that failed meanwhile. After a failure, the calls of the next few seconds don't even try
Redis: a host that drops packets would otherwise cost each call its connection timeout.

What each call answers while Redis is unreachable:
- `get`, `get_many`, `has_key`, `touch`, `delete`: the default, `{}`, False, False, False;
- `set`, `set_many`, `delete_many`, `clear`: nothing is kept (`set_many` names every key unset);
- `add`: True, as if the key was free. The project's `add`s start counters (core/ratelimit.py)
  and guard against doing work twice (a kit queued once, kits/services.py): done twice is
  better than never;
- `incr`/`decr`: ValueError, Django's answer for a key that isn't there.

The rate limits therefore fail open while Redis is down: every attempt counts as a first one.
Failing closed would refuse every sign-up and link request for the length of the outage, the
worst of its effects; counting in the database instead would need a table written on every
public post, to guard against a flood during what should be minutes. The honeypot still holds,
and the warning says the limits are off.
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import ReadOnlyError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("core.cache")

# Connection refused, host unreachable, timeouts, a replica promoted read-only: Redis is not
# there to keep anything. Other errors (a wrong command) are bugs and still raise.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, ReadOnlyError)

LOG_EVERY_SECONDS = 60
RETRY_AFTER_SECONDS = 5


class _Outage:
    """The state of one Redis location, shared by the threads of a process (Django gives each
    thread its own cache object)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.down_until = 0.0  # monotonic time before which Redis isn't tried again
        self.logged_at: float | None = None  # monotonic time of the last warning
        self.failures = 0  # calls failed since the last warning
        self.reported = False  # a warning was logged and Redis hasn't answered since

    def is_down(self) -> bool:
        return time.monotonic() < self.down_until

    def failed(self, location: str, error: Exception | None) -> None:
        now = time.monotonic()
        with self.lock:
            if error is not None:
                self.down_until = now + RETRY_AFTER_SECONDS
            self.failures += 1
            if self.logged_at is not None and now - self.logged_at < LOG_EVERY_SECONDS:
                return
            failures, self.failures, self.logged_at, self.reported = self.failures, 0, now, True
        # The location names the host, port and database, never a password (see _location).
        logger.warning(
            "cache unavailable, serving without cache (rate limits off): "
            "location=%s error=%s failed_calls=%d",
            location,
            type(error).__name__ if error is not None else "skipped",
            failures,
        )

    def answered(self) -> None:
        if not self.reported:  # the usual case, without taking the lock
            return
        with self.lock:
            reported, self.reported = self.reported, False
        if reported:
            logger.warning("cache available again")


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def outage_of(servers: list[str]) -> _Outage:
    key = ",".join(servers)
    with _outages_lock:
        return _outages.setdefault(key, _Outage())


def _location(url: str) -> str:
    """host:port/db of a Redis URL, without the user or password it may carry."""
    return url.rsplit("@", 1)[-1].split("://", 1)[-1]


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering a miss when Redis is unavailable (see the module)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._outage = outage_of(self._servers)
        self._where = ",".join(_location(url) for url in self._servers)

    def _call(self, method, missed, *args, **kwargs):
        if self._outage.is_down():
            self._outage.failed(self._where, None)
            return missed()
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except UNAVAILABLE as error:
            self._outage.failed(self._where, error)
            return missed()
        self._outage.answered()
        return result

    def get(self, key, default=None, version=None):
        return self._call("get", lambda: default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", dict, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", lambda: False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", lambda: True, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", lambda: None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", lambda: list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", lambda: False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", lambda: False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", lambda: None, keys, version)

    def incr(self, key, delta=1, version=None):
        def missed():
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")

        return self._call("incr", missed, key, delta, version)

    def clear(self):
        return self._call("clear", lambda: False)
