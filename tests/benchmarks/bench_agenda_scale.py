"""The national agenda and a commune page with N and then 10×N actions under a commune, each
as a ratio to a trivial view (/health/) measured in the same run (issue 18: before the
occurrences table, /actions/ went from 310× to 1,916× a trivial view between ×1 and ×100 data).
Goal: the ratio at 10×N within 1.2× the one at N.

Run with `make bench` (or `pytest -m benchmark -s tests/benchmarks/bench_agenda_scale.py`);
the figures are printed, never asserted.
"""

import datetime as dt
import time

import pytest

from pages.models import ActionPage
from tests.pages.conftest import (  # noqa: F401 (fixtures)
    agenda_now,
    agenda_tree,
    themed_laval_page,
    themed_mayenne_page,
)

pytestmark = [pytest.mark.benchmark]
N = 100
URLS = ["/actions/", "/mayenne/laval/actions/", "/mayenne/laval/"]
TRIVIAL = "/health/"


def best_of(runs: int, function) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def add_actions(index, at, first: int, last: int) -> None:
    """Actions of the commune, one every three hours, every tenth a weekly series."""
    for number in range(first, last):
        start = at + dt.timedelta(hours=3 * number)
        index.add_child(
            instance=ActionPage(
                title=f"Action {number}",
                slug=f"action-{number}",
                description="Une heure pour les voisins; venez, c'est près de chez vous.",
                kind="collective",
                address="Place de la Mairie",
                start=start,
                end=start + dt.timedelta(hours=2),
                recurrence_frequency="weekly" if number % 10 == 0 else "",
            )
        )


def ratios(client) -> dict[str, float]:
    """Each URL's best time as a ratio to the trivial view's; the trivial view's, in ms."""
    for url in (TRIVIAL, *URLS):
        assert client.get(url).status_code == 200  # warm: caches, the site's root paths
    trivial = best_of(20, lambda: client.get(TRIVIAL))
    found = {url: best_of(10, lambda url=url: client.get(url)) / trivial for url in URLS}
    return {**found, TRIVIAL: trivial * 1000}


def test_the_agenda_costs_as_much_with_ten_times_more_actions(
    client,
    agenda_tree,  # noqa: F811
    agenda_now,  # noqa: F811
):
    index = agenda_tree["laval"]
    add_actions(index, agenda_now, 0, N)
    small = ratios(client)
    add_actions(index, agenda_now, N, 10 * N)
    big = ratios(client)
    print(f"\nAgenda at {N} and {10 * N} actions, as ratios to {TRIVIAL} (goal: 10×N / N ≤ 1.2)")
    print(f"  {TRIVIAL} itself: N: {small[TRIVIAL]:.2f} ms   10×N: {big[TRIVIAL]:.2f} ms")
    for url in URLS:
        print(
            f"  {url:28} N: {small[url]:7.1f}×   10×N: {big[url]:7.1f}×"
            f"   10×N / N: {big[url] / small[url]:.2f}"
        )
