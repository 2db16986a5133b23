"""An action read in English is the same action (issue 21): registered on its English page, a
volunteer holds one of the French action's places (one capacity for every language) and is
reminded, in English, of the event the public feeds hold (the French action's UID), as their
personal feed at its English address shows it."""

import datetime as dt
import re

import pytest
from django.core import mail
from icalendar import Calendar

from pages.translations import translate
from tests.volunteers.conftest import make_volunteer
from tests.volunteers.test_calendar import action_at, noon_today
from volunteers import calendar, services
from volunteers.models import Registration

pytestmark = pytest.mark.django_db

ENGLISH = {"Nettoyage des berges": "Cleaning the banks", "Place de la Mairie": "Town Hall Square"}


@pytest.fixture
def bilingual_action(laval_actions):
    """An action tomorrow at 10:00 Paris time, Place de la Mairie, with two places, and its
    English page."""
    action = action_at(
        laval_actions,
        "nettoyage",
        noon_today() + dt.timedelta(hours=22),
        title="Nettoyage des berges",
        capacity=2,
    )
    translate(laval_actions, "en", {})
    english = translate(action, "en", ENGLISH)
    assert english.title == "Cleaning the banks" and english.pk != action.pk
    return action, english


def events_of(body: bytes) -> list:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def test_a_place_taken_on_the_english_page_is_one_of_the_french_actions(laval, bilingual_action):
    action, english = bilingual_action
    anglophone = make_volunteer(laval, 1, language="en")
    registration = services.register(anglophone, english)
    assert registration.action_id == action.pk
    # One capacity, whichever page is read: one place left of two on both.
    assert services.registration_state(action, None).places_left == 1
    assert services.registration_state(english, None).places_left == 1
    assert services.registration_state(english, anglophone).registration == registration
    # Registering again from the French page changes nothing.
    assert services.register(anglophone, action) == registration
    services.register(make_volunteer(laval, 2), action)
    third = services.register(make_volunteer(laval, 3, language="en"), english)
    assert third.status == Registration.Status.WAITING  # two places, both taken
    assert services.registration_state(english, None).full


def test_the_registered_e_mail_and_the_reminder_are_in_english_with_the_feeds_uid(
    client, laval, bilingual_action
):
    action, english = bilingual_action
    anglophone = make_volunteer(laval, 1, language="en")
    mail.outbox.clear()
    services.register(anglophone, english)
    (registered,) = mail.outbox
    assert "Cleaning the banks" in registered.subject
    assert "Nettoyage" not in registered.subject + registered.body

    mail.outbox.clear()
    assert calendar.send_reminders(noon_today()) == 1
    (reminder,) = mail.outbox
    assert reminder.subject == 'Tomorrow: "Cleaning the banks"'
    assert "Where: Town Hall Square" in reminder.body
    assert "Nettoyage" not in reminder.body and "Mairie" not in reminder.body
    assert english.url in reminder.body  # its English page
    (attachment,) = [body for _name, body, kind in reminder.attachments if kind == "text/calendar"]
    (event,) = events_of(attachment.encode())
    assert str(event["SUMMARY"]) == "Cleaning the banks"
    assert str(event["LOCATION"]).startswith("Town Hall Square")

    public = client.get("/mayenne/laval/agenda.ics")
    assert [str(e["UID"]) for e in events_of(public.content)] == [str(event["UID"])]

    # The personal feed the reminder links, at its English address: in English, same UID;
    # at its French one, in French.
    feed = re.search(r"https?://[^/]+(/en/agenda/perso/\S+\.ics)", reminder.body)[1]
    english_feed = client.get(feed)
    assert english_feed.status_code == 200
    calendar_en = Calendar.from_ical(english_feed.content)
    assert str(calendar_en["X-WR-CALNAME"]) == "L'Heure Civique — my actions"
    (mine,) = calendar_en.walk("VEVENT")
    assert (str(mine["UID"]), str(mine["SUMMARY"])) == (str(event["UID"]), "Cleaning the banks")
    french_feed = client.get(feed.removeprefix("/en"))
    calendar_fr = Calendar.from_ical(french_feed.content)
    assert str(calendar_fr["X-WR-CALNAME"]) == "L'Heure Civique — mes actions"
    (mine_fr,) = calendar_fr.walk("VEVENT")
    assert str(mine_fr["SUMMARY"]) == "Nettoyage des berges"
    assert english_feed["ETag"] != french_feed["ETag"]

    # Its cancel link: an English page, with the action's English title.
    cancel = re.search(r"https?://[^/]+(/en/je-participe/annulation/\S+/)", reminder.body)[1]
    page = client.get(cancel).content.decode()
    assert '<html lang="en"' in page and "<h1>Cleaning the banks</h1>" in page
