"""The "add to calendar" links of a series (issue 17, point 5): they start at its next occurrence
that takes place, Google's carries the rule and the cancelled dates, Outlook's (which cannot
repeat) adds one date with the subscription to the series beside it.

The links' query strings are read back: Google's event is rebuilt as the iCalendar event it
stands for (its start in the `ctz` time zone, its `recur` lines) and expanded by ical.js and
recurring_ical_events, then compared with the action's occurrences on the site."""

import datetime as dt
from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine

from pages.agenda import ics, queries
from pages.agenda.recurrence import PARIS
from pages.models import ActionCancellation, ActionPage

from .icaljs import agreed

NOW = dt.datetime(2027, 3, 1, 12, tzinfo=PARIS)
WINDOW_END = dt.datetime(2028, 2, 1, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def on_the_first_of_march_2027():
    with time_machine.travel(NOW, tick=False):
        yield


def query(url: str) -> dict[str, str]:
    return {name: values[0] for name, values in parse_qs(urlsplit(url).query).items()}


def utc(moment: dt.datetime) -> str:
    return f"{moment.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%S}Z"


def as_icalendar(google_url: str) -> bytes:
    """The event a Google Calendar template link describes, as an iCalendar file: `dates`
    (UTC, or dates for a whole day) read in the `ctz` zone, `recur` as its lines."""
    fields = query(google_url)
    assert fields["action"] == "TEMPLATE" and fields["ctz"] == "Europe/Paris"
    first, after = fields["dates"].split("/")
    if "T" in first:

        def paris(text: str) -> str:
            moment = dt.datetime.strptime(text, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
            return f";TZID=Europe/Paris:{moment.astimezone(PARIS):%Y%m%dT%H%M%S}"

        when = [f"DTSTART{paris(first)}", f"DTEND{paris(after)}"]
    else:
        when = [f"DTSTART;VALUE=DATE:{first}", f"DTEND;VALUE=DATE:{after}"]
    zone = ics.paris_timezone().to_ical().decode().strip().split("\r\n")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//tests//google link//FR",
        *zone,
        "BEGIN:VEVENT",
        "UID:google-link@tests",
        "DTSTAMP:20270101T000000Z",
        f"SUMMARY:{fields['text']}",
        *when,
        *fields.get("recur", "").splitlines(),
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
    return "\r\n".join(lines).encode()


def expanded(google_url: str) -> list[str]:
    start = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    return [
        item["start"] for item in agreed(as_icalendar(google_url), start, WINDOW_END)["occurrences"]
    ]


def taking_place(action: ActionPage) -> list[str]:
    """The site's occurrences from now, cancelled ones left out."""
    fresh = ActionPage.objects.get(pk=action.pk)
    return [utc(item.start) for item in fresh.occurrences(NOW, WINDOW_END)]


def links_of(action: ActionPage, rf):
    fresh = ActionPage.objects.get(pk=action.pk)
    return queries.action_context(fresh, rf.get(fresh.url))["event_links"]


def test_a_series_starts_at_its_next_real_date_and_skips_its_cancelled_ones(
    rf, agenda_tree, add_action
):
    # Every Saturday at 10:00 from 20 February 2027, across the spring clock change;
    # the next date (6 March) and two later ones are cancelled.
    action = add_action(
        agenda_tree["laval"],
        "Jardin partagé",
        dt.datetime(2027, 2, 20, 10, tzinfo=PARIS),
        publish=True,
        slug="jardin",
        recurrence_frequency="weekly",
        recurrence_until=dt.date(2027, 12, 31),
        cancellations=[
            ActionCancellation(date=dt.date(2027, 3, 6), reason="Gel"),
            ActionCancellation(date=dt.date(2027, 4, 3), reason="Pâques"),
            ActionCancellation(date=dt.date(2027, 10, 30), reason="Vacances"),
        ],
    )
    links = links_of(action, rf)
    google = query(links.google)
    assert google["dates"] == "20270313T090000Z/20270313T110000Z"  # not the cancelled 6 March
    assert google["recur"].splitlines() == [
        f"RRULE:{action.rrule}",
        "EXDATE:20270403T080000Z",  # summer time: 10:00 in Paris is 08:00 UTC
        "EXDATE:20271030T080000Z",
    ]
    site = taking_place(action)
    assert site[0] == "2027-03-13T09:00:00Z" and "2027-04-03T08:00:00Z" not in site
    assert expanded(links.google) == site


def test_a_series_given_a_number_of_times_keeps_its_last_date(rf, agenda_tree, add_action):
    # Ten Wednesdays from 10 February 2027 at 18:00: three are past, the next is cancelled;
    # restarted on 10 March, the rule says six more times, not ten.
    action = add_action(
        agenda_tree["laval"],
        "Soupe partagée",
        dt.datetime(2027, 2, 10, 18, tzinfo=PARIS),
        publish=True,
        slug="soupe",
        recurrence_frequency="weekly",
        recurrence_count=10,
        cancellations=[ActionCancellation(date=dt.date(2027, 3, 3), reason="Salle prise")],
    )
    google = query(links_of(action, rf).google)
    assert google["dates"].startswith("20270310T170000Z/")
    assert action.rrule == "FREQ=WEEKLY;BYDAY=WE;COUNT=10"
    assert google["recur"] == "RRULE:FREQ=WEEKLY;BYDAY=WE;COUNT=6"
    site = taking_place(action)
    assert site[-1] == "2027-04-14T16:00:00Z" and len(site) == 6
    assert expanded(links_of(action, rf).google) == site


def test_a_monthly_first_saturday_crosses_both_clock_changes(rf, agenda_tree, add_action):
    action = add_action(
        agenda_tree["laval"],
        "Repair café",
        dt.datetime(2027, 1, 2, 9, 30, tzinfo=PARIS),
        publish=True,
        slug="repair",
        recurrence_frequency="monthly",
        recurrence_monthly_position=1,
        cancellations=[ActionCancellation(date=dt.date(2027, 11, 6), reason="Salon")],
    )
    links = links_of(action, rf)
    assert query(links.google)["dates"].startswith("20270306T083000Z/")
    assert "EXDATE:20271106T083000Z" in query(links.google)["recur"].splitlines()
    site = taking_place(action)
    assert "2027-04-03T07:30:00Z" in site and "2027-11-06T08:30:00Z" not in site
    assert expanded(links.google) == site


def test_an_all_day_series_excludes_its_cancelled_days_as_dates(rf, agenda_tree, add_action):
    action = add_action(
        agenda_tree["laval"],
        "Braderie",
        dt.datetime(2027, 3, 6, 0, tzinfo=PARIS),
        hours=23,
        publish=True,
        slug="braderie",
        all_day=True,
        recurrence_frequency="weekly",
        recurrence_count=5,
        cancellations=[ActionCancellation(date=dt.date(2027, 3, 20), reason="Marché")],
    )
    links = links_of(action, rf)
    google = query(links.google)
    assert google["dates"] == "20270306/20270307"
    assert google["recur"].splitlines()[1:] == ["EXDATE;VALUE=DATE:20270320"]
    site = [
        f"{item.local_start:%Y-%m-%d}"
        for item in ActionPage.objects.get(pk=action.pk).occurrences(NOW, WINDOW_END)
    ]
    assert (
        expanded(links.google) == site == ["2027-03-06", "2027-03-13", "2027-03-27", "2027-04-03"]
    )


def test_outlook_adds_the_next_real_date_and_the_page_offers_the_series_beside_it(
    client, rf, agenda_tree, add_action
):
    add_action(
        agenda_tree["laval"],
        "Permanence",
        dt.datetime(2027, 2, 24, 10, tzinfo=PARIS),
        publish=True,
        slug="permanence",
        recurrence_frequency="weekly",
        cancellations=[ActionCancellation(date=dt.date(2027, 3, 3), reason="Grève")],
    )
    action = ActionPage.objects.get(slug="permanence")
    outlook = query(links_of(action, rf).outlook)
    # Outlook's compose page has no repetition: the one next date that takes place.
    assert (outlook["startdt"], outlook["enddt"]) == (
        "2027-03-10T09:00:00Z",
        "2027-03-10T11:00:00Z",
    )
    assert not {"recur", "rrule", "rpat"} & {name.lower() for name in outlook}

    page = client.get("/mayenne/laval/actions/permanence/").content.decode()
    assert "Ajouter la série à Google Agenda, à partir du 10 mars" in page
    assert "Ajouter la prochaine date (10 mars) à Outlook" in page
    subscribe = page.split("S’abonner à la série dans Outlook")[0].rsplit('href="', 1)[1]
    subscribe = subscribe.split('"')[0].replace("&amp;", "&")
    assert subscribe.startswith("https://outlook.live.com/calendar/0/addfromweb?")
    assert (
        query(subscribe)["url"] == "http://testserver/mayenne/laval/actions/permanence/agenda.ics"
    )
    assert (
        'href="webcal://testserver/mayenne/laval/actions/permanence/agenda.ics">'
        "S’abonner à la série (webcal)" in page
    )
    assert "Ajouter à Outlook<" not in page


def test_a_single_action_keeps_its_plain_links(client, agenda_tree, add_action):
    add_action(
        agenda_tree["laval"],
        "Goûter",
        dt.datetime(2027, 4, 11, 16, tzinfo=PARIS),
        publish=True,
        slug="gouter",
    )
    page = client.get("/mayenne/laval/actions/gouter/").content.decode()
    assert "Ajouter à Google Agenda" in page and "Ajouter à Outlook" in page
    assert "recur=" not in page and "à la série" not in page


def test_nothing_to_add_when_no_date_is_left_to_take_place(client, rf, agenda_tree, add_action):
    # The two remaining dates of the series are cancelled; a single action's only date too.
    series = add_action(
        agenda_tree["laval"],
        "Fin de saison",
        dt.datetime(2027, 2, 17, 10, tzinfo=PARIS),
        publish=True,
        slug="fin",
        recurrence_frequency="weekly",
        recurrence_count=4,
        cancellations=[
            ActionCancellation(date=dt.date(2027, 3, 3), reason="Fermé"),
            ActionCancellation(date=dt.date(2027, 3, 10), reason="Fermé"),
        ],
    )
    single = add_action(
        agenda_tree["laval"],
        "Concert",
        dt.datetime(2027, 3, 20, 20, tzinfo=PARIS),
        publish=True,
        slug="concert",
        cancellations=[ActionCancellation(date=dt.date(2027, 3, 20), reason="Artiste malade")],
    )
    assert links_of(series, rf) is None and links_of(single, rf) is None
    for slug in ("fin", "concert"):
        page = client.get(f"/mayenne/laval/actions/{slug}/").content.decode()
        assert "calendar.google.com/calendar/render?action" not in page
        assert "action/compose" not in page


def test_a_cancelled_series_offers_no_calendar_links(client, rf, agenda_tree, add_action):
    action = add_action(
        agenda_tree["laval"],
        "Marche",
        dt.datetime(2027, 3, 7, 10, tzinfo=PARIS),
        publish=True,
        slug="marche",
        recurrence_frequency="weekly",
        status="cancelled",
        cancellation_reason="Chemin fermé",
    )
    fresh = ActionPage.objects.get(pk=action.pk)
    context = queries.action_context(fresh, rf.get(fresh.url))
    assert context["event_links"] is None and context["feed"] is None
    page = client.get("/mayenne/laval/actions/marche/").content.decode()
    assert "calendar.google.com" not in page and "outlook" not in page.lower()
    assert "webcal:" not in page and "Chemin fermé" in page
