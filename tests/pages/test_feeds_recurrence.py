"""Recurring actions in the feeds, expanded by recurring_ical_events as a calendar application
does, give the very dates the site gives (ActionPage.occurrences)."""

import datetime as dt

import pytest
import recurring_ical_events
from icalendar import Calendar

from pages.agenda.recurrence import PARIS
from pages.models import ActionCancellation, ActionPage


def expanded(client, action) -> list[dt.datetime]:
    url = f"/mayenne/laval/actions/{action.slug}/agenda.ics"
    response = client.get(url)
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    (event,) = [event for event in calendar.walk("VEVENT") if "RECURRENCE-ID" not in event]
    assert event["DTSTART"].params.get("TZID") == "Europe/Paris" or action.all_day
    found = recurring_ical_events.of(calendar).between(dt.date(2027, 1, 1), dt.date(2029, 1, 1))
    # The site leaves the cancelled dates out of its list; the feed marks them cancelled.
    return sorted(item["DTSTART"].dt for item in found if item["STATUS"] != "CANCELLED")


def site_dates(action) -> list[dt.datetime]:
    action = ActionPage.objects.get(pk=action.pk)
    return [item.start for item in action.occurrences()]


@pytest.mark.parametrize(
    "fields",
    [
        # Entered on a Sunday, repeated on Mondays and Thursdays: the Sunday isn't a date.
        {"recurrence_frequency": "weekly", "recurrence_weekdays": "MO,TH"},
        # Entered on the last Sunday, repeated on the first Sunday of each month.
        {"recurrence_frequency": "monthly", "recurrence_monthly_position": 1},
        {"recurrence_frequency": "monthly", "recurrence_monthly_position": -1},
        {"recurrence_frequency": "weekly", "recurrence_interval": 2},
    ],
)
@pytest.mark.parametrize("end", ["count", "until"])
def test_the_feed_gives_the_sites_dates(client, agenda_tree, add_action, fields, end):
    start = dt.datetime(2027, 1, 31, 10, tzinfo=PARIS)  # a Sunday
    limit = {"recurrence_count": 12} if end == "count" else {}
    if end == "until":
        limit = {"recurrence_until": dt.date(2027, 11, 30)}
    action = add_action(
        agenda_tree["laval"],
        "Série",
        start,
        publish=True,
        slug="serie",
        cancellations=[ActionCancellation(date=dt.date(2027, 3, 4))],
        **fields,
        **limit,
    )
    ours = site_dates(action)
    theirs = [moment.astimezone(dt.UTC) for moment in expanded(client, action)]
    assert ours and theirs == ours
    assert {moment.astimezone(PARIS).hour for moment in theirs} == {10}


def test_an_all_day_series_gives_the_sites_days(client, agenda_tree, add_action):
    start = dt.datetime(2027, 1, 31, 0, tzinfo=PARIS)
    action = add_action(
        agenda_tree["laval"],
        "Journées",
        start,
        publish=True,
        slug="journees",
        all_day=True,
        recurrence_frequency="weekly",
        recurrence_weekdays="SA",
        recurrence_until=dt.date(2027, 4, 30),
    )
    ours = [moment.astimezone(PARIS).date() for moment in site_dates(action)]
    assert expanded(client, action) == ours
