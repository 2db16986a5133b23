"""The "add to Google Calendar / Outlook" and subscribe links (pages/agenda/calendar_links.py)."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

from pages.agenda import calendar_links
from pages.agenda.recurrence import PARIS


def query(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def test_a_timed_event_is_given_in_utc_with_a_z():
    # 10:00 in Paris on the last Sunday of October 2026 is 09:00 UTC (winter time).
    start = dt.datetime(2026, 10, 25, 10, 0, tzinfo=PARIS)
    links = calendar_links.event_links(
        title="Atelier",
        start=start,
        end=start + dt.timedelta(hours=2),
        url="https://heure-civique.example.org/mayenne/laval/actions/atelier/",
    )
    google = query(links.google)
    assert links.google.startswith("https://calendar.google.com/calendar/render?")
    assert google["action"] == "TEMPLATE"
    assert google["dates"] == "20261025T090000Z/20261025T110000Z"
    outlook = query(links.outlook)
    assert links.outlook.startswith("https://outlook.live.com/calendar/0/action/compose?")
    assert outlook["startdt"] == "2026-10-25T09:00:00Z"
    assert outlook["enddt"] == "2026-10-25T11:00:00Z"
    assert outlook["allday"] == "false"


def test_summer_time_is_two_hours_ahead_of_utc():
    start = dt.datetime(2026, 3, 29, 10, 0, tzinfo=PARIS)  # last Sunday of March
    links = calendar_links.event_links(title="A", start=start, end=start + dt.timedelta(hours=1))
    assert query(links.google)["dates"] == "20260329T080000Z/20260329T090000Z"


def test_an_all_day_event_uses_dates_with_an_exclusive_end():
    start = dt.datetime(2026, 12, 31, 0, 0, tzinfo=PARIS)
    links = calendar_links.event_links(
        title="Journée", start=start, end=start + dt.timedelta(hours=23), all_day=True
    )
    assert query(links.google)["dates"] == "20261231/20270101"
    outlook = query(links.outlook)
    assert (outlook["startdt"], outlook["enddt"], outlook["allday"]) == (
        "2026-12-31",
        "2027-01-01",
        "true",
    )


def test_text_is_url_encoded_and_survives():
    title = "Café, tricot; & co — été ☀️"
    description = "Ligne 1\nLigne 2 : 100 % bénévole?#"
    start = dt.datetime(2026, 12, 5, 14, 0, tzinfo=PARIS)
    links = calendar_links.event_links(
        title=title,
        start=start,
        end=start + dt.timedelta(hours=1),
        description=description,
        location="2 rue du Val, Laval",
        url="https://example.org/a/",
        rrule="FREQ=MONTHLY;BYDAY=1SA",
    )
    for url in (links.google, links.outlook):
        assert " " not in url and "\n" not in url and "é" not in url and "#" not in url
    google = query(links.google)
    assert google["text"] == title
    assert google["details"] == description + "\n\nhttps://example.org/a/"
    assert google["location"] == "2 rue du Val, Laval"
    assert google["recur"] == "RRULE:FREQ=MONTHLY;BYDAY=1SA"
    assert query(links.outlook)["subject"] == title


def test_feed_links_subscribe_with_webcal():
    links = calendar_links.feed_links("https://example.org/mayenne/laval/", "Laval")
    assert links.download == "https://example.org/mayenne/laval/agenda.ics"
    assert links.webcal == "webcal://example.org/mayenne/laval/agenda.ics"
    assert query(links.google)["cid"] == "webcal://example.org/mayenne/laval/agenda.ics"
    outlook = query(links.outlook)
    assert outlook["url"] == "https://example.org/mayenne/laval/agenda.ics"
    assert outlook["name"] == "Laval"
    assert calendar_links.webcal_url("http://localhost/agenda.ics") == (
        "webcal://localhost/agenda.ics"
    )
