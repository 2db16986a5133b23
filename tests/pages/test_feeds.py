"""The iCalendar feeds, read back as a calendar application would: with icalendar, the
recurrences expanded by recurring_ical_events."""

import datetime as dt

import pytest
import recurring_ical_events
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar
from wagtail.models import PageViewRestriction

from pages.agenda import feeds
from pages.agenda.recurrence import PARIS
from pages.models import ActionCancellation, ActionPage


def get_calendar(client, url) -> Calendar:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def events(calendar) -> dict[str, object]:
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_a_commune_feed_holds_its_actions_and_none_of_its_neighbours(
    client, agenda_tree, add_action, agenda_now
):
    add_action(agenda_tree["laval"], "Atelier lavallois", agenda_now, publish=True)
    add_action(agenda_tree["chateau"], "Jardin castrogontérien", agenda_now, publish=True)
    add_action(agenda_tree["mayenne"], "Journée départementale", agenda_now, publish=True)

    laval = events(get_calendar(client, "/mayenne/laval/agenda.ics"))
    mayenne = events(get_calendar(client, "/mayenne/agenda.ics"))
    nation = events(get_calendar(client, "/agenda.ics"))

    assert set(laval) == {"Atelier lavallois"}
    assert set(mayenne) == {"Atelier lavallois", "Jardin castrogontérien", "Journée départementale"}
    assert set(nation) == set(mayenne)


def test_the_calendar_properties(client, agenda_tree, add_action, agenda_now):
    add_action(agenda_tree["laval"], "Atelier", agenda_now, publish=True)
    calendar = get_calendar(client, "/mayenne/laval/agenda.ics")
    assert calendar["VERSION"] == "2.0"
    assert calendar["PRODID"] == "-//Voisins Solidaires//Heure Civique//FR"
    assert calendar["CALSCALE"] == "GREGORIAN"
    assert calendar["METHOD"] == "PUBLISH"
    assert calendar["NAME"] == calendar["X-WR-CALNAME"] == "L'Heure Civique — Laval"
    body = client.get("/mayenne/laval/agenda.ics").content.decode()
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT6H" in body
    assert "X-PUBLISHED-TTL:PT6H" in body
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]


def test_an_event_has_every_property(client, agenda_tree, add_action, agenda_now):
    action = add_action(
        agenda_tree["laval"],
        "Atelier « vélo », réparations; entraide 🚲",
        agenda_now,
        publish=True,
        slug="atelier-velo",
        description="Venez, avec vos outils; ou sans.\nDeuxième ligne, émoji 🛠️",
        address="Place du 11-Novembre",
        latitude="48.068800",
        longitude="-0.770000",
    )
    event = events(get_calendar(client, "/mayenne/laval/agenda.ics"))[
        "Atelier « vélo », réparations; entraide 🚲"
    ]
    assert str(event["UID"]) == f"{action.uid}@heure-civique.fr"
    assert event["DTSTART"].dt == agenda_now
    assert event["DTSTART"].params["TZID"] == "Europe/Paris"
    assert event["DTEND"].dt == agenda_now + dt.timedelta(hours=2)
    assert event["SEQUENCE"] == 0
    assert event["STATUS"] == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    assert description.startswith("Venez, avec vos outils; ou sans.\nDeuxième ligne, émoji 🛠️")
    assert description.endswith("http://testserver/mayenne/laval/actions/atelier-velo/")
    assert str(event["URL"]) == "http://testserver/mayenne/laval/actions/atelier-velo/"
    assert str(event["LOCATION"]) == "Place du 11-Novembre, Laval"
    assert event["GEO"].latitude == pytest.approx(48.0688)
    assert "Une action collective pour la commune" in event["CATEGORIES"].cats
    assert event["DTSTAMP"].dt and event["LAST-MODIFIED"].dt


