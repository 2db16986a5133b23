"""Versions kept in the cache (core/versions.py): renewed at once and once more when the
transaction commits, one renewal per transaction for all the keys it changed; started from the
clock when missing."""

import time

from django.core.cache import cache
from django.db import transaction

from core.versions import Versions, _RenewalAtCommit

FAMILY = Versions(60)


def renewals(callbacks) -> list[_RenewalAtCommit]:
    return [each for each in callbacks if isinstance(each, _RenewalAtCommit)]


def test_a_missing_version_starts_from_the_clock(db):
    before = time.time_ns()
    found = FAMILY.current(["a", "b"])
    assert before <= found["a"] == found["b"] <= time.time_ns()
    assert FAMILY.current(["a", "b", "c"])["a"] == found["a"]  # kept


def test_a_transaction_renews_every_key_it_changed_once_at_commit(
    db, django_capture_on_commit_callbacks
):
    kept = FAMILY.current(["a", "b", "c"])
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        FAMILY.changed(["a"])
        FAMILY.changed(["b", "a"])
        during = FAMILY.current(["a", "b", "c"])
    assert during["a"] > kept["a"] and during["b"] > kept["b"]
    assert during["c"] == kept["c"]
    [renewal] = renewals(callbacks)
    assert list(renewal.keys) == ["a", "b"]
    renewal()
    after = FAMILY.current(["a", "b", "c"])
    assert after["a"] > during["a"] and after["b"] > during["b"]
    assert after["c"] == kept["c"]


def test_a_savepoint_rolled_back_takes_its_renewal_with_it(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks, transaction.atomic():
        try:
            with transaction.atomic():
                FAMILY.changed(["a"])
                raise RuntimeError
        except RuntimeError:
            pass
        FAMILY.changed(["b"])
    [renewal] = renewals(callbacks)
    assert list(renewal.keys) == ["b"]


def test_a_cache_that_keeps_nothing_gives_a_new_version_each_time(db, monkeypatch):
    monkeypatch.setattr(cache, "get_many", lambda keys: {})
    first = FAMILY.current(["a"])["a"]
    assert FAMILY.current(["a"])["a"] > first
