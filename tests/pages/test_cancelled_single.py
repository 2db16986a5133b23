"""A cancelled date of a single (not repeating) action, issue 17 point 2: the page says
"annulée (reason)", and so does every feed, read back by ical.js and recurring_ical_events:
the same UID, STATUS:CANCELLED, "Annulé :" before the title, the reason first in the
description, as the cancelled dates of a series."""

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from icalendar import Calendar

from pages.agenda import ics
from pages.agenda.recurrence import PARIS
from pages.models import ActionCancellation, ActionPage

from .icaljs import agreed

WRITTEN_ON = dt.datetime(2026, 11, 30, 12, tzinfo=PARIS)
DECEMBER = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
JANUARY = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
FEEDS = (
    "/agenda.ics",
    "/mayenne/agenda.ics",
    "/mayenne/laval/agenda.ics",
    "/mayenne/laval/actions/gouter/agenda.ics",
)


@pytest.fixture(autouse=True)
def as_on_the_day_they_were_written():
    with time_machine.travel(WRITTEN_ON, tick=True):
        yield


@pytest.fixture
def gouter(agenda_tree, add_action):
    return add_action(
        agenda_tree["laval"],
        "Goûter de Noël",
        dt.datetime(2026, 12, 27, 15, tzinfo=PARIS),
        publish=True,
        slug="gouter",
        cancellations=[ActionCancellation(date=dt.date(2026, 12, 27), reason="Résidence fermée")],
    )


def test_a_cancelled_single_date_is_cancelled_in_every_public_feed(client, gouter):
    assert gouter.cancelled_once
    uids = set()
    for url in FEEDS:
        cache.clear()
        response = client.get(url)
        assert response.status_code == 200, url
        found = agreed(response.content, DECEMBER, JANUARY)["occurrences"]
        assert [(i["start"], i["summary"], i["status"]) for i in found] == [
            ("2026-12-27T14:00:00Z", "Annulé : Goûter de Noël", "CANCELLED")
        ], url
        assert found[0]["recurrence_id"] is None
        assert found[0]["description"].startswith("Résidence fermée\n\n"), url
        uids.add(found[0]["uid"])
    assert uids == {ics.uid_of(gouter)}


def test_the_page_says_it_is_cancelled_and_offers_no_calendar_links(client, gouter):
    page = client.get("/mayenne/laval/actions/gouter/").content.decode()
    assert "Résidence fermée" in page
    assert "calendar.google.com" not in page and "outlook" not in page.lower()
    assert "actions/gouter/agenda.ics" not in page


def test_a_cancellation_on_another_day_leaves_a_single_action_confirmed(
    client, agenda_tree, add_action
):
    action = add_action(
        agenda_tree["laval"],
        "Atelier",
        dt.datetime(2026, 12, 20, 10, tzinfo=PARIS),
        publish=True,
        slug="atelier",
        cancellations=[ActionCancellation(date=dt.date(2026, 12, 21), reason="Autre jour")],
    )
    assert not action.cancelled_once
    found = agreed(client.get("/mayenne/laval/agenda.ics").content, DECEMBER, JANUARY)
    assert [(i["summary"], i["status"]) for i in found["occurrences"]] == [("Atelier", "CONFIRMED")]
    assert "Autre jour" not in found["occurrences"][0]["description"]


def test_an_event_written_alone_finds_its_reason(gouter):
    action = ActionPage.objects.get(pk=gouter.pk)
    item = ics.event(action, "https://exemple.invalid/gouter/")
    assert str(item["STATUS"]) == "CANCELLED"
    assert str(item["DESCRIPTION"]).startswith("Résidence fermée\n\n")
    # And through a calendar file, as the reminder's attachment and the personal feed use it.
    body = ics.to_bytes(ics.calendar("x", [action], lambda a: ""))
    (event,) = Calendar.from_ical(body).walk("VEVENT")
    assert str(event["SUMMARY"]) == "Annulé : Goûter de Noël"