def test_uids_stay_and_a_time_change_raises_the_sequence(
    client, agenda_tree, add_action, agenda_now
):
    action = add_action(agenda_tree["laval"], "Atelier", agenda_now, publish=True)
    first = events(get_calendar(client, "/mayenne/laval/agenda.ics"))["Atelier"]
    again = events(get_calendar(client, "/mayenne/laval/agenda.ics"))["Atelier"]
    assert first["UID"] == again["UID"]

    action.start = agenda_now + dt.timedelta(hours=1)
    action.end = agenda_now + dt.timedelta(hours=3)
    action.save_revision().publish()

    edited = events(get_calendar(client, "/mayenne/laval/agenda.ics"))["Atelier"]
    assert edited["UID"] == first["UID"]
    assert edited["SEQUENCE"] > first["SEQUENCE"]
    assert edited["DTSTART"].dt == agenda_now + dt.timedelta(hours=1)
    # The action's own feed has the same UID.
    own = events(get_calendar(client, "/mayenne/laval/actions/atelier/agenda.ics"))["Atelier"]
    assert own["UID"] == first["UID"]


def test_a_cancelled_action_stays_with_a_higher_sequence(
    client, agenda_tree, add_action, agenda_now
):
    action = add_action(agenda_tree["laval"], "Atelier", agenda_now, publish=True)
    action.status = "cancelled"
    action.cancellation_reason = "Salle indisponible"
    action.save_revision().publish()

    event = events(get_calendar(client, "/mayenne/laval/agenda.ics"))["Annulé : Atelier"]
    assert event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] >= 1
    assert str(event["DESCRIPTION"]).startswith("Salle indisponible")


def test_a_cancelled_action_leaves_the_feeds_30_days_after_its_date(
    client, agenda_tree, add_action, agenda_now
):
    long_ago = agenda_now - dt.timedelta(days=45)
    recently = agenda_now - dt.timedelta(days=20)
    for title, start in (("Il y a longtemps", long_ago), ("Récemment", recently)):
        add_action(
            agenda_tree["laval"],
            title,
            start,
            publish=True,
            status="cancelled",
            cancellation_reason="Annulée",
        )
    assert set(events(get_calendar(client, "/mayenne/laval/agenda.ics"))) == {"Annulé : Récemment"}


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [(dt.date(2027, 3, 28), 8), (dt.date(2027, 10, 31), 9)],
    ids=["last-sunday-of-march", "last-sunday-of-october"],
)
def test_monthly_events_land_at_the_right_instant_across_daylight_saving(
    client, agenda_tree, add_action, day, utc_hour
):
    first = dt.datetime(2027, 1, 31, 10, tzinfo=PARIS)  # the last Sunday of January
    add_action(
        agenda_tree["laval"],
        "Café du dimanche",
        first,
        publish=True,
        slug="cafe-du-dimanche",
        recurrence_frequency="monthly",
        recurrence_monthly_position=-1,
        recurrence_until=dt.date(2027, 12, 31),
    )
    # The feed's window is a year ahead of today: read it from the action's own feed.
    calendar = get_calendar(client, "/mayenne/laval/actions/cafe-du-dimanche/agenda.ics")
    found = recurring_ical_events.of(calendar).at(day)
    assert len(found) == 1
    start = found[0]["DTSTART"].dt
    assert start.astimezone(dt.UTC).hour == utc_hour
    assert start.astimezone(PARIS).hour == 10


