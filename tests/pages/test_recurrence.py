"""pages/agenda/recurrence.py: the editor's fields to an RRULE, and occurrences in Paris wall time,
checked against what a calendar application computes from the same rule (dateutil through
icalendar and recurring_ical_events)."""

import datetime as dt

import pytest
import recurring_ical_events
from icalendar import Calendar, Event, vRecur

from pages.agenda import recurrence
from pages.agenda.recurrence import PARIS, RecurrenceError


def paris(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=PARIS)


def rule(**fields) -> str:
    defaults = {
        "frequency": "monthly",
        "interval": 1,
        "weekdays": "",
        "monthly_position": 0,
        "until": None,
        "count": None,
        "start": paris(2027, 1, 31, 10),
        "all_day": False,
    }
    return recurrence.build_rrule(**{**defaults, **fields})


def test_rules_from_the_editors_fields():
    assert rule(frequency="") == ""
    assert rule(monthly_position=-1, count=5) == "FREQ=MONTHLY;BYDAY=-1SU;COUNT=5"
    assert rule(monthly_position=1, interval=2) == "FREQ=MONTHLY;INTERVAL=2;BYDAY=1SU"
    assert rule() == "FREQ=MONTHLY;BYMONTHDAY=31"
    assert rule(frequency="weekly", weekdays="we, mo") == "FREQ=WEEKLY;BYDAY=MO,WE"
    assert rule(frequency="weekly") == "FREQ=WEEKLY;BYDAY=SU"


def test_until_is_the_utc_end_of_the_day_or_a_date_for_a_whole_day():
    # 23:59:59 in Paris on 30 June 2027 (summer time) is 21:59:59 UTC.
    assert rule(frequency="weekly", until=dt.date(2027, 6, 30)).endswith("UNTIL=20270630T215959Z")
    assert rule(frequency="weekly", until=dt.date(2027, 12, 31)).endswith("UNTIL=20271231T225959Z")
    assert rule(frequency="weekly", until=dt.date(2027, 6, 30), all_day=True).endswith(
        "UNTIL=20270630"
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"until": dt.date(2027, 6, 30), "count": 3},
        {"until": dt.date(2026, 1, 1)},
        {"frequency": "weekly", "weekdays": "MO,XX"},
        {"frequency": "yearly"},
    ],
)
def test_rules_that_make_no_sense_are_refused_with_a_message(fields):
    with pytest.raises(RecurrenceError) as error:
        rule(**fields)
    assert str(error.value)


def test_the_last_sunday_stays_at_10_in_paris_across_daylight_saving():
    start = paris(2027, 1, 31, 10)
    found = recurrence.occurrences(
        start=start,
        end=start + dt.timedelta(hours=2),
        rrule=rule(monthly_position=-1, until=dt.date(2027, 12, 31)),
    )
    assert len(found) == 12
    assert {item.local_start.hour for item in found} == {10}
    by_day = {item.local_start.date(): item.start for item in found}
    assert by_day[dt.date(2027, 3, 28)] == dt.datetime(2027, 3, 28, 8, tzinfo=dt.UTC)
    assert by_day[dt.date(2027, 10, 31)] == dt.datetime(2027, 10, 31, 9, tzinfo=dt.UTC)
    assert all(item.end - item.start == dt.timedelta(hours=2) for item in found)


def test_until_includes_the_last_day_and_exdates_are_left_out():
    start = paris(2027, 6, 2, 18)  # a Wednesday
    found = recurrence.occurrences(
        start=start,
        end=start + dt.timedelta(hours=1),
        rrule=rule(frequency="weekly", start=start, until=dt.date(2027, 6, 30)),
        exdates={dt.date(2027, 6, 16)},
    )
    assert [item.local_start.day for item in found] == [2, 9, 23, 30]


def test_the_window_and_the_limit_bound_the_occurrences():
    start = paris(2020, 1, 1, 9)
    weekly = rule(frequency="weekly", start=start)  # never ends
    found = recurrence.occurrences(
        start=start,
        end=start + dt.timedelta(hours=1),
        rrule=weekly,
        window_start=paris(2027, 3, 1),
        window_end=paris(2027, 4, 1),
    )
    assert [item.local_start.day for item in found] == [3, 10, 17, 24, 31]
    assert len(recurrence.occurrences(start=start, end=start, rrule=weekly, limit=7)) == 7


def test_a_single_action_is_its_own_occurrence():
    start = paris(2027, 3, 28, 10)
    (only,) = recurrence.occurrences(start=start, end=start + dt.timedelta(hours=1), rrule="")
    assert only.start == dt.datetime(2027, 3, 28, 8, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    "fields",
    [
        {"monthly_position": -1, "until": dt.date(2028, 12, 31)},
        {"count": 20},  # the 31st: months without one are skipped
        {"frequency": "weekly", "weekdays": "SU,TH", "until": dt.date(2027, 11, 15)},
        {"frequency": "weekly", "interval": 2, "count": 30},
    ],
)
def test_occurrences_agree_with_a_calendar_application(fields):
    """The same rule read by recurring_ical_events from an event with TZID=Europe/Paris (a
    start the rule doesn't give is another matter: see tests/pages/test_feeds_recurrence.py)."""
    start = paris(2027, 1, 31, 10)
    rrule = rule(**fields)
    ours = recurrence.occurrences(start=start, end=start + dt.timedelta(hours=2), rrule=rrule)

    calendar = Calendar()
    event = Event()
    event.add("uid", "test@heure-civique.fr")
    event.add("dtstamp", dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(hours=2))
    event.add("rrule", vRecur.from_ical(rrule))
    calendar.add_component(event)
    theirs = recurring_ical_events.of(calendar).between(dt.date(2027, 1, 1), dt.date(2030, 1, 1))

    assert [item.start for item in ours] == sorted(
        item["DTSTART"].dt.astimezone(dt.UTC) for item in theirs
    )
