"""One rate limiter for every public form: it counts a client's attempts (and, when the caller
names one, the attempts aimed at one target, e.g. the e-mail address a link is asked for) over a
fixed window, in the cache, so that a flood of posts is refused before it costs anything."""

from __future__ import annotations

import hashlib

from django.core.cache import cache


def _count(key: str, window: int) -> int:
    """Adds one to the counter `key`, which starts at the first attempt and lives `window`
    seconds. `add` then `incr` are each atomic in Redis (the production cache), so two posts at
    once are both counted; the file cache of development only approximates it."""
    if cache.add(key, 1, window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the counter expired between the two calls: a new window starts
        cache.set(key, 1, window)
        return 1


def over_limit(scope: str, address: str, *, limit: int, window: int, target: str = "") -> bool:
    """Counts one attempt of `scope` (e.g. "sign-up") from the client at `address`, and one aimed
    at `target` if given; True when either count is past `limit` within `window` seconds.

    Each scope counts apart, so one form's attempts do not spend another's. The target is
    hashed: no e-mail address is kept in the cache.
    """
    over = _count(f"ratelimit:{scope}:client:{address}", window) > limit
    if target:
        digest = hashlib.sha256(target.strip().lower().encode()).hexdigest()
        over = _count(f"ratelimit:{scope}:target:{digest}", window) > limit or over
    return over