def test_a_cancelled_occurrence_is_a_cancelled_override(
    client, agenda_tree, add_action, agenda_now
):
    action = add_action(
        agenda_tree["laval"],
        "Permanence",
        agenda_now,
        publish=True,
        recurrence_frequency="weekly",
        recurrence_count=4,
        cancellations=[ActionCancellation(date=(agenda_now + dt.timedelta(days=7)).date())],
    )
    calendar = get_calendar(client, "/mayenne/laval/agenda.ics")
    event = events(calendar)["Permanence"]
    assert "RRULE" in event
    occurrences = recurring_ical_events.of(calendar).between(
        agenda_now - dt.timedelta(days=1), agenda_now + dt.timedelta(days=60)
    )
    days = [
        (occurrence["DTSTART"].dt.date(), str(occurrence["STATUS"])) for occurrence in occurrences
    ]
    assert days == [
        ((agenda_now + dt.timedelta(days=n)).date(), "CANCELLED" if n == 7 else "CONFIRMED")
        for n in (0, 7, 14, 21)
    ]
    assert "EXDATE" not in event
    override = events(calendar)["Annulé : Permanence"]
    assert override["UID"] == event["UID"] and override["RECURRENCE-ID"].dt == agenda_now + (
        dt.timedelta(days=7)
    )
    assert action.uid


def test_an_all_day_action_has_dates(client, agenda_tree, add_action, agenda_now):
    add_action(agenda_tree["laval"], "Journée", agenda_now, publish=True, all_day=True)
    event = events(get_calendar(client, "/mayenne/laval/agenda.ics"))["Journée"]
    assert event["DTSTART"].dt == agenda_now.date()
    assert event["DTEND"].dt == agenda_now.date() + dt.timedelta(days=1)


def test_drafts_private_and_unpublished_actions_never_appear(
    client, agenda_tree, add_action, agenda_now
):
    add_action(agenda_tree["laval"], "Publique", agenda_now, publish=True)
    draft = add_action(agenda_tree["laval"], "Brouillon", agenda_now, publish=True)
    draft.unpublish()
    private = add_action(agenda_tree["laval"], "Privée", agenda_now, publish=True)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    assert set(events(get_calendar(client, "/mayenne/laval/agenda.ics"))) == {"Publique"}
    assert client.get("/mayenne/laval/actions/privee/agenda.ics").status_code == 404
    assert client.get("/mayenne/laval/actions/brouillon/agenda.ics").status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/nulle-part/agenda.ics",
        "/mayenne/inconnue/agenda.ics",
        "/mayenne/laval/actions/agenda.ics",  # the agenda page itself: its territory's feed
        "/mayenne/laval/actions/inconnue/agenda.ics",
        "/mayenne/laval/agenda.ics/",
    ],
)
def test_unknown_places_answer_404(client, agenda_tree, url):
    assert client.get(url).status_code == 404


def test_the_english_feed(client, agenda_tree, add_action, agenda_now):
    from wagtail.models import Locale

    Locale.objects.get_or_create(language_code="en")
    home_en = (
        agenda_tree["home"]
        .get_parent()
        .specific.copy_for_translation(Locale.objects.get(language_code="en"))
    )
    home_en.save_revision().publish()
    response = client.get("/en/agenda.ics")
    assert response.status_code == 200
    assert Calendar.from_ical(response.content)["X-WR-CALNAME"] == "L'Heure Civique"


def test_conditional_requests_answer_304_without_building(
    client, agenda_tree, add_action, agenda_now, monkeypatch
):
    add_action(agenda_tree["laval"], "Atelier", agenda_now, publish=True)
    url = "/mayenne/laval/agenda.ics"
    first = client.get(url)
    etag, modified = first["ETag"], first["Last-Modified"]
    builds = []
    monkeypatch.setattr(feeds, "build", lambda *args: builds.append(args) or b"")

    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=modified).status_code == 304
    repeat = client.get(url)  # served from the cache
    assert repeat.status_code == 200 and repeat.content == first.content
    head = client.head(url)
    assert head.status_code == 200 and head["ETag"] == etag and head.content == b""
    assert builds == []


