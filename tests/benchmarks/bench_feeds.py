"""A feed of 1,000 actions: its build as a ratio to serializing the same events with bare
icalendar (goal: under 1.5), a repeat request served from the cache and a 304 answer as
ratios to a build (goal for the repeat: under 0.1).

Run with `make bench` (or `pytest -m benchmark -s`); the figures are printed, never asserted.
"""

import datetime as dt
import time

import pytest
from django.core.cache import cache
from icalendar import Calendar, Event, Timezone

from pages.agenda.recurrence import PARIS
from pages.models import ActionPage
from tests.pages.conftest import (  # noqa: F401 (fixtures)
    agenda_now,
    agenda_tree,
    themed_laval_page,
    themed_mayenne_page,
)

pytestmark = [pytest.mark.benchmark]
ACTIONS = 1000
URL = "/mayenne/laval/agenda.ics"


def best_of(runs: int, function) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return min(times)


def bare_icalendar(actions) -> bytes:
    """The same events, with the same properties, built with icalendar alone from objects
    already in memory: the floor a feed can't go under."""
    calendar = Calendar()
    calendar.add("prodid", "-//bench//")
    calendar.add("version", "2.0")
    calendar.add_component(Timezone.from_tzid("Europe/Paris"))
    for action in actions:
        url = f"http://testserver/mayenne/laval/actions/{action.slug}/"
        event = Event()
        event.add("uid", f"{action.uid}@bench")
        event.add("dtstamp", action.last_published_at or action.start)
        event.add("last-modified", action.last_published_at or action.start)
        event.add("sequence", action.sequence)
        event.add("summary", action.title)
        event.add("description", f"{action.description}\n\n{url}")
        event.add("url", url)
        event.add("location", f"{action.address}, Laval")
        event.add("categories", ["Une action collective pour la commune"])
        event.add("status", "CONFIRMED")
        event.add("dtstart", action.start.astimezone(PARIS))
        event.add("dtend", action.end.astimezone(PARIS))
        calendar.add_component(event)
    return calendar.to_ical()


def test_a_feed_of_a_thousand_actions(client, agenda_tree, agenda_now):  # noqa: F811
    index = agenda_tree["laval"]
    for number in range(ACTIONS):
        start = agenda_now + dt.timedelta(hours=3 * number)
        index.add_child(
            instance=ActionPage(
                title=f"Action {number}",
                slug=f"action-{number}",
                description="Une heure pour les voisins; venez, c'est près de chez vous.",
                kind="collective",
                address="Place de la Mairie",
                start=start,
                end=start + dt.timedelta(hours=2),
            )
        )
    client.get("/mayenne/laval/")  # the site's root paths, as on a running site
    actions = list(ActionPage.objects.live().order_by("start"))

    bare = best_of(3, lambda: bare_icalendar(actions))

    def cold():
        cache.clear()
        assert client.get(URL).status_code == 200

    build = best_of(3, cold)
    first = client.get(URL)
    repeat = best_of(5, lambda: client.get(URL))
    not_modified = best_of(5, lambda: client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"]))

    print()
    print(f"feed of {ACTIONS} actions: {build * 1000:.0f} ms to build (database included)")
    print(f"  bare icalendar, same events: {bare * 1000:.0f} ms")
    print(f"  build / bare icalendar:      {build / bare:.2f}  (goal: under 1.5)")
    print(f"  repeat from cache / build:   {repeat / build:.3f}  (goal: under 0.1)")
    print(f"  304 answer / build:          {not_modified / build:.3f}")
