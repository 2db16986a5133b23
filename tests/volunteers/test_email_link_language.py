"""Every e-mailed link follows the volunteer's language (Volunteer.language): a volunteer who
signed up in English lands on English pages (/en/...), one who chose Breton on Breton ones; the
links a page prints follow the page's language instead."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from pages.translations import translate
from tests.volunteers.conftest import make_volunteer, sign_up_data
from tests.volunteers.test_calendar import action_at, noon_today
from volunteers import calendar, services
from volunteers.models import Volunteer
from volunteers.space import send_space_link

pytestmark = pytest.mark.django_db


def links(message) -> list[str]:
    return re.findall(r"https?://[^\s\"'<>]+", message.body)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def test_an_english_sign_up_is_confirmed_on_english_pages(client, laval_page, gestures):
    client.post("/en/je-participe/", sign_up_data())
    confirm = next(u for u in links(mail.outbox[-1]) if "/confirmer/" in u)
    assert path_of(confirm).startswith("/en/je-participe/confirmer/")
    # Followed to its end: the volunteer is confirmed, in English all the way.
    response = client.get(path_of(confirm), follow=True)
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
    assert Volunteer.objects.get().is_confirmed
    # Every link of the e-mail is English (the unsubscribe link too).
    for url in links(mail.outbox[0]):
        if "/je-participe/" in url:
            assert "/en/je-participe/" in url, url


def test_a_french_volunteers_links_stay_french(laval, laval_page, make_action):
    volunteer = make_volunteer(laval, 1, language="fr")
    services.send_registration_link(volunteer.email, make_action())
    link = next(u for u in links(mail.outbox[-1]) if "/inscription/" in u)
    assert path_of(link).startswith("/je-participe/inscription/")


def test_the_registration_link_and_its_e_mails_are_in_english(
    client, laval, laval_page, make_action
):
    action = make_action()
    english_action = translate(action.get_parent(), "en", {}) and translate(action, "en", {})
    volunteer = make_volunteer(laval, 1, language="en")
    services.send_registration_link(volunteer.email, action)
    link = next(u for u in links(mail.outbox[-1]) if "/inscription/" in u)
    assert path_of(link).startswith("/en/je-participe/inscription/")
    mail.outbox.clear()
    response = client.get(path_of(link), follow=True)  # the page that asks to confirm
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
    services.register(volunteer, action)
    registered = mail.outbox[-1]
    urls = [path_of(u) for u in links(registered)]
    assert english_action.url in urls  # the action's English page
    assert any(u.startswith("/en/je-participe/annulation/") for u in urls)
    assert not any(u.startswith("/je-participe/") for u in urls)


def test_the_reminder_and_the_space_link_follow_the_language(client, laval, laval_actions):
    now = noon_today()
    action = action_at(laval_actions, "nettoyage", now + dt.timedelta(hours=22))
    volunteer = make_volunteer(laval, 1, language="en")
    services.register(volunteer, action)
    mail.outbox.clear()
    assert calendar.send_reminders(now) == 1
    urls = [path_of(u) for u in links(mail.outbox[-1])]
    assert any(u.startswith("/en/je-participe/annulation/") for u in urls)
    assert any(u.startswith("/en/agenda/perso/") for u in urls)
    assert not any(u.startswith(("/je-participe/", "/agenda/perso/")) for u in urls)

    mail.outbox.clear()
    volunteer.confirmed_at = volunteer.confirmed_at or timezone.now()
    send_space_link(volunteer.email)
    space = next(u for u in links(mail.outbox[-1]) if "/mon-espace/" in u)
    assert path_of(space).startswith("/en/je-participe/mon-espace/")
    response = client.get(path_of(space), follow=True)
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()


def test_a_breton_volunteers_links_answer_in_breton(client, quimper, quimper_page, gestures):
    finistere = quimper_page.get_parent().specific
    finistere.regional_language = "br"
    finistere.save_revision().publish()
    volunteer = make_volunteer(quimper, 1, language="br", confirmed=False)
    services.send_confirmation(volunteer)
    confirm = next(u for u in links(mail.outbox[-1]) if "/confirmer/" in u)
    assert path_of(confirm).startswith("/br/je-participe/confirmer/")
    response = client.get(path_of(confirm), follow=True)
    assert response.status_code == 200
    assert '<html lang="br"' in response.content.decode()
    volunteer.refresh_from_db()
    assert volunteer.is_confirmed
