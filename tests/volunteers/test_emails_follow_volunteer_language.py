"""Every e-mail to a volunteer names the action in their language (Volunteer.language), not in
the language of the page they asked from nor in French because their place is the French
action's (issue 21): the registration link, the question about the hours given, the notice of
a change in the action's dates; and the registration link's page shows the action in the
page's language."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from pages.translations import translate
from tests.volunteers.conftest import make_volunteer
from tests.volunteers.test_schedule_notices import publish
from volunteers import hours, services
from volunteers.models import Registration

pytestmark = pytest.mark.django_db

ENGLISH = {"Nettoyage des berges": "Cleaning the banks"}


@pytest.fixture
def bilingual(laval_actions, make_action):
    action = make_action()
    translate(laval_actions, "en", {})
    return action, translate(action, "en", ENGLISH)


def path_of(message, part: str) -> str:
    return re.search(rf"https?://[^/\s]+(\S*{part}\S*)", message.body)[1]


def test_a_link_asked_from_the_english_page_by_a_french_volunteer_is_in_french(
    client, laval, bilingual
):
    _action, english = bilingual
    volunteer = make_volunteer(laval, 1, language="fr")
    services.send_registration_link(volunteer.email, english)
    (message,) = mail.outbox
    assert message.subject == "Votre lien d'inscription : Nettoyage des berges"
    assert "Cleaning" not in message.body + message.subject
    # Its page, in French, names the French action.
    page = client.get(path_of(message, "/inscription/")).content.decode()
    assert '<html lang="fr"' in page
    assert "Nettoyage des berges" in page and "Cleaning the banks" not in page


def test_a_link_asked_from_the_french_page_by_an_english_volunteer_is_in_english(
    client, laval, bilingual
):
    action, _english = bilingual
    volunteer = make_volunteer(laval, 1, language="en")
    services.send_registration_link(volunteer.email, action)
    (message,) = mail.outbox
    assert message.subject == "Your registration link: Cleaning the banks"
    assert "Nettoyage" not in message.body + message.subject
    page = client.get(path_of(message, "/inscription/")).content.decode()
    assert '<html lang="en"' in page
    assert "Cleaning the banks" in page and "Nettoyage des berges" not in page
    # Registered through it, the place is the French action's.
    client.post(path_of(message, "/inscription/"))
    assert Registration.objects.get().action_id == action.pk


def test_the_question_about_the_hours_given_is_in_english(laval, bilingual):
    action, _english = bilingual
    ended = timezone.now() - dt.timedelta(hours=5)
    type(action).objects.filter(pk=action.pk).update(start=ended - dt.timedelta(hours=2), end=ended)
    volunteer = make_volunteer(laval, 1, language="en")
    Registration.objects.create(
        volunteer=volunteer, action=action, status="registered", requested_at=timezone.now()
    )
    assert hours.send_follow_ups() == 1
    (message,) = mail.outbox
    assert "Cleaning the banks" in message.subject
    assert "Nettoyage" not in message.body + message.subject


def test_the_notice_of_a_cancelled_action_is_in_english(laval, bilingual):
    action, english = bilingual
    volunteer = make_volunteer(laval, 1, language="en")
    services.register(volunteer, action)
    mail.outbox.clear()
    publish(action, status="cancelled", cancellation_reason="Pluie annoncée")
    (message,) = mail.outbox
    assert "Cleaning the banks" in message.subject
    assert "Nettoyage" not in message.subject + message.body
    assert english.url in message.body  # its English page


def test_the_notice_s_calendar_file_is_in_each_volunteer_s_language(laval, bilingual):
    """The .ics of a notice names the action in its reader's language, with the French
    action's UID (their calendar replaces the event it holds); the batch's action is every
    volunteer's: an English reader's copy leaves the French reader's file French."""
    action, english = bilingual
    reader = make_volunteer(laval, 1, language="en")
    lecteur = make_volunteer(laval, 2, language="fr")
    for volunteer in (reader, lecteur):
        services.register(volunteer, action)
    mail.outbox.clear()
    publish(action, status="cancelled", cancellation_reason="Pluie annoncée")

    events = {}
    for message in mail.outbox:
        (_name, content, mimetype) = message.attachments[0]
        assert mimetype == "text/calendar"
        (event,) = Calendar.from_ical(content).walk("VEVENT")
        events[message.to[0]] = event
    in_english, in_french = events[reader.email], events[lecteur.email]
    assert str(in_english["SUMMARY"]) == "Cancelled: Cleaning the banks"
    assert english.url in str(in_english["URL"])
    assert "Nettoyage des berges" in str(in_french["SUMMARY"])
    assert "Cancelled" not in str(in_french["SUMMARY"])
    assert "/en/" not in str(in_french["URL"])
    assert in_english["UID"] == in_french["UID"]


def html_of(message) -> str:
    (html, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return html


def test_a_reason_typed_in_french_is_marked_french_in_an_english_notice(laval, bilingual):
    """The editor types the reason in French and the notice goes out at once, before any
    translator: an English reader's HTML marks it `lang="fr"`, a French reader's does not."""
    action, _english = bilingual
    reader = make_volunteer(laval, 1, language="en")
    lecteur = make_volunteer(laval, 2, language="fr")
    for volunteer in (reader, lecteur):
        services.register(volunteer, action)
    mail.outbox.clear()
    publish(action, status="cancelled", cancellation_reason="Pluie annoncée")
    messages = {message.to[0]: message for message in mail.outbox}
    assert '<span lang="fr">Pluie annoncée</span>' in html_of(messages[reader.email])
    assert "<span>Pluie annoncée</span>" in html_of(messages[lecteur.email])
    assert "Pluie annoncée" in messages[reader.email].body


def test_a_translated_reason_is_given_in_english(laval, bilingual):
    action, _english = bilingual
    reader = make_volunteer(laval, 1, language="en")
    services.register(volunteer=reader, action=action)
    action = publish(action, cancellation_reason="Pluie annoncée")  # written ahead, not cancelled
    translate(action, "en", {**ENGLISH, "Pluie annoncée": "Rain forecast"})
    mail.outbox.clear()
    publish(action, status="cancelled")
    (message,) = mail.outbox
    assert "<span>Rain forecast</span>" in html_of(message)
    assert "Rain forecast" in message.body and "Pluie" not in message.body
