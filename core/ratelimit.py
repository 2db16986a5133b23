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


CLIENT = "client"
TARGET = "target"


def _target_key(scope: str, target: str) -> str:
    digest = hashlib.sha256(target.strip().lower().encode()).hexdigest()
    return f"ratelimit:{scope}:target:{digest}"


def which_limit(
    scope: str,
    address: str,
    *,
    limit: int,
    window: int,
    target: str = "",
    target_limit: int | None = None,
) -> str:
    """Counts one attempt of `scope` (e.g. "sign-up") from the client at `address`, and one aimed
    at `target` (e.g. the e-mail address typed in the form) if given. Says which limit is passed
    within `window` seconds: "" for none, CLIENT when the client's (`limit`; the client is told),
    TARGET when only the target's (`target_limit`, `limit` by default).

    A caller that sends an e-mail to a typed address answers TARGET as it answers a success and
    sends nothing: many clients then cannot flood one mailbox, and the answer reveals nothing
    about the address. Each scope counts apart, so one form's attempts do not spend another's.
    The target is hashed (case and spaces ignored): no e-mail address is kept in the cache.
    """
    client_over = _count(f"ratelimit:{scope}:client:{address}", window) > limit
    target_over = False
    if target.strip():
        ceiling = limit if target_limit is None else target_limit
        target_over = _count(_target_key(scope, target), window) > ceiling
    if client_over:
        return CLIENT
    return TARGET if target_over else ""


def over_limit(scope: str, address: str, *, limit: int, window: int, target: str = "") -> bool:
    """Counts one attempt of `scope` from the client at `address`, and one aimed at `target` if
    given; True when either count is past `limit` within `window` seconds (which_limit)."""
    return bool(which_limit(scope, address, limit=limit, window=window, target=target))
