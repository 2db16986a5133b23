"""The feeds read back by two parsers, Mozilla's ical.js (Thunderbird's, run by node) and
recurring_ical_events (tests/pages/icaljs.py): the same instants, titles and statuses."""

import datetime as dt

from pages.agenda.recurrence import PARIS
from pages.models import ActionCancellation

from .icaljs import agreed, icaljs

YEAR_START = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
YEAR_END = dt.datetime(2027, 11, 29, tzinfo=dt.UTC)  # the feeds' window ends a year from today


def feed(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    return response.content


def test_the_harness_reads_a_winter_series_with_both_parsers(client, agenda_tree, add_action):
    add_action(
        agenda_tree["laval"],
        "Soupe partagée",
        dt.datetime(2027, 1, 5, 18, tzinfo=PARIS),
        publish=True,
        slug="soupe",
        recurrence_frequency="weekly",
        recurrence_count=4,
        cancellations=[ActionCancellation(date=dt.date(2027, 1, 12), reason="Salle prise")],
    )
    body = feed(client, "/mayenne/laval/agenda.ics")
    found = agreed(body, YEAR_START, YEAR_END)["occurrences"]
    assert [item["start"] for item in found] == [
        "2027-01-05T17:00:00Z",
        "2027-01-19T17:00:00Z",
        "2027-01-26T17:00:00Z",
    ]
    assert {item["summary"] for item in found} == {"Soupe partagée"}
    # Nothing was left out of the comparison: ical.js read the same three.
    assert len(icaljs(body, YEAR_START, YEAR_END)["occurrences"]) == 3
