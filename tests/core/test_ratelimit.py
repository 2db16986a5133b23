"""The one rate limiter: attempts counted per client (and per target when one is named), in the
cache, over a window that ends."""

import time

from django.core.cache import cache

from core.ratelimit import CLIENT, TARGET, over_limit, which_limit


def attempts(count: int, address: str, **kwargs) -> list[bool]:
    kwargs = {"limit": 3, "window": 60, **kwargs}
    return [over_limit("test-form", address, **kwargs) for _n in range(count)]


def test_the_limit_holds_after_the_last_allowed_attempt():
    assert attempts(5, "192.0.2.10") == [False, False, False, True, True]


def test_two_clients_are_counted_apart():
    assert attempts(3, "192.0.2.10") == [False] * 3
    assert attempts(1, "192.0.2.10") == [True]
    assert attempts(3, "198.51.100.7") == [False] * 3


def test_two_forms_are_counted_apart():
    attempts(4, "192.0.2.10")
    assert not over_limit("other-form", "192.0.2.10", limit=3, window=60)


def test_a_target_is_counted_across_clients():
    """Asking a link for one address from many connections still reaches its limit."""
    results = [
        over_limit("test-form", f"192.0.2.{n}", limit=3, window=60, target="Camille@Example.org")
        for n in range(4)
    ]
    assert results == [False, False, False, True]
    # Another target from a fresh client is not held back by the first one's count.
    assert not over_limit("test-form", "192.0.2.99", limit=3, window=60, target="alex@example.org")


def test_the_target_is_not_kept_in_clear_in_the_cache():
    over_limit("test-form", "192.0.2.10", limit=3, window=60, target="camille@example.org")
    keys = list(cache._cache)  # the test settings' local-memory cache
    assert keys and not [key for key in keys if "camille" in key]


def test_the_window_ends():
    assert attempts(4, "192.0.2.10", window=1)[-1] is True
    time.sleep(1.1)
    assert attempts(1, "192.0.2.10", window=1) == [False]


def test_which_limit_says_whose_limit_is_passed():
    """The client is told; a target past its own, lower limit is answered as a success."""
    kwargs = {"limit": 3, "window": 60, "target_limit": 1}
    assert which_limit("test-form", "192.0.2.1", target="a@example.org", **kwargs) == ""
    assert which_limit("test-form", "192.0.2.2", target=" A@Example.org", **kwargs) == TARGET
    assert which_limit("test-form", "192.0.2.2", target="b@example.org", **kwargs) == ""
    assert which_limit("test-form", "192.0.2.2", **kwargs) == ""
    assert which_limit("test-form", "192.0.2.2", target="a@example.org", **kwargs) == CLIENT
    # A blank target is no target: it is not counted as one address shared by everyone.
    assert which_limit("test-form", "192.0.2.3", target=" ", **kwargs) == ""
    assert which_limit("test-form", "192.0.2.4", target=" ", **kwargs) == ""
