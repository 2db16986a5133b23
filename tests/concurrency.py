"""Runs the same request in several threads released at once, each with its own database
connection, for the tests of double clicks and simultaneous reviewers. They need
`django_db(transaction=True)`: the threads see only what is committed. On SQLite (a file, see
cms/settings/test.py) the IMMEDIATE transactions serialise them; on PostgreSQL they race."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import close_old_connections, connection


def at_once(count: int, work: Callable[[int], object], timeout: float = 30) -> list:
    """`work(n)` for n in range(count), started together; their results in order, an exception
    raised by one standing as its result."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(n: int) -> None:
        try:
            barrier.wait(timeout)
            results[n] = work(n)
        except Exception as error:  # the test asserts on it
            results[n] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return results


def failures(results: list) -> list:
    return [result for result in results if isinstance(result, BaseException)]
