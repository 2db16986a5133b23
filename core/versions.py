"""Versions kept in the cache: a stamp that a change renews, so that what was computed or
promised under the previous one (the API's ETags: core/api_cache.py; the figures counted once:
volunteers/hours.py; the layout's chrome: pages/services.py; the iCalendar feeds, one version
per page: pages/agenda/feeds.py) is never taken as current again.

A version is renewed at once (a read later in the same transaction doesn't take what was kept
under the old one), and again when the transaction commits, once per transaction however many
rows it writes (another request that read the data of before meanwhile may have kept its result
under the version of the first renewal). Missing from the cache (never set, evicted, the cache
restarted or unreachable: core/cache.py), a version starts from the clock, so it meets nothing
kept before.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence

from django.core.cache import cache
from django.db import transaction


class Versions:
    """A family of versions, each named by its cache key (a feed's page path...): those a change
    names are renewed together, with one stamp, and those a transaction changed again when it
    commits, in one write."""

    def __init__(self, seconds: int | None):
        self.seconds = seconds  # None: kept until evicted

    def current(self, keys: Sequence[str]) -> dict[str, int]:
        """The versions of `keys`, those missing set to now (one cache read when all are kept)."""
        found = cache.get_many(keys)
        missing = [key for key in keys if key not in found]
        if missing:
            stamp = time.time_ns()
            for key in missing:
                cache.add(key, stamp, self.seconds)
            # Another process may have added it meanwhile; a cache that keeps nothing (Redis
            # unreachable) gives a new version each time, so nothing kept before matches.
            found = dict.fromkeys(missing, stamp) | found | cache.get_many(missing)
        return found

    def renew(self, keys: Iterable[str]) -> None:
        cache.set_many(dict.fromkeys(keys, time.time_ns()), self.seconds)

    def changed(self, keys: Iterable[str]) -> None:
        """What was kept under the versions of `keys` is stale."""
        keys = list(dict.fromkeys(keys))
        self.renew(keys)
        connection = transaction.get_connection()
        if not connection.in_atomic_block:
            return  # committed already
        # The transaction's renewal, unless a savepoint rolled back took it away.
        at_commit = next(
            (
                func
                for _savepoints, func, _robust in connection.run_on_commit
                if isinstance(func, _RenewalAtCommit) and func.versions is self
            ),
            None,
        )
        if at_commit is None:
            at_commit = _RenewalAtCommit(self)
            transaction.on_commit(at_commit)
        at_commit.keys.update(dict.fromkeys(keys))


class _RenewalAtCommit:
    """The keys a transaction changed, renewed once it commits."""

    def __init__(self, versions: Versions) -> None:
        self.versions = versions
        self.keys: dict[str, None] = {}

    def __call__(self) -> None:
        self.versions.renew(self.keys)


class Version:
    """One version, under one key (the API's generation, the figures')."""

    def __init__(self, key: str, seconds: int | None):
        self.key = key
        self._versions = Versions(seconds)

    def current(self) -> int:
        return self._versions.current([self.key])[self.key]

    def renew(self) -> None:
        self._versions.renew([self.key])

    def changed(self, **kwargs) -> None:
        """What was kept under this version is stale (a signal receiver too: `kwargs`)."""
        self._versions.changed([self.key])