def test_a_change_below_invalidates_the_feeds_above_only(
    client, agenda_tree, add_action, agenda_now
):
    add_action(agenda_tree["laval"], "Atelier", agenda_now, publish=True)
    urls = ["/mayenne/laval/agenda.ics", "/mayenne/agenda.ics", "/agenda.ics"]
    neighbour = "/mayenne/chateau-gontier-sur-mayenne/agenda.ics"
    before = {url: client.get(url)["ETag"] for url in [*urls, neighbour]}

    add_action(agenda_tree["laval"], "Nouvel atelier", agenda_now, publish=True)

    for url in urls:
        response = client.get(url, HTTP_IF_NONE_MATCH=before[url])
        assert response.status_code == 200
        assert "Nouvel atelier" in events(Calendar.from_ical(response.content))
    assert client.get(neighbour, HTTP_IF_NONE_MATCH=before[neighbour]).status_code == 304


def test_unpublishing_moving_and_deleting_invalidate_the_feeds(
    client, agenda_tree, add_action, agenda_now
):
    action = add_action(agenda_tree["laval"], "Atelier", agenda_now, publish=True)
    url = "/mayenne/laval/agenda.ics"
    assert "Atelier" in events(get_calendar(client, url))
    action.move(agenda_tree["chateau"], pos="last-child")
    assert "Atelier" not in events(get_calendar(client, url))
    chateau = "/mayenne/chateau-gontier-sur-mayenne/agenda.ics"
    assert "Atelier" in events(get_calendar(client, chateau))
    ActionPage.objects.get(pk=action.pk).unpublish()
    assert "Atelier" not in events(get_calendar(client, chateau))
    other = add_action(agenda_tree["laval"], "Autre", agenda_now, publish=True)
    assert "Autre" in events(get_calendar(client, url))
    ActionPage.objects.get(pk=other.pk).delete()
    assert "Autre" not in events(get_calendar(client, url))


@pytest.mark.parametrize("url", ["/mayenne/laval/agenda.ics", "/agenda.ics"])
def test_queries_do_not_grow_from_5_to_500_actions(
    client, agenda_tree, add_action, agenda_now, url
):
    def count(n: int) -> int:
        for number in range(n):
            add_action(
                agenda_tree["laval"],
                f"Action {n}-{number}",
                agenda_now + dt.timedelta(hours=number),
                cancellations=[ActionCancellation(date=agenda_now.date())],
                recurrence_frequency="weekly" if number % 2 else "",
            )
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.get("/mayenne/laval/")  # warms the site's root paths, as on a running site
    few = count(5)
    many = count(495)
    assert many == few


def test_the_links_of_the_agenda_and_action_pages_lead_to_their_feeds(
    client, agenda_tree, add_action, agenda_now
):
    import re

    add_action(agenda_tree["laval"], "Atelier", agenda_now, publish=True, slug="atelier")
    for page in ("/mayenne/laval/actions/", "/mayenne/laval/actions/atelier/"):
        html = client.get(page).content.decode()
        links = set(re.findall(r'href="http://testserver(/[^"]*agenda\.ics)"', html))
        webcal = set(re.findall(r'href="webcal://testserver(/[^"]*agenda\.ics)"', html))
        assert links and links == webcal
        for link in links:
            assert "Atelier" in events(get_calendar(client, link))


def test_every_event_has_the_address_wagtail_gives_its_action(
    client, agenda_tree, add_action, agenda_now
):
    """The feeds ask Wagtail for one address per parent and give the siblings theirs from it:
    every URL is still the one Wagtail gives, in every commune and for the department's own."""
    actions = [
        add_action(agenda_tree["laval"], f"Laval {n}", agenda_now, publish=True, slug=f"l-{n}")
        for n in range(3)
    ]
    actions += [
        add_action(agenda_tree["chateau"], f"Château {n}", agenda_now, publish=True)
        for n in range(2)
    ]
    actions.append(add_action(agenda_tree["mayenne"], "Département", agenda_now, publish=True))

    found = events(get_calendar(client, "/agenda.ics"))

    assert len(found) == 6
    for action in actions:
        event = found[action.title]
        assert str(event["URL"]) == action.get_full_url()
        assert str(event["DESCRIPTION"]).endswith(action.get_full_url())
