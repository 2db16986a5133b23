"""The feeds read back by two parsers, Mozilla's ical.js (Thunderbird's, run by node) and
recurring_ical_events (tests/pages/icaljs.py): the same instants, titles and statuses."""

import datetime as dt

import pytest
import time_machine

from pages.agenda.recurrence import PARIS
from pages.models import ActionCancellation, ActionPage

from .icaljs import agreed, icaljs

# The feeds' window moves with today (a year ahead): these tests, around the clock changes of
# 2027, are run as on the day they were written, whatever the day they run.
WRITTEN_ON = dt.datetime(2026, 11, 30, 12, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def as_on_the_day_they_were_written():
    with time_machine.travel(WRITTEN_ON, tick=True):
        yield


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
    assert [(item["start"], item["summary"]) for item in found] == [
        ("2027-01-05T17:00:00Z", "Soupe partagée"),
        ("2027-01-12T17:00:00Z", "Annulé : Soupe partagée"),
        ("2027-01-19T17:00:00Z", "Soupe partagée"),
        ("2027-01-26T17:00:00Z", "Soupe partagée"),
    ]
    # Nothing was left out of the comparison: ical.js read the same four.
    assert len(icaljs(body, YEAR_START, YEAR_END)["occurrences"]) == 4


def test_summer_occurrences_keep_their_paris_time_in_both_parsers(client, agenda_tree, add_action):
    add_action(
        agenda_tree["laval"],
        "Marche du dimanche",
        dt.datetime(2027, 3, 14, 10, tzinfo=PARIS),
        publish=True,
        slug="marche",
        recurrence_frequency="weekly",
    )
    body = feed(client, "/mayenne/laval/agenda.ics")
    starts = [item["start"] for item in agreed(body, YEAR_START, YEAR_END)["occurrences"]]
    assert starts[:3] == ["2027-03-14T09:00:00Z", "2027-03-21T09:00:00Z", "2027-03-28T08:00:00Z"]
    assert "2027-10-24T08:00:00Z" in starts and "2027-10-31T09:00:00Z" in starts


def test_the_paris_time_zone_is_the_rule_based_definition(client, agenda_tree):
    body = feed(client, "/mayenne/laval/agenda.ics").decode()
    zone = body[body.index("BEGIN:VTIMEZONE") : body.index("END:VTIMEZONE")]
    assert zone.split("\r\n") == [
        "BEGIN:VTIMEZONE",
        "TZID:Europe/Paris",
        "BEGIN:DAYLIGHT",
        "DTSTART:19700329T020000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
        "TZNAME:CEST",
        "TZOFFSETFROM:+0100",
        "TZOFFSETTO:+0200",
        "END:DAYLIGHT",
        "BEGIN:STANDARD",
        "DTSTART:19701025T030000",
        "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        "TZNAME:CET",
        "TZOFFSETFROM:+0200",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "",
    ]


def test_a_year_of_demo_like_actions_reads_the_same_in_both_parsers_and_on_the_site(
    client, agenda_tree, add_action
):
    laval = agenda_tree["laval"]
    weekly = add_action(
        laval,
        "Jardin partagé",
        dt.datetime(2027, 1, 6, 14, tzinfo=PARIS),
        publish=True,
        slug="jardin",
        recurrence_frequency="weekly",
        recurrence_weekdays="WE,SA",
        cancellations=[
            ActionCancellation(date=dt.date(2027, 3, 27), reason="Travaux"),
            ActionCancellation(date=dt.date(2027, 10, 30), reason="Vacances"),
        ],
    )
    monthly = add_action(
        laval,
        "Repair café",
        dt.datetime(2027, 1, 2, 9, 30, tzinfo=PARIS),  # the first Saturday of January
        publish=True,
        slug="repair",
        recurrence_frequency="monthly",
        recurrence_monthly_position=1,
        recurrence_until=dt.date(2027, 11, 1),
    )
    add_action(
        laval,
        "Collecte annulée",
        dt.datetime(2027, 6, 12, 10, tzinfo=PARIS),
        publish=True,
        slug="collecte",
        status="cancelled",
        cancellation_reason="Pluie",
    )
    add_action(laval, "Fête", dt.datetime(2027, 10, 31, 2, 30, tzinfo=PARIS), publish=True)

    found = agreed(feed(client, "/mayenne/laval/agenda.ics"), YEAR_START, YEAR_END)
    by_title: dict[str, list[str]] = {}
    for item in found["occurrences"]:
        by_title.setdefault(item["summary"], []).append(item["start"])
    for action in (weekly, monthly):
        site = [
            f"{item.start.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S}Z"
            for item in action.occurrences(YEAR_START, YEAR_END)
        ]
        assert by_title[action.title] == site
    assert by_title["Repair café"][2:4] == ["2027-03-06T08:30:00Z", "2027-04-03T07:30:00Z"]
    assert "2027-03-27T13:00:00Z" not in by_title["Jardin partagé"]
    assert "2027-03-31T12:00:00Z" in by_title["Jardin partagé"]
    # 02:30 on the night the clocks go back comes twice: the first one, as on the site.
    assert by_title["Fête"] == ["2027-10-31T00:30:00Z"]
    assert {item["status"] for item in found["occurrences"] if "Collecte" in item["summary"]} == {
        "CANCELLED"
    }


def test_calendar_names_are_escaped_text(client, agenda_tree):
    laval = agenda_tree["themed_laval_page"]
    laval.title = r"Laval; quartiers Nord, Sud \ C:\nord"
    laval.save_revision().publish()
    body = feed(client, "/mayenne/laval/agenda.ics")
    name = r"L'Heure Civique — Laval; quartiers Nord, Sud \ C:\nord"
    assert agreed(body, YEAR_START, YEAR_END)["calendar"] == {"name": name, "x-wr-calname": name}
    assert r"X-WR-CALNAME:L'Heure Civique — Laval\; quartiers Nord\, Sud \\ C:\\nord" in (
        body.decode().replace("\r\n ", "")
    )


def test_an_alias_is_listed_once_under_its_original(client, agenda_tree, add_action):
    original = add_action(
        agenda_tree["laval"],
        "Bourse aux livres",
        dt.datetime(2027, 2, 6, 14, tzinfo=PARIS),
        publish=True,
        slug="bourse",
    )
    alias = original.create_alias(parent=agenda_tree["chateau"], update_slug="bourse-laval")
    assert alias.live and alias.alias_of_id == original.pk

    original_url = "http://testserver/mayenne/laval/actions/bourse/"
    for url in (
        "/mayenne/agenda.ics",
        "/agenda.ics",
        "/mayenne/chateau-gontier-sur-mayenne/agenda.ics",
        "/mayenne/chateau-gontier-sur-mayenne/actions/bourse-laval/agenda.ics",
    ):
        found = agreed(feed(client, url), YEAR_START, YEAR_END)["occurrences"]
        assert [(item["summary"], item["url"]) for item in found] == [
            ("Bourse aux livres", original_url)
        ], url


def test_an_overnight_action_keeps_its_typed_end_across_the_spring_change(
    client, agenda_tree, add_action
):
    laval = agenda_tree["laval"]
    series = add_action(
        laval,
        "Veille de nuit",
        dt.datetime(2027, 3, 20, 23, tzinfo=PARIS),
        publish=True,
        slug="veille",
        end=dt.datetime(2027, 3, 21, 4, tzinfo=PARIS),
        recurrence_frequency="weekly",
        recurrence_count=3,
    )
    crossing = add_action(
        laval,
        "Garde de nuit",
        dt.datetime(2027, 3, 27, 23, tzinfo=PARIS),
        publish=True,
        slug="garde",
        end=dt.datetime(2027, 3, 28, 4, tzinfo=PARIS),
        recurrence_frequency="weekly",
        recurrence_count=2,
    )
    single = add_action(
        laval,
        "Nuit des étoiles",
        dt.datetime(2027, 3, 27, 23, tzinfo=PARIS),
        publish=True,
        slug="etoiles",
        end=dt.datetime(2027, 3, 28, 4, tzinfo=PARIS),
    )
    # 04:00 on Sunday 28 March is 02:00 UTC (summer time), not 03:00 (five hours later).
    site = {
        action.title: [
            (item.local_start.strftime("%d %H:%M"), item.local_end.strftime("%d %H:%M"))
            for item in ActionPage.objects.get(pk=action.pk).occurrences()
        ]
        for action in (series, crossing, single)
    }
    assert site == {
        "Garde de nuit": [("27 23:00", "28 04:00"), ("03 23:00", "04 04:00")],
        "Veille de nuit": [
            ("20 23:00", "21 04:00"),
            ("27 23:00", "28 04:00"),
            ("03 23:00", "04 04:00"),
        ],
        "Nuit des étoiles": [("27 23:00", "28 04:00")],
    }
    found = agreed(feed(client, "/mayenne/laval/agenda.ics"), YEAR_START, YEAR_END)
    ends = sorted((item["summary"], item["end"]) for item in found["occurrences"])
    assert ends == [
        ("Garde de nuit", "2027-03-28T02:00:00Z"),
        ("Garde de nuit", "2027-04-04T02:00:00Z"),
        ("Nuit des étoiles", "2027-03-28T02:00:00Z"),
        ("Veille de nuit", "2027-03-21T03:00:00Z"),
        ("Veille de nuit", "2027-03-28T02:00:00Z"),
        ("Veille de nuit", "2027-04-04T02:00:00Z"),
    ]
    agenda = client.get("/mayenne/laval/actions/?from=2027-03-27&to=2027-03-27")
    html = agenda.content.decode()
    assert "23:00 à 04:00" in html and "05:00" not in html and "03:00" not in html


def test_an_online_actions_meeting_link_is_in_the_feed(client, agenda_tree, add_action):
    add_action(
        agenda_tree["laval"],
        "Visio des bénévoles",
        dt.datetime(2027, 2, 3, 18, tzinfo=PARIS),
        publish=True,
        slug="visio",
        online=True,
        address="",
        online_url="https://visio.example.org/benevoles",
    )
    body = feed(client, "/mayenne/laval/agenda.ics")
    (item,) = agreed(body, YEAR_START, YEAR_END)["occurrences"]
    assert "Réunion en ligne : https://visio.example.org/benevoles" in item["description"]
    assert item["url"] == "http://testserver/mayenne/laval/actions/visio/"
    unfolded = body.decode().replace("\r\n ", "")
    assert (
        "CONFERENCE;FEATURE=VIDEO;VALUE=URI:https://visio.example.org/benevoles" in unfolded
        or "CONFERENCE;VALUE=URI;FEATURE=VIDEO:https://visio.example.org/benevoles" in unfolded
    )


def test_cancellations_are_overrides_titled_and_explained_as_on_the_site(
    client, agenda_tree, add_action
):
    laval = agenda_tree["laval"]
    add_action(
        laval,
        "Permanence",
        dt.datetime(2027, 3, 17, 10, tzinfo=PARIS),
        publish=True,
        slug="permanence",
        recurrence_frequency="weekly",
        recurrence_count=4,
        cancellations=[ActionCancellation(date=dt.date(2027, 3, 31), reason="Résidence fermée")],
    )
    add_action(
        laval,
        "Collecte",
        dt.datetime(2027, 4, 10, 10, tzinfo=PARIS),
        publish=True,
        slug="collecte",
        status="cancelled",
        cancellation_reason="Pluie annoncée",
    )
    found = agreed(feed(client, "/mayenne/laval/agenda.ics"), YEAR_START, YEAR_END)
    seen = [(item["start"], item["summary"], item["status"]) for item in found["occurrences"]]
    assert seen == [
        ("2027-03-17T09:00:00Z", "Permanence", "CONFIRMED"),
        ("2027-03-24T09:00:00Z", "Permanence", "CONFIRMED"),
        ("2027-03-31T08:00:00Z", "Annulé : Permanence", "CANCELLED"),
        ("2027-04-07T08:00:00Z", "Permanence", "CONFIRMED"),
        ("2027-04-10T08:00:00Z", "Annulé : Collecte", "CANCELLED"),
    ]
    cancelled = found["occurrences"][2]
    assert cancelled["recurrence_id"] == "2027-03-31T08:00:00Z"
    assert cancelled["uid"] == found["occurrences"][0]["uid"]
    assert cancelled["description"].startswith("Résidence fermée\n\n")
    assert found["occurrences"][4]["description"].startswith("Pluie annoncée\n\n")


def test_a_cancelled_actions_page_offers_no_calendar_links(client, agenda_tree, add_action):
    add_action(
        agenda_tree["laval"],
        "Collecte",
        dt.datetime(2027, 4, 10, 10, tzinfo=PARIS),
        publish=True,
        slug="collecte",
        status="cancelled",
        cancellation_reason="Pluie annoncée",
    )
    add_action(
        agenda_tree["laval"],
        "Goûter",
        dt.datetime(2027, 4, 11, 16, tzinfo=PARIS),
        publish=True,
        slug="gouter",
    )
    cancelled = client.get("/mayenne/laval/actions/collecte/").content.decode()
    scheduled = client.get("/mayenne/laval/actions/gouter/").content.decode()
    assert "calendar.google.com" in scheduled and "agenda.ics" in scheduled
    assert "calendar.google.com" not in cancelled and "outlook" not in cancelled.lower()
    assert "actions/collecte/agenda.ics" not in cancelled and "Pluie annoncée" in cancelled


def test_an_all_day_series_with_a_cancelled_day_reads_the_same_in_both_parsers(
    client, agenda_tree, add_action
):
    add_action(
        agenda_tree["laval"],
        "Braderie",
        dt.datetime(2027, 3, 27, 0, tzinfo=PARIS),
        publish=True,
        slug="braderie",
        all_day=True,
        recurrence_frequency="weekly",
        recurrence_count=3,
        cancellations=[ActionCancellation(date=dt.date(2027, 4, 3), reason="Marché")],
    )
    found = agreed(feed(client, "/mayenne/laval/agenda.ics"), YEAR_START, YEAR_END)
    assert [(item["start"], item["summary"], item["status"]) for item in found["occurrences"]] == [
        ("2027-03-27", "Braderie", "CONFIRMED"),
        ("2027-04-03", "Annulé : Braderie", "CANCELLED"),
        ("2027-04-10", "Braderie", "CONFIRMED"),
    ]
